/**
 * Customers, quotes, patience and cancellations (docs/model.md §4): exact equivalences between
 * rules, and statistical checks against closed forms with tolerances of 5 standard errors.
 */
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, deriveMetrics, M, METRIC_COUNT, RAW, RAW_COUNT, type RawField } from "../../src/engine/metrics.ts";
import type { Product, Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { product, scenario, supplier } from "./fixtures.ts";

function runs(s: Scenario) {
  const model = compileScenario(s);
  return Array.from({ length: s.runs }, (_, r) => {
    const out = createRunOutput(model.nProducts, model.horizonDays);
    simulateRun(model, r, out);
    return out;
  });
}

const sumOver = (outs: ReturnType<typeof runs>, f: RawField) => outs.reduce((a, o) => a + o.raw[RAW[f]], 0);

function meanAndSe(xs: number[]) {
  const n = xs.length;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (n - 1);
  return { mean: m, se: Math.sqrt(v / n) };
}

// Seasonal, lumpy demand with multi-unit orders, a random lead time: plenty of shortages.
const lumpy = (over: Partial<Product>): Product =>
  product("a", {
    holdingCostPerUnitDay: 0.1,
    backorderCostPerUnitDay: 1,
    lostSaleCost: 3,
    demand: {
      ordersPerDay: 4,
      orderCount: { kind: "negativeBinomial", dispersion: 2 },
      unitsPerOrder: { kind: "empirical", values: [1, 2, 3] },
      weekly: [1, 1, 1, 1, 1.5, 2, 0.5],
    },
    policy: { kind: "sS", reorderPoint: 15, orderUpTo: 40, reviewPeriodDays: 3 },
    ...over,
  });
const lumpyScenario = (p: Product) =>
  scenario([p], { horizonDays: 300, warmupDays: 30, runs: 3, suppliers: [supplier("s", { leadTimeDays: { kind: "gamma", mean: 6, sd: 3 } })] });

describe("customers", () => {
  it("allow with patience 0 is exactly deny: every short line balks", () => {
    const deny = runs(lumpyScenario(lumpy({ backorders: { mode: "deny" } })));
    const balk = runs(lumpyScenario(lumpy({ customers: { willingToWaitDays: { kind: "fixed", value: 0 } } })));
    expect(sumOver(deny, "unitsLost")).toBeGreaterThan(0);
    for (let r = 0; r < deny.length; r++) {
      expect(Array.from(balk[r].raw)).toEqual(Array.from(deny[r].raw));
      expect(Array.from(balk[r].daily)).toEqual(Array.from(deny[r].daily));
    }
  });

  it("cap with maxQuotedWaitDays 0 is exactly deny: no quote is shorter than a day", () => {
    const deny = runs(lumpyScenario(lumpy({ backorders: { mode: "deny" } })));
    const cap = runs(lumpyScenario(lumpy({ backorders: { mode: "cap", maxQuotedWaitDays: 0 } })));
    for (let r = 0; r < deny.length; r++) expect(Array.from(cap[r].raw)).toEqual(Array.from(deny[r].raw));
  });

  it("cap with maxBacklogUnits 0 denies every shortfall", () => {
    const cap = runs(lumpyScenario(lumpy({ backorders: { mode: "cap", maxQuotedWaitDays: 1000, maxBacklogUnits: 0 } })));
    expect(sumOver(cap, "ordersBackordered")).toBe(0);
    expect(sumOver(cap, "unitsLost")).toBeGreaterThan(0);
  });

  // Nothing is ever ordered ((r, nQ) with an unreachable reorder point, nothing on hand), so every
  // order is short and, with an empty pipeline, is quoted today's review plus the 5-day lead time:
  // a wait of exactly 5 days.
  const starved = (customers: Product["customers"]) =>
    scenario(
      [
        product("a", {
          initialOnHand: 0,
          policy: { kind: "rQ", reorderPoint: -1e6, orderQuantity: 1 },
          demand: { ordersPerDay: 5, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
          customers,
        }),
      ],
      {
        horizonDays: 2000,
        warmupDays: 100,
        runs: 8,
        suppliers: [supplier("s", { leadTimeDays: { kind: "fixed", value: 5 } })],
      },
    );

  it("customers balk when the quoted wait exceeds their patience: P(lost) = P(patience < 5)", () => {
    const outs = runs(starved({ willingToWaitDays: { kind: "exponential", mean: 4 } }));
    const n = sumOver(outs, "ordersAttempted");
    const lost = sumOver(outs, "unitsLost");
    const p = 1 - Math.exp(-5 / 4);
    expect(Math.abs(lost / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it("cancellations follow the daily hazard, plus the late hazard after the quoted date (Little's law)", () => {
    const h1 = 0.1;
    const h2 = 0.2;
    const outs = runs(starved({ cancelHazardPerDay: h1, lateCancelHazardPerDay: h2 }));
    // P(still waiting after k days) = 0.9^k up to the quoted 5 days, then falls by 1 − (h1 + h2) a day.
    const meanWait = (1 - Math.pow(1 - h1, 6)) / h1 + (Math.pow(1 - h1, 5) * (1 - h1 - h2)) / (h1 + h2);
    const perRun = outs.map((o) => o.raw[RAW.backlogOrderDaySum] / o.raw[RAW.days]);
    const { mean, se } = meanAndSe(perRun);
    expect(Math.abs(mean - 5 * meanWait)).toBeLessThanOrEqual(5 * se);
    const placed = sumOver(outs, "ordersPlaced");
    expect(sumOver(outs, "ordersCancelled") / placed).toBeGreaterThan(0.99);
    expect(sumOver(outs, "unitsShipped")).toBe(0);
  });

  it("quotes are kept exactly under base stock with a fixed lead time and daily review", () => {
    const p = lumpy({ policy: { kind: "baseStock", orderUpTo: 20 } });
    const outs = runs(scenario([p], { horizonDays: 400, warmupDays: 20, runs: 3, suppliers: [supplier("s", { leadTimeDays: { kind: "fixed", value: 4 } })] }));
    const metrics = new Float64Array(METRIC_COUNT);
    for (const o of outs) {
      expect(o.raw[RAW.backorderedShipped]).toBeGreaterThan(10);
      deriveMetrics(o.raw, 0, metrics);
      expect(metrics[M.promiseKeptRate]).toBe(1);
    }
  });

  it("a random lead time breaks some promises", () => {
    const outs = runs(lumpyScenario(lumpy({})));
    expect(sumOver(outs, "promisesKept")).toBeLessThan(sumOver(outs, "backorderedShipped"));
    expect(sumOver(outs, "promisesKept")).toBeGreaterThan(0);
    expect(outs[0].raw.length).toBe(RAW_COUNT);
  });
});
