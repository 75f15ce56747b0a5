/**
 * One product simulated on its own, and typed changes to one compiled product.
 *
 * When products never interact (productsStandAlone: no baskets, unlimited shipping capacity), a
 * product's figures depend only on itself, its suppliers and the seed: every random stream is named
 * after them (runRandom.ts), so the product's demand, its customers, its lead times and its
 * suppliers' outages are drawn exactly as in the whole scenario. A decision about that product then
 * needs only that product simulated, whatever the size of the catalogue.
 */
import { compileBackorders, compileScenario, type CompiledModel, type CompiledProduct } from "./compile.ts";
import { policyKindOf } from "./kinds/policy/index.ts";
import { PolicyCode } from "./policy.ts";
import { assertNever, type Backorders, type Policy, type Product, type Scenario } from "./scenario.ts";
import { sourcingSupplierIds, withSourcingKind } from "./sourcing.ts";

export { productsStandAlone } from "./productSim.ts";

/** Ids of the suppliers a product orders from. */
export function suppliersOfProduct(p: Product): string[] {
  return sourcingSupplierIds(withSourcingKind(p.sourcing, `products.${p.id}.sourcing`));
}

/**
 * The scenario holding product `index` alone, with only its suppliers (their outages are drawn from
 * streams named after the supplier, so they are those of the whole scenario). Only for scenarios whose
 * products never interact: the caller checks productsStandAlone.
 */
export function standAloneScenario(s: Scenario, index: number): Scenario {
  const p = s.products[index];
  const ids = new Set(suppliersOfProduct(p));
  return { ...s, products: [p], suppliers: s.suppliers.filter((x) => ids.has(x.id)) };
}

/** The policy's starting stock when the product states none (compile.ts): S, or r + Q. */
function defaultInitial(prod: CompiledProduct): number {
  switch (prod.policy) {
    case PolicyCode.OrderUpTo:
    case PolicyCode.SS:
      return prod.orderUpTo;
    case PolicyCode.RQ:
      return prod.reorderPoint + prod.batch;
    default:
      return assertNever(prod.policy, "policy code");
  }
}

/**
 * The model with product `p`'s policy replaced — a typed change to one compiled product, nothing
 * parsed or compiled again. `initialOnHand` null: the policy's own starting stock (as when the
 * scenario states none). Policies stated in fixed levels only (base stock, (s, S), (r, Q)); a policy
 * whose reorder point follows the forecast (safety stock) is compiled with its scenario (levelModel).
 */
export function withProductPolicy(m: CompiledModel, p: number, policy: Policy, initialOnHand: number | null): CompiledModel {
  const prod = m.products[p];
  const kind = policyKindOf(policy);
  if (kind.forecastTarget(policy))
    throw new Error(`withProductPolicy: a ${policy.kind} policy follows the forecast and is compiled with its scenario (levelModel)`);
  const { code, reorderPoint, orderUpTo, batch } = kind.compile(policy, null);
  const changed: CompiledProduct = {
    ...prod,
    policy: code,
    reviewPeriodDays: Math.max(1, Math.round(policy.reviewPeriodDays ?? prod.reviewPeriodDays)),
    reorderPoint,
    orderUpTo,
    batch,
    target: null,
  };
  const start = initialOnHand ?? defaultInitial(changed);
  const products = m.products.slice();
  products[p] = { ...changed, initialOnHand: Math.max(0, Math.round(start)) };
  return { ...m, products };
}

/**
 * Product `index` of a stand-alone scenario at another policy, compiled for simulation alone:
 * a typed change of the compiled product for base-stock, (s, S) and (r, Q), a compile of the one
 * product for safety-stock policies.
 */
export function levelModel(alone: Scenario, base: CompiledModel, policy: Policy, initialOnHand: number | undefined): CompiledModel {
  if (policyKindOf(policy).forecastTarget(policy) || policyKindOf(alone.products[0].policy).forecastTarget(alone.products[0].policy)) {
    const p = alone.products[0];
    const { initialOnHand: _old, ...rest } = p;
    return compileScenario({ ...alone, products: [{ ...rest, policy, ...(initialOnHand !== undefined ? { initialOnHand } : {}) }] });
  }
  return withProductPolicy(base, 0, policy, initialOnHand ?? null);
}

/** The model with product `p`'s backorder setting replaced (a typed change, as compile.ts reads it). */
export function withProductBackorders(m: CompiledModel, p: number, b: Backorders): CompiledModel {
  const products = m.products.slice();
  products[p] = { ...m.products[p], ...compileBackorders(b) };
  return { ...m, products };
}
