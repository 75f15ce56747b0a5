/**
 * Suppliers from purchase-order receipts (src/io/receipts.ts): per supplier, the lead-time
 * distribution (received − ordered, in days, one value per PO line) and the delivered fraction
 * (units received ÷ units ordered over received lines); per sku, the supplier it is bought from
 * (the one with most receipt lines for it).
 *
 * Lead time: a lognormal with the sample mean and standard deviation (the scenario's lognormal is
 * given by the mean and sd of the variable itself, §3.1); a supplier whose lead times never vary
 * gets a fixed one. Reported with the standard error of the mean and the observed range, so a
 * planner sees how much the figure rests on. Fewer than 5 receipts: fitted, but flagged.
 */
import type { Supplier } from "../engine/scenario.ts";
import type { ParsedReceipts } from "../io/receipts.ts";
import type { ReceiptNote } from "./fitNotes.ts";

export interface SupplierFit {
  supplier: Supplier;
  /** Received PO lines the fit rests on. */
  receipts: number;
  leadTime: { mean: number; sd: number; se: number; min: number; max: number; p50: number; p90: number };
  unitsOrdered: number;
  unitsReceived: number;
  /** Share of PO lines delivered short. */
  shortLines: number;
  skus: number;
  /** What the fit noted, as codes with their figures (src/present/fitWords.ts words them). */
  warnings: ReceiptNote[];
}

export interface ReceiptsFit {
  suppliers: SupplierFit[];
  /** sku → supplier id it is bought from. */
  sourcing: Record<string, string>;
  /** The receipts file's own warnings (src/io/receipts.ts). */
  warnings: string[];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/** Fits every supplier in the receipts. `template` gives the costs a receipt does not show (fixed order cost, minimums). */
export function fitReceipts(
  parsed: ParsedReceipts,
  template: Partial<Pick<Supplier, "fixedOrderCost" | "minOrderQuantity" | "orderMultiple" | "unitCostMultiplier">> = {},
): ReceiptsFit {
  const by = new Map<string, ParsedReceipts["lines"]>();
  for (const l of parsed.lines) by.set(l.supplier, [...(by.get(l.supplier) ?? []), l]);
  const suppliers: SupplierFit[] = [];
  for (const [id, lines] of by) {
    const warnings: ReceiptNote[] = [];
    // Lines still open hide the longest lead times of recent orders: with open lines, lead times
    // count only for orders placed at least the longest observed lead time before the export.
    let timed = lines;
    const open = parsed.openLines.filter((o) => o.supplier === id);
    if (open.length > 0 && parsed.asOf !== null) {
      const longest = Math.max(...lines.map((l) => l.received - l.ordered));
      const cut = parsed.asOf - longest;
      const complete = lines.filter((l) => l.ordered <= cut);
      if (complete.length >= 5) {
        if (complete.length < lines.length)
          warnings.push({ code: "recentReceiptsLeftOut", receipts: lines.length - complete.length, days: longest, openLines: open.length });
        timed = complete;
      }
    }
    const lt = timed.map((l) => l.received - l.ordered).sort((a, b) => a - b);
    const n = lt.length;
    const mean = lt.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(lt.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
    let ordered = 0;
    let received = 0;
    let short = 0;
    for (const l of lines) {
      ordered += l.qtyOrdered;
      received += l.qtyReceived;
      if (l.qtyReceived < l.qtyOrdered) short++;
    }
    let delivered = ordered > 0 ? received / ordered : 1;
    if (delivered > 1) {
      warnings.push({ code: "overDelivered", delivered });
      delivered = 1;
    }
    if (delivered <= 0) {
      warnings.push({ code: "nothingReceived" });
      delivered = 0.01;
    }
    if (n < 5) warnings.push({ code: "fewReceipts", receipts: n });
    if (mean < 1) warnings.push({ code: "leadTimeUnderOneDay" });
    const leadTimeDays: Supplier["leadTimeDays"] =
      sd > 0 ? { kind: "lognormal", mean: r2(Math.max(mean, 1)), sd: r2(sd) } : { kind: "fixed", value: Math.max(1, Math.round(mean)) };
    const supplier: Supplier = {
      id,
      name: id,
      leadTimeDays,
      unitCostMultiplier: template.unitCostMultiplier ?? 1,
      fixedOrderCost: template.fixedOrderCost ?? 0,
      minOrderQuantity: template.minOrderQuantity ?? 0,
      orderMultiple: template.orderMultiple ?? 1,
    };
    if (delivered < 1) supplier.deliveredFraction = Number(delivered.toFixed(4));
    suppliers.push({
      supplier,
      receipts: n,
      leadTime: { mean, sd, se: n > 0 ? sd / Math.sqrt(n) : NaN, min: lt[0], max: lt[n - 1], p50: quantile(lt, 0.5), p90: quantile(lt, 0.9) },
      unitsOrdered: ordered,
      unitsReceived: received,
      shortLines: short / n,
      skus: new Set(lines.map((l) => l.sku)).size,
      warnings,
    });
  }
  suppliers.sort((a, b) => (a.supplier.id < b.supplier.id ? -1 : 1));
  // Each sku from the supplier with most of its lines (ties: the first in id order).
  const count = new Map<string, Map<string, number>>();
  for (const l of parsed.lines) {
    const m = count.get(l.sku) ?? new Map<string, number>();
    m.set(l.supplier, (m.get(l.supplier) ?? 0) + 1);
    count.set(l.sku, m);
  }
  const sourcing: Record<string, string> = {};
  for (const [sku, m] of count) sourcing[sku] = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  return { suppliers, sourcing, warnings: [...parsed.warnings] };
}
