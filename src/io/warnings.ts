/**
 * Warnings: input that is valid but probably not what the planner meant. They never stop a run;
 * the editor shows them beside the field and the CLI prints them on stderr.
 */
import type { Dist, Product, Scenario } from "../engine/scenario.ts";
import { sourcingKindOf, sourcingSupplierIds, usualSuppliers } from "../engine/sourcing.ts";
import { policyKindOf } from "../engine/kinds/policy/index.ts";
import { distFamilyOf } from "../engine/kinds/distribution/index.ts";
import { joinPath, shortText, type Issue, type PathSegment } from "./issue.ts";

/** Multipliers averaging outside this band move demand far from `ordersPerDay`. */
const MULTIPLIER_MEAN_BAND = [0.8, 1.25] as const;
const FEW_RUNS = 30;

/**
 * What a product's warnings depend on besides the product: each supplier's cost multiplier and the
 * horizon. `key` is equal for equal contexts, so a product's warnings can be kept while it is.
 */
export interface ProductWarningContext {
  supplierCost: Map<string, number>;
  horizonDays: number;
  key: string;
}

export function productWarningContext(s: Pick<Scenario, "suppliers" | "horizonDays">): ProductWarningContext {
  const supplierCost = new Map(s.suppliers.map((x) => [x.id, x.unitCostMultiplier ?? 1]));
  return { supplierCost, horizonDays: s.horizonDays, key: JSON.stringify([s.horizonDays, [...supplierCost]]) };
}

/**
 * The scenario's warnings. `productWarningsAt(i)`, when given, stands for `productWarnings` of
 * product i at index i (a caller that kept them while the product and the context did not change).
 */
export function scenarioWarnings(s: Scenario, productWarningsAt?: (i: number, ctx: ProductWarningContext) => Issue[]): Issue[] {
  const out: Issue[] = [];
  const warn = (path: PathSegment[], message: string) => out.push({ path: joinPath(path), message });

  if (s.runs < FEW_RUNS) warn(["runs"], `only ${s.runs} runs: spreads and confidence intervals will be rough (30 or more recommended)`);
  if (!/^[A-Z]{3}$/.test(s.currency)) warn(["currency"], `${JSON.stringify(shortText(s.currency))} is not a three-letter currency code such as EUR or USD`);

  const ctx = productWarningContext(s);
  const used = new Set<string>();
  s.products.forEach((p, i) => {
    for (const id of sourcingSupplierIds(p.sourcing)) used.add(id);
    const own = productWarningsAt ? productWarningsAt(i, ctx) : productWarnings(p, ctx, i);
    for (const w of own) out.push(w);
  });

  s.suppliers.forEach((sup, i) => {
    if (!used.has(sup.id)) warn(["suppliers", i, "id"], `no product is sourced from supplier ${JSON.stringify(shortText(sup.id))}`);
    checkDist(sup.leadTimeDays, ["suppliers", i, "leadTimeDays"], 1, "lead times", warn);
    if (sup.disruptions) checkDist(sup.disruptions.durationDays, ["suppliers", i, "disruptions", "durationDays"], 1, "durations", warn);
  });
  if (s.baskets) checkDist(s.baskets.extraLinesPerOrder, ["baskets", "extraLinesPerOrder"], 0, "", warn);
  return out;
}

/** Warnings about product `p`, as product `i` of the scenario (paths "products[i]…"). */
export function productWarnings(p: Product, ctx: ProductWarningContext, i: number): Issue[] {
  const out: Issue[] = [];
  const warn = (path: PathSegment[], message: string) => out.push({ path: joinPath(path), message });
  const { supplierCost } = ctx;
  const at = (...rest: PathSegment[]) => ["products", i, ...rest];
  const usualIds = usualSuppliers(p.sourcing).map((x) => x.id);
  const cheapest = Math.min(...usualIds.map((id) => p.unitCost * (supplierCost.get(id) ?? 1)));
  if (p.price < p.unitCost) warn(at("price"), `price ${p.price} is below unit cost ${p.unitCost}: every unit sold loses money`);
  else if (p.price < cheapest) warn(at("price"), `price ${p.price} is below the purchase cost ${round(cheapest)} after the supplier's unitCostMultiplier`);

  const d = p.demand;
  if (d.ordersPerDay === 0) warn(at("demand", "ordersPerDay"), "is 0: this product never sells");
  for (const key of ["weekly", "monthly"] as const) {
    const m = d[key];
    if (!m) continue;
    const mean = m.reduce((a, b) => a + b, 0) / m.length;
    if (mean < MULTIPLIER_MEAN_BAND[0] || mean > MULTIPLIER_MEAN_BAND[1]) {
      const pct = Math.round(Math.abs(mean - 1) * 100);
      warn(
        at("demand", key),
        `${key} multipliers average ${round(mean)}, so demand runs about ${pct} % ${mean > 1 ? "above" : "below"} ordersPerDay; normalise them to average 1 if ordersPerDay is already the average`,
      );
    }
  }
  if (d.monthlyShape === "step" && !d.monthly) warn(at("demand", "monthlyShape"), `"step" has no effect without monthly multipliers`);
  d.shocks?.forEach((shock, j) => {
    if ("startDay" in shock && shock.startDay >= ctx.horizonDays)
      warn(at("demand", "shocks", j, "startDay"), `day ${shock.startDay} is after the horizon (${ctx.horizonDays} days): this event never happens`);
  });

  for (const w of policyKindOf(p.policy).warnings(p.policy)) warn(at("policy", ...w.path), w.message);
  for (const w of sourcingKindOf(p.sourcing).warnings(p.sourcing)) warn(at("sourcing", ...w.path), w.message);

  if (p.backorders.mode === "deny" && p.customers && (p.customers.cancelHazardPerDay || p.customers.lateCancelHazardPerDay || p.customers.willingToWaitDays))
    warn(at("customers"), "backorders are denied for this product, so customers' patience and cancellations have no effect");

  checkDist(d.unitsPerOrder, at("demand", "unitsPerOrder"), 1, "units per order", warn);
  if (p.customers?.willingToWaitDays) checkDist(p.customers.willingToWaitDays, at("customers", "willingToWaitDays"), 0, "", warn);
  if (d.monthlyShape === "step" && !d.monthly) warn(at("demand", "monthlyShape"), `"step" has no effect without monthly multipliers`);
  d.shocks?.forEach((shock, j) => {
    if ("probabilityPerDay" in shock) {
      checkDist(shock.multiplier, at("demand", "shocks", j, "multiplier"), 0, "", warn);
      checkDist(shock.durationDays, at("demand", "shocks", j, "durationDays"), 1, "durations", warn);
    }
  });
  return out;
}

/** Warns where the field's use (rounding, clamping at `floor`) changes a distribution noticeably: its family's warnings. */
function checkDist(d: Dist, path: PathSegment[], floor: number, what: string, warn: (p: PathSegment[], m: string) => void): void {
  for (const w of distFamilyOf(d).warnings(d, { floor, what })) warn([...path, ...w.path], w.message);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
