/**
 * Supplier receipts: a purchase-order receipts CSV, one row per PO line —
 * `po, supplier, sku, ordered, received, qty_ordered, qty_received` (dates as in sales files:
 * ISO, yyyymmdd, day- or month-first decided from the whole file). A blank `received` is a line
 * still open (not yet delivered): kept apart and counted. Bad rows are listed with their line.
 */
import { streamText } from "./csvStream.ts";
import type { BadRow } from "./history.ts";
import { detectDateFormat, isoDate, parseDate, parseNumber, type DateFormat } from "./historyValues.ts";

export interface ReceiptLine {
  line: number;
  po: string;
  supplier: string;
  sku: string;
  /** Day numbers (days since 1970-01-01). */
  ordered: number;
  received: number;
  qtyOrdered: number;
  qtyReceived: number;
}

export interface ParsedReceipts {
  lines: ReceiptLine[];
  /** Lines with no receipt date yet. */
  open: number;
  /** Open lines: supplier and order day, to tell which received lead times are complete. */
  openLines: { supplier: string; ordered: number }[];
  /** Latest date in the file (ordered or received): the day the export was taken. */
  asOf: number | null;
  rows: number;
  badRows: BadRow[];
  warnings: string[];
  dateFormat: DateFormat | null;
  error: string | null;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const COLUMNS: Record<keyof Omit<ReceiptLine, "line">, string[]> = {
  po: ["po", "ponumber", "purchaseorder", "order", "orderid", "pono"],
  supplier: ["supplier", "vendor", "supplierid", "vendorid"],
  sku: ["sku", "item", "stockcode", "product", "productid", "itemid"],
  ordered: ["ordered", "orderdate", "ordereddate", "podate", "orderedat"],
  received: ["received", "receiveddate", "receiptdate", "receivedat", "deliverydate", "delivered"],
  qtyOrdered: ["qtyordered", "quantityordered", "orderedqty", "orderedquantity"],
  qtyReceived: ["qtyreceived", "quantityreceived", "receivedqty", "receivedquantity"],
};

export const RECEIPTS_TEMPLATE =
  "po,supplier,sku,ordered,received,qty_ordered,qty_received\r\n" +
  "PO-1001,acme,85123A,2025-01-06,2025-01-27,240,240\r\n" +
  "PO-1001,acme,22423,2025-01-06,2025-01-27,96,90\r\n" +
  "PO-1002,fastco,85123A,2025-01-13,2025-01-24,120,120\r\n";

export function parseReceipts(text: string): ParsedReceipts {
  const out: ParsedReceipts = { lines: [], open: 0, openLines: [], asOf: null, rows: 0, badRows: [], warnings: [], dateFormat: null, error: null };
  let cols: Record<keyof Omit<ReceiptLine, "line">, number> | null = null;
  const raw: { line: number; f: string[] }[] = [];
  streamText(text, {
    record(fields, line) {
      if (fields.every((f) => f.trim() === "")) return;
      if (!cols) {
        if (out.error) return;
        const names = fields.map(norm);
        const found = {} as Record<keyof Omit<ReceiptLine, "line">, number>;
        const missing: string[] = [];
        for (const [k, aliases] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string[]][]) {
          const i = names.findIndex((n) => aliases.includes(n));
          if (i < 0) missing.push(k);
          else found[k] = i;
        }
        if (missing.length > 0) {
          out.error = `line ${line}: the header lacks ${missing.join(", ")}; expected po, supplier, sku, ordered, received, qty_ordered, qty_received`;
          return;
        }
        cols = found;
        return;
      }
      out.rows++;
      raw.push({ line, f: fields });
    },
    broken(line, message) {
      out.rows++;
      out.badRows.push({ line, message });
    },
  });
  if (out.error) return out;
  if (!cols) return { ...out, error: "the file is empty" };
  const c = cols as Record<keyof Omit<ReceiptLine, "line">, number>;
  const dates = new Set<string>();
  for (const r of raw) {
    if (r.f.length > c.ordered) dates.add(r.f[c.ordered].trim());
    if (r.f.length > c.received && r.f[c.received].trim() !== "") dates.add(r.f[c.received].trim());
  }
  const { format, warning } = detectDateFormat(dates);
  out.dateFormat = format;
  if (warning) out.warnings.push(warning);
  const need = Math.max(...Object.values(c));
  for (const { line, f } of raw) {
    const bad = (message: string) => out.badRows.push({ line, message });
    if (f.length <= need) {
      bad(`expected at least ${need + 1} fields, got ${f.length}`);
      continue;
    }
    const po = f[c.po].trim();
    const supplier = f[c.supplier].trim();
    const sku = f[c.sku].trim();
    if (!po || !supplier || !sku) {
      bad(`${!po ? "po" : !supplier ? "supplier" : "sku"} is empty`);
      continue;
    }
    const ordered = format ? parseDate(f[c.ordered], format) : null;
    if (ordered === null) {
      bad(`ordered date not recognised: ${JSON.stringify(f[c.ordered].trim())}`);
      continue;
    }
    const qo = parseNumber(f[c.qtyOrdered], false);
    if (!(qo > 0) || qo > 1e9) {
      bad(`qty_ordered must be a number above 0, got ${JSON.stringify(f[c.qtyOrdered].trim())}`);
      continue;
    }
    out.asOf = Math.max(out.asOf ?? ordered, ordered);
    if (f[c.received].trim() === "") {
      out.open++;
      out.openLines.push({ supplier, ordered });
      continue;
    }
    const received = format ? parseDate(f[c.received], format) : null;
    if (received === null) {
      bad(`received date not recognised: ${JSON.stringify(f[c.received].trim())}`);
      continue;
    }
    if (received < ordered) {
      bad(`received ${isoDate(received)} is before ordered ${isoDate(ordered)}`);
      continue;
    }
    const qr = parseNumber(f[c.qtyReceived], false);
    if (!(qr >= 0) || qr > 1e9) {
      bad(`qty_received must be a number ≥ 0, got ${JSON.stringify(f[c.qtyReceived].trim())}`);
      continue;
    }
    out.asOf = Math.max(out.asOf, received);
    out.lines.push({ line, po, supplier, sku, ordered, received, qtyOrdered: qo, qtyReceived: qr });
  }
  out.badRows.sort((a, b) => a.line - b.line);
  if (out.badRows.length > 0) out.warnings.push(`${out.badRows.length} of ${out.rows} rows were skipped (see bad rows)`);
  if (out.open > 0) out.warnings.push(`${out.open} lines not received yet (blank received date): left out of lead times and delivered fractions`);
  if (out.lines.length === 0)
    out.error = out.rows === 0 ? "the file has a header but no receipt lines" : `none of the ${out.rows} rows is a receipt that can be read`;
  return out;
}
