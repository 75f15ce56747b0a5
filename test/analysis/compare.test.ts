import { describe, expect, it } from "vitest";
import { compareScenarios, distinctNames, pairingProblem, type MetricDiff } from "../../src/analysis/compare.ts";
import { describeVariant } from "../../src/present/compareWords.ts";
import { applyOverrides } from "../../src/analysis/variants.ts";
import { METRICS, type Metric } from "../../src/engine/metrics.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { parsed, patienceShopJson } from "./fixtures/decisionScenarios.ts";

function small() {
  const j = patienceShopJson();
  j.runs = 15;
  j.horizonDays = 120;
  return parsed(j);
}

describe("compareScenarios", () => {
  it("compareScenarios of a scenario with itself gives differences of exactly 0 (common random numbers)", async () => {
    const s = small();
    const c = await compareScenarios(createInThreadRunner(), [s, structuredClone(s)]);
    expect(c.variants).toHaveLength(1);
    for (const m of METRICS) {
      expect(c.variants[0].diff[m].mean).toBe(0);
      expect(c.variants[0].diff[m].ci95).toEqual([0, 0]);
    }
    expect(describeVariant(c.variants[0].name, c.baseline.name, c.variants[0].diff, c.currency)).toMatch(/no clear difference/);
    expect(c.variants[0].name).toBe("Patience shop (2)");
  });

  it("compareScenarios: more stock gives a higher fill rate with an interval above 0", async () => {
    const s = small();
    const more = applyOverrides(s, [
      { path: "products[*].policy.orderUpTo", op: "=", value: 90 },
      { path: "name", op: "=", value: "More stock" },
    ]);
    if (!more.ok) throw new Error(JSON.stringify(more.errors));
    const c = await compareScenarios(createInThreadRunner(), [s, more.scenario]);
    const d = c.variants[0].diff;
    expect(d.fillRate.ci95[0]).toBeGreaterThan(0);
    expect(d.backorderRate.ci95[1]).toBeLessThan(0);
    expect(d.avgOnHand.ci95[0]).toBeGreaterThan(0);
    expect(describeVariant(c.variants[0].name, c.baseline.name, c.variants[0].diff, c.currency)).toMatch(/fill rate [\d.]+ ± [\d.]+ points higher/);
    // Per-product paired differences are there for both products.
    expect(Object.keys(c.variants[0].productDiff)).toEqual(["patient", "impatient"]);
  });

  it("compareScenarios refuses scenarios on different calendars", async () => {
    const s = small();
    const t = structuredClone(s);
    t.horizonDays = 60;
    expect(pairingProblem([s, t])).toMatch(/horizonDays/);
    await expect(compareScenarios(createInThreadRunner(), [s, t])).rejects.toThrow(/share the calendar/);
  });
});

describe("describeVariant", () => {
  const zero: MetricDiff = { mean: 0, se: 0, ci95: [0, 0], positive: 0, negative: 0 };
  const diffs = (over: Partial<Record<Metric, MetricDiff>>) => Object.fromEntries(METRICS.map((m) => [m, over[m] ?? zero])) as Record<Metric, MetricDiff>;

  it("describeVariant rounds money to the interval and says which way rates move", () => {
    const text = describeVariant(
      "B",
      "A",
      diffs({
        profit: { mean: 12_437, se: 969, ci95: [10_537, 14_337], positive: 1, negative: 0 },
        backorderRate: { mean: -0.031, se: 0.002, ci95: [-0.035, -0.027], positive: 0, negative: 1 },
      }),
      "USD",
    );
    expect(text).toContain("B earns $12,400 ± 1,900 more profit");
    expect(text).toContain("backorder rate 3.1 ± 0.4 points lower");
  });
  it("describeVariant says 'no clear difference' when the interval straddles 0", () => {
    const text = describeVariant("B", "A", diffs({ profit: { mean: 500, se: 400, ci95: [-284, 1284], positive: 0.6, negative: 0.4 } }), "EUR");
    expect(text).toBe("B: no clear difference from A in profit or service");
  });
  it("distinctNames numbers repeated names", () => {
    expect(distinctNames(["a", "b", "a", "a"])).toEqual(["a", "b", "a (2)", "a (3)"]);
  });
});
