/**
 * The optimiser's statement in words, from hand-made inputs: what a planner reads must not call a
 * level that misses the target half the time a level that meets it, offer a level below the target
 * as an alternative, print a miss as the target itself, or give a service-level safety stock
 * without its units.
 */
import { describe, expect, it } from "vitest";
import type { Confidence, GridPoint } from "../../src/analysis/optimize.ts";
import { confidenceStatement, formatAgainstTarget, objectiveWords } from "../../src/present/optimizeWords.ts";
import type { MetricDiff } from "../../src/analysis/compare.ts";
import type { Summary } from "../../src/analysis/summary.ts";
import type { Metric } from "../../src/engine/metrics.ts";
import type { Objective } from "../../src/analysis/objective.ts";

const target: Extract<Objective, { kind: "constraint" }> = { kind: "constraint", metric: "fillRate", op: ">=", target: 0.97 };

function sum(mean: number, hw: number, p50 = mean): Summary {
  return { mean, sd: hw, se: hw / 1.96, ci95: [mean - hw, mean + hw], p05: mean - 2 * hw, p50, p95: mean + 2 * hw, min: mean - 3 * hw, max: mean + 3 * hw };
}
function diff(mean: number, hw: number): MetricDiff {
  return { mean, se: hw / 1.96, ci95: [mean - hw, mean + hw], positive: mean > 0 ? 1 : 0, negative: mean < 0 ? 1 : 0 };
}
/** A level with its fill rate and cost per day; `meets` from the target. */
function point(value: number, fill: Summary, cost: number): GridPoint {
  const product = { fillRate: fill, costPerDay: sum(cost, 0.05), profit: sum(1000, 50) } as Record<Metric, Summary>;
  return { value, total: product, product, meets: { mean: fill.mean >= target.target, ci: fill.ci95[0] >= target.target } };
}
function confidence(neighbours: Confidence["neighbours"], clearlyBest = false, best?: GridPoint): Confidence {
  return {
    metric: "costPerDay",
    neighbours,
    clearlyBest,
    probabilityBest: null,
    sampleRuns: 0,
    ...(best?.meets ? { meetsTarget: best.meets } : {}),
  };
}

describe("Optimise statement", () => {
  it("a level whose mean just meets the target, with half its runs below it, is not said to meet it: 'on average, but not surely', and the surely-meeting level is named", () => {
    const best = point(147, sum(0.9703, 0.004, 0.9695), 3.1);
    const safer = point(150, sum(0.979, 0.003), 3.4);
    const below = point(146, sum(0.9662, 0.004), 3.0);
    const c = confidence([{ value: 146, diff: diff(-0.1, 0.02), clearlyWorse: false, constraintDiff: diff(-0.0041, 0.001) }], false, best);
    const text = confidenceStatement("Mattress", "orderUpTo", best, c, target, "EUR", [below, best, safer]);
    expect(text).not.toMatch(/meets on average \(the 95 % interval reaches past the target\)/);
    expect(text).toContain("meets fill rate at least 97 % on average, but not surely");
    expect(text).toContain("more than half of the simulated runs end below it");
    expect(text).toContain("The cheapest level that surely meets it is 150");
    expect(text).toContain("fill rate 97.03 % (95 % interval 96.63–97.43 %)");
  });

  it("never calls a cheaper neighbour that misses the target defensible", () => {
    const best = point(12, sum(0.975, 0.002), 2.0);
    const below = point(11, sum(0.968, 0.0015), 1.9);
    const c = confidence([{ value: 11, diff: diff(-0.1, 0.02), clearlyWorse: false, constraintDiff: diff(-0.007, 0.001) }], false, best);
    const text = confidenceStatement("Sofa", "orderUpTo", best, c, target, "EUR", [below, best]);
    expect(text).not.toContain("defensible");
    expect(text).toContain("11 misses the target, so it is no alternative");
    expect(text).toContain("but reaches only fill rate 96.8 %");
  });

  it("a miss by a hair is printed with the digits that show it, with its interval — never '97.00 %, missing the target'", () => {
    expect(formatAgainstTarget(0.96996, target)).toBe("96.996 %");
    expect(formatAgainstTarget(0.9696, target)).toBe("96.96 %");
    expect(formatAgainstTarget(0.962, target)).toBe("96.2 %");
    const best = point(148, sum(0.9731, 0.002), 2.2);
    const below = point(147, sum(0.96996, 0.0009), 2.1);
    const c = confidence([{ value: 147, diff: diff(-0.1, 0.02), clearlyWorse: false, constraintDiff: diff(-0.0031, 0.0005) }], false, best);
    const text = confidenceStatement("Mattress", "orderUpTo", best, c, target, "EUR", [below, best]);
    expect(text).not.toMatch(/97\.00? %, missing the target/);
    expect(text).toContain("fill rate 96.996 % (95 % interval 96.906–97.086 %): below the target on average");
  });

  it("a dearer neighbour that costs about the same and also meets the target is the defensible alternative", () => {
    const best = point(12, sum(0.975, 0.002), 2.0);
    const above = point(13, sum(0.981, 0.002), 2.02);
    const c = confidence([{ value: 13, diff: diff(0.02, 0.05), clearlyWorse: false, constraintDiff: diff(0.006, 0.001) }], false, best);
    expect(confidenceStatement("Sofa", "orderUpTo", best, c, target, "EUR", [best, above])).toContain(
      "13 costs about the same and also meets it, so either is defensible",
    );
  });

  it("a safety stock given as a service level is said in units too", () => {
    const best = point(0.97, sum(0.975, 0.002), 2.0);
    const c = confidence([], true, best);
    const text = confidenceStatement("Wool scarf", "safetyStock.serviceLevel", best, c, target, "EUR", [best], () => "≈ 14 units, 9–21 over the season");
    expect(text).toContain("safety-stock service level 97 % (≈ 14 units, 9–21 over the season)");
    expect(text).toContain("surely meets fill rate at least 97 %");
    expect(text).toContain("The choice is clear");
  });

  it("objectives in words, never as the command line spells them", () => {
    expect(objectiveWords(target)).toBe("fill rate at least 97 %");
    expect(objectiveWords({ kind: "constraint", metric: "backorderRate", op: "<=", target: 0.025 })).toBe("backorder rate at most 2.5 %");
    expect(objectiveWords({ kind: "minCost" })).toBe("least cost");
    expect(objectiveWords({ kind: "maxProfit" })).toBe("most profit");
  });
});
