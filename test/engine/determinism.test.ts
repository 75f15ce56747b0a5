/**
 * Reproducibility (docs/model.md §7): a run depends only on (scenario, run index) — not on which
 * runs the same compiled model simulated before, nor on another compilation — and demand-side
 * randomness is common to scenarios that differ only in how the shop responds (policy, supplier,
 * backorder rule), so comparisons are paired run by run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, RAW, RAW_COUNT, type RunOutput } from "../../src/engine/metrics.ts";
import type { Product, Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import seedrandom from "seedrandom";
import { alea, aleaNext, keyedUniform, seedStreamInto, stream, textHash } from "../../src/engine/random.ts";
import { lumpyProduct } from "./fixtures.ts";
import { scenarioArbitrary } from "./scenarioArbitrary.ts";

function base(): Scenario {
  const product = (id: string, ordersPerDay: number): Product => {
    const p = lumpyProduct(id, ordersPerDay, {
      customers: { willingToWaitDays: { kind: "exponential", mean: 8 }, cancelHazardPerDay: 0.05, lateCancelHazardPerDay: 0.2 },
    });
    p.demand.shocks = [{ probabilityPerDay: 0.02, multiplier: { kind: "uniform", min: 1.5, max: 3 }, durationDays: { kind: "fixed", value: 4 } }];
    return p;
  };
  return {
    version: 1,
    name: "det",
    startDate: "2027-03-01",
    horizonDays: 200,
    warmupDays: 20,
    runs: 4,
    seed: "same seed",
    currency: "EUR",
    products: [product("a", 4), product("b", 1.5), product("c", 7)],
    suppliers: [
      {
        id: "acme",
        name: "Acme",
        leadTimeDays: { kind: "lognormal", mean: 6, sd: 2 },
        fixedOrderCost: 20,
        disruptions: { probabilityPerDay: 0.01, durationDays: { kind: "fixed", value: 5 }, effect: "halt" },
      },
      { id: "fast", name: "Fast", leadTimeDays: { kind: "fixed", value: 2 }, fixedOrderCost: 40, unitCostMultiplier: 1.2 },
    ],
    baskets: { extraLinesPerOrder: { kind: "poisson", mean: 0.4 } },
  };
}

function runAll(s: Scenario): RunOutput[] {
  const model = compileScenario(s);
  return Array.from({ length: s.runs }, (_, r) => {
    const out = createRunOutput(model.nProducts, model.horizonDays);
    simulateRun(model, r, out);
    return out;
  });
}

const bytes = (o: RunOutput) =>
  [o.raw, o.daily, o.productDaily, o.waitHist].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64")).join("|");

const perProduct = (o: RunOutput, field: keyof typeof RAW, n: number) => Array.from({ length: n }, (_, p) => o.raw[p * RAW_COUNT + RAW[field]]);

describe("determinism", () => {
  it("stream(seed, run, name, key) repeats its sequence and separates names, keys, runs and seeds", () => {
    const draw = (...a: Parameters<typeof stream>) => {
      const g = stream(...a);
      return [g(), g(), g()];
    };
    expect(draw("s", 1, "demand", "a")).toEqual(draw("s", 1, "demand", "a"));
    expect(draw("s", 1, "demand", "a")).not.toEqual(draw("s", 1, "demand", "b"));
    expect(draw("s", 1, "demand", "a")).not.toEqual(draw("s", 2, "demand", "a"));
    expect(draw("s", 1, "demand", "a")).not.toEqual(draw("t", 1, "demand", "a"));
    expect(draw("s", 1, "demand", "a")).not.toEqual(draw("s", 1, "leadTime", "a"));
  });

  it("alea(seed) gives exactly the numbers of seedrandom.alea(seed)", () => {
    for (const seed of ["", "a", "bench\u00000\u0000demand\u0000p001", "ünïcødé ☃", "x".repeat(300)]) {
      const ours = alea(seed);
      const theirs = seedrandom.alea(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(theirs());
    }
  });

  it("seeded streams (seed, run, name) are distinct, their draws uniform, and neighbouring streams uncorrelated", () => {
    const seedHash = textHash("same seed");
    const names = ["demand\u0000a", "demand\u0000b", "leadTime\u0000acme:a", "shocks\u0000a"].map(textHash);
    const state = new Float64Array(4);
    const seen = new Set<string>();
    let s = 0;
    let s2 = 0;
    let cross = 0;
    let neighbours = 0;
    let n = 0;
    let prev = 0.5;
    for (let run = 0; run < 5000; run++) {
      for (const name of names) {
        seedStreamInto(seedHash, run, name, state, 0);
        seen.add(`${state[0]},${state[1]},${state[2]}`);
        const u = aleaNext(state, 0);
        const v = aleaNext(state, 0);
        s += u;
        s2 += u * u;
        cross += (u - 0.5) * (v - 0.5);
        // First draws of the previous stream (other name, or the previous run) and this one.
        neighbours += (u - 0.5) * (prev - 0.5);
        prev = u;
        n++;
      }
    }
    expect(seen.size).toBe(n);
    // SEs: mean sqrt(1/12/n), second moment sqrt(4/45/n), lag-1 product sqrt(1/144/n).
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n));
    expect(Math.abs(cross / n)).toBeLessThan(5 * Math.sqrt(1 / 144 / n));
    expect(Math.abs(neighbours / n)).toBeLessThan(5 * Math.sqrt(1 / 144 / n));
  });

  it("keyedUniform(key, day, index, slot) lies in (0, 1) and has mean 1/2 and variance 1/12", () => {
    let s = 0;
    let s2 = 0;
    let lo = 1;
    let hi = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = keyedUniform(12345, i >> 8, i & 255, i & 3);
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      s += u;
      s2 += u * u;
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    const mean = s / n;
    // SE of the mean is sqrt(1/12 / n) ≈ 0.00065; of the second moment sqrt(4/45 / n) ≈ 0.00067.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n));
  });

  it("simulateRun with the same seed gives byte-identical RunOutputs, across compilations", () => {
    const a = runAll(base()).map(bytes);
    const b = runAll(base()).map(bytes);
    expect(a).toEqual(b);
  });

  it("simulateRun(model, k) does not depend on the runs simulated before it", () => {
    const s = base();
    const model = compileScenario(s);
    const out = createRunOutput(model.nProducts, model.horizonDays);
    simulateRun(model, 2, out);
    const first = bytes(out);
    simulateRun(model, 0, out);
    simulateRun(model, 3, out);
    simulateRun(model, 2, out);
    expect(bytes(out)).toBe(first);
  });

  it("simulateRun with a different seed or run index gives different output", () => {
    const s = base();
    const a = runAll(s);
    const b = runAll({ ...s, seed: "other seed" });
    expect(bytes(a[0])).not.toBe(bytes(b[0]));
    expect(bytes(a[0])).not.toBe(bytes(a[1]));
  });

  it("changing only the policy, backorder rule or supplier leaves the customers of every run unchanged", () => {
    const s = base();
    const variants: Scenario[] = [
      { ...s, products: s.products.map((p) => ({ ...p, policy: { kind: "baseStock", orderUpTo: 10 } })) },
      { ...s, products: s.products.map((p) => ({ ...p, policy: { kind: "safetyStock", safetyStock: { serviceLevel: 0.98 }, reviewPeriodDays: 7 } })) },
      { ...s, products: s.products.map((p) => ({ ...p, backorders: { mode: "deny" } })) },
      { ...s, products: s.products.map((p) => ({ ...p, sourcing: { kind: "backup", primary: "acme", backup: "fast" } })) },
    ];
    const ref = runAll(s);
    for (const v of variants) {
      const got = runAll(v);
      for (let r = 0; r < s.runs; r++) {
        expect(perProduct(got[r], "unitsDemanded", 3)).toEqual(perProduct(ref[r], "unitsDemanded", 3));
        expect(perProduct(got[r], "ordersAttempted", 3)).toEqual(perProduct(ref[r], "ordersAttempted", 3));
      }
      // The variants do change what happens to those customers (in at least one of the runs: a backup
      // supplier, say, changes nothing in a run where the primary is never down at a review).
      expect(got.some((o, r) => bytes(o) !== bytes(ref[r]))).toBe(true);
    }
  });

  it("common random numbers hold on random scenarios: a different shop response sees the same customers", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ maxHorizon: 80 }), fc.integer({ min: 0, max: 40 }), (s, level) => {
        const other: Scenario = {
          ...s,
          products: s.products.map((p) => ({ ...p, policy: { kind: "baseStock", orderUpTo: level }, backorders: { mode: "allow" }, customers: undefined })),
          fulfillment: undefined,
        };
        const a = runAll(s);
        const b = runAll(other);
        for (let r = 0; r < s.runs; r++) {
          expect(perProduct(b[r], "unitsDemanded", s.products.length)).toEqual(perProduct(a[r], "unitsDemanded", s.products.length));
          expect(perProduct(b[r], "ordersAttempted", s.products.length)).toEqual(perProduct(a[r], "ordersAttempted", s.products.length));
        }
      }),
      { numRuns: 100, seed: 99 },
    );
  });
});
