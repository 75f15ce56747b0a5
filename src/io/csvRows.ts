/**
 * A small CSV reader for table-shaped files (catalogues): delimiter detected as for histories,
 * first non-blank row is the header, every record keeps its 1-based file line (quoted line breaks
 * counted), blank lines are skipped. Numbers in `;`/tab files may use a decimal comma.
 */
import Papa from "papaparse";
import { detectDelimiter } from "./history.ts";

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvTable {
  delimiter: string;
  header: string[];
  /** Line of the header row. */
  headerLine: number;
  records: CsvRecord[];
}

export function readCsvTable(text: string): CsvTable | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const data = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false }).data;
  let line = 1;
  let header: string[] | null = null;
  let headerLine = 0;
  const records: CsvRecord[] = [];
  for (const fields of data) {
    const here = line;
    line++;
    for (const f of fields) if (f.includes("\n")) line += f.split("\n").length - 1;
    if (fields.every((f) => f.trim() === "")) continue;
    if (header === null) {
      header = fields.map((f) => f.trim());
      headerLine = here;
    } else records.push({ line: here, fields });
  }
  return header ? { delimiter, header, headerLine, records } : null;
}

const RE_DECIMAL_COMMA = /^-?\d+(?:\.\d{3})*,\d+$/;

/** A number cell: NaN when not a number; `undefined` when blank. */
export function csvNumber(raw: string | undefined, decimalComma: boolean): number | undefined {
  const s = (raw ?? "").trim();
  if (s === "") return undefined;
  if (decimalComma && RE_DECIMAL_COMMA.test(s)) return Number(s.replace(/\./g, "").replace(",", "."));
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}
