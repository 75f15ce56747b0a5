/**
 * Turns fitted skus into scenario products, with every choice the fit cannot make from the history
 * stated and defaulted in one place (`ProductTemplate`, `DEFAULT_CHOICES`) so the app and the
 * command line show them before applying: price from the history (median line price, or the recent
 * median of a daily file) else the template's, unit cost from a gross margin, holding cost per year
 * as a share of unit cost, a policy with its service level, backorders allowed, and sourcing from
 * the suppliers fitted to receipts (each sku from the supplier it was bought from) or one entered
 * supplier.
 *
 * The shop's calendar: closing weekdays are in each product's weekly multipliers (0); the other
 * closures of the history (holidays: UCI 24 Dec – 3 Jan) are repeated on the same calendar dates in
 * the simulated years as scheduled demand shocks with multiplier 0 (`closureShocks`).
 */
import type { Backorders, Baskets, Demand, Dist, Policy, Product, ScheduledShock, Supplier } from "../engine/scenario.ts";
import { isoDate, isoDay } from "../io/history.ts";
import type { HistoryFit, ProductFit, ShopCalendar } from "./fitHistory.ts";
import type { ScenarioNote } from "./fitNotes.ts";

export interface ProductTemplate {
  /** Price when the history has no price column (default 10). */
  price?: number;
  /** Gross margin: unitCost = price × (1 − margin) (default 0.5). */
  margin?: number;
  /** Deprecated spelling: unitCost = price × this (used when `margin` is absent). */
  unitCostShare?: number;
  /** Holding cost per year as a share of unit cost (default 0.25); per day = share × unitCost / 365. */
  holdingCostPerYearShare?: number;
  backorderCostPerUnitDay?: number;
  lostSaleCost?: number;
  category?: string;
  /** Policy kind (default safetyStock). */
  policy?: "safetyStock" | "baseStock";
  /** Safety-stock service level (default 0.95). */
  serviceLevel?: number;
  /** Review period of the policy (default 7 days). */
  /** Days between reviews, or "economic": each sku's economic order interval (`economicReviewDays`). */
  reviewPeriodDays?: number | "economic";
  backorders?: Backorders;
  /** The supplier a product sources from when `sourcing` does not name one (default `DEFAULT_SUPPLIER`). */
  supplier?: Supplier;
  /** Suppliers fitted to receipts, and the supplier of each sku (sku → supplier id). */
  suppliers?: Supplier[];
  sourcing?: Record<string, string>;
  /** Product names by sku (default: the name from the file, else the sku). */
  names?: Record<string, string>;
  /** Repeat the history's closures in the simulated calendar (needs `calendar`, `startDate`, `horizonDays`). */
  closures?: { calendar: ShopCalendar; startDate: string; horizonDays: number } | null;
}

export const DEFAULT_SUPPLIER: Supplier = {
  id: "default",
  name: "Default supplier",
  leadTimeDays: { kind: "lognormal", mean: 14, sd: 4 },
  unitCostMultiplier: 1,
  fixedOrderCost: 50,
  minOrderQuantity: 0,
  orderMultiple: 1,
};

/** The defaults of every choice, as shown next to each one. */
export const DEFAULT_CHOICES = {
  price: 10,
  margin: 0.5,
  holdingCostPerYearShare: 0.25,
  policy: "safetyStock" as const,
  serviceLevel: 0.95,
  reviewPeriodDays: "economic" as const,
  supplier: DEFAULT_SUPPLIER,
};

/** The economic review period is rounded to whole weeks, from 1 to ECONOMIC_MAX_WEEKS. */
export const ECONOMIC_MAX_WEEKS = 13;

/**
 * Days between reviews that balance a fixed cost K per order against holding h per unit-day for
 * demand D units a day: the economic order interval √(2K / (h D)), in whole weeks from 1 to
 * ECONOMIC_MAX_WEEKS. A slow, cheap sku reviewed weekly at 50 per order spends more on ordering
 * than it earns; without an order cost, every sku is reviewed weekly.
 */
export function economicReviewDays(orderCost: number, holdingPerUnitDay: number, unitsPerDay: number): number {
  if (!(orderCost > 0)) return 7;
  const days = holdingPerUnitDay > 0 && unitsPerDay > 0 ? Math.sqrt((2 * orderCost) / (holdingPerUnitDay * unitsPerDay)) : Infinity;
  return 7 * Math.min(ECONOMIC_MAX_WEEKS, Math.max(1, Math.round(days / 7)));
}

const money = (v: number) => Math.round(v * 100) / 100;

/**
 * Scheduled shocks with multiplier 0 on the history's closures, repeated on the same calendar
 * dates every simulated year from `startDate` over `horizonDays` (startDay counted from startDate).
 */
export function closureShocks(calendar: ShopCalendar, startDate: string, horizonDays: number): ScheduledShock[] {
  const start = isoDay(startDate);
  const end = start + horizonDays; // exclusive
  const firstYear = Number(startDate.slice(0, 4)) - 1;
  const lastYear = Number(isoDate(end).slice(0, 4)) + 1;
  const out: [number, number][] = [];
  for (const c of calendar.closures) {
    const fy = Number(c.from.slice(0, 4));
    const ty = Number(c.to.slice(0, 4));
    for (let y = firstYear; y <= lastYear; y++) {
      const a = shiftYear(c.from, y);
      const b = shiftYear(c.to, y + (ty - fy));
      if (a === null || b === null) continue;
      const lo = Math.max(a, start);
      const hi = Math.min(b, end - 1);
      if (hi >= lo) out.push([lo - start, hi - start]);
    }
  }
  out.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged.map(([a, b]) => ({ startDay: a, durationDays: b - a + 1, multiplier: 0 }));
}

/** Day number of ISO date `iso` moved to year `y` (29 February → 28 February), or null. */
function shiftYear(iso: string, y: number): number | null {
  const m = Number(iso.slice(5, 7));
  let d = Number(iso.slice(8, 10));
  if (m === 2 && d === 29) d = 28;
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/**
 * Scenario products (and the suppliers they use) from fits. `startDate` is the day after the
 * history ends: the fitted level and trend are anchored there, so a scenario starting on it
 * continues the history; a later start is fine too, the trend carries on from there.
 */
export function fittedProductsToScenarioProducts(
  fits: HistoryFit | readonly ProductFit[],
  template: ProductTemplate = {},
): { products: Product[]; suppliers: Supplier[]; startDate: string | null; notes: ScenarioNote[] } {
  const list = "products" in fits ? fits.products : fits;
  const notes: ScenarioNote[] = [];
  const fallback = template.supplier ?? DEFAULT_SUPPLIER;
  const fitted = new Map((template.suppliers ?? []).map((s) => [s.id, s]));
  const used = new Map<string, Supplier>();
  const shocks = template.closures ? closureShocks(template.closures.calendar, template.closures.startDate, template.closures.horizonDays) : [];
  let noPrice = 0;
  let fromFallback = 0;
  /** Economic review periods: skus per number of weeks. */
  const reviewWeeks = new Map<number, number>();
  const costShare = template.margin !== undefined ? 1 - template.margin : (template.unitCostShare ?? 1 - DEFAULT_CHOICES.margin);
  const products = list.map((f): Product => {
    if (f.price === null) noPrice++;
    const price = money(f.price ?? template.price ?? DEFAULT_CHOICES.price);
    const unitCost = money(price * costShare);
    const holding = Number(((unitCost * (template.holdingCostPerYearShare ?? DEFAULT_CHOICES.holdingCostPerYearShare)) / 365).toPrecision(3));
    const sid = template.sourcing?.[f.id];
    let supplier = sid !== undefined ? fitted.get(sid) : undefined;
    if (!supplier) {
      supplier = fallback;
      fromFallback++;
    }
    used.set(supplier.id, supplier);
    const demand: Demand = structuredClone(f.demand);
    if (shocks.length > 0) demand.shocks = [...(demand.shocks ?? []), ...structuredClone(shocks)];
    const serviceLevel = template.serviceLevel ?? DEFAULT_CHOICES.serviceLevel;
    const reviewChoice = template.reviewPeriodDays ?? DEFAULT_CHOICES.reviewPeriodDays;
    const review =
      reviewChoice === "economic"
        ? economicReviewDays(supplier.fixedOrderCost ?? 0, holding, f.orders?.unitsPerCalendarDay ?? f.diagnostics.meanPerDay)
        : reviewChoice;
    if (reviewChoice === "economic") reviewWeeks.set(review / 7, (reviewWeeks.get(review / 7) ?? 0) + 1);
    const policy: Policy =
      (template.policy ?? DEFAULT_CHOICES.policy) === "baseStock"
        ? { kind: "baseStock", orderUpTo: baseStockLevel(f.demand, supplier.leadTimeDays, review, serviceLevel), reviewPeriodDays: review }
        : { kind: "safetyStock", safetyStock: { serviceLevel }, reviewPeriodDays: review };
    const p: Product = {
      id: f.id,
      name: template.names?.[f.id] ?? f.name ?? f.id,
      price,
      unitCost,
      holdingCostPerUnitDay: holding,
      backorderCostPerUnitDay: template.backorderCostPerUnitDay ?? 0,
      lostSaleCost: template.lostSaleCost ?? 0,
      demand,
      policy,
      sourcing: { kind: "single", supplier: supplier.id },
      backorders: template.backorders ?? { mode: "allow" },
    };
    if (template.category !== undefined) p.category = template.category;
    return p;
  });
  if (noPrice > 0) notes.push({ code: "noPrice", skus: noPrice, price: template.price ?? DEFAULT_CHOICES.price });
  if (template.suppliers && fromFallback > 0)
    notes.push({ code: "notInReceipts", skus: fromFallback, supplier: fallback.id, leadTime: structuredClone(fallback.leadTimeDays) });
  if (shocks.length > 0) notes.push({ code: "closuresRepeated", closures: shocks.length });
  if (reviewWeeks.size > 0)
    notes.push({ code: "economicReview", skus: [...reviewWeeks].sort((a, b) => a[0] - b[0]).map(([weeks, skus]) => ({ weeks, skus })) });
  const origins = list.map((f) => f.diagnostics.origin).sort();
  return { products, suppliers: [...used.values()].map((s) => structuredClone(s)), startDate: origins.length > 0 ? origins[origins.length - 1] : null, notes };
}

/** Order-up-to level for a base-stock policy: mean demand over lead time + review, plus z × sd (Poisson-compound, no lead-time variance). */
function baseStockLevel(d: Demand, lt: Dist, review: number, serviceLevel: number): number {
  const mean = "mean" in lt ? lt.mean : lt.kind === "fixed" ? lt.value : 14;
  const u = d.unitsPerOrder;
  let eu = 1;
  let eu2 = 1;
  if (u.kind === "fixed") ((eu = u.value), (eu2 = u.value ** 2));
  else if (u.kind === "empirical") {
    const w = u.weights ?? u.values.map(() => 1);
    const tw = w.reduce((a, b) => a + b, 0);
    eu = u.values.reduce((a, v, i) => a + v * w[i], 0) / tw;
    eu2 = u.values.reduce((a, v, i) => a + v * v * w[i], 0) / tw;
  }
  const days = mean + review;
  const lambda = d.ordersPerDay * days;
  const z = Math.sqrt(2) * inverseErf(2 * serviceLevel - 1);
  return Math.max(0, Math.ceil(lambda * eu + z * Math.sqrt(lambda * eu2)));
}

function inverseErf(x: number): number {
  const a = 0.147;
  const l = Math.log(1 - x * x);
  const t = 2 / (Math.PI * a) + l / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(t * t - l / a) - t);
}

export type { Baskets };
