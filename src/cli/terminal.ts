/**
 * Text for a terminal. Scenario names, product ids, field names and file contents are data: a
 * name holding an escape sequence must not retitle the window, clear the screen or hide the
 * lines before it. Everything the command line prints goes through `guardOutput` while a command
 * runs, which shows control characters as JSON-style escapes (`\u001b`, `\r`, `\u202e`); only
 * the progress bar's own redraw codes are written as they are (`writeStatus`). JSON output stays
 * the same JSON value: JSON.stringify already escapes C0 controls, and the others become `\u`
 * escapes, which JSON reads back as the same characters.
 *
 * Escaped: C0 controls (line breaks are kept in whole output, escaped in one-line cells), DEL, C1
 * controls, and the Unicode characters that reorder or hide text (bidirectional overrides and
 * isolates, line and paragraph separators).
 */

// Built from code points so this file holds no raw control characters.
const INVISIBLE = "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const ALL = new RegExp(`[${INVISIBLE}]`, "g");
const ALL_BUT_NEWLINE = new RegExp(`[${INVISIBLE.replace("\\u0000-\\u001f", "\\u0000-\\u0009\\u000b-\\u001f")}]`, "g");

const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? `\\u${code.toString(16).padStart(4, "0")}`;
}

/** One line of text (a table cell, a name in a message): every control character escaped. */
export function terminalCell(text: string): string {
  return text.replace(ALL, visible);
}

/** Whole output: control characters escaped, line breaks kept. */
export function terminalText(text: string): string {
  return text.replace(ALL_BUT_NEWLINE, visible);
}

type Write = typeof process.stdout.write;
let rawStderr: Write | null = null;

/**
 * Makes process.stdout and process.stderr escape control characters in what they are given (see
 * above) until the returned function is called.
 */
export function guardOutput(): () => void {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  streams.forEach((stream, i) => {
    const original = originals[i];
    stream.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      const safe = typeof chunk === "string" ? terminalText(chunk) : chunk;
      return (original as (...a: unknown[]) => boolean).call(stream, safe, ...rest);
    } as Write;
  });
  rawStderr = originals[1];
  return () => {
    streams.forEach((stream, i) => (stream.write = originals[i]));
    rawStderr = null;
  };
}

/** Progress-bar redraws on stderr (`\r`, erase line), written as they are; `text` must hold no data. */
export function writeStatus(text: string): void {
  (rawStderr ?? process.stderr.write).call(process.stderr, text);
}
