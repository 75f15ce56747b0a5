/**
 * Daily units per product from an order-line export (`InvoiceNo,StockCode,…,Quantity,InvoiceDate,…`,
 * one row per order line) for the forecast evaluation: a cancellation (`C…` invoice) takes its units
 * off the same code's sales of the same day (an order cancelled within the day was not demand; one
 * cancelled later leaves the sale standing); other non-positive quantities and non-product codes
 * (anything not starting with five digits: postage, manual, fees) are left out; the shop's trading days are the days with any order line; every product's series
 * runs from its first sale to the last trading day of the file, with 0 on trading days it did not
 * sell and NaN on days the shop did not trade.
 */
import Papa from "papaparse";
import { isoDate, isoDay, type HistorySeries } from "../../io/history.ts";

export interface OrderLineSeries {
  series: Map<string, HistorySeries>;
  tradingDays: number;
  lines: number;
  linesUsed: number;
}

function dayOf(iso: string): number | null {
  try {
    return isoDay(iso);
  } catch {
    return null;
  }
}

export function orderLinesToDaily(text: string): OrderLineSeries {
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  const head = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const col = (name: string) => head.indexOf(name);
  const ci = col("invoiceno");
  const cs = col("stockcode");
  const cq = col("quantity");
  const cd = col("invoicedate");
  if (ci < 0 || cs < 0 || cq < 0 || cd < 0) throw new Error("not an order-line export: needs InvoiceNo, StockCode, Quantity, InvoiceDate columns");
  const trading = new Set<number>();
  const units = new Map<string, Map<number, number>>();
  const cancelled = new Map<string, number>();
  let used = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const day = dayOf(row[cd]?.slice(0, 10) ?? "");
    if (day === null) continue;
    trading.add(day);
    const code = row[cs]?.trim() ?? "";
    const q = Number(row[cq]);
    if (!Number.isFinite(q) || q === 0 || !/^\d{5}/.test(code)) continue;
    const cancel = row[ci]?.startsWith("C") === true;
    if (!cancel && q < 0) continue;
    used++;
    // A cancellation takes its units off the same day's sales (an order cancelled within the day never was demand).
    if (cancel) {
      const key = `${code}\u0000${day}`;
      cancelled.set(key, (cancelled.get(key) ?? 0) - Math.min(0, q));
      continue;
    }
    let m = units.get(code);
    if (!m) units.set(code, (m = new Map()));
    m.set(day, (m.get(day) ?? 0) + q);
  }
  for (const [key, q] of cancelled) {
    const [code, d] = key.split("\u0000");
    const m = units.get(code);
    const day = Number(d);
    if (m?.has(day)) m.set(day, Math.max(0, m.get(day)! - q));
  }
  let last = -Infinity;
  for (const d of trading) last = Math.max(last, d);
  const series = new Map<string, HistorySeries>();
  for (const [code, m] of [...units].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let start = Infinity;
    for (const d of m.keys()) start = Math.min(start, d);
    const u = new Float64Array(last - start + 1);
    for (let i = 0; i < u.length; i++) u[i] = trading.has(start + i) ? (m.get(start + i) ?? 0) : NaN;
    series.set(code, { start: isoDate(start), units: u });
  }
  return { series, tradingDays: trading.size, lines: rows.length - 1, linesUsed: used };
}
