import { describe, expect, it } from "vitest";
import { defaultParam, getLevel, minLevel, resolveParam, withLevel } from "../../src/analysis/policyLevel.ts";
import { formatLevel, levelParamLabel, levelParamWords } from "../../src/present/levelWords.ts";
import type { Policy } from "../../src/engine/scenario.ts";

describe("policy levels", () => {
  const sS: Policy = { kind: "sS", reorderPoint: 10, orderUpTo: 40, reviewPeriodDays: 7 };
  it("defaultParam picks the level each policy is swept by", () => {
    expect(defaultParam({ kind: "baseStock", orderUpTo: 8 })).toBe("orderUpTo");
    expect(defaultParam(sS)).toBe("orderUpTo");
    expect(defaultParam({ kind: "rQ", reorderPoint: 3, orderQuantity: 5 })).toBe("reorderPoint");
    expect(defaultParam({ kind: "safetyStock", safetyStock: { days: 7 } })).toBe("safetyStock.days");
  });
  it("withLevel(sS, orderUpTo) moves s with S, keeping S − s, and leaves the input alone", () => {
    const before = JSON.stringify(sS);
    expect(withLevel(sS, "orderUpTo", 55)).toEqual({ kind: "sS", reorderPoint: 25, orderUpTo: 55, reviewPeriodDays: 7 });
    expect(JSON.stringify(sS)).toBe(before);
    expect(minLevel(sS, "orderUpTo")).toBe(30);
  });
  it("withLevel sets safety stock in the unit asked for", () => {
    const p: Policy = { kind: "safetyStock", safetyStock: { serviceLevel: 0.9 }, reviewPeriodDays: 7 };
    expect(withLevel(p, "safetyStock.units", 12)).toEqual({ kind: "safetyStock", safetyStock: { units: 12 }, reviewPeriodDays: 7 });
    expect(getLevel(p, "safetyStock.units")).toBeNull();
    expect(getLevel(p, "safetyStock.serviceLevel")).toBe(0.9);
  });
  it("resolveParam accepts short names and rejects parameters the policy lacks", () => {
    expect(resolveParam({ kind: "safetyStock", safetyStock: { days: 3 } }, "days")).toEqual({ ok: true, param: "safetyStock.days" });
    expect(resolveParam({ kind: "baseStock", orderUpTo: 8 }, "reorderPoint").ok).toBe(false);
  });

  it("shows levels as people read them: whole units, service levels in percent", () => {
    expect(formatLevel(1234, "orderUpTo")).toBe("1,234");
    expect(formatLevel(0.99, "safetyStock.serviceLevel")).toBe("99 %");
    expect(formatLevel(0.995, "safetyStock.serviceLevel")).toBe("99.5 %");
    expect(formatLevel(0.9995, "safetyStock.serviceLevel")).toBe("99.95 %");
    expect(formatLevel(0.97, "safetyStock.serviceLevel")).toBe("97 %");
    expect(levelParamWords("safetyStock.serviceLevel")).toBe("safety-stock service level");
    expect(levelParamWords("reorderPoint")).toBe("reorder point");
    expect(levelParamLabel("safetyStock.serviceLevel")).toBe("Safety-stock service level");
  });
});
