/**
 * The units a safety stock stands for when it is given as a service level (or days of demand): the
 * reorder point the model orders up to minus the forecast demand over the protection window, day
 * by day over the horizon (docs/model.md, safetyStock policy). Read from the model the simulation
 * itself compiles — the same curve — as the difference between the policy as given and the same
 * policy with no safety stock, so every rule (seasonality, lead-time spread, review period) is the
 * model's own. Seasonal demand makes it move through the year: mean, least and most are given.
 */
import { compileScenario } from "../engine/compile.ts";
import type { SafetyStockSpec, Scenario } from "../engine/scenario.ts";
import { productsStandAlone } from "../engine/productSim.ts";

export interface SafetyStockUnits {
  /** Mean over the horizon's days (units). */
  mean: number;
  min: number;
  max: number;
}

/**
 * Safety stock in units of `productId` with its policy's safety stock replaced by `spec` (default
 * the policy's own). Null when the product's policy is not a safety-stock policy.
 */
export function safetyStockUnits(s: Scenario, productId: string, spec?: SafetyStockSpec): SafetyStockUnits | null {
  const index = s.products.findIndex((p) => p.id === productId);
  const p = s.products[index];
  if (!p || p.policy.kind !== "safetyStock") return null;
  const given = spec ?? p.policy.safetyStock;
  if ("units" in given) return { mean: given.units, min: given.units, max: given.units };
  // A product that never interacts compiles alone (its curves depend only on it and its suppliers).
  const alone = productsStandAlone(s);
  const at = alone ? 0 : index;
  const withSpec = (ss: SafetyStockSpec): Scenario => {
    const products = alone ? [p] : s.products;
    return { ...s, products: products.map((q, i) => (i === at ? { ...q, policy: { ...p.policy, safetyStock: ss } as typeof p.policy } : q)) };
  };
  const a = compileScenario(withSpec(given)).products[at].target;
  const b = compileScenario(withSpec({ units: 0 })).products[at].target;
  if (!a || !b) return null;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let t = s.warmupDays; t < a.length; t++) {
    const d = a[t] - b[t];
    sum += d;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const n = a.length - s.warmupDays;
  return n > 0 ? { mean: sum / n, min, max } : null;
}
