/**
 * A run small enough to work by hand (docs/model.md, "A day by hand"): one product, exactly 3 orders
 * of 1 unit a day (the order-count draw is replaced by its mean so the run is deterministic), (r, nQ)
 * with r = 2, Q = 6, lead time 2 days, 4 units on hand at the start. Every RAW field is checked
 * against the numbers worked out in the comment below, not against the code's own output.
 *
 * day | receive | ship waiting | orders: from stock / backordered (quote) | end on-hand, backordered | review: IP → order
 *  0  |    –    |      –       | 3 / 0                                      | 1, 0                     | 1 ≤ 2 → 6 (arrives day 2)
 *  1  |    –    |      –       | 1 / 2 (quote day 2)                        | 0, 2                     | 0 + 6 − 2 = 4 → none
 *  2  |    6    | 2 (waited 1) | 3 / 0                                      | 1, 0                     | 1 → 6 (arrives day 4)
 *  3  |    –    |      –       | 1 / 2 (quote day 4)                        | 0, 2                     | 4 → none
 *  4  |    6    | 2 (waited 1) | 3 / 0                                      | 1, 0                     | 1 → 6 (arrives day 6, after the run)
 *  5  |    –    |      –       | 1 / 2 (quote day 6)                        | 0, 2                     | 4 → none
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/engine/dists.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/engine/dists.ts")>();
  return { ...actual, orderCountByInversion: (_u: number, lambda: number) => Math.round(lambda) };
});

import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, DAILY_SERIES, deriveMetrics, M, METRIC_COUNT, RAW, RAW_COUNT, RAW_FIELDS, type RawField } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { handWorkedScenario } from "./fixtures.ts";

const scenario = (warmupDays: number, horizonDays: number): Scenario => handWorkedScenario({ warmupDays, horizonDays });

function run(s: Scenario) {
  const model = compileScenario(s);
  const out = createRunOutput(model.nProducts, model.horizonDays);
  simulateRun(model, 0, out);
  return out;
}

const ZERO: Partial<Record<RawField, number>> = {};
for (const f of RAW_FIELDS) ZERO[f] = 0;

describe("simulateRun on a hand-worked run", () => {
  it("simulateRun(6 days, no warm-up) gives the hand-worked RAW sums", () => {
    const out = run(scenario(0, 6));
    const expected: Record<RawField, number> = {
      ...(ZERO as Record<RawField, number>),
      ordersAttempted: 18,
      ordersPlaced: 18,
      ordersBackordered: 6,
      ordersCancelled: 0,
      backorderedShipped: 4,
      promisesKept: 4,
      waitDaysSum: 4,
      unitsDemanded: 18,
      unitsFromStock: 12,
      unitsShipped: 16,
      unitsLost: 0,
      unitsCancelled: 0,
      unitsReceived: 12,
      onHandDaySum: 3,
      backorderedUnitDaySum: 6,
      backlogOrderDaySum: 6,
      stockoutDays: 3,
      replenishmentOrders: 3,
      splitShipments: 0,
      revenue: 160,
      purchaseCost: 48,
      holdingCost: 1.5,
      orderingCost: 21,
      penaltyCost: 12,
      endingOnHand: 0,
      endingWaitingUnits: 2,
      endingOpenOrders: 2,
      startingOnHand: 4,
      startingOnOrder: 0,
      startingWaitingUnits: 0,
      days: 6,
      ordersShipped: 16,
      unitsOrdered: 18,
      unitsShortDelivered: 0,
      startingAllocated: 0,
      endingAllocated: 0,
      startingOpenOrders: 0,
      endingOnOrder: 6,
    };
    const got = Object.fromEntries(RAW_FIELDS.map((f) => [f, out.raw[RAW[f]]]));
    expect(got).toEqual(expected);
    expect(out.raw.length).toBe(RAW_COUNT);
  });

  it("deriveMetrics on the hand-worked run gives the rates of docs/model.md §12", () => {
    const out = run(scenario(0, 6));
    const m = new Float64Array(METRIC_COUNT);
    deriveMetrics(out.raw, 0, m);
    expect(m[M.fillRate]).toBeCloseTo(12 / 18, 12);
    expect(m[M.backorderRate]).toBeCloseTo(6 / 18, 12);
    expect(m[M.promiseKeptRate]).toBe(1);
    expect(m[M.avgWaitDays]).toBe(1);
    expect(m[M.avgOnHand]).toBe(0.5);
    expect(m[M.avgBackorderedUnits]).toBe(1);
    expect(m[M.stockoutDayFraction]).toBe(0.5);
    expect(m[M.costPerDay]).toBeCloseTo(5.75, 12);
    expect(m[M.profit]).toBeCloseTo(77.5, 12);
  });

  it("simulateRun fills the daily series and the wait histogram", () => {
    const out = run(scenario(0, 6));
    const H = 6;
    const series = (name: (typeof DAILY_SERIES)[number]) =>
      Array.from(out.daily.subarray(DAILY_SERIES.indexOf(name) * H, (DAILY_SERIES.indexOf(name) + 1) * H));
    expect(series("onHand")).toEqual([1, 0, 1, 0, 1, 0]);
    expect(series("backorderedUnits")).toEqual([0, 2, 0, 2, 0, 2]);
    expect(series("backlogOrders")).toEqual([0, 2, 0, 2, 0, 2]);
    expect(series("newBackorders")).toEqual([0, 2, 0, 2, 0, 2]);
    expect(series("cancellations")).toEqual([0, 0, 0, 0, 0, 0]);
    expect(series("lostUnits")).toEqual([0, 0, 0, 0, 0, 0]);
    // Day 2 ships 2 waiting + 3 new units; day 1 ships the 1 unit in stock.
    expect(series("revenue")).toEqual([30, 10, 50, 10, 50, 10]);
    expect(Array.from(out.productDaily.subarray(0, H))).toEqual([1, 0, 1, 0, 1, 0]);
    expect(Array.from(out.productDaily.subarray(H, 2 * H))).toEqual([0, 2, 0, 2, 0, 2]);
    expect(out.waitHist[1]).toBe(4);
    expect(out.waitHist.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("simulateRun with 2 warm-up days counts from the start of day 2", () => {
    // At the start of day 2: nothing on hand, 2 units (2 orders) waiting, 6 units on order.
    const out = run(scenario(2, 4));
    const g = (f: RawField) => out.raw[RAW[f]];
    expect(g("startingOnHand")).toBe(0);
    expect(g("startingWaitingUnits")).toBe(2);
    expect(g("startingOpenOrders")).toBe(2);
    expect(g("startingOnOrder")).toBe(6);
    expect(g("ordersAttempted")).toBe(12);
    expect(g("unitsFromStock")).toBe(8);
    expect(g("unitsShipped")).toBe(12);
    expect(g("ordersBackordered")).toBe(4);
    // The two orders backordered during warm-up ship on day 2 and count then.
    expect(g("backorderedShipped")).toBe(4);
    expect(g("waitDaysSum")).toBe(4);
    expect(g("unitsReceived")).toBe(12);
    expect(g("onHandDaySum")).toBe(2);
    expect(g("backorderedUnitDaySum")).toBe(4);
    expect(g("stockoutDays")).toBe(2);
    expect(g("replenishmentOrders")).toBe(2);
    expect(g("orderingCost")).toBe(14);
    expect(g("revenue")).toBe(120);
    expect(g("holdingCost")).toBe(1);
    expect(g("penaltyCost")).toBe(8);
    expect(g("endingWaitingUnits")).toBe(2);
    expect(g("endingOnOrder")).toBe(6);
    expect(g("days")).toBe(4);
  });
});
