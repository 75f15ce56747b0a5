/**
 * `monthlyShape: "step"` (docs/model.md §3.2): every day of a calendar month carries that month's
 * multiplier; without the field the smooth curve is unchanged.
 */
import { describe, expect, it } from "vitest";
import { expectedOrders } from "../../src/analysis/demandCurve.ts";
import { epochDay } from "../../src/engine/calendar.ts";
import { expectedOrdersCurve, monthFactor, monthlyFactor } from "../../src/engine/demandCurve.ts";
import type { Demand } from "../../src/engine/scenario.ts";
import { formatIssue } from "../../src/io/issue.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { validScenario } from "../io/fixtures.ts";

const MONTHLY = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const base: Demand = { ordersPerDay: 2, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 }, monthly: MONTHLY };

describe("step month profile", () => {
  it("holds each month's multiplier from its first to its last day, wrapping into January", () => {
    // 2027-01-30 … 2027-02-02 and 2027-12-30 … 2028-01-02, no warm-up.
    expect(Array.from(expectedOrdersCurve({ ...base, monthlyShape: "step" }, "2027-01-30", 0, 4))).toEqual([2, 2, 4, 4]);
    expect(Array.from(expectedOrdersCurve({ ...base, monthlyShape: "step" }, "2027-12-30", 0, 4))).toEqual([24, 24, 2, 2]);
    expect(monthFactor(MONTHLY, epochDay("2028-02-29"), "step")).toBe(2);
  });

  it("without monthlyShape (or smooth) the curve is the smooth one, bit for bit", () => {
    const smooth = expectedOrdersCurve(base, "2027-01-01", 10, 400);
    expect(expectedOrdersCurve({ ...base, monthlyShape: "smooth" }, "2027-01-01", 10, 400)).toEqual(smooth);
    for (let t = 0; t < 400; t++) expect(smooth[t]).toBe(2 * monthlyFactor(MONTHLY, epochDay("2027-01-01") - 10 + t));
  });

  it("the fitter's curve and the engine's agree for both shapes", () => {
    for (const monthlyShape of ["smooth", "step"] as const) {
      const d = { ...base, monthlyShape, trendPerYear: 0.1, weekly: [1, 1, 1, 1, 1.5, 0.5, 1] };
      const a = expectedOrdersCurve(d, "2027-03-01", 0, 90);
      const b = expectedOrders(d, epochDay("2027-03-01"), 90, epochDay("2027-03-01"));
      for (let t = 0; t < 90; t++) expect(b[t]).toBeCloseTo(a[t], 10);
    }
  });

  it("the scenario format accepts smooth and step and names a wrong value", () => {
    for (const shape of ["smooth", "step"]) {
      const s = validScenario();
      s.products[0].demand.monthly = MONTHLY;
      s.products[0].demand.monthlyShape = shape;
      const r = parseScenario(s);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.scenario.products[0].demand.monthlyShape).toBe(shape);
    }
    const lone = validScenario();
    delete lone.products[0].demand.monthly;
    lone.products[0].demand.monthlyShape = "step";
    const w = parseScenario(lone);
    expect(w.ok && w.warnings.map(formatIssue).join("\n")).toMatch(/monthlyShape.*no effect without monthly/);
    const s = validScenario();
    s.products[0].demand.monthlyShape = "steps";
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(formatIssue).join("\n")).toMatch(/products\[0\]\.demand\.monthlyShape/);
  });
});
