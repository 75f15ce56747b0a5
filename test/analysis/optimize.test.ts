import { describe, expect, it } from "vitest";
import { expandGrid, optimizeLevel, parseGrid, pickBest, probabilityBest, scenarioAtLevel, type GridPoint } from "../../src/analysis/optimize.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { bsPoi1Json, parsed } from "./fixtures/decisionScenarios.ts";

/** Poisson(λ) CDF at k, summed exactly from the pmf recursion. */
function poissonCdf(lambda: number, k: number): number {
  let p = Math.exp(-lambda);
  let s = p;
  for (let i = 1; i <= k; i++) {
    p *= lambda / i;
    s += p;
  }
  return s;
}

// BS-POI-1 (Snyder & Shen Ex. 4.7): Poisson(6) demand per day, holding h = 1, backorder p = 4 per
// unit-day, order arrives before the next day's demand, so end-of-day net inventory is S − D.
const LAMBDA = 6;
const H = 1;
const P = 4;
/** Newsvendor optimum: the least S with F(S) ≥ p / (p + h). */
const newsvendorS = (() => {
  let s = 0;
  while (poissonCdf(LAMBDA, s) < P / (P + H)) s++;
  return s;
})();
/** Fill rate of base stock S here: E[min(D, S)] / λ = Σ_{k<S} P(D > k) / λ. */
const fillRate = (S: number) => {
  let e = 0;
  for (let k = 0; k < S; k++) e += 1 - poissonCdf(LAMBDA, k);
  return e / LAMBDA;
};

/** The textbook case on a shorter horizon: 20 runs × 2,000 days puts the SE of the cost difference of neighbouring S near 0.01 against differences near 0.25. */
function smallBsPoi1() {
  const j = bsPoi1Json();
  j.horizonDays = 2000;
  j.warmupDays = 20;
  j.runs = 20;
  return parsed(j);
}

describe("optimizeLevel on BS-POI-1", () => {
  it("optimizeLevel(minCost) finds the newsvendor order-up-to level (critical ratio 0.8 on Poisson(6))", async () => {
    expect(newsvendorS).toBe(8); // the known optimum of the case, derived above, not from the simulation
    const s = smallBsPoi1();
    s.products[0].policy = { kind: "baseStock", orderUpTo: 12, reviewPeriodDays: 1 }; // start away from the optimum
    s.products[0].initialOnHand = 12;
    const r = await optimizeLevel(createInThreadRunner(), s, { product: "item", objective: { kind: "minCost" } });
    expect(r.param).toBe("orderUpTo");
    expect(r.current).toBe(12);
    expect(r.best.value).toBe(newsvendorS);
    expect(r.best.confidence.clearlyBest).toBe(true);
    expect(r.best.confidence.neighbours.map((n) => n.value)).toEqual([newsvendorS - 1, newsvendorS + 1]);
    for (const n of r.best.confidence.neighbours) expect(n.diff.ci95[0]).toBeGreaterThan(0);
    // Grid values come back ascending, each with the product's summaries.
    const values = r.grid.map((g) => g.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(r.best.policy).toEqual({ kind: "baseStock", orderUpTo: newsvendorS, reviewPeriodDays: 1 });
  });

  it("optimizeLevel(fillRate>=0.97) finds the least S whose fill rate E[min(D,S)]/λ reaches 97 %", async () => {
    let expected = 0;
    while (fillRate(expected) < 0.97) expected++;
    const r = await optimizeLevel(createInThreadRunner(), smallBsPoi1(), {
      product: "item",
      objective: { kind: "constraint", metric: "fillRate", op: ">=", target: 0.97 },
      grid: { min: 6, max: 12 },
    });
    expect(r.best.value).toBe(expected);
    expect(r.best.confidence.meetsTarget).toEqual({ mean: true, ci: true });
    expect(r.best.confidence.probabilityBest).toBeNull();
  });

  it("optimizeLevel rejects an unknown product or parameter", async () => {
    const runner = createInThreadRunner();
    await expect(optimizeLevel(runner, smallBsPoi1(), { product: "nope", objective: { kind: "minCost" } })).rejects.toThrow(/no product 'nope'.*item/);
    await expect(optimizeLevel(runner, smallBsPoi1(), { product: "item", param: "orderQuantity", objective: { kind: "minCost" } })).rejects.toThrow(
      /baseStock policy has no parameter/,
    );
  });
});

describe("grid and choice helpers", () => {
  it("parseGrid reads ranges, steps and lists", () => {
    expect(parseGrid("4:14")).toEqual({ ok: true, grid: { min: 4, max: 14 } });
    expect(parseGrid("4:14:2")).toEqual({ ok: true, grid: { min: 4, max: 14, step: 2 } });
    expect(parseGrid("8, 4,6")).toEqual({ ok: true, grid: [8, 4, 6] });
    expect(parseGrid("14:4").ok).toBe(false);
    expect(parseGrid("a:b").ok).toBe(false);
  });
  it("expandGrid lists whole numbers, sorted and distinct", () => {
    expect(expandGrid({ min: 4, max: 8 }, true)).toEqual([4, 5, 6, 7, 8]);
    expect(expandGrid({ min: 4, max: 9, step: 2 }, true)).toEqual([4, 6, 8]);
    expect(expandGrid([8, 4, 8, 6], true)).toEqual([4, 6, 8]);
    expect(expandGrid({ min: 0.9, max: 0.99, step: 0.03 }, false)).toEqual([0.9, 0.93, 0.96, 0.99]);
  });

  const point = (value: number, cost: number, profit: number, fill: number): GridPoint => {
    const s = (mean: number) => ({
      mean,
      sd: 0,
      se: 0.001,
      ci95: [mean - 0.002, mean + 0.002] as [number, number],
      p05: mean,
      p50: mean,
      p95: mean,
      min: mean,
      max: mean,
    });
    const rec = { costPerDay: s(cost), profit: s(profit), fillRate: s(fill) } as unknown as GridPoint["product"];
    return { value, total: rec, product: rec };
  };
  const pts = [point(1, 5, 10, 0.9), point(2, 3, 30, 0.95), point(3, 4, 20, 0.99)];

  it("pickBest minimises cost, maximises profit, and takes the cheapest point meeting a target", () => {
    expect(pickBest(pts, { kind: "minCost" }).point.value).toBe(2);
    expect(pickBest(pts, { kind: "maxProfit" }).point.value).toBe(2);
    expect(pickBest(pts, { kind: "constraint", metric: "fillRate", op: ">=", target: 0.97 }).point.value).toBe(3);
  });
  it("pickBest reports infeasible targets and returns the closest point", () => {
    const r = pickBest(pts, { kind: "constraint", metric: "fillRate", op: ">=", target: 0.999 });
    expect(r).toMatchObject({ feasible: false, point: { value: 3 } });
  });

  it("probabilityBest counts the runs where a value is best, splitting ties", () => {
    const sample = (vals: number[]) => ({ runIndex: [0, 1, 2, 3], metrics: { costPerDay: vals } as never });
    const samples = new Map([
      [1, sample([1, 5, 2, 2])],
      [2, sample([2, 1, 2, 3])],
    ]);
    // value 1 wins run 0, loses run 1, ties run 2 (half), wins run 3.
    expect(probabilityBest(samples, 1, "costPerDay", true)).toEqual({ p: 2.5 / 4, n: 4 });
    expect(probabilityBest(samples, 2, "costPerDay", true)).toEqual({ p: 1.5 / 4, n: 4 });
  });
});

describe("optimizeLevel simulates only the product a level changes", () => {
  const catalogue = () =>
    parsed({
      version: 1,
      name: "three products, two suppliers",
      startDate: "2027-01-04",
      horizonDays: 120,
      warmupDays: 10,
      runs: 12,
      seed: "alone",
      currency: "EUR",
      suppliers: [
        {
          id: "far",
          name: "Far",
          leadTimeDays: { kind: "lognormal", mean: 9, sd: 3 },
          disruptions: { probabilityPerDay: 0.02, durationDays: { kind: "uniform", min: 3, max: 9 }, effect: "halt" },
        },
        { id: "near", name: "Near", leadTimeDays: { kind: "gamma", mean: 3, sd: 1 } },
      ],
      products: ["a", "b", "c"].map((id, i) => ({
        id,
        name: id.toUpperCase(),
        price: 20 + i,
        unitCost: 8,
        holdingCostPerUnitDay: 0.02,
        backorderCostPerUnitDay: 0.1,
        lostSaleCost: 0,
        demand: {
          ordersPerDay: 2 + i,
          orderCount: { kind: "negativeBinomial", dispersion: 4 },
          unitsPerOrder: { kind: "empirical", values: [1, 2, 3], weights: [0.6, 0.3, 0.1] },
        },
        policy: i === 1 ? { kind: "sS", reorderPoint: 20, orderUpTo: 45 } : { kind: "baseStock", orderUpTo: 30 },
        sourcing: i === 2 ? { primary: "far", backup: "near" } : { supplier: "far" },
        backorders: { mode: "allow" },
        customers: { willingToWaitDays: { kind: "exponential", mean: 10 }, cancelHazardPerDay: 0.02 },
      })),
    });

  it("gives each level the figures the product has inside the whole scenario, bit for bit", async () => {
    const whole = catalogue();
    const runner = createInThreadRunner();
    const r = await optimizeLevel(runner, whole, { product: "b", objective: { kind: "minCost" }, grid: [30, 52] });
    expect(r.simulated).toBe("productAlone");
    for (const point of r.grid) {
      const full = await runner.simulate(scenarioAtLevel(whole, "b", "orderUpTo", point.value), { dailyBands: false });
      expect(point.product).toEqual(full.products.b);
    }
  });

  it("falls back to the whole scenario when orders span products, and says so", async () => {
    const whole = { ...catalogue(), baskets: { extraLinesPerOrder: { kind: "poisson" as const, mean: 0.5 } } };
    const r = await optimizeLevel(createInThreadRunner(), whole, { product: "b", objective: { kind: "minCost" }, grid: [40] });
    expect(r.simulated).toBe("wholeScenario");
    expect(r.coupling).toEqual({ baskets: true, sharedCapacity: false });
  });

  it("refuses a level the policy cannot take", () => {
    expect(() => scenarioAtLevel(catalogue(), "a", "orderUpTo", -3)).toThrow(/orderUpTo must be ≥ 0/);
    expect(() => scenarioAtLevel(catalogue(), "a", "orderUpTo", 2.5)).toThrow(/whole number/);
  });
});
