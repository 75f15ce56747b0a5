/**
 * Invariants of every run of every valid scenario, per product, with the bookkeeping of
 * docs/model.md ("Bookkeeping"). "Waiting" units belong to accepted order lines not yet shipped
 * (whether or not stock is reserved for them); "allocated" units are on hand but reserved for such
 * lines; "on hand" (RAW startingOnHand/endingOnHand) is stock not reserved. All counts are after warm-up;
 * starting* is the state at the start of the first counted day, ending* after the last day.
 *
 *   units:     unitsDemanded + startingWaitingUnits = unitsShipped + unitsLost + unitsCancelled + endingWaitingUnits
 *   stock:     startingOnHand + startingAllocated + unitsReceived = unitsShipped + endingOnHand + endingAllocated
 *   pipeline:  startingOnOrder + unitsOrdered = unitsReceived + unitsShortDelivered + endingOnOrder
 *   orders:    startingOpenOrders + ordersPlaced = ordersShipped + linesCancelled + endingOpenOrders
 *              (counted per order line of the product)
 * and nothing is negative, every rate lies in [0, 1], and the daily series and wait histogram add
 * up to the run totals.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, DAILY_SERIES, deriveMetrics, M, METRIC_COUNT, RAW, RAW_COUNT, RAW_FIELDS, sumRaw, type RawField } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { scenarioArbitrary } from "./scenarioArbitrary.ts";

/** Every rate: each numerator counts a subset of what its denominator counts (docs/model.md §6). */
const RATES = [
  "backorderRate",
  "fillRate",
  "lostSalesRate",
  "cancellationRate",
  "backorderCancellationRate",
  "promiseKeptRate",
  "stockoutDayFraction",
] as const;

function check(s: Scenario): void {
  const model = compileScenario(s);
  const H = model.horizonDays;
  const out = createRunOutput(model.nProducts, H);
  const metrics = new Float64Array(METRIC_COUNT);
  const total = new Float64Array(RAW_COUNT);
  for (let run = 0; run < s.runs; run++) {
    simulateRun(model, run, out);
    for (let p = 0; p < model.nProducts; p++) {
      const g = (f: RawField) => out.raw[p * RAW_COUNT + RAW[f]];
      const where = `product ${p}, run ${run}`;
      expect(g("unitsDemanded") + g("startingWaitingUnits"), `units, ${where}`).toBe(
        g("unitsShipped") + g("unitsLost") + g("unitsCancelled") + g("endingWaitingUnits"),
      );
      expect(g("startingOnHand") + g("startingAllocated") + g("unitsReceived"), `stock, ${where}`).toBe(
        g("unitsShipped") + g("endingOnHand") + g("endingAllocated"),
      );
      expect(g("startingOnOrder") + g("unitsOrdered"), `pipeline, ${where}`).toBe(g("unitsReceived") + g("unitsShortDelivered") + g("endingOnOrder"));
      expect(g("startingOpenOrders") + g("ordersPlaced"), `orders, ${where}`).toBe(g("ordersShipped") + g("linesCancelled") + g("endingOpenOrders"));
      for (const f of RAW_FIELDS) {
        if (f === "expediteCost") continue;
        expect(g(f), `${f} ≥ 0, ${where}`).toBeGreaterThanOrEqual(0);
      }
      expect(g("unitsFromStock")).toBeLessThanOrEqual(g("unitsDemanded"));
      expect(g("ordersPlaced")).toBeLessThanOrEqual(g("ordersAttempted"));
      expect(g("ordersBackordered")).toBeLessThanOrEqual(g("ordersPlaced"));
      expect(g("promisesKept")).toBeLessThanOrEqual(g("backorderedShipped"));
      expect(g("endingAllocated")).toBeLessThanOrEqual(g("endingWaitingUnits"));
      expect(g("linesCancelled")).toBeLessThanOrEqual(g("ordersPlaced") + g("startingOpenOrders"));
      expect(g("ordersCancelled"), `cancelled ⊆ backordered, ${where}`).toBeLessThanOrEqual(g("ordersBackordered"));
      expect(g("ordersCancelled")).toBeLessThanOrEqual(g("linesCancelled"));
      expect(g("backorderedShipped")).toBeLessThanOrEqual(g("ordersShipped"));
      expect(g("days")).toBe(H);
      const prod = s.products[p];
      expect(g("revenue")).toBeCloseTo(prod.price * g("unitsShipped"), 6);
      deriveMetrics(out.raw, p * RAW_COUNT, metrics);
      for (const r of RATES) {
        expect(metrics[M[r]], `${r}, ${where}`).toBeGreaterThanOrEqual(0);
        expect(metrics[M[r]], `${r}, ${where}`).toBeLessThanOrEqual(1);
      }
    }
    sumRaw(out.raw, model.nProducts, total);
    deriveMetrics(total, 0, metrics);
    for (const r of RATES) {
      expect(metrics[M[r]]).toBeGreaterThanOrEqual(0);
      expect(metrics[M[r]]).toBeLessThanOrEqual(1);
    }
    const seriesSum = (name: (typeof DAILY_SERIES)[number]) =>
      out.daily.subarray(DAILY_SERIES.indexOf(name) * H, (DAILY_SERIES.indexOf(name) + 1) * H).reduce((a, b) => a + b, 0);
    expect(seriesSum("lostUnits")).toBe(total[RAW.unitsLost]);
    expect(seriesSum("onHand")).toBe(total[RAW.onHandDaySum]);
    expect(seriesSum("backorderedUnits")).toBe(total[RAW.backorderedUnitDaySum]);
    expect(seriesSum("revenue")).toBeCloseTo(total[RAW.revenue], 6);
    expect(out.waitHist.reduce((a, b) => a + b, 0)).toBe(total[RAW.backorderedShipped]);
    expect(out.daily.reduce((a, b) => Math.min(a, b), 0)).toBe(0);
  }
}

describe("conservation on random scenarios", () => {
  it("simulateRun conserves units, stock, pipeline and order lines on random scenarios", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => check(s)),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it("simulateRun conserves them over long horizons (up to 400 days, up to two products)", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ maxProducts: 2, maxHorizon: 400 }), (s) => check(s)),
      { numRuns: 60, seed: 7 },
    );
  });
});
