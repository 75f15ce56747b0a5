/**
 * Sales history import: a CSV (or gzipped CSV) of daily totals or of order lines, into one
 * calendar-day series per sku.
 *
 * Two kinds of file, told apart by the header (`format` says which was read):
 * - **Daily totals** `date,sku,units[,price]`, one row per day and sku.
 * - **Order lines** (src/io/orderLines.ts): one row per order line with an order id, a date-time,
 *   sku, quantity and price — UCI Online Retail, a Shopify orders export or renamed columns.
 *
 * Common to both:
 * - Delimiter auto-detected (comma, semicolon, tab, pipe); with `;`/tab, decimal commas (`3,4`) are read.
 *   Numbers are decimal only: `0x10`, `0b11`, `0o7`, `Infinity` are not numbers. A quantity above
 *   10 million on one row (`1e9`, `1e308`) is a bad row, named by its line.
 * - Dates: ISO `2014-01-02` (a time of day is ignored), `20140102`, `02/01/2014` / `01/02/2014` — the
 *   day/month order is decided from every date in the file (a part above 12 settles it); when no
 *   part exceeds 12 the file is ambiguous and read month-first, with a warning.
 * - **Trading days**: a day on which any sku sold is a trading day, and a sku without a row on a
 *   trading day sold 0 that day. Other days (weekly closing days, holidays) are NaN in the series:
 *   the shop was closed, which is not zero demand. The fitter decides what to make of them
 *   (src/analysis/fitDemand.ts).
 * - Bad rows (empty or non-numeric units, unreadable dates, too few fields, a quote never closed)
 *   are skipped and listed with their 1-based file line.
 *
 * Daily files: negative units are bad rows; fractional units are kept and counted; repeated
 * (date, sku) rows are summed.
 *
 * Text is read as a stream of pieces (`HistoryReader`, fed by `readHistoryStream` from a byte
 * stream, gzip or not) in bounded memory; `parseHistory` reads a whole string at once.
 */
import { CsvRecordStream, type RecordSink } from "./csvStream.ts";
import { MAX_DAY, MAX_ROW_UNITS, MIN_DAY, detectDateFormat, isoDate, parseNumber, type DateFormat } from "./historyValues.ts";
import { OrderLineBuilder, matchOrderLineHeader, type OrderLineColumns, type OrderLinePart } from "./orderLines.ts";
import { grown } from "../engine/grow.ts";
import { SalesRows, dayNumbers, rowPrice, unreadableDate, type RowsPart } from "./rowKeys.ts";

export { dayNumber, detectDateFormat, isoDate, isoDay, parseDate, parseNumber, type DateFormat } from "./historyValues.ts";
export { detectDelimiter } from "./csvStream.ts";

export interface HistorySeries {
  /** ISO date of units[0]: the first day this sku appears in the file. */
  start: string;
  /**
   * Units sold per calendar day from `start` to the sku's last day (order lines: to the file's last
   * trading day); 0 on a trading day without a row, NaN on other days (closed or unknown).
   */
  units: Float64Array;
  /** Unit price per day (units-weighted when rows repeat); NaN where blank or absent. Only when the file has a price column. */
  price?: Float64Array;
  /** Order-line files: order lines per day, on the same days as `units` (NaN alike). */
  lines?: Float64Array;
  /** Order-line files: units per order line, as value → number of lines. */
  sizes?: { values: number[]; weights: number[] };
  /** Description from the file (order lines with one), the first one on a sale line. */
  name?: string;
  /** Order-line files: median price over the sku's lines. */
  medianPrice?: number;
}

/** Which kind of file was read: `name` says it in words (e.g. "order lines (UCI Online Retail export)"). */
export interface SalesFormat {
  kind: "daily" | "orderLines";
  name: string;
}

export interface OutlierLine {
  /** 1-based file line. */
  line: number;
  sku: string;
  date: string;
  quantity: number;
  /** The sku's median units per line. */
  medianLine: number;
}

/** Order lines that are not demand, kept apart and counted. */
export interface ExcludedLines {
  /**
   * Lines of cancelled orders (UCI: invoice number starting with C), and sale lines a later
   * cancellation line of the same customer, sku and quantity undid (`salesCancelled` of `lines`).
   */
  cancelled: { lines: number; units: number; salesCancelled: number };
  /** Negative quantities on orders that are not cancelled. */
  returns: { lines: number; units: number };
  /** Codes without a digit: postage, fees, manual adjustments. */
  nonProduct: { lines: number; units: number; codes: { code: string; lines: number }[] };
  /** Lines at least OUTLIER_FACTOR × the sku's median line: demand unless the user excludes them (`excluded`). */
  outliers: { lines: number; units: number; excluded: boolean; list: OutlierLine[] };
}

export interface BadRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  message: string;
}

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
  /** Kind of file read (null when not even the header could be read). */
  format: SalesFormat | null;
  /** Day numbers (days since 1970-01-01) on which any sku sold, ascending. */
  tradingDays: number[];
  /** Order-line files: lines that are not demand. Null for daily totals. */
  excluded: ExcludedLines | null;
  /** Currency stated in the file (a currency column), or null. */
  currency: string | null;
  /** Order-line files: product lines per order (value → number of orders). */
  baskets: { orders: number; productLinesPerOrder: { values: number[]; weights: number[] } } | null;
  /** Order-line files: the columns used. */
  orderColumns?: OrderLineColumns;
}

/** Column aliases, compared after lower-casing and dropping everything but letters and digits. */
const ALIASES = {
  date: { exact: ["date", "day", "ds", "datum", "fecha", "time", "timestamp", "period"], contains: ["date"] },
  price: { exact: ["price", "unitprice", "sellprice", "sellingprice", "avgprice", "pricepaid"], contains: ["price"] },
  sku: {
    exact: [
      "sku",
      "item",
      "itemid",
      "product",
      "productid",
      "stockcode",
      "id",
      "article",
      "code",
      "itemcode",
      "series",
      "uniqueid",
      "skuid",
      "productcode",
      "artikel",
      "producto",
      "articulo",
    ],
    contains: ["sku", "item", "product", "stockcode", "article"],
  },
  units: {
    exact: [
      "units",
      "unit",
      "qty",
      "quantity",
      "sales",
      "sold",
      "unitssold",
      "demand",
      "y",
      "volume",
      "count",
      "amount",
      "orders",
      "menge",
      "anzahl",
      "cantidad",
    ],
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
// The incremental reader: rows in, series out.

class HistoryBuilder extends SalesRows {
  private header: string[] | null = null;
  private columns: HistoryColumns | null = null;
  private headerSeen = false;
  private fractionalRows = 0;
  private decimalCommaRows = 0;
  private error: string | null = null;

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
    this.rDate = grown(this.rDate, this.cap);
    this.rSku = grown(this.rSku, this.cap);
    this.rUnits = grown(this.rUnits, this.cap);
    this.rPrice = grown(this.rPrice, this.cap);
    this.rLine = grown(this.rLine, this.cap);
  }

  constructor(
    readonly delimiter: string,
    private readonly decimalComma: boolean,
  ) {
    super();
  }

  /** A reader of a part of the file after its header: the header (or its absence) already read. */
  static continuing(delimiter: string, decimalComma: boolean, header: string[] | null, columns: HistoryColumns): HistoryBuilder {
    const b = new HistoryBuilder(delimiter, decimalComma);
    b.headerSeen = true;
    b.header = header;
    b.columns = columns;
    return b;
  }

  /** What a reader of the rest of the file needs, or null when nothing more can be read (no header, or the header is not one). */
  partSetup(): { kind: "daily"; header: string[] | null; columns: HistoryColumns; decimalComma: boolean } | null {
    if (this.error !== null || !this.headerSeen || !this.columns) return null;
    return { kind: "daily", header: this.header, columns: this.columns, decimalComma: this.decimalComma };
  }

  /** The rows read, for `absorb` in another reader. */
  part(): DailyPart {
    const n = this.nGood;
    return {
      kind: "daily",
      ...this.rowsPart(),
      fractionalRows: this.fractionalRows,
      decimalCommaRows: this.decimalCommaRows,
      n,
      rDate: this.rDate.slice(0, n),
      rSku: this.rSku.slice(0, n),
      rUnits: this.rUnits.slice(0, n),
      rPrice: this.rPrice.slice(0, n),
      rLine: this.rLine.slice(0, n),
    };
  }

  /** Takes in a part read on its own (`part`) that follows what was read here, its lines starting at file line `line`: as if its rows had been fed here. */
  absorb(p: DailyPart, line: number): void {
    const { dateIds, skuIds } = this.absorbRows(p, line);
    this.fractionalRows += p.fractionalRows;
    this.decimalCommaRows += p.decimalCommaRows;
    while (this.nGood + p.n > this.cap) this.grow();
    const at = this.nGood;
    for (let i = 0; i < p.n; i++) {
      this.rDate[at + i] = dateIds[p.rDate[i]];
      this.rSku[at + i] = skuIds[p.rSku[i]];
      this.rLine[at + i] = p.rLine[i] + line;
    }
    this.rUnits.set(p.rUnits, at);
    this.rPrice.set(p.rPrice, at);
    this.nGood += p.n;
  }

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
        this.columns =
          fields.length === 2 ? { date: 0, sku: null, units: 1, price: null } : { date: 0, sku: 1, units: 2, price: fields.length >= 4 ? 3 : null };
        this.warnings.push(
          `no header row: columns read by position as date, ${fields.length === 2 ? "units" : fields.length >= 4 ? "sku, units, price" : "sku, units"}`,
        );
      } else {
        this.error = `line ${line}: no date and units columns found in the header (${fields.map((f) => JSON.stringify(f)).join(", ")}); expected daily totals (date,sku,units[,price]) or order lines (order id, date, sku, quantity, price)`;
        return;
      }
    }
    const cols = this.columns!;
    this.counted(fields);
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
    if (units > MAX_ROW_UNITS) {
      this.badRows.push({ line, message: `units ${unitsRaw.trim()} is not plausible for one day of one sku (limit ${MAX_ROW_UNITS.toLocaleString("en")})` });
      return;
    }
    if (this.decimalComma && unitsRaw.includes(",")) this.decimalCommaRows++;
    if (!Number.isInteger(units)) this.fractionalRows++;
    const price = rowPrice(fields, cols.price, this.decimalComma, line, this.badPrices);
    const di = this.dates.id(dateStr);
    const si = this.skuIds.id(sku);
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
      ...this.rowsRead(),
      header: this.header,
      columns: this.columns,
      delimiter: this.delimiter,
      fractionalRows: this.fractionalRows,
    };
    const none = { tradingDays: [], excluded: null, currency: null, baskets: null, format: this.columns ? DAILY : null };
    if (this.error !== null || !this.headerSeen) {
      return { ...base, ...none, series: new Map(), dateFormat: null, duplicateRows: 0, error: this.error ?? "the file is empty" };
    }
    const { format, warning, dayOf } = dayNumbers(this.dates.values);
    if (warning) this.warnings.push(warning);
    // Span per sku over good rows with valid dates.
    const nSku = this.skuIds.values.length;
    const lo = new Float64Array(nSku).fill(Infinity);
    const hi = new Float64Array(nSku).fill(-Infinity);
    const n = this.nGood;
    const valid = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const d = dayOf[this.rDate[r]];
      if (Number.isNaN(d)) {
        this.badRows.push({ line: this.rLine[r], message: unreadableDate(this.dates.values[this.rDate[r]], format) });
        continue;
      }
      if (d < MIN_DAY || d > MAX_DAY) {
        // A mistyped year (2104 for 2014) would otherwise stretch the series over a century of NaN.
        this.badRows.push({ line: this.rLine[r], message: `date out of range 1900–2100: ${JSON.stringify(this.dates.values[this.rDate[r]])}` });
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
    // Trading days: any sku sold. A sku without a row on one sold 0 (transaction-style files list
    // only what sold); a day no sku sold on stays as the file has it.
    const trading = new Set<number>();
    for (let s = 0; s < nSku; s++) for (let i = 0; i < units[s].length; i++) if (units[s][i] > 0) trading.add(lo[s] + i);
    let filled = 0;
    for (let s = 0; s < nSku; s++) {
      const u = units[s];
      for (let i = 0; i < u.length; i++)
        if (Number.isNaN(u[i]) && trading.has(lo[s] + i)) {
          u[i] = 0;
          filled++;
        }
    }
    if (filled > 0) this.warnings.push(`${filled.toLocaleString("en")} sku-days without a row on a trading day (another sku sold that day) read as 0 sales`);
    const series = new Map<string, HistorySeries>();
    for (let s = 0; s < nSku; s++) {
      if (units[s].length === 0) continue;
      const entry: HistorySeries = { start: isoDate(lo[s]), units: units[s] };
      if (hasPrice) {
        const p = new Float64Array(units[s].length);
        for (let i = 0; i < p.length; i++) p[i] = priceWeight[s][i] > 0 ? priceSum[s][i] / priceWeight[s][i] : NaN;
        entry.price = p;
      }
      series.set(this.skuIds.values[s], entry);
    }
    for (const [sku, se] of series)
      if (se.units.length > 20 * 366) this.warnings.push(`sku ${JSON.stringify(sku)} spans ${se.units.length} days from ${se.start}: check for mistyped dates`);
    if (this.fractionalRows > 0)
      this.warnings.push(`${this.fractionalRows} of ${this.rows} rows have fractional units (e.g. package fractions); kept as they are`);
    if (this.decimalCommaRows > 0) this.warnings.push(`${this.decimalCommaRows} values with a decimal comma were read as decimals (3,4 = 3.4)`);
    if (duplicateRows > 0)
      this.warnings.push(`${duplicateRows} rows repeat a date and sku already seen (first on line ${firstDuplicateLine}); their units were added up`);
    if (this.badPrices.rows > 0)
      this.warnings.push(
        `${this.badPrices.rows} rows have a price that is not a number ≥ 0 (first on line ${this.badPrices.firstLine}); their price was ignored, their units kept`,
      );
    if (this.badRows.length > 0) this.warnings.push(`${this.badRows.length} of ${this.rows} rows were skipped (see bad rows)`);
    let error: string | null = null;
    if (series.size === 0) error = this.rows === 0 ? "the file has a header but no data rows" : `none of the ${this.rows} data rows could be read`;
    return { ...base, ...none, tradingDays: [...trading].sort((a, b) => a - b), series, dateFormat: format, duplicateRows, error };
  }
}

const DAILY: SalesFormat = { kind: "daily", name: "daily totals (date, sku, units)" };

/** The rows of a daily-totals part read on its own: its own date and sku numbering, lines from the part's start (0). */
export interface DailyPart extends RowsPart {
  kind: "daily";
  fractionalRows: number;
  decimalCommaRows: number;
  n: number;
  rDate: Int32Array;
  rSku: Int32Array;
  rUnits: Float64Array;
  rPrice: Float64Array;
  rLine: Int32Array;
}

/**
 * What reading a part of a file on its own needs (`readHistoryPart`): the kind of file and its
 * columns from the header, the delimiter and line break. The part must start on a record boundary.
 */
export type HistoryPartSetup = { delimiter: string; newline: "\r\n" | "\n"; decimalComma: boolean } & (
  { kind: "daily"; header: string[] | null; columns: HistoryColumns } | { kind: "orderLines"; header: string[]; columns: OrderLineColumns; format: SalesFormat }
);

/**
 * A part of a file read on its own: its rows, the lines it spans, and whether it is `irregular` —
 * it holds a record that is not a line of its own (a quoted field over line breaks, a quote not
 * closed, a line break inside a line of a CRLF file) or a row whose missing date may come from an
 * earlier part. An irregular part may read differently on its own than in the whole file.
 */
export type HistoryPart = (DailyPart | OrderLinePart) & { lines: number; irregular: boolean };

/** Reads `bytes` (UTF-8, whole lines of a file past its header) as a part of the file: see `HistoryReader.absorb`. */
export function readHistoryPart(bytes: Uint8Array, setup: HistoryPartSetup): HistoryPart {
  // A byte-order mark here is text of the file, not the start of a file.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  let irregular = false;
  if (setup.newline === "\r\n")
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1))
      if (text.charCodeAt(i - 1) !== 13) {
        irregular = true;
        break;
      }
  const builder =
    setup.kind === "daily"
      ? HistoryBuilder.continuing(setup.delimiter, setup.decimalComma, setup.header, setup.columns)
      : new OrderLineBuilder(setup.header, setup.columns, setup.format, setup.delimiter, setup.decimalComma);
  const csv = new CsvRecordStream(
    { record: (fields, line) => builder.add(fields, line), broken: (line, message) => builder.badRow(line, message) },
    { delimiter: setup.delimiter, newline: setup.newline, line: 0 },
  );
  csv.push(text);
  csv.end();
  const orphan = builder instanceof OrderLineBuilder && builder.orphanDate;
  return { ...builder.part(), lines: csv.nextLine, irregular: irregular || csv.irregular || orphan };
}

/**
 * The incremental reader: text pieces in, `ParsedHistory` out. The header decides the kind of file:
 * order lines when it names an order id, a date, a sku and a quantity; daily totals otherwise.
 */
export class HistoryReader implements RecordSink {
  private builder: HistoryBuilder | OrderLineBuilder | null = null;
  private readonly csv = new CsvRecordStream(this);
  private pendingBroken: BadRow[] = [];

  /** Characters read so far. */
  get chars(): number {
    return this.csv.chars;
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.builder?.rows ?? 0;
  }

  push(text: string): void {
    this.csv.push(text);
  }

  record(fields: string[], line: number): void {
    if (!this.builder) {
      if (fields.every((f) => f.trim() === "")) return;
      const delimiter = this.csv.delimiter;
      const ol = matchOrderLineHeader(fields);
      if (ol) {
        this.builder = new OrderLineBuilder(fields, ol.columns, ol.format, delimiter, delimiter !== ",");
        for (const b of this.pendingBroken) this.builder.badRow(b.line, b.message);
        return;
      }
      this.builder = new HistoryBuilder(delimiter, delimiter !== ",");
      for (const b of this.pendingBroken) this.builder.badRow(b.line, b.message);
    }
    this.builder.add(fields, line);
  }

  broken(line: number, message: string): void {
    if (this.builder) this.builder.badRow(line, message);
    else this.pendingBroken.push({ line, message });
  }

  /**
   * Splits every whole record taken in so far and says what reading the rest of the file in parts
   * (`readHistoryPart`) needs, the rest starting on file line `line`; null when it cannot be read
   * so: the header is not read yet or is not one, or the text so far ends inside a record.
   */
  partSetup(): (HistoryPartSetup & { line: number }) | null {
    this.csv.flushWhole();
    if (this.csv.held > 0 || !this.builder) return null;
    const b = this.builder.partSetup();
    return b && { ...b, delimiter: this.csv.delimiter, newline: this.csv.newline, line: this.csv.nextLine };
  }

  /**
   * Takes in a part of the file read on its own that follows everything read so far, starting on
   * file line `line`: the result is the same as if its text had been pushed here, unless the part
   * is irregular (see `HistoryPart`). Returns the line after it.
   */
  absorb(part: HistoryPart, line: number): number {
    const b = this.builder;
    if (part.kind === "daily" && b instanceof HistoryBuilder) b.absorb(part, line);
    else if (part.kind === "orderLines" && b instanceof OrderLineBuilder) b.absorb(part, line);
    else throw new Error("a part of another kind of file");
    return line + part.lines;
  }

  finish(): ParsedHistory {
    this.csv.end();
    if (!this.builder) {
      const b = new HistoryBuilder(this.csv.delimiter, false);
      for (const x of this.pendingBroken) b.badRow(x.line, x.message);
      return b.finish();
    }
    return this.builder.finish();
  }
}

/** Reads a whole sales-history CSV text at once (use in a worker or for small files). */
export function parseHistory(text: string): ParsedHistory {
  const r = new HistoryReader();
  r.push(text);
  return r.finish();
}

export interface ChunkedOptions {
  /** Characters per chunk (default 128 Ki: ~4,000 rows, a few ms of work each). */
  chunkChars?: number;
  signal?: AbortSignal;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

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
  const r = new HistoryReader();
  const size = Math.max(1024, opts.chunkChars ?? 128 * 1024);
  for (let at = 0; at < text.length; at += size) {
    opts.signal?.throwIfAborted();
    r.push(text.slice(at, at + size));
    onProgress?.(Math.min(1, (at + size) / text.length), r.rows);
    await tick();
  }
  opts.signal?.throwIfAborted();
  return r.finish();
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Called after each piece: share of the input bytes consumed (when `totalBytes` is known), rows read. */
  onProgress?: (fraction: number, rows: number) => void;
  /** Size of the input in bytes (as stored: compressed for .gz), for progress. */
  totalBytes?: number;
  /**
   * For gzip input, its decompressed size (the file's last four bytes: `gzipSizeOf`), for progress:
   * the decompressor takes in compressed bytes well ahead of the rows read, so their share runs ahead.
   */
  gunzippedBytes?: number;
  /** Decompresses gzip bytes (Node: zlib; default: the web `DecompressionStream`). */
  gunzip?: (bytes: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;
  /** Yield to the event loop between pieces (on a page's main thread). */
  yieldBetween?: boolean;
}

/** Gzip data starts with these two bytes. */
export const isGzip = (head: Uint8Array): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/**
 * The decompressed size a gzip file states in its last four bytes (ISIZE, RFC 1952: the size modulo
 * 2^32, of the last member); null when the blob is not gzip. A hint for progress, not a bound.
 */
export async function gzipSizeOf(blob: Blob): Promise<number | null> {
  if (blob.size < 18) return null;
  const [head, tail] = await Promise.all([blob.slice(0, 2).arrayBuffer(), blob.slice(blob.size - 4).arrayBuffer()]);
  if (!isGzip(new Uint8Array(head))) return null;
  return new DataView(tail).getUint32(0, true);
}

async function* webGunzip(bytes: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const ds = new DecompressionStream("gzip");
  const writer = ds.writable.getWriter();
  const pump = (async () => {
    try {
      for await (const b of bytes) await writer.write(b as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => {});
    }
  })();
  try {
    yield* readAll(ds.readable);
  } finally {
    await pump;
  }
}

/**
 * The first chunk of `bytes` (null when there is none or it is empty), to tell the kind of file
 * from, and `all`: every chunk again, the first included, to read it.
 */
export async function peekFirst(bytes: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array | null; all: AsyncIterable<Uint8Array> }> {
  const src = bytes[Symbol.asyncIterator]();
  const first = await src.next();
  const head = first.done || first.value.byteLength === 0 ? null : first.value;
  async function* all(): AsyncIterable<Uint8Array> {
    if (head) yield head;
    for (;;) {
      const n = await src.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return { head, all: all() };
}

/** A web stream's chunks as an async iterable (without relying on ReadableStream being iterable). */
export async function* readAll<T>(rs: ReadableStream<T>): AsyncIterable<T> {
  const reader = rs.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Reads a sales history from bytes as they come (a file's stream), gzip or plain, in bounded
 * memory: the compressed and decoded pieces are dropped once read. Gzip is recognised by its
 * first bytes, whatever the file is called. A damaged or truncated gzip gives `error` naming the
 * line the data was good up to.
 */
export async function readHistoryStream(bytes: AsyncIterable<Uint8Array>, opts: StreamOptions = {}): Promise<ParsedHistory> {
  const reader = new HistoryReader();
  const decoder = new TextDecoder("utf-8");
  let consumed = 0;
  // Count compressed bytes as they are taken in, for progress.
  async function* counted(): AsyncIterable<Uint8Array> {
    for await (const b of bytes) {
      consumed += b.byteLength;
      yield b;
    }
  }
  const { head, all } = await peekFirst(counted());
  if (!head) {
    const r = reader.finish();
    return { ...r, error: "the file is empty" };
  }
  const gz = isGzip(head);
  const input = gz ? (opts.gunzip ?? webGunzip)(all) : all;
  // Progress: for gzip, the share of the decompressed bytes read when the file states their number
  // (short of 1 until the end, in case the statement is off); else the share of the input taken in.
  const outTotal = gz && opts.gunzippedBytes && opts.gunzippedBytes > 0 ? opts.gunzippedBytes : 0;
  let out = 0;
  const fraction = () => (outTotal ? Math.min(0.99, out / outTotal) : opts.totalBytes ? Math.min(1, consumed / opts.totalBytes) : 0);
  let textChars = 0;
  try {
    for await (const chunk of input) {
      opts.signal?.throwIfAborted();
      out += chunk.byteLength;
      const t = decoder.decode(chunk, { stream: true });
      textChars += t.length;
      reader.push(t);
      opts.onProgress?.(fraction(), reader.rows);
      if (opts.yieldBetween) await tick();
    }
  } catch (e) {
    opts.signal?.throwIfAborted();
    if (!gz) throw e;
    const r = reader.finish();
    const msg = (e as Error)?.message ?? String(e);
    return {
      ...r,
      series: new Map(),
      error:
        textChars === 0
          ? `the file starts like gzip but cannot be decompressed (${msg})`
          : `the gzip data is damaged or cut short after ${r.rows.toLocaleString("en")} rows (about line ${(r.rows + 1).toLocaleString("en")}): ${msg}`,
    };
  }
  reader.push(decoder.decode());
  opts.signal?.throwIfAborted();
  if (outTotal) opts.onProgress?.(1, reader.rows);
  const r = reader.finish();
  if (gz && textChars === 0) return { ...r, error: "the gzip file holds no data: the file is empty" };
  return r;
}
