import { textBlob } from "./textSlices.ts";

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

/** Downloads the text `parts` make one after the other, made into bytes a slice per task (textBlob). */
export async function downloadTextParts(name: string, parts: readonly string[], type = "text/plain"): Promise<void> {
  downloadBlob(name, await textBlob(parts, type));
}
