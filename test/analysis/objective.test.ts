import { describe, expect, it } from "vitest";
import { formatObjective, meetsTarget, parseObjective } from "../../src/analysis/objective.ts";

describe("parseObjective", () => {
  it("parseObjective reads the named objectives", () => {
    expect(parseObjective("minCost")).toEqual({ ok: true, objective: { kind: "minCost" } });
    expect(parseObjective(" maxProfit ")).toEqual({ ok: true, objective: { kind: "maxProfit" } });
  });
  it("parseObjective reads targets with >=, <=, ≥, percentages and the bare = of DESIGN §8", () => {
    expect(parseObjective("fillRate>=0.97")).toEqual({ ok: true, objective: { kind: "constraint", metric: "fillRate", op: ">=", target: 0.97 } });
    expect(parseObjective("backorderRate <= 5%")).toEqual({ ok: true, objective: { kind: "constraint", metric: "backorderRate", op: "<=", target: 0.05 } });
    expect(parseObjective("fillRate≥0.9")).toEqual({ ok: true, objective: { kind: "constraint", metric: "fillRate", op: ">=", target: 0.9 } });
    expect(parseObjective("fillRate=0.97")).toEqual({ ok: true, objective: { kind: "constraint", metric: "fillRate", op: ">=", target: 0.97 } });
    expect(parseObjective("cancellationRate=0.1")).toEqual({ ok: true, objective: { kind: "constraint", metric: "cancellationRate", op: "<=", target: 0.1 } });
  });
  it("parseObjective rejects unknown metrics, rates outside 0..1 and gibberish", () => {
    expect(parseObjective("happiness>=0.9").ok).toBe(false);
    expect(parseObjective("fillRate>=1.5").ok).toBe(false);
    expect(parseObjective("cheapest").ok).toBe(false);
  });
  it("formatObjective round-trips", () => {
    for (const t of ["minCost", "maxProfit", "fillRate>=0.97", "backorderRate<=0.05"]) {
      const r = parseObjective(t);
      expect(r.ok && formatObjective(r.objective)).toBe(t);
    }
  });
  it("meetsTarget honours the direction", () => {
    const o = { kind: "constraint", metric: "fillRate", op: ">=", target: 0.97 } as const;
    expect(meetsTarget(o, 0.97)).toBe(true);
    expect(meetsTarget(o, 0.969)).toBe(false);
    expect(meetsTarget({ ...o, op: "<=" }, 0.5)).toBe(true);
  });
});
