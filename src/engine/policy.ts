/**
 * Replenishment rules (docs/model.md §3, policy). All act on the inventory position
 * IP = on-hand + on-order − backordered units, at the end of a review day.
 */
import { assertNever, type Policy } from "./scenario.ts";

export const PolicyCode = {
  /** Order up to a level (baseStock, or safetyStock without orderQuantity: level = reorder point). */
  OrderUpTo: 0,
  /** (s, S): when IP ≤ s, order up to S. */
  SS: 1,
  /** (r, nQ): when IP ≤ r, order the smallest multiple of Q that lifts IP above r. */
  RQ: 2,
} as const;
export type PolicyCode = (typeof PolicyCode)[keyof typeof PolicyCode];

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
  switch (p.kind) {
    case "baseStock":
      return PolicyCode.OrderUpTo;
    case "sS":
      return PolicyCode.SS;
    case "rQ":
      return PolicyCode.RQ;
    case "safetyStock":
      return p.orderQuantity !== undefined && p.orderQuantity > 0 ? PolicyCode.RQ : PolicyCode.OrderUpTo;
    default:
      return assertNever(p, "policy");
  }
}
