/**
 * Fulfilment capacity, surge, split shipments and baskets (docs/model.md §5), on runs worked by hand:
 * the Poisson sampler is replaced by its mean so every day brings exactly `ordersPerDay` orders.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/engine/dists.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/engine/dists.ts")>();
  return { ...actual, orderCountByInversion: (_u: number, lambda: number) => Math.round(lambda) };
});

import { DAILY_SERIES } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { product, runOnce, scenario, supplier } from "./fixtures.ts";

describe("fulfilment", () => {
  // 3 orders a day, always in stock, capacity 2 orders a day: the backlog grows by one order a day.
  const capped = scenario([product("a", { initialOnHand: 1000 })], { fulfillment: { capacityOrdersPerDay: 2, shippingCostPerShipment: 1 } });

  it("capacityOrdersPerDay ships the oldest orders first and leaves the rest as backlog, not backorders", () => {
    const { g, out } = runOnce(capped);
    expect(g("ordersPlaced")).toBe(15);
    expect(g("ordersBackordered")).toBe(0);
    expect(g("unitsFromStock")).toBe(15);
    expect(g("ordersShipped")).toBe(10);
    expect(g("unitsShipped")).toBe(10);
    expect(g("revenue")).toBe(100);
    expect(g("shippingCost")).toBe(10);
    expect(g("backlogOrderDaySum")).toBe(1 + 2 + 3 + 4 + 5);
    expect(g("backorderedUnitDaySum")).toBe(0);
    expect(g("endingOpenOrders")).toBe(5);
    expect(g("endingAllocated")).toBe(5);
    expect(g("endingWaitingUnits")).toBe(5);
    const H = 5;
    const backlog = DAILY_SERIES.indexOf("backlogOrders");
    expect(Array.from(out.daily.subarray(backlog * H, (backlog + 1) * H))).toEqual([1, 2, 3, 4, 5]);
  });

  it("surge adds capacity at costPerOrder while the backlog is above its threshold", () => {
    const { g } = runOnce({
      ...capped,
      fulfillment: { capacityOrdersPerDay: 2, surge: { extraOrdersPerDay: 10, costPerOrder: 2, whenBacklogOrdersAbove: 2 } },
    });
    // Each day 3 orders wait (> 2): capacity 12, all 3 ship, one of them on surge capacity.
    expect(g("ordersShipped")).toBe(15);
    expect(g("surgeCost")).toBe(10);
    expect(g("backlogOrderDaySum")).toBe(0);
  });

  // Two products; every order has one extra line for the other product. A is always in stock;
  // B starts empty with base stock 2 and a 3-day lead time, so B lines wait (see the comments).
  function basket(split: boolean): Scenario {
    return scenario(
      [
        product("a", {
          demand: { ordersPerDay: 1, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
          initialOnHand: 100,
          policy: { kind: "baseStock", orderUpTo: 100 },
        }),
        product("b", {
          demand: { ordersPerDay: 1, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
          initialOnHand: 0,
          policy: { kind: "baseStock", orderUpTo: 2 },
          sourcing: { kind: "single", supplier: "slow" },
        }),
      ],
      {
        suppliers: [supplier("s"), supplier("slow", { leadTimeDays: { kind: "fixed", value: 3 } })],
        baskets: { extraLinesPerOrder: { kind: "fixed", value: 1 } },
        fulfillment: { capacityOrdersPerDay: 1000, shippingCostPerShipment: 1, splitShipments: split },
      },
    );
  }
  // B: each day 2 lines wait. Reviews order 4 (day 0: IP −2), then 2 a day; day 3 receives 4 for
  // the lines of days 0–1, day 4 receives 2 for those of day 2.

  it("baskets add a line for another product to every order", () => {
    const { g } = runOnce(basket(true));
    expect(g("ordersAttempted", 0)).toBe(10);
    expect(g("ordersAttempted", 1)).toBe(10);
    expect(g("unitsDemanded", 1)).toBe(10);
    expect(g("ordersBackordered", 1)).toBe(10);
    expect(g("ordersBackordered", 0)).toBe(0);
  });

  it("splitShipments ships available lines now and the rest later, one extra shipment each", () => {
    const { total, g } = runOnce(basket(true));
    expect(g("unitsShipped", 0)).toBe(10);
    expect(g("unitsShipped", 1)).toBe(6);
    expect(total("splitShipments")).toBe(6);
    expect(total("shippingCost")).toBe(10 + 6);
    expect(g("endingAllocated", 0)).toBe(0);
  });

  it("without splitShipments an order waits whole, its available lines reserved", () => {
    const { total, g } = runOnce(basket(false));
    expect(g("unitsShipped", 0)).toBe(6);
    expect(g("unitsShipped", 1)).toBe(6);
    expect(total("splitShipments")).toBe(0);
    expect(total("shippingCost")).toBe(6);
    expect(g("endingAllocated", 0)).toBe(4);
    expect(g("unitsFromStock", 0)).toBe(10);
  });
});
