/** Several overrides typed on one line (`a=1; b={"x":1}`), as the command line and the app accept them. */

/** Splits `a=1;b={"x":1}` at semicolons outside brackets and quotes. */
export function splitOverrides(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") cur += c + (text[++i] ?? "");
      else {
        if (c === '"') quote = false;
        cur += c;
      }
      continue;
    }
    if (c === '"') quote = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    if (c === ";" && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
