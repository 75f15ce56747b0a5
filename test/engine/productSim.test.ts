/**
 * The product-by-product engine (productSim.ts) gives, bit for bit, the output of the day-by-day
 * engine on every scenario it runs: random valid scenarios without baskets or capacity limits, and
 * the example scenarios that qualify. Scenarios with baskets or capacity run day by day.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, type RunOutput } from "../../src/engine/metrics.ts";
import { productsStandAlone, runsByProduct } from "../../src/engine/productSim.ts";
import { RAW_COUNT, PRODUCT_DAILY_SERIES } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { simulateRun, simulateRunByDay } from "../../src/engine/simulateRun.ts";
import { product, scenario } from "./fixtures.ts";
import { scenarioArbitrary } from "./scenarioArbitrary.ts";

const bytes = (o: RunOutput) => [o.raw, o.daily, o.productDaily, o.waitHist].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64"));

/** Every run of s through both engines; returns the first run whose outputs differ (−1: none). */
function firstDifference(s: Scenario, runs = s.runs): number {
  const model = compileScenario(s);
  const a = createRunOutput(model.nProducts, model.horizonDays);
  const b = createRunOutput(model.nProducts, model.horizonDays);
  for (let r = 0; r < runs; r++) {
    simulateRun(model, r, a);
    simulateRunByDay(model, r, b);
    const x = bytes(a);
    const y = bytes(b);
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return r;
  }
  return -1;
}

const scenarioFile = (name: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), "utf8")) as Scenario;

describe("product-by-product engine", () => {
  it("runs scenarios without baskets or capacity limits product by product, the others day by day", () => {
    expect(runsByProduct(compileScenario(scenarioFile("bench")))).toBe(true);
    expect(runsByProduct(compileScenario(scenarioFile("winter-woolies")))).toBe(true);
    expect(runsByProduct(compileScenario(scenarioFile("restock-surge")))).toBe(false);
    expect(runsByProduct(compileScenario(scenarioFile("split-vs-hold-split")))).toBe(false);
  });

  it("gives the day-by-day engine's output bit for bit on random scenarios", () => {
    fc.assert(
      fc.property(
        // Shipping costs and split shipments stay; capacity is lifted and baskets dropped.
        scenarioArbitrary().map((s): Scenario => ({
          ...s,
          baskets: undefined,
          fulfillment: s.fulfillment && { ...s.fulfillment, capacityOrdersPerDay: Infinity },
        })),
        (s) => {
          expect(runsByProduct(compileScenario(s))).toBe(true);
          expect(firstDifference(s)).toBe(-1);
        },
      ),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it("gives the same output on busy days split into blocks of orders, with random, fixed and single units", () => {
    // Sizes of 1–400 units: the unit-sum table covers only a few orders, so every day has several
    // blocks; little stock, so most days run short and sizes are drawn given each block's total.
    const wide = { kind: "uniform" as const, min: 1, max: 400 };
    const s = scenario(
      [
        product("wide", {
          demand: { ordersPerDay: 40, orderCount: { kind: "negativeBinomial", dispersion: 3 }, unitsPerOrder: wide },
          policy: { kind: "baseStock", orderUpTo: 6000, reviewPeriodDays: 3 },
        }),
        product("pairs", {
          demand: { ordersPerDay: 12, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 2 } },
          policy: { kind: "baseStock", orderUpTo: 30 },
        }),
        product("ones", {
          demand: { ordersPerDay: 9, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
          policy: { kind: "sS", reorderPoint: 2, orderUpTo: 20 },
          backorders: { mode: "deny" },
        }),
      ],
      { horizonDays: 120, warmupDays: 10, runs: 4, suppliers: [{ id: "s", name: "s", leadTimeDays: { kind: "uniform", min: 2, max: 9 } }] },
    );
    const model = compileScenario(s);
    expect(model.products[0].unitSums!.maxOrders).toBeLessThan(20);
    expect(firstDifference(s)).toBe(-1);
  });

  it("gives the same output when order sizes have no table and are drawn one by one", () => {
    const s = scenario(
      [
        product("lumpy", {
          demand: { ordersPerDay: 6, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "lognormal", mean: 2000, sd: 1500 } },
          policy: { kind: "baseStock", orderUpTo: 30000, reviewPeriodDays: 2 },
        }),
        product("spread", {
          demand: { ordersPerDay: 3, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "uniform", min: 1, max: 6000 } },
          policy: { kind: "sS", reorderPoint: 2000, orderUpTo: 15000 },
          backorders: { mode: "deny" },
        }),
      ],
      { horizonDays: 90, warmupDays: 10, runs: 4 },
    );
    const model = compileScenario(s);
    expect(model.products.map((p) => p.unitSums)).toEqual([null, null]);
    expect(firstDifference(s)).toBe(-1);
  });

  it("gives the day-by-day engine's output bit for bit on the example scenarios", () => {
    for (const name of ["bench", "default-shop", "winter-woolies", "disruption-backup", "supplier-a", "supplier-b", "supplier-dual"]) {
      expect(firstDifference(scenarioFile(name), 3), name).toBe(-1);
    }
  });

  it("gives each product of a stand-alone scenario the same figures when it is simulated alone", () => {
    const check = (s: Scenario) => {
      expect(productsStandAlone(s)).toBe(runsByProduct(compileScenario(s)));
      if (!productsStandAlone(s)) return;
      const whole = compileScenario(s);
      const H = whole.horizonDays;
      const a = createRunOutput(whole.nProducts, H);
      for (let r = 0; r < s.runs; r++) {
        simulateRun(whole, r, a);
        s.products.forEach((p, i) => {
          const alone = compileScenario({ ...s, products: [p] });
          const b = createRunOutput(1, H);
          simulateRun(alone, r, b);
          expect(Array.from(b.raw)).toEqual(Array.from(a.raw.subarray(i * RAW_COUNT, (i + 1) * RAW_COUNT)));
          const span = PRODUCT_DAILY_SERIES.length * H;
          expect(Array.from(b.productDaily)).toEqual(Array.from(a.productDaily.subarray(i * span, (i + 1) * span)));
        });
      }
    };
    fc.assert(
      fc.property(scenarioArbitrary({ maxProducts: 3 }), (s) => check(s)),
      { numRuns: 120, seed: 20261129 },
    );
    check(scenarioFile("winter-woolies"));
  });
});
