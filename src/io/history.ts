/**
 * Daily sales history import: a CSV of `date,sku,units[,price]` (one row per day and sku) into one
 * calendar-day series per sku.
 *
 * - Delimiter auto-detected (comma, semicolon, tab, pipe); with `;`/tab, decimal commas (`3,4`) are read.
 * - Header names matched loosely (`Date/day/ds`, `sku/item/product/StockCode/id`,
 *   `units/qty/quantity/sales/sold/y`, `price/unit_price`); a file without header is read
 *   positionally (date, sku, units, price) with a warning.
 * - Dates: ISO `2014-01-02` (time suffix ignored), `20140102`, `02/01/2014` / `01/02/2014` — the
 *   day/month order is decided from every date in the file (a part above 12 settles it); when no
 *   part exceeds 12 the file is ambiguous and read month-first, with a warning.
 * - Units: negative, empty or non-numeric → bad row (listed with its 1-based file line); fractional
 *   units are kept and counted. Repeated (date, sku) rows are summed (transaction-level files work).
 * - Days missing from the file are NaN in the series: the shop was closed or the day is unknown.
 *   The fitter decides what to make of them (src/analysis/fitDemand.ts).
 *
 * Pure function of a string: runs in a worker as is; `parseHistoryChunked` yields to the event loop
 * between chunks for use on the main thread.
 */
import Papa from "papaparse";

export interface HistorySeries {
  /** ISO date of units[0]: the first day this sku appears in the file. */
  start: string;
  /** Units sold per calendar day from `start` to the sku's last day; NaN where the file has no row. */
  units: Float64Array;
  /** Unit price per day (units-weighted when rows repeat); NaN where blank or absent. Only when the file has a price column. */
  price?: Float64Array;
}

export interface BadRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  message: string;
}

export type DateFormat = "iso" | "compact" | "dmy" | "mdy";

export interface HistoryColumns {
  date: number;
  sku: number | null;
  units: number;
  price: number | null;
}

export interface ParsedHistory {
  series: Map<string, HistorySeries>;
  /** Data rows read (excluding header and blank lines), good or bad. */
  rows: number;
  badRows: BadRow[];
  warnings: string[];
  /** First 20 data rows, split into fields as read. */
  preview: string[][];
  /** Header row as in the file, or null for a headerless file. */
  header: string[] | null;
  /** Column indexes used (null sku: one series named "all"). */
  columns: HistoryColumns | null;
  delimiter: string;
  dateFormat: DateFormat | null;
  /** Good rows whose units are not whole numbers (package fractions, weights). */
  fractionalRows: number;
  /** Rows whose (date, sku) already appeared; their units were added. */
  duplicateRows: number;
  /** Set when the file cannot be read at all (empty, no date or units column); series is then empty. */
  error: string | null;
}

const PREVIEW_ROWS = 20;
const DELIMITERS = [",", ";", "\t", "|"];

/** Column aliases, compared after lower-casing and dropping everything but letters and digits. */
const ALIASES = {
  date: { exact: ["date", "day", "ds", "datum", "fecha", "time", "timestamp", "period"], contains: ["date"] },
  price: { exact: ["price", "unitprice", "sellprice", "sellingprice", "avgprice", "pricepaid"], contains: ["price"] },
  sku: {
    exact: ["sku", "item", "itemid", "product", "productid", "stockcode", "id", "article", "code", "itemcode", "series", "uniqueid", "skuid", "productcode", "artikel", "producto", "articulo"],
    contains: ["sku", "item", "product", "stockcode", "article"],
  },
  units: {
    exact: ["units", "unit", "qty", "quantity", "sales", "sold", "unitssold", "demand", "y", "volume", "count", "amount", "orders", "menge", "anzahl", "cantidad"],
    contains: ["units", "qty", "quantity", "sales", "sold", "demand"],
  },
} as const;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

function findColumn(header: string[], kind: keyof typeof ALIASES, taken: Set<number>): number | null {
  const names = header.map(norm);
  const { exact, contains } = ALIASES[kind];
  for (const alias of exact) {
    const i = names.findIndex((n, j) => !taken.has(j) && n === alias);
    if (i >= 0) return i;
  }
  for (const alias of contains) {
    const i = names.findIndex((n, j) => !taken.has(j) && n.includes(alias));
    if (i >= 0) return i;
  }
  return null;
}

/** Column mapping from a header row, or null when it has no date or no units column. */
export function matchHeader(header: string[]): HistoryColumns | null {
  const taken = new Set<number>();
  const take = (k: keyof typeof ALIASES) => {
    const i = findColumn(header, k, taken);
    if (i !== null) taken.add(i);
    return i;
  };
  // Price before units and sku so "unit_price" or "price_id" are not mistaken for them.
  const date = take("date");
  const price = take("price");
  const units = take("units");
  const sku = take("sku");
  if (date === null || units === null) return null;
  return { date, sku, units, price };
}

// ---------------------------------------------------------------------------------------------
// Dates

const RE_ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/;
const RE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const RE_AB = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T].*)?$/;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid calendar date, else null. */
export function dayNumber(y: number, m: number, d: number): number | null {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1 && y <= 9999)) return null;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== m - 1) return null;
  return Math.round(ms / MS_PER_DAY);
}

/** ISO `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of an ISO `YYYY-MM-DD` date (throws on anything else: for trusted, internal dates). */
export function isoDay(iso: string): number {
  const m = RE_ISO.exec(iso);
  const n = m ? dayNumber(+m[1], +m[2], +m[3]) : null;
  if (n === null) throw new Error(`not an ISO date: ${iso}`);
  return n;
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/**
 * Picks the date format of a file from all its distinct date strings. The family with most values
 * wins; for a/b/yyyy dates a first part above 12 means day-first and a second part above 12
 * month-first.
 */
export function detectDateFormat(dates: Iterable<string>): { format: DateFormat | null; warning: string | null } {
  let iso = 0;
  let compact = 0;
  let ab = 0;
  let firstOver12 = 0;
  let secondOver12 = 0;
  for (const raw of dates) {
    const s = raw.trim();
    if (RE_ISO.test(s)) iso++;
    else if (RE_COMPACT.test(s)) compact++;
    else {
      const m = RE_AB.exec(s);
      if (m) {
        ab++;
        if (+m[1] > 12) firstOver12++;
        if (+m[2] > 12) secondOver12++;
      }
    }
  }
  const best = Math.max(iso, compact, ab);
  if (best === 0) return { format: null, warning: null };
  if (best === iso) return { format: "iso", warning: null };
  if (best === compact) return { format: "compact", warning: null };
  if (firstOver12 > 0 && secondOver12 === 0) return { format: "dmy", warning: null };
  if (secondOver12 > 0 && firstOver12 === 0) return { format: "mdy", warning: null };
  if (firstOver12 > 0 && secondOver12 > 0)
    return {
      format: firstOver12 >= secondOver12 ? "dmy" : "mdy",
      warning: `dates mix day-first and month-first (${firstOver12} with a first part above 12, ${secondOver12} with a second part above 12); read as ${firstOver12 >= secondOver12 ? "day/month/year" : "month/day/year"}, the others are bad rows`,
    };
  return {
    format: "mdy",
    warning: "dates like 01/02/2014 are ambiguous (no day above 12 anywhere in the file); read as month/day/year — check the first dates in the preview",
  };
}

/** Day number of `s` in format `f`, or null. */
export function parseDate(s: string, f: DateFormat): number | null {
  const t = s.trim();
  switch (f) {
    case "iso": {
      const m = RE_ISO.exec(t);
      return m ? dayNumber(+m[1], +m[2], +m[3]) : null;
    }
    case "compact": {
      const m = RE_COMPACT.exec(t);
      return m ? dayNumber(+m[1], +m[2], +m[3]) : null;
    }
    case "dmy":
    case "mdy": {
      const m = RE_AB.exec(t);
      if (!m) {
        // A file of d/m/y dates may still hold a few ISO ones; take them.
        const iso = RE_ISO.exec(t);
        return iso ? dayNumber(+iso[1], +iso[2], +iso[3]) : null;
      }
      return f === "dmy" ? dayNumber(fullYear(m[3]), +m[2], +m[1]) : dayNumber(fullYear(m[3]), +m[1], +m[2]);
    }
    default: {
      const _: never = f;
      return _;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers

const RE_DECIMAL_COMMA = /^-?\d+(?:\.\d{3})*,\d+$/;

function parseNumber(raw: string, decimalComma: boolean): number {
  const s = raw.trim();
  if (s === "") return NaN;
  if (decimalComma && RE_DECIMAL_COMMA.test(s)) return Number(s.replace(/\./g, "").replace(",", "."));
  return Number(s);
}

// ---------------------------------------------------------------------------------------------
// The incremental reader: rows in, series out.

class HistoryBuilder {
  private header: string[] | null = null;
  private columns: HistoryColumns | null = null;
  private headerSeen = false;
  readonly warnings: string[] = [];
  readonly badRows: BadRow[] = [];
  readonly preview: string[][] = [];
  rows = 0;
  private fractionalRows = 0;
  private decimalCommaRows = 0;
  private badPriceRows = 0;
  private firstBadPriceLine = 0;
  private error: string | null = null;

  private dateIndex = new Map<string, number>();
  private dateStrings: string[] = [];
  private skuIndex = new Map<string, number>();
  private skus: string[] = [];
  // Good rows, column-wise.
  // Typed columns grown by doubling: a few MB of rows without an object or boxed number per row.
  private cap = 1024;
  private nGood = 0;
  private rDate = new Int32Array(this.cap);
  private rSku = new Int32Array(this.cap);
  private rUnits = new Float64Array(this.cap);
  private rPrice = new Float64Array(this.cap);
  private rLine = new Int32Array(this.cap);

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(this.cap);
      b.set(a);
      return b;
    };
    this.rDate = g(this.rDate);
    this.rSku = g(this.rSku);
    this.rUnits = g(this.rUnits);
    this.rPrice = g(this.rPrice);
    this.rLine = g(this.rLine);
  }

  constructor(
    readonly delimiter: string,
    private readonly decimalComma: boolean,
  ) {}

  /** Feeds one record read from file line `line`. */
  add(fields: string[], line: number): void {
    if (this.error) return;
    if (fields.length <= 1 ? (fields[0] ?? "").trim() === "" : fields[0].trim() === "" && fields.every((f) => f.trim() === "")) return;
    if (!this.headerSeen) {
      this.headerSeen = true;
      const cols = matchHeader(fields);
      if (cols) {
        this.header = fields;
        this.columns = cols;
        return;
      }
      // No recognisable header: a first field that looks like a date means a headerless file.
      if (detectDateFormat([fields[0]]).format !== null && fields.length >= 2) {
        this.columns = fields.length === 2 ? { date: 0, sku: null, units: 1, price: null } : { date: 0, sku: 1, units: 2, price: fields.length >= 4 ? 3 : null };
        this.warnings.push(
          `no header row: columns read by position as date, ${fields.length === 2 ? "units" : fields.length >= 4 ? "sku, units, price" : "sku, units"}`,
        );
      } else {
        this.error = `line ${line}: no date and units columns found in the header (${fields.map((f) => JSON.stringify(f)).join(", ")}); expected e.g. date,sku,units[,price]`;
        return;
      }
    }
    const cols = this.columns!;
    this.rows++;
    if (this.preview.length < PREVIEW_ROWS) this.preview.push(fields);
    const need = Math.max(cols.date, cols.units, cols.sku ?? 0);
    if (fields.length <= need) {
      this.badRows.push({ line, message: `expected at least ${need + 1} fields, got ${fields.length}` });
      return;
    }
    const dateStr = fields[cols.date].trim();
    if (dateStr === "") {
      this.badRows.push({ line, message: "date is empty" });
      return;
    }
    const sku = cols.sku === null ? "all" : fields[cols.sku].trim();
    if (sku === "") {
      this.badRows.push({ line, message: "sku is empty" });
      return;
    }
    const unitsRaw = fields[cols.units];
    const units = parseNumber(unitsRaw, this.decimalComma);
    if (!Number.isFinite(units)) {
      this.badRows.push({ line, message: unitsRaw.trim() === "" ? "units is empty" : `units is not a number: ${JSON.stringify(unitsRaw.trim())}` });
      return;
    }
    if (units < 0) {
      this.badRows.push({ line, message: `units is negative: ${unitsRaw.trim()} (returns are not demand)` });
      return;
    }
    if (this.decimalComma && unitsRaw.includes(",")) this.decimalCommaRows++;
    if (!Number.isInteger(units)) this.fractionalRows++;
    let price = NaN;
    if (cols.price !== null && cols.price < fields.length) {
      const p = parseNumber(fields[cols.price], this.decimalComma);
      if (fields[cols.price].trim() !== "" && !(p >= 0)) {
        if (this.badPriceRows++ === 0) this.firstBadPriceLine = line;
      } else price = p;
    }
    let di = this.dateIndex.get(dateStr);
    if (di === undefined) {
      di = this.dateStrings.length;
      this.dateIndex.set(dateStr, di);
      this.dateStrings.push(dateStr);
    }
    let si = this.skuIndex.get(sku);
    if (si === undefined) {
      si = this.skus.length;
      this.skuIndex.set(sku, si);
      this.skus.push(sku);
    }
    if (this.nGood === this.cap) this.grow();
    const k = this.nGood++;
    this.rDate[k] = di;
    this.rSku[k] = si;
    this.rUnits[k] = units;
    this.rPrice[k] = price;
    this.rLine[k] = line;
  }

  finish(): ParsedHistory {
    const base = {
      rows: this.rows,
      badRows: this.badRows,
      warnings: this.warnings,
      preview: this.preview,
      header: this.header,
      columns: this.columns,
      delimiter: this.delimiter,
      fractionalRows: this.fractionalRows,
    };
    if (this.error !== null || !this.headerSeen) {
      return { ...base, series: new Map(), dateFormat: null, duplicateRows: 0, error: this.error ?? "the file is empty" };
    }
    const { format, warning } = detectDateFormat(this.dateStrings);
    if (warning) this.warnings.push(warning);
    const dayOf = new Float64Array(this.dateStrings.length);
    for (let i = 0; i < this.dateStrings.length; i++) {
      const d = format === null ? null : parseDate(this.dateStrings[i], format);
      dayOf[i] = d === null ? NaN : d;
    }
    // Span per sku over good rows with valid dates.
    const nSku = this.skus.length;
    const lo = new Float64Array(nSku).fill(Infinity);
    const hi = new Float64Array(nSku).fill(-Infinity);
    const n = this.nGood;
    const valid = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const d = dayOf[this.rDate[r]];
      if (Number.isNaN(d)) {
        this.badRows.push({
          line: this.rLine[r],
          message: `date not recognised: ${JSON.stringify(this.dateStrings[this.rDate[r]])}${format ? ` (file reads as ${FORMAT_LABEL[format]})` : ""}`,
        });
        continue;
      }
      if (d < MIN_DAY || d > MAX_DAY) {
        // A mistyped year (2104 for 2014) would otherwise stretch the series over a century of NaN.
        this.badRows.push({ line: this.rLine[r], message: `date out of range 1900–2100: ${JSON.stringify(this.dateStrings[this.rDate[r]])}` });
        continue;
      }
      valid[r] = 1;
      const s = this.rSku[r];
      if (d < lo[s]) lo[s] = d;
      if (d > hi[s]) hi[s] = d;
    }
    this.badRows.sort((a, b) => a.line - b.line);
    const hasPrice = this.columns?.price != null;
    const units: Float64Array[] = [];
    const priceSum: Float64Array[] = [];
    const priceWeight: Float64Array[] = [];
    for (let s = 0; s < nSku; s++) {
      const len = hi[s] >= lo[s] ? hi[s] - lo[s] + 1 : 0;
      units.push(new Float64Array(len).fill(NaN));
      if (hasPrice) {
        priceSum.push(new Float64Array(len));
        priceWeight.push(new Float64Array(len));
      }
    }
    let duplicateRows = 0;
    let firstDuplicateLine = 0;
    for (let r = 0; r < n; r++) {
      if (!valid[r]) continue;
      const s = this.rSku[r];
      const i = dayOf[this.rDate[r]] - lo[s];
      const u = this.rUnits[r];
      if (Number.isNaN(units[s][i])) units[s][i] = u;
      else {
        if (duplicateRows++ === 0) firstDuplicateLine = this.rLine[r];
        units[s][i] += u;
      }
      const p = this.rPrice[r];
      if (hasPrice && !Number.isNaN(p)) {
        // Weight by units so summed transaction rows give the volume-weighted price; a zero-unit
        // row still carries its list price with a small weight.
        const w = u > 0 ? u : 1e-9;
        priceSum[s][i] += p * w;
        priceWeight[s][i] += w;
      }
    }
    const series = new Map<string, HistorySeries>();
    for (let s = 0; s < nSku; s++) {
      if (units[s].length === 0) continue;
      const entry: HistorySeries = { start: isoDate(lo[s]), units: units[s] };
      if (hasPrice) {
        const p = new Float64Array(units[s].length);
        for (let i = 0; i < p.length; i++) p[i] = priceWeight[s][i] > 0 ? priceSum[s][i] / priceWeight[s][i] : NaN;
        entry.price = p;
      }
      series.set(this.skus[s], entry);
    }
    for (const [sku, se] of series)
      if (se.units.length > 20 * 366)
        this.warnings.push(`sku ${JSON.stringify(sku)} spans ${se.units.length} days from ${se.start}: check for mistyped dates`);
    if (this.fractionalRows > 0)
      this.warnings.push(
        `${this.fractionalRows} of ${this.rows} rows have fractional units (e.g. package fractions); kept as they are`,
      );
    if (this.decimalCommaRows > 0) this.warnings.push(`${this.decimalCommaRows} values with a decimal comma were read as decimals (3,4 = 3.4)`);
    if (duplicateRows > 0)
      this.warnings.push(`${duplicateRows} rows repeat a date and sku already seen (first on line ${firstDuplicateLine}); their units were added up`);
    if (this.badPriceRows > 0)
      this.warnings.push(`${this.badPriceRows} rows have a price that is not a number ≥ 0 (first on line ${this.firstBadPriceLine}); their price was ignored, their units kept`);
    if (this.badRows.length > 0) this.warnings.push(`${this.badRows.length} of ${this.rows} rows were skipped (see bad rows)`);
    let error: string | null = null;
    if (series.size === 0) error = this.rows === 0 ? "the file has a header but no data rows" : `none of the ${this.rows} data rows could be read`;
    return { ...base, series, dateFormat: format, duplicateRows, error };
  }
}

const MIN_DAY = Math.round(Date.UTC(1900, 0, 1) / MS_PER_DAY);
const MAX_DAY = Math.round(Date.UTC(2100, 11, 31) / MS_PER_DAY);

const FORMAT_LABEL: Record<DateFormat, string> = {
  iso: "year-month-day",
  compact: "yyyymmdd",
  dmy: "day/month/year",
  mdy: "month/day/year",
};

/** The delimiter of a CSV text, guessed from its first lines. */
export function detectDelimiter(text: string): string {
  const head = text.slice(0, 64 * 1024);
  const cut = head.length < text.length ? head.slice(0, Math.max(head.lastIndexOf("\n"), 1)) : head;
  const guess = Papa.parse<string[]>(cut, { delimitersToGuess: DELIMITERS, preview: 50 });
  const d = guess.meta.delimiter;
  return DELIMITERS.includes(d) ? d : ",";
}

/** Splits `text` into chunks of about `bytes` characters that end at a record boundary (outside quotes). */
function* chunks(text: string, bytes: number): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + bytes, text.length);
    if (end < text.length) {
      let nl = text.indexOf("\n", end);
      // A newline inside a quoted field is not a record boundary: move on until the quotes balance.
      while (nl >= 0 && countQuotes(text, start, nl) % 2 === 1) nl = text.indexOf("\n", nl + 1);
      end = nl < 0 ? text.length : nl + 1;
    }
    yield text.slice(start, end);
    start = end;
  }
}

function countQuotes(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('"', from); i >= 0 && i < to; i = text.indexOf('"', i + 1)) n++;
  return n;
}

function feedChunk(b: HistoryBuilder, chunk: string, firstLine: number): number {
  const res = Papa.parse<string[]>(chunk, { delimiter: b.delimiter, skipEmptyLines: false });
  let line = firstLine;
  for (const fields of res.data) {
    b.add(fields, line);
    line++;
    // Quoted fields with line breaks span several file lines.
    for (const f of fields) if (f.includes("\n")) line += f.split("\n").length - 1;
  }
  // Papa drops the empty record after a final newline; count lines from the text instead.
  let nl = 0;
  for (let i = chunk.indexOf("\n"); i >= 0; i = chunk.indexOf("\n", i + 1)) nl++;
  return firstLine + nl;
}

function startBuilder(text: string): { b: HistoryBuilder; body: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  return { b: new HistoryBuilder(delimiter, delimiter !== ","), body };
}

/** Reads a whole sales-history CSV text at once (fast: ~100 ms for a few MB; use in a worker or for small files). */
export function parseHistory(text: string): ParsedHistory {
  const { b, body } = startBuilder(text);
  feedChunk(b, body, 1);
  return b.finish();
}

export interface ChunkedOptions {
  /** Characters per chunk (default 128 Ki: ~4,000 rows, a few ms of work each). */
  chunkChars?: number;
  signal?: AbortSignal;
}

/**
 * Same result as `parseHistory`, read in chunks with a macrotask yield between them so a page stays
 * responsive; `onProgress(fraction, rowsSoFar)` is called after each chunk. Rejects with the
 * signal's reason when aborted.
 */
export async function parseHistoryChunked(
  text: string,
  onProgress?: (fraction: number, rows: number) => void,
  opts: ChunkedOptions = {},
): Promise<ParsedHistory> {
  const { b, body } = startBuilder(text);
  const size = Math.max(1024, opts.chunkChars ?? 128 * 1024);
  let line = 1;
  let done = 0;
  for (const chunk of chunks(body, size)) {
    opts.signal?.throwIfAborted();
    line = feedChunk(b, chunk, line);
    done += chunk.length;
    onProgress?.(body.length > 0 ? done / body.length : 1, b.rows);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  opts.signal?.throwIfAborted();
  return b.finish();
}
