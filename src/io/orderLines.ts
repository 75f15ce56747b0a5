/**
 * Order-line exports: one row per order line (order or invoice id, date and time, sku, quantity,
 * price; optionally description, customer, country, currency), as shop systems and ERPs write them —
 * UCI Online Retail (`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`),
 * a Shopify orders export (`Name, Created at, Lineitem quantity, Lineitem name, Lineitem price,
 * Lineitem sku, Currency, Cancelled at …`) or the same columns under other names.
 *
 * Read into the same `ParsedHistory` as a daily-total file, plus what only order lines tell:
 *
 * - **Trading days**: a day on which any product sold is a trading day; a sku with no line on a
 *   trading day sold 0 that day; any other day (weekly closing day, holiday closure) is NaN in the
 *   series — not known, not zero.
 * - **Not demand, kept apart and counted** (`excluded`): cancelled orders (an id starting with `C`
 *   followed by a digit, as UCI writes them, or a non-blank `Cancelled at`), returns (negative
 *   quantity on an order not cancelled), non-product lines (codes without a digit: `POST`, `M`,
 *   `DOT`, `BANK CHARGES`, `AMAZONFEE`…). Outliers — a line at least 100 times the sku's median
 *   line — are kept as demand but listed with their file line, for the user to confirm or exclude.
 * - **Order structure** per sku: order lines per day (`lines`), the empirical distribution of units
 *   per line (`sizes`), the median line price and the most used description; shop-wide, the
 *   distribution of product lines per order (`baskets`).
 */
import type { ExcludedLines, HistorySeries, OutlierLine, ParsedHistory, SalesFormat } from "./history.ts";
import { MAX_DAY, MAX_PRICE, MAX_ROW_UNITS, MIN_DAY, isoDate, parseNumber } from "./historyValues.ts";
import { grown } from "../engine/grow.ts";
import { SalesRows, dayNumbers, rowPrice, unreadableDate, type RowsPart } from "./rowKeys.ts";

export interface OrderLineColumns {
  order: number;
  date: number;
  sku: number;
  quantity: number;
  price: number | null;
  description: number | null;
  customer: number | null;
  country: number | null;
  currency: number | null;
  cancelledAt: number | null;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

type Kind = Exclude<keyof OrderLineColumns, never>;
const ALIASES: Record<Kind, { exact: string[]; contains: string[] }> = {
  order: {
    exact: [
      "invoiceno",
      "invoice",
      "invoiceid",
      "invoicenumber",
      "orderid",
      "order",
      "ordernumber",
      "orderno",
      "orderref",
      "transactionid",
      "receipt",
      "receiptno",
      "name",
    ],
    contains: ["invoice", "orderid", "ordernumber", "orderno"],
  },
  date: {
    exact: ["invoicedate", "createdat", "orderdate", "date", "datetime", "timestamp", "orderedat", "paidat", "time", "day"],
    contains: ["date", "created"],
  },
  sku: {
    exact: ["stockcode", "lineitemsku", "sku", "itemsku", "productsku", "productid", "itemid", "itemcode", "productcode", "item", "product", "article"],
    contains: ["sku", "stockcode", "itemcode", "productcode"],
  },
  quantity: { exact: ["quantity", "lineitemquantity", "qty", "units", "itemquantity"], contains: ["quantity", "qty"] },
  price: { exact: ["unitprice", "lineitemprice", "price", "itemprice", "priceeach", "sellingprice"], contains: ["unitprice", "price"] },
  description: { exact: ["description", "lineitemname", "productname", "itemname", "title", "productdescription"], contains: ["description"] },
  customer: { exact: ["customerid", "customer", "email", "customeremail", "clientid"], contains: ["customer"] },
  country: { exact: ["country", "shippingcountry", "billingcountry"], contains: ["country"] },
  currency: { exact: ["currency", "currencycode"], contains: ["currency"] },
  cancelledAt: { exact: ["cancelledat", "canceledat", "cancelled", "canceled", "cancellationdate"], contains: ["cancelled", "canceled"] },
};

/**
 * Column mapping of an order-line header and the export it looks like, or null when the header
 * has no order id, date, sku and quantity columns (then it is read as daily totals, if it can be).
 */
export function matchOrderLineHeader(header: string[]): { columns: OrderLineColumns; format: SalesFormat } | null {
  const names = header.map(norm);
  const taken = new Set<number>();
  const isShopify = names.some((n) => n.startsWith("lineitem"));
  const find = (kind: Kind): number | null => {
    const { exact, contains } = ALIASES[kind];
    for (const a of exact) {
      // "Name" is an order id only in a Shopify export (elsewhere it is a product name).
      if (a === "name" && !isShopify) continue;
      const i = names.findIndex((n, j) => !taken.has(j) && n === a);
      if (i >= 0) return (taken.add(i), i);
    }
    for (const a of contains) {
      const i = names.findIndex((n, j) => !taken.has(j) && n.includes(a));
      if (i >= 0) return (taken.add(i), i);
    }
    return null;
  };
  // Most specific first, so "Cancelled at" is not read as the date or "Lineitem price" as a quantity.
  const cancelledAt = find("cancelledAt");
  const currency = find("currency");
  const sku = find("sku");
  const quantity = find("quantity");
  const price = find("price");
  const order = find("order");
  const date = find("date");
  if (order === null || date === null || sku === null || quantity === null) return null;
  const description = find("description");
  const customer = find("customer");
  const country = find("country");
  const columns: OrderLineColumns = { order, date, sku, quantity, price, description, customer, country, currency, cancelledAt };
  const has = (...ns: string[]) => ns.every((n) => names.includes(n));
  const name = has("invoiceno", "stockcode", "quantity", "invoicedate", "unitprice")
    ? "order lines (UCI Online Retail export)"
    : isShopify
      ? "order lines (Shopify orders export)"
      : "order lines";
  return { columns, format: { kind: "orderLines", name } };
}

/** A code with no digit is a fee, postage or adjustment, not a product (UCI: POST, DOT, M, BANK CHARGES, AMAZONFEE, CRUK, PADS…). */
export const isProductCode = (sku: string): boolean => /\d/.test(sku);

/** A line this many times the sku's median line (or more) is flagged as an outlier. */
export const OUTLIER_FACTOR = 100;

const CANCELLED_ID = /^[cC]\d/;

const F_CANCELLED = 1;

/** The rows of an order-line part read on its own: its own numbering of dates, skus, orders and customers, lines from the part's start (0). */
export interface OrderLinePart extends RowsPart {
  kind: "orderLines";
  /** Per sku of the part: its first description on a sale line. */
  names: (string | null)[];
  orders: string[];
  customers: string[];
  currencies: [string, number][];
  mismatchRows: number;
  firstMismatch: { line: number; fields: number } | null;
  n: number;
  rDate: Int32Array;
  rSku: Int32Array;
  rOrder: Int32Array;
  rQty: Float64Array;
  rPrice: Float64Array;
  rLine: Int32Array;
  rFlags: Uint8Array;
  rCust: Int32Array;
}

export class OrderLineBuilder extends SalesRows {
  private error: string | null = null;
  private readonly width: number;

  private names: (string | null)[] = [];
  private orderIndex = new Map<string, number>();
  private currencies = new Map<string, number>();
  private lastOrder = "";
  private lastDate = "";
  private mismatchRows = 0;
  private firstMismatch: { line: number; fields: number } | null = null;

  private cap = 4096;
  private n = 0;
  private rDate = new Int32Array(this.cap);
  private rSku = new Int32Array(this.cap);
  private rOrder = new Int32Array(this.cap);
  private rQty = new Float64Array(this.cap);
  private rPrice = new Float64Array(this.cap);
  private rLine = new Int32Array(this.cap);
  private rFlags = new Uint8Array(this.cap);
  private rCust = new Int32Array(this.cap);
  private customerIndex = new Map<string, number>();
  private lastOrderKey = "";
  private lastOi = 0;
  private lastCustKey = "";
  private lastCi = -1;

  constructor(
    readonly header: string[],
    readonly columns: OrderLineColumns,
    readonly format: SalesFormat,
    readonly delimiter: string,
    private readonly decimalComma: boolean,
  ) {
    super();
    this.width = header.length;
  }

  private grow(cap = 2 * this.cap): void {
    this.cap = cap;
    this.rDate = grown(this.rDate, this.cap);
    this.rSku = grown(this.rSku, this.cap);
    this.rOrder = grown(this.rOrder, this.cap);
    this.rQty = grown(this.rQty, this.cap);
    this.rPrice = grown(this.rPrice, this.cap);
    this.rLine = grown(this.rLine, this.cap);
    this.rFlags = grown(this.rFlags, this.cap);
    this.rCust = grown(this.rCust, this.cap);
  }

  /**
   * A row without a date came before any row that gives one: read after an earlier part of the
   * file, it might have taken the date of that part's last order.
   */
  orphanDate = false;

  /** What a reader of the rest of the file needs. */
  partSetup(): { kind: "orderLines"; header: string[]; columns: OrderLineColumns; format: SalesFormat; decimalComma: boolean } | null {
    if (this.error !== null) return null;
    return { kind: "orderLines", header: this.header, columns: this.columns, format: this.format, decimalComma: this.decimalComma };
  }

  /** The rows read, for `absorb` in another reader. */
  part(): OrderLinePart {
    if (this.held.length > 0) this.joinHeld();
    const n = this.n;
    return {
      kind: "orderLines",
      ...this.rowsPart(),
      names: this.names,
      orders: [...this.orderIndex.keys()],
      customers: [...this.customerIndex.keys()],
      currencies: [...this.currencies],
      mismatchRows: this.mismatchRows,
      firstMismatch: this.firstMismatch,
      n,
      rDate: this.rDate.slice(0, n),
      rSku: this.rSku.slice(0, n),
      rOrder: this.rOrder.slice(0, n),
      rQty: this.rQty.slice(0, n),
      rPrice: this.rPrice.slice(0, n),
      rLine: this.rLine.slice(0, n),
      rFlags: this.rFlags.slice(0, n),
      rCust: this.rCust.slice(0, n),
    };
  }

  /** Takes in a part read on its own (`part`) that follows what was read here, its lines starting at file line `line`: as if its rows had been fed here. */
  absorb(p: OrderLinePart, line: number): void {
    const { dateIds, skuIds } = this.absorbRows(p, line);
    for (let j = 0; j < skuIds.length; j++) {
      const g = skuIds[j];
      if (g === this.names.length) this.names.push(null);
      if (this.names[g] === null && p.names[j] !== null) this.names[g] = p.names[j];
    }
    const orderIds = new Int32Array(p.orders.length);
    for (let j = 0; j < p.orders.length; j++) {
      let o = this.orderIndex.get(p.orders[j]);
      if (o === undefined) this.orderIndex.set(p.orders[j], (o = this.orderIndex.size));
      orderIds[j] = o;
    }
    const custIds = new Int32Array(p.customers.length);
    for (let j = 0; j < p.customers.length; j++) {
      let c = this.customerIndex.get(p.customers[j]);
      if (c === undefined) this.customerIndex.set(p.customers[j], (c = this.customerIndex.size));
      custIds[j] = c;
    }
    for (const [cur, k] of p.currencies) this.currencies.set(cur, (this.currencies.get(cur) ?? 0) + k);
    if (p.mismatchRows > 0) {
      if (this.mismatchRows === 0 && p.firstMismatch) this.firstMismatch = { line: p.firstMismatch.line + line, fields: p.firstMismatch.fields };
      this.mismatchRows += p.mismatchRows;
    }
    for (let i = 0; i < p.n; i++) {
      p.rDate[i] = dateIds[p.rDate[i]];
      p.rSku[i] = skuIds[p.rSku[i]];
      p.rOrder[i] = orderIds[p.rOrder[i]];
      p.rLine[i] += line;
      const c = p.rCust[i];
      p.rCust[i] = c < 0 ? -1 : custIds[c];
    }
    this.held.push(p);
  }

  /** Parts taken in, renumbered, whose rows are not yet in the columns: they go in at once, sized once, when the rows are next needed. */
  private held: OrderLinePart[] = [];

  private joinHeld(): void {
    const need = this.held.reduce((a, p) => a + p.n, this.n);
    if (need > this.cap) this.grow(need);
    for (const p of this.held) {
      const at = this.n;
      this.rDate.set(p.rDate, at);
      this.rSku.set(p.rSku, at);
      this.rOrder.set(p.rOrder, at);
      this.rQty.set(p.rQty, at);
      this.rPrice.set(p.rPrice, at);
      this.rLine.set(p.rLine, at);
      this.rFlags.set(p.rFlags, at);
      this.rCust.set(p.rCust, at);
      this.n += p.n;
    }
    this.held = [];
  }

  add(fields: string[], line: number): void {
    if (this.held.length > 0) this.joinHeld();
    if (this.error) return;
    if (fields.length === 1 && fields[0].trim() === "") return;
    this.counted(fields);
    const c = this.columns;
    if (fields.length !== this.width) {
      // A second header, or rows of another layout, mean two files were put together.
      if (fields.length !== this.width && this.mismatchRows++ === 0) this.firstMismatch = { line, fields: fields.length };
      if (fields.length <= Math.max(c.order, c.date, c.sku, c.quantity)) {
        this.badRows.push({ line, message: `expected ${this.width} fields like the header, got ${fields.length}` });
        return;
      }
    }
    const sku = fields[c.sku].trim();
    if (sku === this.header[c.sku].trim() && fields[c.quantity].trim() === this.header[c.quantity].trim()) {
      this.badRows.push({ line, message: "a second header row: the file joins two exports" });
      return;
    }
    let order = fields[c.order].trim();
    let dateStr = fields[c.date].trim();
    if (order === "") {
      this.badRows.push({ line, message: "order id is empty" });
      return;
    }
    // Shopify writes the order's date on its first line only.
    if (dateStr === "" && this.lastOrder === "") this.orphanDate = true;
    if (dateStr === "" && order === this.lastOrder) dateStr = this.lastDate;
    if (dateStr === "") {
      this.badRows.push({ line, message: "date is empty" });
      return;
    }
    this.lastOrder = order;
    this.lastDate = dateStr;
    if (sku === "") {
      this.badRows.push({ line, message: "sku is empty" });
      return;
    }
    const qRaw = fields[c.quantity];
    const qty = parseNumber(qRaw, this.decimalComma);
    if (!Number.isFinite(qty)) {
      this.badRows.push({ line, message: qRaw.trim() === "" ? "quantity is empty" : `quantity is not a number: ${JSON.stringify(qRaw.trim())}` });
      return;
    }
    if (Math.abs(qty) > MAX_ROW_UNITS) {
      this.badRows.push({ line, message: `quantity ${qRaw.trim()} is not plausible for one order line (limit ${MAX_ROW_UNITS.toLocaleString("en")})` });
      return;
    }
    if (qty === 0) {
      this.badRows.push({ line, message: "quantity is 0" });
      return;
    }
    const price = rowPrice(fields, c.price, this.decimalComma, line, this.badPrices);
    let flags = 0;
    const c0 = order.charCodeAt(0);
    if ((c0 === 67 || c0 === 99) && CANCELLED_ID.test(order)) flags |= F_CANCELLED;
    else if (c.cancelledAt !== null && c.cancelledAt < fields.length && fields[c.cancelledAt].trim() !== "") flags |= F_CANCELLED;
    if (c.currency !== null && c.currency < fields.length) {
      const cur = fields[c.currency].trim().toUpperCase();
      if (cur !== "") this.currencies.set(cur, (this.currencies.get(cur) ?? 0) + 1);
    }
    // An order's lines are usually next to each other: reuse the last row's lookups when its
    // date, sku or order repeat.
    const di = this.dates.id(dateStr);
    const si = this.skuIds.id(sku);
    if (si === this.names.length) this.names.push(null);
    if (this.names[si] === null && c.description !== null && qty > 0 && price > 0 && c.description < fields.length) {
      const d = fields[c.description].trim();
      if (d !== "") this.names[si] = d;
    }
    let oi: number | undefined = order === this.lastOrderKey ? this.lastOi : this.orderIndex.get(order);
    if (oi === undefined) {
      oi = this.orderIndex.size;
      this.orderIndex.set(order, oi);
    }
    this.lastOrderKey = order;
    this.lastOi = oi;
    if (this.n === this.cap) this.grow();
    const k = this.n++;
    this.rDate[k] = di;
    this.rSku[k] = si;
    this.rOrder[k] = oi;
    this.rQty[k] = qty;
    this.rPrice[k] = price;
    this.rLine[k] = line;
    this.rFlags[k] = flags;
    let ci = -1;
    if (c.customer !== null && c.customer < fields.length) {
      const cu = fields[c.customer];
      if (cu !== "") {
        const got = cu === this.lastCustKey ? this.lastCi : this.customerIndex.get(cu);
        if (got === undefined) this.customerIndex.set(cu, (ci = this.customerIndex.size));
        else ci = got;
        this.lastCustKey = cu;
        this.lastCi = ci;
      }
    }
    this.rCust[k] = ci;
  }

  finish(): ParsedHistory {
    if (this.held.length > 0) this.joinHeld();
    const base = {
      ...this.rowsRead(),
      header: this.header,
      columns: null,
      orderColumns: this.columns,
      delimiter: this.delimiter,
      fractionalRows: 0,
      duplicateRows: 0,
      format: this.format,
    };
    const { format, warning, dayOf } = dayNumbers(this.dates.values, 20000);
    if (warning) this.warnings.push(warning);
    for (let i = 0; i < dayOf.length; i++) if (dayOf[i] < MIN_DAY || dayOf[i] > MAX_DAY) dayOf[i] = NaN;
    const n = this.n;
    const nSku = this.skuIds.values.length;
    const product = this.skuIds.values.map(isProductCode);
    const excluded: ExcludedLines = {
      cancelled: { lines: 0, units: 0, salesCancelled: 0 },
      returns: { lines: 0, units: 0 },
      nonProduct: { lines: 0, units: 0, codes: [] },
      outliers: { lines: 0, units: 0, excluded: false, list: [] },
    };
    const rows: RowColumns = {
      n,
      dayOf,
      rDate: this.rDate,
      rSku: this.rSku,
      rQty: this.rQty,
      rPrice: this.rPrice,
      rFlags: this.rFlags,
      rCust: this.rCust,
      rOrder: this.rOrder,
      rLine: this.rLine,
    };
    const cancelledSale = cancelledSales(rows, nSku);
    const c = classify(rows, nSku, product, cancelledSale, excluded);
    for (const r of c.unreadable) this.badRows.push({ line: this.rLine[r], message: unreadableDate(this.dates.values[this.rDate[r]], format) });
    const nonProductCodes = new Map<string, number>();
    for (const r of c.nonProductRows) nonProductCodes.set(this.skuIds.values[this.rSku[r]], (nonProductCodes.get(this.skuIds.values[this.rSku[r]]) ?? 0) + 1);
    const { demand, skuFirst, isTrading, minD, lastDay, tradingCount, fractional } = c;
    const { sizes, median, medianPrice } = lineSizes(rows, nSku, demand, c.perSku, c.pricedPerSku);
    excluded.nonProduct.codes = [...nonProductCodes].sort((a, b) => b[1] - a[1]).map(([code, lines]) => ({ code, lines }));
    if (tradingCount === 0) {
      this.badRows.sort((a, b) => a.line - b.line);
      const error =
        this.rows === 0
          ? "the file has a header but no order lines"
          : `none of the ${this.rows.toLocaleString("en")} order lines is a sale of a product (cancelled, returns, fees or bad rows: see the counts)`;
      return { ...base, series: new Map(), dateFormat: format, error, tradingDays: [], excluded, currency: null, baskets: null };
    }
    // Pass 2: per-sku day series of lines and units over trading days; basket sizes; outliers.
    const tradingDays: number[] = [];
    for (let i = 0; i < isTrading.length; i++) if (isTrading[i]) tradingDays.push(minD + i);
    const { lines, units } = dayGrids(nSku, product, skuFirst, lastDay, tradingDays);
    const orderLines = new Int32Array(this.orderIndex.size);
    const outlierRows = fillDays(rows, demand, skuFirst, lines, units, orderLines, sizes, median);
    const outliers: OutlierLine[] = outlierRows.map((r) => {
      const s = this.rSku[r];
      return { line: this.rLine[r], sku: this.skuIds.values[s], date: isoDate(dayOf[this.rDate[r]]), quantity: this.rQty[r], medianLine: median[s] };
    });
    outliers.sort((a, b) => a.line - b.line);
    excluded.outliers.list = outliers;
    excluded.outliers.lines = outliers.length;
    excluded.outliers.units = outliers.reduce((a, o) => a + o.quantity, 0);
    const basketCounts = new Map<number, number>();
    let invoices = 0;
    for (let o = 0; o < orderLines.length; o++) {
      if (orderLines[o] === 0) continue;
      invoices++;
      basketCounts.set(orderLines[o], (basketCounts.get(orderLines[o]) ?? 0) + 1);
    }
    const bk = [...basketCounts].sort((a, b) => a[0] - b[0]);
    const series = new Map<string, HistorySeries>();
    for (let s = 0; s < nSku; s++) {
      if (lines[s].length === 0) continue;
      series.set(this.skuIds.values[s], {
        start: isoDate(skuFirst[s]),
        units: units[s],
        lines: lines[s],
        sizes: sizes[s],
        name: this.names[s] ?? undefined,
        medianPrice: Number.isNaN(medianPrice[s]) ? undefined : medianPrice[s],
      });
    }
    this.badRows.sort((a, b) => a.line - b.line);
    const w = this.warnings;
    if (excluded.cancelled.lines > 0)
      w.push(
        `${excluded.cancelled.lines.toLocaleString("en")} lines of cancelled orders left out of demand${excluded.cancelled.salesCancelled > 0 ? ` (${excluded.cancelled.salesCancelled.toLocaleString("en")} of them sales that a later cancellation of the same customer, sku and quantity undid)` : ""}`,
      );
    if (excluded.returns.lines > 0) w.push(`${excluded.returns.lines.toLocaleString("en")} returns or corrections (negative quantity) left out of demand`);
    if (excluded.nonProduct.lines > 0)
      w.push(
        `${excluded.nonProduct.lines.toLocaleString("en")} lines of non-product codes (${excluded.nonProduct.codes
          .slice(0, 6)
          .map((c) => c.code)
          .join(", ")}${excluded.nonProduct.codes.length > 6 ? "…" : ""}: postage, fees, adjustments) left out`,
      );
    if (outliers.length > 0)
      w.push(
        `${outliers.length} order line${outliers.length > 1 ? "s" : ""} at least ${OUTLIER_FACTOR}× the sku's median line (first: line ${outliers[0].line}, ${outliers[0].quantity} × ${outliers[0].sku}): kept as demand unless you exclude them`,
      );
    if (fractional > 0) w.push(`${fractional} order lines have fractional quantities; kept as they are`);
    if (this.badPrices.rows > 0)
      w.push(
        `${this.badPrices.rows} lines have a price that is not a number between 0 and ${MAX_PRICE.toExponential(0)} (first on line ${this.badPrices.firstLine}); their price was ignored`,
      );
    if (this.mismatchRows > 0 && this.firstMismatch)
      w.push(
        `${this.mismatchRows} rows do not have the header's ${this.width} fields (first: line ${this.firstMismatch.line}, ${this.firstMismatch.fields} fields): does the file join two different exports?`,
      );
    if (this.badRows.length > 0) w.push(`${this.badRows.length} of ${this.rows} rows were skipped (see bad rows)`);
    let error: string | null = null;
    if (this.mismatchRows > 0.05 * this.rows && this.firstMismatch)
      error = `line ${this.firstMismatch.line}: ${this.firstMismatch.fields} fields where the header has ${this.width}; ${this.mismatchRows} such rows: the file mixes two formats (order lines and something else). Split it and import each part`;
    const cur = [...this.currencies].sort((a, b) => b[1] - a[1]);
    if (cur.length > 1) w.push(`the file states several currencies (${cur.map((c) => c[0]).join(", ")}); ${cur[0][0]} is used — prices are not converted`);
    return {
      ...base,
      series: error ? new Map() : series,
      dateFormat: format,
      error,
      tradingDays,
      excluded,
      currency: cur.length > 0 ? cur[0][0] : null,
      baskets: { orders: invoices, productLinesPerOrder: { values: bk.map((e) => e[0]), weights: bk.map((e) => e[1]) } },
    };
  }
}

// The passes of `OrderLineBuilder.finish`, each a function of its own: each loop runs once per
// file, and a function this small is optimised while it runs, where one holding them all was not.

/** The rows of an order-line file, column-wise, with the day of each distinct date (NaN: none). */
interface RowColumns {
  n: number;
  dayOf: Float64Array;
  rDate: Int32Array;
  rSku: Int32Array;
  rQty: Float64Array;
  rPrice: Float64Array;
  rFlags: Uint8Array;
  rCust: Int32Array;
  rOrder: Int32Array;
  rLine: Int32Array;
}

/**
 * The sale lines a cancellation undid: a cancellation (credit) line cancels the latest earlier
 * sale line of the same customer, sku and quantity, which is then not demand either (UCI: the
 * 80,995 × 23843 order and its credit). Keys are numbers: customer × sku, then the quantity within.
 */
function cancelledSales(rows: RowColumns, nSku: number): Uint8Array {
  const { n, rCust, rSku, rQty, rFlags } = rows;
  const nSkuKey = nSku + 1;
  const creditOf = new Map<number, number[]>();
  for (let r = 0; r < n; r++)
    if (rFlags[r] & F_CANCELLED && rQty[r] < 0) {
      const k = (rCust[r] + 1) * nSkuKey + rSku[r];
      const l = creditOf.get(k);
      if (l) l.push(-rQty[r]);
      else creditOf.set(k, [-rQty[r]]);
    }
  const cancelledSale = new Uint8Array(n);
  if (creditOf.size === 0) return cancelledSale;
  // Per customer × sku, the sale lines not yet undone, latest last.
  const open = new Map<number, number[]>();
  for (let r = 0; r < n; r++) {
    const k = (rCust[r] + 1) * nSkuKey + rSku[r];
    const credits = creditOf.get(k);
    if (!credits) continue;
    const q = rQty[r];
    if (q > 0 && !(rFlags[r] & F_CANCELLED)) {
      if (!credits.includes(q)) continue;
      const l = open.get(k);
      if (l) l.push(r);
      else open.set(k, [r]);
    } else if (q < 0 && rFlags[r] & F_CANCELLED) {
      const l = open.get(k);
      if (!l) continue;
      for (let i = l.length - 1; i >= 0; i--)
        if (rQty[l[i]] === -q) {
          cancelledSale[l[i]] = 1;
          l.splice(i, 1);
          break;
        }
    }
  }
  return cancelledSale;
}

/**
 * Pass 1: classifies each row (counted into `excluded`), and collects the trading days, each sku's
 * first day and its count of demand lines (and priced ones). Rows with no day and non-product rows
 * are listed, in file order.
 */
function classify(rows: RowColumns, nSku: number, product: boolean[], cancelledSale: Uint8Array, excluded: ExcludedLines) {
  const { n, dayOf, rDate, rSku, rQty, rPrice, rFlags } = rows;
  const demand = new Uint8Array(n);
  let lastDay = -Infinity;
  const skuFirst = new Float64Array(nSku).fill(Infinity);
  const perSku = new Int32Array(nSku);
  const pricedPerSku = new Int32Array(nSku);
  let minD = Infinity;
  let maxD = -Infinity;
  for (let i = 0; i < dayOf.length; i++) {
    if (dayOf[i] < minD) minD = dayOf[i];
    if (dayOf[i] > maxD) maxD = dayOf[i];
  }
  const isTrading = new Uint8Array(maxD >= minD ? maxD - minD + 1 : 0);
  let tradingCount = 0;
  let fractional = 0;
  const unreadable: number[] = [];
  const nonProductRows: number[] = [];
  const { cancelled, returns, nonProduct } = excluded;
  for (let r = 0; r < n; r++) {
    const d = dayOf[rDate[r]];
    if (Number.isNaN(d)) {
      unreadable.push(r);
      continue;
    }
    const s = rSku[r];
    const q = rQty[r];
    if (!product[s]) {
      nonProduct.lines++;
      nonProduct.units += q;
      nonProductRows.push(r);
      continue;
    }
    if (rFlags[r] & F_CANCELLED || cancelledSale[r]) {
      cancelled.lines++;
      cancelled.units += Math.abs(q);
      if (cancelledSale[r]) cancelled.salesCancelled++;
      continue;
    }
    if (q < 0) {
      returns.lines++;
      returns.units += -q;
      continue;
    }
    demand[r] = 1;
    if (!Number.isInteger(q)) fractional++;
    if (isTrading[d - minD] === 0) {
      isTrading[d - minD] = 1;
      tradingCount++;
    }
    if (d > lastDay) lastDay = d;
    if (d < skuFirst[s]) skuFirst[s] = d;
    perSku[s]++;
    if (rPrice[r] > 0) pricedPerSku[s]++;
  }
  return { demand, skuFirst, perSku, pricedPerSku, isTrading, minD, lastDay, tradingCount, fractional, unreadable, nonProductRows };
}

/**
 * Each sku's line sizes and prices, sorted (native sorts of typed subarrays): the size
 * distribution, the median line and the median price come from them.
 */
function lineSizes(rows: RowColumns, nSku: number, demand: Uint8Array, perSku: Int32Array, pricedPerSku: Int32Array) {
  const { n, rSku, rQty, rPrice } = rows;
  const off = new Int32Array(nSku + 1);
  const pOff = new Int32Array(nSku + 1);
  for (let k = 0; k < nSku; k++) {
    off[k + 1] = off[k] + perSku[k];
    pOff[k + 1] = pOff[k] + pricedPerSku[k];
  }
  const qs = new Float64Array(off[nSku]);
  const ps = new Float64Array(pOff[nSku]);
  const qFill = off.slice(0, nSku);
  const pFill = pOff.slice(0, nSku);
  for (let r = 0; r < n; r++) {
    if (!demand[r]) continue;
    const k = rSku[r];
    qs[qFill[k]++] = rQty[r];
    if (rPrice[r] > 0) ps[pFill[k]++] = rPrice[r];
  }
  const sizes: { values: number[]; weights: number[] }[] = [];
  const median = new Float64Array(nSku);
  const medianPrice = new Float64Array(nSku).fill(NaN);
  for (let k = 0; k < nSku; k++) {
    const a = qs.subarray(off[k], off[k + 1]).sort();
    const values: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < a.length; i++) {
      if (i > 0 && a[i] === a[i - 1]) weights[weights.length - 1]++;
      else (values.push(a[i]), weights.push(1));
    }
    sizes.push({ values, weights });
    median[k] = a.length > 0 ? a[Math.ceil(a.length / 2) - 1] : NaN;
    const b = ps.subarray(pOff[k], pOff[k + 1]).sort();
    if (b.length > 0) medianPrice[k] = b[Math.ceil(b.length / 2) - 1];
  }
  return { sizes, median, medianPrice };
}

/** Each product's days from its first to `lastDay`: 0 on trading days, NaN on others, for lines and units. */
function dayGrids(nSku: number, product: boolean[], skuFirst: Float64Array, lastDay: number, tradingDays: number[]) {
  const lines: Float64Array[] = [];
  const units: Float64Array[] = [];
  for (let s = 0; s < nSku; s++) {
    const first = skuFirst[s];
    const len = product[s] && first <= lastDay ? lastDay - first + 1 : 0;
    const l = new Float64Array(len).fill(NaN);
    for (let j = 0; j < tradingDays.length; j++) if (tradingDays[j] >= first) l[tradingDays[j] - first] = 0;
    lines.push(l);
    units.push(l.slice());
  }
  return { lines, units };
}

/** Pass 2: adds the demand rows into the day series and the lines per order; returns the rows that are outliers, in file order. */
function fillDays(
  rows: RowColumns,
  demand: Uint8Array,
  skuFirst: Float64Array,
  lines: Float64Array[],
  units: Float64Array[],
  orderLines: Int32Array,
  sizes: { values: number[] }[],
  median: Float64Array,
): number[] {
  const { n, dayOf, rDate, rSku, rQty, rOrder } = rows;
  const outliers: number[] = [];
  for (let r = 0; r < n; r++) {
    if (!demand[r]) continue;
    const s = rSku[r];
    const i = dayOf[rDate[r]] - skuFirst[s];
    const q = rQty[r];
    lines[s][i] += 1;
    units[s][i] += q;
    orderLines[rOrder[r]]++;
    if (q >= OUTLIER_FACTOR * median[s] && sizes[s].values.length > 1) outliers.push(r);
  }
  return outliers;
}
