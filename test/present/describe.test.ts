import { describe, expect, it } from "vitest";
import { describeMoneyDiff, describeQuantityDiff, describeRateDiff } from "../../src/present/describe.ts";
import { isClear } from "../../src/analysis/summary.ts";
import { roundingStep } from "../../src/format/number.ts";

describe("describe", () => {
  it("roundingStep keeps one significant digit of the half-width, two when it starts with 1 or 2", () => {
    expect(roundingStep(1900, 1)).toBe(100);
    expect(roundingStep(450, 1)).toBe(100);
    expect(roundingStep(0.4, 0.01)).toBeCloseTo(0.1, 12);
    expect(roundingStep(0.0004, 0.01)).toBe(0.01);
  });
  it("isClear is true only when the interval excludes zero", () => {
    expect(isClear({ mean: 1, ci95: [0.1, 2] })).toBe(true);
    expect(isClear({ mean: 1, ci95: [-0.1, 2] })).toBe(false);
    expect(isClear({ mean: 0, ci95: [0, 0] })).toBe(false);
  });
  it("describeMoneyDiff / describeRateDiff / describeQuantityDiff read as plain sentences", () => {
    expect(describeMoneyDiff({ mean: -4100, ci95: [-4500, -3700] }, "EUR")).toBe("earns €4,100 ± 400 less profit");
    expect(describeRateDiff({ mean: 0.031, ci95: [0.027, 0.035] }, "fillRate")).toBe("fill rate 3.1 ± 0.4 points higher");
    expect(describeQuantityDiff({ mean: -2.5, ci95: [-2.7, -2.3] }, "average wait", "days", "longer", "shorter")).toBe("average wait 2.50 ± 0.20 days shorter");
    expect(describeRateDiff({ mean: 0.001, ci95: [-0.002, 0.004] }, "backorderRate")).toBe("no clear difference in backorder rate");
  });
});
