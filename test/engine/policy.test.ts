/** Order quantities of each policy at a review, worked by hand. */
import { describe, expect, it } from "vitest";
import { orderQuantity, PolicyCode, policyCode } from "../../src/engine/policy.ts";

describe("policy", () => {
  it("orderQuantity(OrderUpTo) raises IP to S", () => {
    expect(orderQuantity(PolicyCode.OrderUpTo, 3, 0, 10, 1)).toBe(7);
    expect(orderQuantity(PolicyCode.OrderUpTo, 10, 0, 10, 1)).toBe(0);
    expect(orderQuantity(PolicyCode.OrderUpTo, 12, 0, 10, 1)).toBe(0);
    expect(orderQuantity(PolicyCode.OrderUpTo, -4, 0, 10, 1)).toBe(14);
  });

  it("orderQuantity(sS) orders up to S when IP ≤ s (not only below)", () => {
    expect(orderQuantity(PolicyCode.SS, 4, 4, 10, 1)).toBe(6);
    expect(orderQuantity(PolicyCode.SS, 5, 4, 10, 1)).toBe(0);
    expect(orderQuantity(PolicyCode.SS, -3, 4, 10, 1)).toBe(13);
  });

  it("orderQuantity(rQ) orders the smallest multiple of Q that lifts IP above r", () => {
    expect(orderQuantity(PolicyCode.RQ, 3, 3, 0, 5)).toBe(5); // 3 + 5 = 8 > 3
    expect(orderQuantity(PolicyCode.RQ, 4, 3, 0, 5)).toBe(0);
    expect(orderQuantity(PolicyCode.RQ, -2, 3, 0, 5)).toBe(10); // −2 + 5 = 3 is not above 3
    expect(orderQuantity(PolicyCode.RQ, -3, 3, 0, 5)).toBe(10); // −3 + 10 = 7
    expect(orderQuantity(PolicyCode.RQ, -7, 3, 0, 5)).toBe(15); // −7 + 10 = 3, + 15 = 8
  });

  it("policyCode maps safetyStock to order-up-to, or (r, nQ) with an order quantity", () => {
    expect(policyCode({ kind: "safetyStock", safetyStock: { units: 3 } })).toBe(PolicyCode.OrderUpTo);
    expect(policyCode({ kind: "safetyStock", safetyStock: { units: 3 }, orderQuantity: 20 })).toBe(PolicyCode.RQ);
    expect(policyCode({ kind: "sS", reorderPoint: 1, orderUpTo: 2 })).toBe(PolicyCode.SS);
    expect(policyCode({ kind: "baseStock", orderUpTo: 2 })).toBe(PolicyCode.OrderUpTo);
    expect(policyCode({ kind: "rQ", reorderPoint: 1, orderQuantity: 2 })).toBe(PolicyCode.RQ);
  });
});
