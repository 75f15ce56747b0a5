import { describe, expect, it } from "vitest";
import type { PlanConfidence, ServiceTarget } from "../../src/analysis/plan.ts";
import { planConfidenceText } from "../../src/present/planReport.ts";

const fill: ServiceTarget = { kind: "service", metric: "fillRate", op: ">=", target: 0.95 };
const at = (value: number, mean: number, lo: number, hi: number, runs: number) => ({ value, mean, ci95: [lo, hi] as [number, number], runs });
const text = (confidence: PlanConfidence, param: "orderUpTo" | "safetyStock.serviceLevel" = "orderUpTo") => planConfidenceText({ param, confidence });

describe("a plan's confidence in words", () => {
  it("says each kind of answer with its figures", () => {
    expect(text({ kind: "settled", target: fill, meets: at(12, 0.96, 0.955, 0.965, 160), below: at(11, 0.94, 0.935, 0.945, 160) })).toBe(
      "Settled: 12 gives fill rate 95.50 %–96.50 % and 11 gives 93.50 %–94.50 % (95 % intervals, 160 runs), so 12 is the least level for fill rate ≥ 95.0 %.",
    );
    expect(text({ kind: "close", target: fill, meets: at(12, 0.951, 0.94, 0.96, 80), below: at(11, 0.949, 0.94, 0.955, 160), noisy: "below" })).toBe(
      "Close call: 12 meets fill rate ≥ 95.0 % on average (94.00 %–96.00 %) and 11 misses it on average (94.00 %–95.50 %), but after 160 runs 11 is still within noise of the target; either level is defensible.",
    );
    expect(text({ kind: "minimum", target: fill, level: at(0.5, 0.97, 0.96, 0.98, 40) }, "safetyStock.serviceLevel")).toBe(
      "The lowest possible safety-stock service level, 50 %, already gives fill rate 97.0 % (fill rate ≥ 95.0 %).",
    );
    expect(text({ kind: "unreachable", target: fill, highest: at(400, 0.9, 0.89, 0.91, 40) })).toBe(
      "No level tried reaches fill rate ≥ 95.0 %: at 400, fill rate is 90.0 %; the target cannot be met by stock alone (look at the backorder setting, the customers' patience or the supplier).",
    );
    const cost = (neighbours: number, clear: boolean) => text({ kind: "leastCost", level: 7, costPerDay: 3.456, neighbours, clear });
    expect(cost(2, true)).toBe("7 has the least cost, 3.46 a day (holding, penalties, ordering); both neighbours clearly cost more.");
    expect(cost(1, true)).toBe("7 has the least cost, 3.46 a day (holding, penalties, ordering); the neighbouring level clearly costs more.");
    expect(cost(2, false)).toBe("7 has the least cost, 3.46 a day (holding, penalties, ordering); a neighbouring level costs about the same.");
  });

  it("reads the sentence of a plan file written before the confidence was returned as data", () => {
    expect(planConfidenceText({ param: "orderUpTo", confidence: "Settled: 12 gives …" })).toBe("Settled: 12 gives …");
  });
});
