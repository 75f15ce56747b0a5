/**
 * What the two sales readers (daily totals in history.ts, order lines in orderLines.ts) keep of
 * their rows, written once: the bad rows, preview and count, distinct dates and skus numbered as
 * they first appear, a row's price, and the day of each distinct date string. (Typed columns grow
 * by engine/grow.ts.)
 */
import type { BadRow } from "./history.ts";
import { FORMAT_LABEL, MAX_PRICE, detectDateFormat, parseDate, parseNumber, type DateFormat } from "./historyValues.ts";

/** Data rows kept for the preview. */
export const PREVIEW_ROWS = 20;

/**
 * What a reader kept of a part of a file read on its own (`SalesRows.rowsPart`): its own numbering
 * of dates and skus (in order of first appearance in the part), lines counted from the part's start.
 */
export interface RowsPart {
  rows: number;
  badRows: BadRow[];
  preview: string[][];
  dates: string[];
  skus: string[];
  badPrices: BadPrices;
}

/** What both readers count and keep of the rows they are fed. */
export abstract class SalesRows {
  readonly badRows: BadRow[] = [];
  readonly warnings: string[] = [];
  readonly preview: string[][] = [];
  /** Data rows read, good or bad. */
  rows = 0;
  protected readonly dates = new Interned();
  protected readonly skuIds = new Interned();
  protected readonly badPrices: BadPrices = { rows: 0, firstLine: 0 };

  /** A record that could not be split into fields. */
  badRow(line: number, message: string): void {
    this.rows++;
    this.badRows.push({ line, message });
  }

  /** Counts a data row, keeping the first PREVIEW_ROWS for the preview. */
  protected counted(fields: string[]): void {
    this.rows++;
    if (this.preview.length < PREVIEW_ROWS) this.preview.push(fields);
  }

  /** What `absorbRows` of another reader takes in. */
  protected rowsPart(): RowsPart {
    return { rows: this.rows, badRows: this.badRows, preview: this.preview, dates: this.dates.values, skus: this.skuIds.values, badPrices: this.badPrices };
  }

  /**
   * Takes in the rows of a part read on its own that follows everything read so far, its lines
   * starting at file line `line`; returns the part's dates and skus in this reader's numbering.
   */
  protected absorbRows(p: RowsPart, line: number): { dateIds: Int32Array; skuIds: Int32Array } {
    this.rows += p.rows;
    for (const b of p.badRows) this.badRows.push({ line: b.line + line, message: b.message });
    for (let i = 0; i < p.preview.length && this.preview.length < PREVIEW_ROWS; i++) this.preview.push(p.preview[i]);
    if (p.badPrices.rows > 0) {
      if (this.badPrices.rows === 0) this.badPrices.firstLine = p.badPrices.firstLine + line;
      this.badPrices.rows += p.badPrices.rows;
    }
    const dateIds = new Int32Array(p.dates.length);
    for (let i = 0; i < p.dates.length; i++) dateIds[i] = this.dates.id(p.dates[i]);
    const skuIds = new Int32Array(p.skus.length);
    for (let i = 0; i < p.skus.length; i++) skuIds[i] = this.skuIds.id(p.skus[i]);
    return { dateIds, skuIds };
  }

  /** The rows part of a ParsedHistory. */
  protected rowsRead(): { rows: number; badRows: BadRow[]; warnings: string[]; preview: string[][] } {
    return { rows: this.rows, badRows: this.badRows, warnings: this.warnings, preview: this.preview };
  }
}

/**
 * Distinct strings of a column (dates, skus) numbered in order of first appearance. Rows of one
 * order or one day come together, so a repeat of the last string is answered without a lookup.
 */
export class Interned {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private last: string | null = null;
  private lastId = 0;

  id(s: string): number {
    if (s === this.last) return this.lastId;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(s, i);
      this.values.push(s);
    }
    this.last = s;
    this.lastId = i;
    return i;
  }
}

/** Rows whose price was not a number in [0, MAX_PRICE], and the first of them. */
export interface BadPrices {
  rows: number;
  firstLine: number;
}

/** A row's price from field `col`: NaN when blank or absent; a value that is not a number in [0, MAX_PRICE] is counted in `bad` and ignored. */
export function rowPrice(fields: string[], col: number | null, decimalComma: boolean, line: number, bad: BadPrices): number {
  if (col === null || col >= fields.length) return NaN;
  const raw = fields[col];
  const p = parseNumber(raw, decimalComma);
  if (raw.trim() !== "" && !(p >= 0 && p <= MAX_PRICE)) {
    if (bad.rows++ === 0) bad.firstLine = line;
    return NaN;
  }
  return p;
}

/**
 * The day number of each distinct date string (NaN where it cannot be read), in the format the
 * strings settle (decided from an even sample of `limit` of them when there are more).
 */
export function dayNumbers(dates: string[], limit = Infinity): { format: DateFormat | null; warning: string | null; dayOf: Float64Array } {
  const { format, warning } = detectDateFormat(dates.length > limit ? evenSample(dates, limit) : dates);
  const dayOf = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const d = format === null ? null : parseDate(dates[i], format);
    dayOf[i] = d === null ? NaN : d;
  }
  return { format, warning, dayOf };
}

/** The bad-row message of a date string that could not be read. */
export const unreadableDate = (s: string, format: DateFormat | null): string =>
  `date not recognised: ${JSON.stringify(s)}${format ? ` (file reads as ${FORMAT_LABEL[format]})` : ""}`;

function evenSample(xs: string[], k: number): string[] {
  const out: string[] = [];
  const step = xs.length / k;
  for (let i = 0; i < k; i++) out.push(xs[Math.floor(i * step)]);
  return out;
}
