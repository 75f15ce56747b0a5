/**
 * CSV text for people who open it in a spreadsheet: RFC 4180 quoting, CRLF line ends, an optional
 * UTF-8 byte-order mark (Excel needs it to read non-ASCII as UTF-8), and formula-injection guards.
 *
 * A text cell starting with `=`, `+`, `-`, `@`, tab or carriage return is run as a formula by
 * Excel, LibreOffice and Google Sheets; such cells get a leading `'` (the OWASP recommendation),
 * which spreadsheets show as plain text. Numbers are never touched, and neither is text that is
 * just a number (`-5`, `+1.5e3`), so negative values stay numeric.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Field separator (default ","). */
  delimiter?: string;
  /** Prefix a UTF-8 byte-order mark for Excel (default false). */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** One cell as CSV text. Non-finite numbers become empty cells (a spreadsheet has no NaN). */
export function csvCell(value: CsvValue, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let s = value;
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = "'" + s;
  if (s.includes('"') || s.includes(delimiter) || s.includes("\n") || s.includes("\r") || /^\s|\s$/.test(s)) return '"' + s.replace(/"/g, '""') + '"';
  return s;
}

/** Rows to CSV text, CRLF after every row (RFC 4180). */
export function toCsv(rows: readonly (readonly CsvValue[])[], opts: CsvOptions = {}): string {
  const d = opts.delimiter ?? ",";
  const body = rows.map((r) => r.map((v) => csvCell(v, d)).join(d)).join("\r\n") + (rows.length > 0 ? "\r\n" : "");
  return opts.bom ? "\uFEFF" + body : body;
}
