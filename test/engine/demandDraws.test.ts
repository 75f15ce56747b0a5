/**
 * The day's demand as the engine draws it: order counts Poisson or negative binomial with mean λ,
 * units per order from their distribution (rounded, ≥ 1), so daily units D have E[D] = λ·E[U] and
 * Var[D] = λ·E[U²] (+ E[U]²·λ²/k for a negative binomial count with dispersion k). Checked on daily
 * revenue at price 1 with stock that never runs out, within 5 standard errors (SE of the variance
 * from the sample's fourth central moment).
 */
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { integerPmf } from "../../src/engine/dists.ts";
import { createRunOutput, DAILY_SERIES, RAW } from "../../src/engine/metrics.ts";
import type { Demand } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { product, scenario } from "./fixtures.ts";

function dailyUnits(demand: Demand, days: number) {
  const s = scenario([product("a", { price: 1, demand, initialOnHand: 1e9, policy: { kind: "baseStock", orderUpTo: 1e9 } })], {
    horizonDays: days,
    seed: JSON.stringify(demand),
  });
  const model = compileScenario(s);
  const out = createRunOutput(1, days);
  simulateRun(model, 0, out);
  const rev = DAILY_SERIES.indexOf("revenue");
  return {
    units: out.daily.slice(rev * days, (rev + 1) * days),
    orders: out.raw[RAW.ordersAttempted],
    fromStock: out.raw[RAW.unitsFromStock],
    demanded: out.raw[RAW.unitsDemanded],
  };
}

function check(demand: Demand, days = 20000) {
  const { units, orders, fromStock, demanded } = dailyUnits(demand, days);
  expect(fromStock).toBe(demanded);
  const pmf = integerPmf(demand.unitsPerOrder, 1);
  const lam = demand.ordersPerDay;
  const eu = pmf.mean;
  const eu2 = pmf.variance + eu * eu;
  const k = demand.orderCount.kind === "negativeBinomial" ? demand.orderCount.dispersion : Infinity;
  const mean = lam * eu;
  const variance = lam * eu2 + (eu * eu * lam * lam) / k;
  let m = 0;
  for (const x of units) m += x;
  m /= days;
  let m2 = 0;
  let m4 = 0;
  for (const x of units) {
    const dd = (x - m) * (x - m);
    m2 += dd;
    m4 += dd * dd;
  }
  m2 /= days;
  m4 /= days;
  expect(Math.abs(m - mean), `mean ${m} vs ${mean}`).toBeLessThanOrEqual(5 * Math.sqrt(m2 / days));
  expect(Math.abs(m2 - variance), `variance ${m2} vs ${variance}`).toBeLessThanOrEqual(5 * Math.sqrt((m4 - m2 * m2) / days));
  const varN = lam + (lam * lam) / k;
  expect(Math.abs(orders / days - lam)).toBeLessThanOrEqual(5 * Math.sqrt(varN / days));
}

describe("demand draws", () => {
  it("Poisson orders of fixed size 1", () => check({ ordersPerDay: 7, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }));
  it("Poisson orders of fixed size 3", () => check({ ordersPerDay: 4, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 3 } }));
  it("Poisson orders with empirical sizes", () =>
    check({ ordersPerDay: 12, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "empirical", values: [1, 2, 5], weights: [6, 3, 1] } }));
  it("negative binomial orders with Poisson sizes (sizes beyond the first four)", () =>
    check({ ordersPerDay: 9, orderCount: { kind: "negativeBinomial", dispersion: 2 }, unitsPerOrder: { kind: "poisson", mean: 2.5 } }));
  it("negative binomial orders with lognormal sizes", () =>
    check({ ordersPerDay: 3, orderCount: { kind: "negativeBinomial", dispersion: 0.7 }, unitsPerOrder: { kind: "lognormal", mean: 4, sd: 3 } }));
  it("many orders a day with random sizes (more than one table block of orders per day)", () =>
    check({ ordersPerDay: 600, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "empirical", values: [1, 2, 3], weights: [5, 3, 2] } }, 4000));
  it("heavy-tailed negative binomial counts with random sizes", () =>
    check({ ordersPerDay: 40, orderCount: { kind: "negativeBinomial", dispersion: 0.5 }, unitsPerOrder: { kind: "poisson", mean: 1.8 } }, 20000));
  it("sizes drawn one by one when stock runs short add up to the demand drawn with plenty of stock", () => {
    // The same customers (seed, run) with stock that always covers the day and with stock that runs
    // out: the days' totals are drawn the same way, and the sizes of short days are drawn given them.
    const demand: Demand = {
      ordersPerDay: 300,
      orderCount: { kind: "negativeBinomial", dispersion: 2 },
      unitsPerOrder: { kind: "empirical", values: [1, 2, 4], weights: [6, 3, 1] },
    };
    const days = 400;
    const run = (stock: number) => {
      const s = scenario(
        [product("a", { demand, initialOnHand: stock, policy: { kind: "baseStock", orderUpTo: stock, reviewPeriodDays: 7 }, backorders: { mode: "deny" } })],
        { horizonDays: days, seed: "crn" },
      );
      const model = compileScenario(s);
      const out = createRunOutput(1, days);
      simulateRun(model, 3, out);
      return {
        demanded: out.raw[RAW.unitsDemanded],
        orders: out.raw[RAW.ordersAttempted],
        lost: out.raw[RAW.unitsLost],
        fromStock: out.raw[RAW.unitsFromStock],
      };
    };
    const plenty = run(1e9);
    const short = run(1500);
    expect(plenty.lost).toBe(0);
    expect(short.lost).toBeGreaterThan(0);
    expect(short.demanded).toBe(plenty.demanded);
    expect(short.orders).toBe(plenty.orders);
    expect(short.fromStock + short.lost).toBe(short.demanded);
  });
  it("Poisson orders with sizes too spread out to tabulate", () =>
    check({ ordersPerDay: 2, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "normal", mean: 5000, sd: 1500 } }, 8000));
});
