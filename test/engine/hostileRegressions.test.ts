/**
 * Named regressions of hostile and extreme input (docs/model.md §3.3, §6): each case once ended in a
 * hang, a crash or a wrong figure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, deriveMetrics, M, METRIC_COUNT, RAW, RAW_COUNT, type RawField } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { parsePrecision } from "../../src/cli/commands/simulate.ts";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES } from "../../src/cli/decisionCommon.ts";

const example = (name: string): Scenario => JSON.parse(readFileSync(join(import.meta.dirname, "../../scenarios", name), "utf8"));

describe("hostile and extreme input: named regressions", () => {
  it("split-vs-hold-hold (unmodified): every product's cancellation rates lie in [0, 1] in every run", () => {
    const s = example("split-vs-hold-hold.json");
    const model = compileScenario(s);
    const out = createRunOutput(model.nProducts, model.horizonDays);
    const m = new Float64Array(METRIC_COUNT);
    for (let run = 0; run < 60; run++) {
      simulateRun(model, run, out);
      for (let p = 0; p < model.nProducts; p++) {
        const g = (f: RawField) => out.raw[p * RAW_COUNT + RAW[f]];
        expect(g("ordersCancelled"), `${s.products[p].id}, run ${run}`).toBeLessThanOrEqual(g("ordersBackordered"));
        deriveMetrics(out.raw, p * RAW_COUNT, m);
        for (const r of ["cancellationRate", "backorderCancellationRate"] as const) {
          expect(m[M[r]]).toBeGreaterThanOrEqual(0);
          expect(m[M[r]], `${r} of ${s.products[p].id}, run ${run}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("a negative-binomial dispersion of 1e12, 1e14, 1e16 or 1e300 gives the Poisson's demand, without hanging", () => {
    const s = example("supplier-a.json");
    const runDemand = (oc: Scenario["products"][0]["demand"]["orderCount"]) => {
      const v = structuredClone(s);
      v.products[1].demand.orderCount = oc;
      const model = compileScenario(v);
      const out = createRunOutput(model.nProducts, model.horizonDays);
      simulateRun(model, 0, out);
      return out.raw[RAW_COUNT + RAW.unitsDemanded];
    };
    const poisson = runDemand({ kind: "poisson" });
    for (const k of [1e12, 1e14, 1e16, 1e300]) expect(runDemand({ kind: "negativeBinomial", dispersion: k }), `k = ${k}`).toBe(poisson);
  });

  it("prices, costs or order sizes of 1e308, a review period of 2^53 − 1 days and a lead time of 1e308 days are refused with their paths", () => {
    const cases: [string, (s: any) => void, string][] = [
      ["price", (s) => (s.products[0].price = 1e308), "products[0].price"],
      ["holding cost", (s) => (s.products[0].holdingCostPerUnitDay = 1e308), "products[0].holdingCostPerUnitDay"],
      ["order size", (s) => (s.products[0].demand.unitsPerOrder = { kind: "fixed", value: 1e308 }), "products[0].demand.unitsPerOrder.value"],
      ["review period", (s) => (s.products[0].policy.reviewPeriodDays = 2 ** 53 - 1), "products[0].policy.reviewPeriodDays"],
      ["lead time", (s) => (s.suppliers[0].leadTimeDays = { kind: "fixed", value: 1e308 }), "suppliers[0].leadTimeDays.value"],
      ["basket lines", (s) => (s.baskets = { extraLinesPerOrder: { kind: "poisson", mean: 1e308 } }), "baskets.extraLinesPerOrder.mean"],
      ["orders a day", (s) => (s.products[0].demand.ordersPerDay = 2 ** 53), "products[0].demand.ordersPerDay"],
      ["trend", (s) => (s.products[0].demand.trendPerYear = 1e308), "products[0].demand.trendPerYear"],
    ];
    for (const [what, edit, path] of cases) {
      const s = example("supplier-a.json") as any;
      edit(s);
      const r = parseScenario(s);
      expect(r.ok, what).toBe(false);
      if (!r.ok)
        expect(
          r.errors.map((e) => e.path),
          what,
        ).toContain(path);
    }
  });

  it("a run whose arithmetic overflows anyway fails naming the product and the figure", () => {
    const s = example("supplier-a.json");
    s.products[0].price = 1e308; // past the parser, straight to the engine
    s.products[0].demand.ordersPerDay = 50;
    const model = compileScenario(s);
    expect(() => simulateRun(model, 0, createRunOutput(model.nProducts, model.horizonDays))).toThrow(
      /product "duvet-cover"'s revenue is Infinity \(arithmetic overflow\)/,
    );
  });

  it("a product with id __proto__ or constructor keeps its own figures in the result", async () => {
    for (const id of ["__proto__", "constructor"]) {
      const s = example("supplier-a.json");
      s.products[0].id = id;
      s.runs = 3;
      s.horizonDays = 60;
      const r = await createInThreadRunner().simulate(s);
      expect(Object.prototype.hasOwnProperty.call(r.products, id), id).toBe(true);
      expect(r.products[id].unitsDemanded.mean).toBeGreaterThan(0);
      expect(Object.keys(r.products)).toHaveLength(4);
    }
  });

  it("--precision names are checked against the metric list, and options go through the scenario's limits", () => {
    for (const name of ["toString", "__proto__", "constructor", "hasOwnProperty"])
      expect(() => parsePrecision(`${name}=0.1`), name).toThrow(/with a metric among/);
    expect(parsePrecision("profit=0.01")).toEqual({ metric: "profit", relativeHalfWidth: 0.01 });
    const common = (...args: string[]) => new ArgReader(args, { values: COMMON_VALUES, flags: COMMON_FLAGS }, "usage").common();
    expect(() => common("--horizon", "100000")).toThrow('--horizon: must be a whole number from 1 to 7,300 (20 years), got "100000"');
    expect(() => common("--runs", "10000001")).toThrow(/--runs: must be a whole number from 1 to 10,000,000/);
    expect(() => common("--runs", "1e3")).toThrow(/--runs/);
    expect(() => common("--workers", "0x10")).toThrow(/--workers/);
    expect(common("--runs", "500", "--horizon", "7300", "--workers", "0")).toMatchObject({ runs: 500, horizon: 7300, workers: 0 });
  });

  it("an option that takes a value does not swallow the next option (`--csv --json` is a missing value, not a directory)", () => {
    const read = (...args: string[]) => new ArgReader(args, { values: ["csv", "seed"], flags: ["json"] }, "usage");
    expect(() => read("--csv", "--json")).toThrow("--csv needs a value, got the option --json");
    expect(read("--csv", "out").value("csv")).toBe("out");
    expect(read("--seed=--x", "--json").value("seed")).toBe("--x");
  });

  it("penalties default to 0 and fulfilment without capacity is unlimited but charges shipping", () => {
    const s = example("supplier-a.json") as any;
    for (const p of s.products) {
      delete p.lostSaleCost;
      delete p.backorderCostPerUnitDay;
    }
    s.fulfillment = { shippingCostPerShipment: 4 };
    const r = parseScenario(s);
    expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
    if (!r.ok) return;
    const model = compileScenario(r.scenario);
    expect(model.capacityOrdersPerDay).toBe(Infinity);
    expect(model.products.every((p) => p.lostSaleCost === 0 && p.backorderCostPerUnitDay === 0)).toBe(true);
    const out = createRunOutput(model.nProducts, model.horizonDays);
    simulateRun(model, 0, out);
    const g = (p: number, f: RawField) => out.raw[p * RAW_COUNT + RAW[f]];
    for (let p = 0; p < model.nProducts; p++) {
      expect(g(p, "penaltyCost")).toBe(0);
      // Every order line is its own shipment here (single-line orders, no splitting).
      expect(g(p, "shippingCost")).toBe(4 * g(p, "ordersShipped"));
    }
  });

  it("--json carries the counts of the units identity, and their means obey it", async () => {
    const s = example("split-vs-hold-hold.json");
    s.runs = 20;
    const r = await createInThreadRunner().simulate(s);
    for (const rec of [r.total, ...Object.values(r.products)]) {
      const lhs = rec.unitsDemanded.mean + rec.startingWaitingUnits.mean;
      const rhs = rec.unitsShipped.mean + rec.unitsLost.mean + rec.unitsCancelled.mean + rec.endingWaitingUnits.mean;
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-9 * Math.max(1, lhs));
    }
  });
});
