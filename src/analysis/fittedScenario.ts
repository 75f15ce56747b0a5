/**
 * A whole runnable scenario from a history fit: every fitted sku as a product (src/analysis/
 * fittedProducts.ts), the suppliers they use, the shop's closures repeated in the simulated
 * calendar and, when asked, baskets. What it chose is returned as notes, for the user to see.
 *
 * Baskets: the engine adds `extraLinesPerOrder` lines of other products to every order on top of
 * each product's own orders (docs/model.md §5), so with baskets on each product's `ordersPerDay` is
 * its order lines per day ÷ the mean lines per order: the lines each product receives (own orders
 * plus lines of other products' orders) then add up to the fitted order lines per day. Off by
 * default: with baskets the engine runs day by day across all products, much slower for a catalogue.
 */
import type { Scenario, Supplier } from "../engine/scenario.ts";
import { isoDate, isoDay } from "../io/history.ts";
import type { HistoryFit } from "./fitHistory.ts";
import { fittedProductsToScenarioProducts, type ProductTemplate } from "./fittedProducts.ts";
import type { ScenarioNote } from "./fitNotes.ts";

export interface ScenarioChoices extends Omit<ProductTemplate, "closures"> {
  /** The scenario's name (the caller's words, e.g. the file it was fitted from). */
  name: string;
  currency: string;
  /** Default: the day after the history. */
  startDate?: string;
  horizonDays?: number;
  warmupDays?: number;
  runs?: number;
  seed?: string;
  /** Repeat the history's closures (default true). */
  repeatClosures?: boolean;
  /** Multi-line orders from the file's order sizes (default false). */
  baskets?: boolean;
}

export function fittedScenario(fit: HistoryFit, choices: ScenarioChoices): { scenario: Scenario; notes: ScenarioNote[] } {
  const notes: ScenarioNote[] = [];
  const lastDay =
    fit.calendar?.lastDay ??
    fit.products
      .map((p) => p.diagnostics.origin)
      .sort()
      .pop();
  const startDate = choices.startDate ?? (fit.calendar ? isoDate(isoDay(fit.calendar.lastDay) + 1) : (lastDay ?? "2025-01-01"));
  const horizonDays = choices.horizonDays ?? 365;
  const closures =
    choices.repeatClosures !== false && fit.calendar && fit.calendar.closures.length > 0 ? { calendar: fit.calendar, startDate, horizonDays } : null;
  const out = fittedProductsToScenarioProducts(fit, { ...choices, closures });
  notes.push(...out.notes);
  const suppliers: Supplier[] = out.suppliers;
  const scenario: Scenario = {
    version: 1,
    name: choices.name,
    startDate,
    horizonDays,
    warmupDays: choices.warmupDays ?? 28,
    runs: choices.runs ?? 200,
    seed: choices.seed ?? "fitted",
    currency: choices.currency,
    products: out.products,
    suppliers,
  } as Scenario;
  if (choices.baskets && fit.baskets && out.products.length > 1) {
    const mean = fit.baskets.meanLinesPerOrder;
    for (const p of scenario.products) p.demand.ordersPerDay = Number((p.demand.ordersPerDay / mean).toPrecision(4));
    const d = fit.baskets.extraLinesPerOrder;
    const max = out.products.length - 1;
    if (d.kind === "empirical") {
      const values: number[] = [];
      const weights: number[] = [];
      d.values.forEach((v, i) => {
        const c = Math.min(v, max);
        const k = values.indexOf(c);
        if (k >= 0) weights[k] += d.weights![i];
        else (values.push(c), weights.push(d.weights![i]));
      });
      scenario.baskets = { extraLinesPerOrder: { kind: "empirical", values, weights } };
    } else scenario.baskets = { extraLinesPerOrder: d };
    notes.push({ code: "baskets", linesPerOrder: mean });
  }
  return { scenario, notes };
}
