import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { compareCsv, kpiWideCsv, recommendCsv, roundFor } from "../../src/present/decisionCsv.ts";
import { backorderReasonText, backordersText } from "../../src/present/backorderWords.ts";
import { SENSITIVITY_INPUT_LABELS } from "../../src/present/sensitivityWords.ts";
import { recommendBackorders } from "../../src/analysis/recommend.ts";
import { compareScenarios } from "../../src/analysis/compare.ts";
import { applyOverrides } from "../../src/analysis/variants.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { parsed, patienceShopJson } from "../analysis/fixtures/decisionScenarios.ts";
import { withProductFields, MissingProductError } from "../../src/ui/decisions/applyDecision.ts";

const read = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, "").trim(), { header: true });

function small() {
  const j = patienceShopJson();
  j.horizonDays = 90;
  j.products[0].name = 'Patient, "kind" customer';
  return parsed(j);
}

describe("decision tables as CSV", () => {
  it("rounds for reading: cents, percent with two decimals, units to 0.1", () => {
    expect(roundFor("money", 1234.5678)).toBe(1234.57);
    expect(roundFor("rate", 0.973456)).toBe(97.35);
    expect(roundFor("num", 12.345)).toBe(12.3);
    expect(roundFor("rate", -0.000001)).toBe(0);
    expect(roundFor("money", NaN)).toBeNull();
  });

  it("KPIs wide: one row per product with its name, the shop first, rounded figures", async () => {
    const s = small();
    const r = await createInThreadRunner().simulate(s, { runs: 6 });
    const t = read(kpiWideCsv(r, s.products, { bom: true }));
    expect(t.errors).toEqual([]);
    expect(t.data.map((x) => x.product)).toEqual(["(all products)", "patient", "impatient"]);
    expect(t.data[1].name).toBe('Patient, "kind" customer');
    const fill = Number(t.data[1].fill_rate_pct);
    expect(fill).toBeCloseTo(r.products.patient.fillRate.mean * 100, 2);
    expect(t.data[1].fill_rate_pct).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(Number(t.data[1].fill_rate_low_pct)).toBeLessThanOrEqual(fill);
    expect(t.data[0].profit).toMatch(/^-?\d+(\.\d{1,2})?$/);
    expect(Object.keys(t.data[0])).toContain("penalty_cost");
  });

  it("Backorder policy: one row per product and option, the chosen one marked with its reason", async () => {
    const s = small();
    const r = await recommendBackorders(createInThreadRunner(), s, { runs: 5, shopCheck: false });
    const t = read(recommendCsv(r));
    const n = Object.values(r.products).reduce((a, p) => a + p.options.length, 0);
    expect(t.data).toHaveLength(n);
    for (const id of ["patient", "impatient"]) {
      const chosen = t.data.filter((x) => x.product === id && x.chosen === "yes");
      expect(chosen).toHaveLength(1);
      expect(chosen[0].option).toBe(backordersText(r.products[id].recommended));
      expect(chosen[0].reason).toBe(backorderReasonText(r.products[id].name, r.products[id].why, r.currency));
    }
    expect(t.data.find((x) => x.option === "deny")!.profit_vs_refusing).toBe("0");
  });

  it("Compare: one row per scenario, the baseline first, differences against it", async () => {
    const s = small();
    const v = applyOverrides(s, [
      { path: "products[*].backorders", op: "=", value: { mode: "deny" } },
      { path: "name", op: "=", value: "Refuse" },
    ]);
    if (!v.ok) throw new Error("override");
    const c = await compareScenarios(createInThreadRunner(), [s, v.scenario], { runs: 5 });
    const t = read(compareCsv(c));
    expect(t.data.map((x) => [x.scenario, x.role])).toEqual([
      [c.baseline.name, "baseline"],
      ["Refuse", "variant"],
    ]);
    expect(Number(t.data[1].profit_vs_baseline)).toBeCloseTo(c.variants[0].diff.profit.mean, 1);
    expect(Object.keys(t.data[0])).toContain("fill_rate_vs_baseline_low_pct");
  });
});

describe("withProductFields (Apply)", () => {
  it("sets fields of the products named, leaves the rest as typed, and does not touch its input", () => {
    const draft = { name: "x", products: [{ id: "a", price: "12,5", policy: { kind: "baseStock", orderUpTo: 4 } }, { id: "b" }] };
    const out = withProductFields(draft, { a: { policy: { kind: "baseStock", orderUpTo: 9 } } }) as typeof draft;
    expect(out.products[0]).toEqual({ id: "a", price: "12,5", policy: { kind: "baseStock", orderUpTo: 9 } });
    expect(out.products[1]).toEqual({ id: "b" });
    expect(draft.products[0].policy?.orderUpTo).toBe(4);
  });
  it("a product no longer in the scenario: nothing applied, the message says which", () => {
    expect(() => withProductFields({ products: [{ id: "a" }] }, { a: { x: 1 }, gone: { x: 1 } })).toThrow(MissingProductError);
    expect(() => withProductFields({ products: [] }, { gone: { x: 1 } })).toThrow(/The product “gone” is no longer in the scenario, so nothing was applied/);
  });
});

describe("sensitivityCsv", () => {
  it("one row per input and direction after the scenario as it is, changes paired", async () => {
    const { sensitivity } = await import("../../src/analysis/sensitivity.ts");
    const { sensitivityCsv } = await import("../../src/present/decisionCsv.ts");
    const s = small();
    const r = await sensitivity(createInThreadRunner(), s, { runs: 4, inputs: ["demand", "price"] });
    const t = read(sensitivityCsv(r));
    expect(t.errors).toEqual([]);
    expect(t.data.map((x) => [x.input, x.change_pct])).toEqual([
      ["(as it is)", "0"],
      ...r.inputs.flatMap((b) => [
        [SENSITIVITY_INPUT_LABELS[b.input], "-20"],
        [SENSITIVITY_INPUT_LABELS[b.input], "20"],
      ]),
    ]);
    const up = t.data.find((x) => x.input === "Price" && x.change_pct === "20")!;
    const bar = r.inputs.find((b) => b.input === "price")!;
    expect(Number(up.profit_change)).toBeCloseTo(bar.high.diff.profit.mean, 1);
    expect(Object.keys(up)).toContain("backorder_rate_change_low_pct");
  });
});
