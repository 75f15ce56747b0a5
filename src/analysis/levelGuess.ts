/**
 * A textbook first guess of a policy level, used only to centre the optimiser's grid (the
 * simulation then decides). With the day order of docs/model.md §2 an order placed at the end of
 * day t with lead time L is usable on day t + L, so a review every R days has to cover demand over
 * L + R − 1 days; the level is that demand's mean plus z standard deviations, z from the critical
 * ratio p / (p + h) (newsvendor) or from the service target.
 */
import { distMean, distSd } from "../engine/dists.ts";
import { expectedOrdersCurve } from "../engine/demandCurve.ts";
import { normalQuantile } from "../engine/special.ts";
import type { Product, Scenario, Supplier } from "../engine/scenario.ts";
import { usualSuppliers, withSourcingKind } from "../engine/sourcing.ts";
import { policyKindOf } from "../engine/kinds/policy/index.ts";
import type { Objective } from "./objective.ts";
import type { LevelParam } from "./policyLevel.ts";

export interface DemandOverProtection {
  /** Mean units demanded per day over the horizon. */
  unitsPerDay: number;
  /** Days of demand a level has to cover (mean lead time + review period − 1). */
  protectionDays: number;
  mean: number;
  sd: number;
}

function suppliersOf(p: Product, s: Scenario): { supplier: Supplier; share: number }[] {
  const byId = (id: string) => s.suppliers.find((x) => x.id === id);
  const list = usualSuppliers(withSourcingKind(p.sourcing, `products.${p.id}.sourcing`));
  return list.flatMap((x) => {
    const sup = byId(x.id);
    return sup ? [{ supplier: sup, share: x.share }] : [];
  });
}

/** Mean and sd of units demanded over the protection period (lead-time demand plus review period). */
export function demandOverProtection(s: Scenario, productId: string): DemandOverProtection {
  const p = s.products.find((x) => x.id === productId);
  if (!p) throw new Error(`no product '${productId}'`);
  const curve = expectedOrdersCurve(p.demand, s.startDate, s.warmupDays, s.warmupDays + s.horizonDays);
  let orders = 0;
  for (let t = s.warmupDays; t < curve.length; t++) orders += curve[t];
  const ordersPerDay = orders / Math.max(1, s.horizonDays);
  const u = distMean(p.demand.unitsPerOrder);
  const u2 = distSd(p.demand.unitsPerOrder) ** 2 + u * u;
  const unitsPerDay = ordersPerDay * u;
  const k = p.demand.orderCount.kind === "negativeBinomial" ? p.demand.orderCount.dispersion : Infinity;
  const varPerDay = ordersPerDay * u2 + (Number.isFinite(k) ? (ordersPerDay * ordersPerDay * u * u) / k : 0);

  const sups = suppliersOf(p, s);
  const totalShare = sups.reduce((a, x) => a + x.share, 0) || 1;
  let lMean = 0;
  let lSecond = 0;
  for (const { supplier, share } of sups) {
    const m = Math.max(1, distMean(supplier.leadTimeDays));
    const sd = distSd(supplier.leadTimeDays);
    lMean += (share / totalShare) * m;
    lSecond += (share / totalShare) * (sd * sd + m * m);
  }
  if (sups.length === 0) lMean = lSecond = 1;
  const lVar = Math.max(0, lSecond - lMean * lMean);
  const review = p.policy.reviewPeriodDays ?? 1;
  const protectionDays = Math.max(1, lMean + review - 1);
  const mean = unitsPerDay * protectionDays;
  const sd = Math.sqrt(varPerDay * protectionDays + unitsPerDay * unitsPerDay * lVar);
  return { unitsPerDay, protectionDays, mean, sd };
}

/** The service quantile a level should reach under an objective (a rough guide for the grid's centre). */
export function targetQuantile(p: Product, objective: Objective): number {
  const h = p.holdingCostPerUnitDay;
  switch (objective.kind) {
    case "minCost": {
      const penalty = (p.backorders.mode === "deny" ? p.lostSaleCost : p.backorderCostPerUnitDay) ?? 0;
      return penalty + h > 0 ? clampQ(penalty / (penalty + h)) : 0.9;
    }
    case "maxProfit": {
      const margin = p.price - p.unitCost + (p.backorders.mode === "deny" ? (p.lostSaleCost ?? 0) : 0);
      return margin + h > 0 ? clampQ(margin / (margin + h * 30)) : 0.9;
    }
    case "constraint":
      return objective.metric === "fillRate" && objective.op === ">=" ? clampQ(objective.target) : 0.9;
    default: {
      const _: never = objective;
      return _;
    }
  }
}

function clampQ(q: number): number {
  return Math.min(0.999, Math.max(0.5, q));
}

/** Textbook guess of the level for `param`, in the parameter's own unit (each policy kind guesses its own parameters). */
export function guessLevel(s: Scenario, productId: string, param: LevelParam, objective: Objective): number {
  const p = s.products.find((x) => x.id === productId);
  if (!p) throw new Error(`no product '${productId}'`);
  const d = demandOverProtection(s, productId);
  const q = targetQuantile(p, objective);
  const z = normalQuantile(q);
  const safety = Math.max(0, z * d.sd);
  return policyKindOf(p.policy).guessLevel(p.policy, param, { mean: d.mean, safety, unitsPerDay: d.unitsPerDay, quantile: q });
}
