import { describe, expect, it } from "vitest";
import { demandOverProtection, guessLevel, targetQuantile } from "../../src/analysis/levelGuess.ts";
import { bsPoi1Json, parsed } from "./fixtures/decisionScenarios.ts";

describe("levelGuess", () => {
  it("demandOverProtection: Poisson(6) a day, lead time 1, daily review covers one day: mean 6, sd √6", () => {
    const d = demandOverProtection(parsed(bsPoi1Json()), "item");
    expect(d.protectionDays).toBe(1);
    expect(d.mean).toBeCloseTo(6, 12);
    expect(d.sd).toBeCloseTo(Math.sqrt(6), 12);
  });
  it("demandOverProtection adds the lead-time variance (units per day)² × Var(L)", () => {
    const j = bsPoi1Json();
    j.suppliers[0].leadTimeDays = { kind: "uniform", min: 2, max: 6 }; // mean 4, variance 16/12
    const d = demandOverProtection(parsed(j), "item");
    expect(d.protectionDays).toBe(4);
    expect(d.sd).toBeCloseTo(Math.sqrt(6 * 4 + 36 * (16 / 12)), 10);
  });
  it("targetQuantile(minCost) is the critical ratio p / (p + h)", () => {
    const s = parsed(bsPoi1Json());
    expect(targetQuantile(s.products[0], { kind: "minCost" })).toBeCloseTo(0.8, 12);
  });
  it("guessLevel centres the grid near the newsvendor answer", () => {
    expect(guessLevel(parsed(bsPoi1Json()), "item", "orderUpTo", { kind: "minCost" })).toBe(8);
  });
});
