import { describe, expect, it } from "vitest";
import { alignCalendars, compareScenarios, pairedDiff, summarisePaired } from "../../src/analysis/compare.ts";
import { calendarNoteText } from "../../src/present/compareWords.ts";
import { profitGapWords } from "../../src/present/compareWords.ts";
import { applyOverrides } from "../../src/analysis/variants.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import type { Metric } from "../../src/engine/metrics.ts";
import { parsed, patienceShopJson } from "./fixtures/decisionScenarios.ts";

function small(): Scenario {
  const j = patienceShopJson();
  j.runs = 12;
  j.horizonDays = 90;
  return parsed(j);
}

describe("compare: shared calendar, any two, where profit comes from", () => {
  it("scenarios with another warm-up or start are put on the baseline's calendar, with a note in words", () => {
    const a = small();
    const b = { ...a, name: "B", warmupDays: a.warmupDays + 24 };
    const c = { ...a, name: "C", startDate: "2030-01-01", horizonDays: 60 };
    const out = alignCalendars([a, b, c]);
    for (const s of out.scenarios) {
      expect(s.warmupDays).toBe(a.warmupDays + 24);
      expect(s.startDate).toBe(a.startDate);
      expect(s.horizonDays).toBe(a.horizonDays);
    }
    expect(out.notes).toHaveLength(2);
    expect(out.notes[0]).toEqual({ name: a.name, changes: [{ field: "warmupDays", from: a.warmupDays, to: a.warmupDays + 24 }] });
    expect(calendarNoteText(out.notes[0])).toBe(`“${a.name}” runs on the shared calendar: warm-up days ${a.warmupDays + 24} instead of ${a.warmupDays}.`);
    expect(out.notes.map(calendarNoteText).join(" ")).not.toMatch(/warmupDays|horizonDays|startDate/);
    expect(alignCalendars([a, structuredClone(a)]).notes).toEqual([]);
  });

  it("pairedDiff of B against A: exact mean difference, a paired interval, and exactly what compare gives when A is the baseline", async () => {
    const s = small();
    const more = applyOverrides(s, [{ path: "products[*].policy.orderUpTo", op: "=", value: 70 }]);
    const less = applyOverrides(s, [{ path: "products[*].policy.orderUpTo", op: "=", value: 30 }]);
    if (!more.ok || !less.ok) throw new Error("override");
    const runner = createInThreadRunner();
    const paired = await runner.simulatePaired([s, more.scenario, less.scenario], { runs: 12 });
    const d = pairedDiff(paired.variants[1], paired.variants[2], "fillRate", paired.runs);
    expect(d.mean).toBeCloseTo(paired.variants[2].total.fillRate.mean - paired.variants[1].total.fillRate.mean, 12);
    // Less stock than more stock: a clearly lower fill rate.
    expect(d.ci95[1]).toBeLessThan(0);
    // With every run in the sample (12 ≤ 256) it is the paired summary compare itself computes.
    const direct = summarisePaired(await runner.simulatePaired([more.scenario, less.scenario], { runs: 12 }), ["more", "less"], "EUR");
    expect(d.se).toBeCloseTo(direct.variants[0].diff.fillRate.se, 9);
  });

  it("the profit gap in words: revenue and each cost's effect on profit, largest first, negligible parts left out", () => {
    const diff = {
      profit: { mean: -1200 },
      revenue: { mean: -300 },
      purchaseCost: { mean: 100 },
      holdingCost: { mean: 800 },
      penaltyCost: { mean: 0.001 },
    } as Partial<Record<Metric, { mean: number }>>;
    expect(profitGapWords(diff, "EUR")).toBe("Profit −€1,200: holding cost higher (−€800 to profit), revenue −€300, purchase cost higher (−€100 to profit).");
    expect(profitGapWords({ profit: { mean: 0 } }, "EUR")).toBe("");
    // Rounded as the profit difference is: to its half-width's leading digits.
    const withCi = { profit: { mean: 626_891, ci95: [616_891, 636_891] as [number, number] }, revenue: { mean: 1_142_077 }, purchaseCost: { mean: 498_714 } };
    expect(profitGapWords(withCi, "EUR")).toBe("Profit +€627,000: revenue +€1,142,000, purchase cost higher (−€499,000 to profit).");
  });

  it("compareScenarios on scenarios with different calendars still refuses (the command line asks for one calendar)", async () => {
    const a = small();
    await expect(compareScenarios(createInThreadRunner(), [a, { ...a, warmupDays: a.warmupDays + 1 } as Scenario])).rejects.toThrow(/share the calendar/);
  });
});
