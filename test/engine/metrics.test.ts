/** deriveMetrics on raw sums built by hand (docs/model.md §6). */
import { describe, expect, it } from "vitest";
import { deriveMetrics, M, METRIC_COUNT, METRICS, RAW, RAW_COUNT } from "../../src/engine/metrics.ts";

function metricsOf(fields: Partial<Record<keyof typeof RAW, number>>): Float64Array {
  const raw = new Float64Array(RAW_COUNT);
  for (const [k, v] of Object.entries(fields)) raw[RAW[k as keyof typeof RAW]] = v!;
  const out = new Float64Array(METRIC_COUNT);
  deriveMetrics(raw, 0, out);
  return out;
}

describe("deriveMetrics", () => {
  it("backorderCancellationRate is cancellations among the customers asked to wait, cancellationRate among all orders", () => {
    // 200 orders placed, 20 of them asked to wait, 12 of those cancelled.
    const m = metricsOf({ ordersAttempted: 210, ordersPlaced: 200, ordersBackordered: 20, ordersCancelled: 12, days: 30 });
    expect(m[M.cancellationRate]).toBeCloseTo(12 / 200, 15);
    expect(m[M.backorderCancellationRate]).toBeCloseTo(12 / 20, 15);
    expect(m[M.ordersCancelled]).toBe(12);
  });

  it("backorderCancellationRate is 0 when nobody was asked to wait", () => {
    const m = metricsOf({ ordersAttempted: 50, ordersPlaced: 50, days: 30 });
    expect(m[M.backorderCancellationRate]).toBe(0);
    expect(Number.isNaN(m[M.backorderCancellationRate])).toBe(false);
  });

  it("keeps every DESIGN §6 name and adds backorderCancellationRate", () => {
    for (const name of [
      "ordersAttempted",
      "ordersPlaced",
      "backorderRate",
      "fillRate",
      "lostSalesRate",
      "cancellationRate",
      "promiseKeptRate",
      "avgWaitDays",
      "avgOnHand",
      "avgBackorderedUnits",
      "avgBacklogOrders",
      "stockoutDayFraction",
      "replenishmentOrdersPerDay",
      "revenue",
      "profit",
      "endingOnHand",
    ])
      expect(METRICS).toContain(name);
    expect(METRICS).toContain("backorderCancellationRate");
  });
});
