/**
 * Turns fitted skus into scenario products in one step, with defaults a planner can start from and
 * then edit: price from the history's price column (recent median) or the template, costs as shares
 * of the price, a safety-stock policy at 95 % service level, backorders allowed, and one default
 * supplier that every product sources from.
 */
import type { Backorders, Product, Supplier } from "../engine/scenario.ts";
import type { HistoryFit, ProductFit } from "./fitHistory.ts";

export interface ProductTemplate {
  /** Price when the history has no price column (default 10). */
  price?: number;
  /** unitCost = price × this (default 0.6: a 40 % gross margin). */
  unitCostShare?: number;
  /** Holding cost per year as a share of unit cost (default 0.25); per day = share × unitCost / 365. */
  holdingCostPerYearShare?: number;
  backorderCostPerUnitDay?: number;
  lostSaleCost?: number;
  category?: string;
  /** Safety-stock service level (default 0.95). */
  serviceLevel?: number;
  /** Review period of the safety-stock policy (default 7 days). */
  reviewPeriodDays?: number;
  backorders?: Backorders;
  /** The supplier every product sources from (default: "default", lognormal lead time 14 ± 4 days, 50 per order). */
  supplier?: Supplier;
  /** Product names by sku (default: the sku). */
  names?: Record<string, string>;
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

const money = (v: number) => Math.round(v * 100) / 100;

/**
 * Scenario products (and the supplier they use) from fits. `startDate` is the day after the
 * history ends: the fitted level and trend are anchored there, so a scenario starting on it
 * continues the history; a later start is fine too, the trend carries on from there.
 */
export function fittedProductsToScenarioProducts(
  fits: HistoryFit | readonly ProductFit[],
  template: ProductTemplate = {},
): { products: Product[]; suppliers: Supplier[]; startDate: string | null } {
  const list = "products" in fits ? fits.products : fits;
  const supplier = template.supplier ?? DEFAULT_SUPPLIER;
  const products = list.map((f): Product => {
    const price = money(f.price ?? template.price ?? 10);
    const unitCost = money(price * (template.unitCostShare ?? 0.6));
    const holding = Number(((unitCost * (template.holdingCostPerYearShare ?? 0.25)) / 365).toPrecision(3));
    const p: Product = {
      id: f.id,
      name: template.names?.[f.id] ?? f.id,
      price,
      unitCost,
      holdingCostPerUnitDay: holding,
      backorderCostPerUnitDay: template.backorderCostPerUnitDay ?? 0,
      lostSaleCost: template.lostSaleCost ?? 0,
      demand: structuredClone(f.demand),
      policy: {
        kind: "safetyStock",
        safetyStock: { serviceLevel: template.serviceLevel ?? 0.95 },
        reviewPeriodDays: template.reviewPeriodDays ?? 7,
      },
      sourcing: { supplier: supplier.id },
      backorders: template.backorders ?? { mode: "allow" },
    };
    if (template.category !== undefined) p.category = template.category;
    return p;
  });
  const origins = list.map((f) => f.diagnostics.origin).sort();
  return { products, suppliers: [structuredClone(supplier)], startDate: origins.length > 0 ? origins[origins.length - 1] : null };
}
