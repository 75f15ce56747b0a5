/**
 * Planning against exact answers: Poisson single-unit demand, fixed lead time L, daily base-stock S,
 * backorders. An order placed at the end of day t arrives at the start of day t + L, so the stock at
 * the start of a day (after receiving) is S minus the demand of the previous L − 1 days, X ~
 * Poisson(λ(L − 1)), and the day's fill rate is E[min(D, (S − X)⁺)] / λ with D ~ Poisson(λ).
 */
import { backorderReasonText } from "../../src/present/backorderWords.ts";
import { describe, expect, it } from "vitest";
import { parsePlanTargets, planProducts, abcClasses, shardSlice, parsePlanTarget } from "../../src/analysis/plan.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { product, scenario, supplier } from "../engine/fixtures.ts";

function poissonPmf(mean: number, upTo: number): number[] {
  const out: number[] = [];
  let p = Math.exp(-mean);
  for (let k = 0; k <= upTo; k++) {
    out.push(p);
    p *= mean / (k + 1);
  }
  return out;
}

/** Exact fill rate of daily base-stock S with Poisson(λ) unit demand and fixed lead time L. */
export function exactFillRate(S: number, lambda: number, L: number): number {
  const top = Math.ceil(lambda * L + 12 * Math.sqrt(lambda * L + 1) + 20);
  const x = poissonPmf(lambda * (L - 1), top);
  const d = poissonPmf(lambda, top);
  let filled = 0;
  for (let i = 0; i <= top; i++) {
    const stock = Math.max(0, S - i);
    if (stock === 0) continue;
    let e = 0;
    for (let j = 0; j <= top; j++) e += d[j] * Math.min(j, stock);
    filled += x[i] * e;
  }
  return filled / lambda;
}

/** The least S whose exact fill rate reaches the target. */
function exactLeast(target: number, lambda: number, L: number): number {
  let S = 0;
  while (exactFillRate(S, lambda, L) < target) S++;
  return S;
}

function exactCatalogue(n: number, horizonDays = 800): { s: Scenario; cases: { lambda: number; L: number }[] } {
  const cases: { lambda: number; L: number }[] = [];
  const products = [];
  const suppliers = [];
  for (let i = 0; i < n; i++) {
    const lambda = [1, 2.5, 4, 7, 12][i % 5] * (1 + (i % 4) / 10);
    const L = 1 + (i % 7);
    cases.push({ lambda, L });
    suppliers.push(supplier(`s${i}`, { leadTimeDays: { kind: "fixed", value: L } }));
    products.push(
      product(`p${i}`, {
        name: `Product ${i}`,
        demand: { ordersPerDay: lambda, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
        policy: { kind: "baseStock", orderUpTo: Math.round(lambda * L) },
        sourcing: { kind: "single", supplier: `s${i}` },
      }),
    );
  }
  return { s: scenario(products, { suppliers, horizonDays, warmupDays: 20, runs: 60, seed: "exact" }), cases };
}

describe("plan on a catalogue with exact answers", () => {
  it("puts nearly every product at the least level whose exact fill rate meets the target, a neighbour only within half a point of it", () => {
    const target = 0.95;
    const { s, cases } = exactCatalogue(28);
    const t = parsePlanTargets(`fillRate>=${target}`);
    if (!t.ok) throw new Error(t.message);
    const plans = planProducts(
      s,
      s.products.map((_, i) => i),
      t.targets,
    );
    let exact = 0;
    plans.forEach((pl, i) => {
      const { lambda, L } = cases[i];
      const best = exactLeast(target, lambda, L);
      if (pl.planned === best) exact++;
      else {
        // A neighbour only where the level between them is within half a point of the target.
        expect(Math.abs(pl.planned - best), `${pl.id}: planned ${pl.planned}, exact ${best}`).toBe(1);
        const edge = Math.min(pl.planned, best);
        expect(Math.abs(exactFillRate(edge, lambda, L) - target), `${pl.id} at ${edge}`).toBeLessThan(0.005);
      }
      // The figures reported are those of the planned level, on every run: within two half-widths of
      // the exact value (the level was chosen on some of these runs, which biases its mean upwards by
      // at most about one half-width).
      const f = exactFillRate(pl.planned, lambda, L);
      const e = pl.planned_kpis.fillRate;
      expect(pl.planned_kpis.runs).toBe(s.runs);
      expect(Math.abs(e.mean - f), `${pl.id} fill rate ${e.mean}, exact ${f}`).toBeLessThan(e.ci95[1] - e.ci95[0]);
    });
    // Levels whose exact fill rate lies within half a point of the target can go either way on 60 runs
    // (the standard error of a level's fill rate is 0.1–0.3 points here); they are a few of the 28.
    expect(exact / plans.length).toBeGreaterThanOrEqual(0.85);
    // Settled answers cost far fewer runs than a full sweep would.
    const runs = plans.reduce((a, p) => a + p.simulatedRuns, 0);
    expect(runs / plans.length).toBeLessThan(5 * s.runs);
  });

  it("is deterministic and plans a slice exactly as the whole", () => {
    const { s } = exactCatalogue(8, 200);
    const t = parsePlanTargets("fillRate>=0.9");
    if (!t.ok) throw new Error(t.message);
    const all = planProducts(s, [0, 1, 2, 3, 4, 5, 6, 7], t.targets, { runs: 20 });
    const { first, end } = shardSlice(8, 2, 3);
    const part = planProducts(
      s,
      Array.from({ length: end - first }, (_, i) => first + i),
      t.targets,
      { runs: 20 },
    );
    expect(part).toEqual(all.slice(first, end));
  });
});

describe("plan targets", () => {
  it("reads one target, ABC classes and categories, and explains mistakes", () => {
    expect(parsePlanTargets("fillRate>=0.95")).toEqual({
      ok: true,
      targets: { classBy: "none", byClass: { "*": { kind: "service", metric: "fillRate", op: ">=", target: 0.95 } } },
    });
    const abc = parsePlanTargets("A:fillRate>=0.98,B:fillRate>=0.95,C:fillRate>=90%");
    expect(abc.ok && abc.targets.classBy).toBe("abc");
    expect(abc.ok && abc.targets.byClass.C).toEqual({ kind: "service", metric: "fillRate", op: ">=", target: 0.9 });
    const cat = parsePlanTargets("impulse:backorderRate<=0.05,*:fillRate>=0.9");
    expect(cat.ok && cat.targets.classBy).toBe("category");
    expect(parsePlanTarget("fillRate<=0.9")).toMatchObject({ ok: false, message: expect.stringMatching(/fillRate>=/) });
    expect(parsePlanTarget("profit>=3")).toMatchObject({ ok: false, message: expect.stringMatching(/fillRate, backorderRate, cancellationRate/) });
    expect(parsePlanTarget("fillRate>=1.5")).toMatchObject({ ok: false });
    expect(parsePlanTargets("A:fillRate>=0.9,A:fillRate>=0.95")).toMatchObject({ ok: false, message: expect.stringMatching(/two targets/) });
  });

  it("classes products A, B, C by expected revenue: 80 % / 15 % / 5 %", () => {
    const prices = [100, 50, 20, 10, 5, 1];
    const s = scenario(
      prices.map((price, i) =>
        product(`p${i}`, { price, demand: { ordersPerDay: 1, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } } }),
      ),
    );
    // Revenue shares 100/186 = 54 %, then 50 (cumulative before: 54 %), 20 (81 %), 10 (91 %), 5 (96 %), 1 (99 %).
    expect(abcClasses(s)).toEqual(["A", "A", "B", "B", "C", "C"]);
  });
});

describe("plan --backorders", () => {
  it("chooses each product's backorder setting at its planned level exactly as recommend does on the planned scenario", async () => {
    const { recommendBackorders } = await import("../../src/analysis/recommend.ts");
    const { applyPlan, summarisePlans } = await import("../../src/analysis/planReport.ts");
    const { createInThreadRunner } = await import("../../src/runner/inThread.ts");
    const customers = { willingToWaitDays: { kind: "exponential" as const, mean: 6 }, cancelHazardPerDay: 0.04, lateCancelHazardPerDay: 0.1 };
    const s = scenario(
      [
        product("patient", {
          price: 40,
          unitCost: 10,
          demand: { ordersPerDay: 3, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
          policy: { kind: "baseStock", orderUpTo: 10 },
          sourcing: { kind: "single", supplier: "slow" },
        }),
        product("fickle", {
          price: 12,
          unitCost: 9,
          customers,
          demand: { ordersPerDay: 5, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
          policy: { kind: "rQ", reorderPoint: 10, orderQuantity: 20 },
          sourcing: { kind: "single", supplier: "slow" },
        }),
      ],
      { suppliers: [supplier("slow", { leadTimeDays: { kind: "gamma", mean: 6, sd: 3 } })], horizonDays: 150, warmupDays: 10, runs: 24, seed: "bo" },
    );
    const t = parsePlanTargets("fillRate>=0.9");
    if (!t.ok) throw new Error(t.message);
    const plans = planProducts(s, [0, 1], t.targets, { backorders: true });
    const rec = await recommendBackorders(
      createInThreadRunner(),
      applyPlan(
        { ...s, products: s.products },
        plans.map((p) => ({ ...p, backorders: undefined })),
      ),
      { runs: 24 },
    );
    for (const p of plans) {
      expect(p.backorders!.recommended, p.id).toEqual(rec.products[p.id].recommended);
      // The same case; the figures agree to the last digit shown (the sums run in another order).
      expect(backorderReasonText(p.name, p.backorders!.why, s.currency)).toBe(backorderReasonText(p.name, rec.products[p.id].why, s.currency));
    }
    const sum = summarisePlans(plans).backorders!;
    expect(sum.allow + sum.cap + sum.deny).toBe(2);
    expect(sum.profitChange.mean).toBeCloseTo(
      plans.reduce((a, p) => a + p.backorders!.profitChange.mean, 0),
      6,
    );
  });
});

describe("catalogue-wide target (marginal analysis)", () => {
  it("finds the least stock value whose units-weighted fill rate reaches the target, as a search over every combination does on concave curves", async () => {
    const { aggregatePlan } = await import("../../src/analysis/planReport.ts");
    // Three products with concave curves: units filled from stock against stock value.
    const mk = (id: string, demanded: number, pts: [number, number][], planned: number) =>
      ({ id, planned, curve: pts.map(([stockValue, unitsFromStock], i) => ({ value: i, stockValue, unitsFromStock, unitsDemanded: demanded })) }) as never;
    const plans = [
      mk(
        "a",
        100,
        [
          [0, 60],
          [10, 80],
          [20, 90],
          [30, 95],
          [40, 98],
        ],
        3,
      ),
      mk(
        "b",
        50,
        [
          [0, 20],
          [5, 35],
          [10, 43],
          [15, 47],
          [20, 49],
        ],
        3,
      ),
      mk(
        "c",
        200,
        [
          [0, 150],
          [40, 180],
          [80, 192],
          [120, 197],
          [160, 199],
        ],
        3,
      ),
    ];
    const target = 0.9;
    const g = aggregatePlan(plans, target);
    // Every combination of levels.
    let best = Infinity;
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++)
        for (let k = 0; k < 5; k++) {
          const a = (plans[0] as { curve: { stockValue: number; unitsFromStock: number }[] }).curve[i];
          const b = (plans[1] as { curve: { stockValue: number; unitsFromStock: number }[] }).curve[j];
          const c = (plans[2] as { curve: { stockValue: number; unitsFromStock: number }[] }).curve[k];
          if ((a.unitsFromStock + b.unitsFromStock + c.unitsFromStock) / 350 >= target) best = Math.min(best, a.stockValue + b.stockValue + c.stockValue);
        }
    expect(g.reached).toBe(true);
    expect(g.fillRate).toBeGreaterThanOrEqual(target);
    expect(g.stockValue).toBe(best);
    // Every product at its own level 3: 30 + 15 + 120 = 165.
    expect(g.perProduct.stockValue).toBe(165);
    expect(g.saving).toBe(165 - best);
    // The curve rises in both value and fill rate.
    for (let i = 1; i < g.curve.length; i++) {
      expect(g.curve[i].stockValue).toBeGreaterThan(g.curve[i - 1].stockValue);
      expect(g.curve[i].fillRate).toBeGreaterThan(g.curve[i - 1].fillRate);
    }
  });
});
