/**
 * A small CSV reader for table-shaped files (catalogues): delimiter detected as for histories,
 * first non-blank row is the header, every record keeps its 1-based file line (quoted line breaks
 * counted), blank lines are skipped. Numbers are decimal only (`0x10`, `1_000`, `Infinity` are not
 * numbers); in `;`/tab files they may use a decimal comma.
 *
 * A quote that is never closed would swallow the rest of the file (or everything up to the next
 * quote) into one cell. Instead its row is reported as bad, with its line, and reading resumes on
 * the line after the quote; after MAX_UNCLOSED such rows the rest of the file is reported unread,
 * which keeps the work linear.
 */
import Papa from "papaparse";
import { detectDelimiter } from "./history.ts";

export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A row that could not be read at all. */
export interface CsvBadRow {
  line: number;
  message: string;
}

export interface CsvTable {
  delimiter: string;
  header: string[];
  /** Line of the header row. */
  headerLine: number;
  records: CsvRecord[];
  /** Rows left out because they could not be split into cells (a quote never closed). */
  bad: CsvBadRow[];
}

export const MAX_UNCLOSED = 100;

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function countLines(text: string, from: number, to: number, nl: string): number {
  let n = 0;
  for (let at = text.indexOf(nl, from); at !== -1 && at < to; at = text.indexOf(nl, at + 1)) n++;
  return n;
}

export function readCsvTable(text: string): CsvTable | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  let line = 1;
  let header: string[] | null = null;
  let headerLine = 0;
  const records: CsvRecord[] = [];
  const bad: CsvBadRow[] = [];
  let offset = 0;
  let chunkLine = 1;
  let newline: "\r" | "\n" | "\r\n" | undefined;
  while (offset < body.length) {
    const chunk = offset === 0 ? body : body.slice(offset);
    // The line ending found in the whole file holds for the rest read after a bad row.
    const res = Papa.parse<string[]>(chunk, { delimiter, skipEmptyLines: false, newline });
    newline ??= res.meta.linebreak as "\r" | "\n" | "\r\n";
    // The first row whose quotes do not pair up: never closed, or text after the closing quote.
    let unclosed: Papa.ParseError | undefined;
    for (const e of res.errors)
      if ((e.code === "MissingQuotes" || e.code === "InvalidQuotes") && (unclosed === undefined || (e.row ?? 0) < (unclosed.row ?? 0))) unclosed = e;
    const upto = unclosed ? Math.min(unclosed.row ?? res.data.length, res.data.length) : res.data.length;
    for (let r = 0; r < upto; r++) {
      const fields = res.data[r];
      const here = line;
      line++;
      for (const f of fields) if (f.includes("\n")) line += f.split("\n").length - 1;
      if (fields.every((f) => f.trim() === "")) continue;
      if (header === null) {
        header = fields.map((f) => f.trim());
        headerLine = here;
      } else records.push({ line: here, fields });
    }
    if (!unclosed) break;
    // The bad row starts on `line`; Papa's index is just after the quote that never closes.
    const quoteAt = Math.max(0, Math.min((unclosed.index ?? 1) - 1, chunk.length));
    // Lines end as the file's do ("\r" alone in old Mac files; "\r\n" ends in "\n").
    const nl = newline === "\r" ? "\r" : "\n";
    const quoteLine = chunkLine + countLines(chunk, 0, quoteAt, nl);
    bad.push({
      line,
      message: `a quote (") ${quoteLine === line ? "" : `opened on line ${quoteLine} `}is not closed where its cell ends, so this row cannot be read; close the quote, double the quotes inside it ("") or remove it`,
    });
    // A header that cannot be read leaves nothing to read the rows by.
    if (header === null) break;
    const next = chunk.indexOf(nl, quoteAt);
    if (next === -1) break;
    if (bad.length >= MAX_UNCLOSED) {
      bad.push({ line: quoteLine + 1, message: `more than ${MAX_UNCLOSED} rows have quotes that are never closed; the file is not read from here on` });
      break;
    }
    offset += next + 1;
    chunkLine = quoteLine + 1;
    line = chunkLine;
  }
  if (header === null) return bad.length > 0 ? { delimiter, header: [], headerLine: bad[0].line, records, bad } : null;
  return { delimiter, header, headerLine, records, bad };
}

const RE_DECIMAL_COMMA = /^-?\d+(?:\.\d{3})*,\d+$/;

/**
 * A number cell: NaN when not a decimal number (hexadecimal, binary, octal, `Infinity`, digit
 * separators, a value too large for a double); `undefined` when blank.
 */
export function csvNumber(raw: string | undefined, decimalComma: boolean): number | undefined {
  const s = (raw ?? "").trim();
  if (s === "") return undefined;
  if (decimalComma && RE_DECIMAL_COMMA.test(s)) return Number(s.replace(/\./g, "").replace(",", "."));
  if (!DECIMAL.test(s)) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}
