/**
 * CSV text for people who open it in a spreadsheet: RFC 4180 quoting, CRLF line ends, an optional
 * UTF-8 byte-order mark (Excel needs it to read non-ASCII as UTF-8), and formula-injection guards.
 *
 * A text cell whose first non-blank character is `=`, `+`, `-`, `@` (or their full-width forms
 * `＝ ＋ － ＠`, which some spreadsheets fold to ASCII), a tab, a carriage return or a line break may be
 * run as a formula by Excel, LibreOffice or Google Sheets, which trim leading spaces and no-break
 * spaces first; such cells get a leading `'` (the OWASP recommendation), which spreadsheets show as
 * plain text. Numbers are never touched, and neither is text that is just a number (`-5`,
 * `+1.5e3`), so negative values stay numeric. Every CSV the app and the command line write goes
 * through csvCell.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Field separator (default ","). */
  delimiter?: string;
  /** Prefix a UTF-8 byte-order mark for Excel (default false). */
  bom?: boolean;
}

/** Blanks a spreadsheet may skip, then a character that starts a formula. */
const FORMULA_START = /^[ \u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r\n]/;
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** One cell as CSV text. Non-finite numbers become empty cells (a spreadsheet has no NaN). */
export function csvCell(value: CsvValue, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let s = value;
  if (startsFormula(s)) s = "'" + s;
  if (s.includes('"') || s.includes(delimiter) || s.includes("\n") || s.includes("\r") || /^\s|\s$/.test(s)) return '"' + s.replace(/"/g, '""') + '"';
  return s;
}

/** True when a spreadsheet might run `text` as a formula (and it is not just a number). */
export function startsFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** Rows to CSV text, CRLF after every row (RFC 4180). */
export function toCsv(rows: readonly (readonly CsvValue[])[], opts: CsvOptions = {}): string {
  const d = opts.delimiter ?? ",";
  const body = rows.map((r) => r.map((v) => csvCell(v, d)).join(d)).join("\r\n") + (rows.length > 0 ? "\r\n" : "");
  return opts.bom ? "\uFEFF" + body : body;
}
