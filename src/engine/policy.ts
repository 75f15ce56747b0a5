/**
 * Replenishment rules (docs/model.md §3, policy). All act on the inventory position
 * IP = on-hand + on-order − backordered units, at the end of a review day.
 */
import { policyKindOf } from "./kinds/policy/index.ts";
import { PolicyCode } from "./policyCode.ts";
import { assertNever, type Policy } from "./scenario.ts";

export { PolicyCode } from "./policyCode.ts";

/** Units to order at a review. Levels are whole units. */
export function orderQuantity(code: PolicyCode, ip: number, reorderPoint: number, orderUpTo: number, batch: number): number {
  switch (code) {
    case PolicyCode.OrderUpTo:
      return ip < orderUpTo ? orderUpTo - ip : 0;
    case PolicyCode.SS:
      return ip <= reorderPoint && orderUpTo > ip ? orderUpTo - ip : 0;
    case PolicyCode.RQ:
      return ip <= reorderPoint ? (Math.floor((reorderPoint - ip) / batch) + 1) * batch : 0;
    default:
      return assertNever(code, "policy code");
  }
}

/** The code a scenario policy runs as (safetyStock with a batch size is (r, nQ) on its reorder point). */
export function policyCode(p: Policy): PolicyCode {
  return policyKindOf(p).compile(p, null).code;
}
