/** Saves a file the browser way: an object URL on a temporary link with a `download` name. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadText(name: string, text: string, type = "text/plain"): void {
  downloadBlob(name, new Blob([text], { type: `${type};charset=utf-8` }));
}

/** Reads a user-chosen file as text (UTF-8, byte-order mark kept for the parser to drop). */
export function readFileText(file: Blob): Promise<string> {
  return file.text();
}
