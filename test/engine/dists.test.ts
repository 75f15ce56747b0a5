/**
 * Samplers against their distributions: sample means and variances within 5 standard errors of the
 * exact moments (SE of the variance from the sample's own fourth central moment), pmf frequencies
 * within 5 binomial SEs of exact Poisson probabilities, and closed-form moments checked by hand.
 */
import { describe, expect, it } from "vitest";
import {
  compileDist,
  compileIntTable,
  countAnchorInto,
  countRatios,
  distCdf,
  distMean,
  distPreview,
  distQuantile,
  distSd,
  integerPmf,
  negativeBinomial,
  orderCountByInversion,
  poisson,
  quantileFunction,
  sample,
  sampleIntTable,
  standardGamma,
} from "../../src/engine/dists.ts";
import { stream } from "../../src/engine/random.ts";
import type { Dist } from "../../src/engine/scenario.ts";
import { logGamma, normalCdf, normalQuantile } from "../../src/engine/special.ts";

function moments(xs: Float64Array) {
  const n = xs.length;
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - m) * (x - m);
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  return { mean: m, variance: m2, seMean: Math.sqrt(m2 / n), seVariance: Math.sqrt(Math.max(m4 - m2 * m2, 0) / n) };
}

function draws(n: number, f: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f();
  return xs;
}

function expectMoments(xs: Float64Array, mean: number, variance: number) {
  const m = moments(xs);
  expect(Math.abs(m.mean - mean), `mean ${m.mean} vs ${mean}`).toBeLessThanOrEqual(5 * m.seMean + 1e-12);
  expect(Math.abs(m.variance - variance), `variance ${m.variance} vs ${variance}`).toBeLessThanOrEqual(5 * m.seVariance + 1e-12);
}

const KINDS: Dist[] = [
  { kind: "fixed", value: 3 },
  { kind: "uniform", min: 2, max: 5 },
  { kind: "triangular", min: 1, mode: 2, max: 6 },
  { kind: "normal", mean: 10, sd: 3 },
  { kind: "lognormal", mean: 21, sd: 6 },
  { kind: "gamma", mean: 4, sd: 3 },
  { kind: "gamma", mean: 1, sd: 2 },
  { kind: "exponential", mean: 7 },
  { kind: "poisson", mean: 2.5 },
  { kind: "poisson", mean: 40 },
  { kind: "empirical", values: [1, 2, 5], weights: [5, 3, 2] },
  { kind: "empirical", values: [4, 8] },
];

describe("dists", () => {
  it("distMean and distSd have the closed forms", () => {
    expect(distMean({ kind: "uniform", min: 2, max: 5 })).toBe(3.5);
    expect(distSd({ kind: "uniform", min: 2, max: 5 })).toBeCloseTo(3 / Math.sqrt(12), 12);
    expect(distMean({ kind: "triangular", min: 0, mode: 1, max: 2 })).toBe(1);
    expect(distSd({ kind: "triangular", min: 0, mode: 1, max: 2 })).toBeCloseTo(Math.sqrt(3 / 18), 12);
    expect(distSd({ kind: "exponential", mean: 7 })).toBe(7);
    expect(distSd({ kind: "poisson", mean: 9 })).toBe(3);
    expect(distMean({ kind: "empirical", values: [1, 2, 5], weights: [5, 3, 2] })).toBeCloseTo(2.1, 12);
    expect(distSd({ kind: "empirical", values: [4, 8] })).toBe(2);
  });

  for (const d of KINDS) {
    it(`sample(${JSON.stringify(d)}) has the distribution's mean and variance`, () => {
      const cd = compileDist(d);
      const rng = stream("dists", 0, d.kind, JSON.stringify(d));
      const xs = draws(100_000, () => sample(cd, rng));
      expectMoments(xs, distMean(d), distSd(d) ** 2);
    });
  }

  for (const lambda of [0.3, 4, 9.99, 10, 37, 500]) {
    it(`poisson(rng, ${lambda}) has mean and variance λ`, () => {
      const rng = stream("poisson", 0, String(lambda));
      expectMoments(
        draws(100_000, () => poisson(rng, lambda)),
        lambda,
        lambda,
      );
    });
  }

  for (const lambda of [3, 15, 120]) {
    it(`poisson(rng, ${lambda}) matches the Poisson pmf`, () => {
      const rng = stream("pmf", 0, String(lambda));
      const n = 200_000;
      const counts = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const k = poisson(rng, lambda);
        if (!(Number.isInteger(k) && k >= 0)) throw new Error(`poisson returned ${k}`);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      let logP = -lambda;
      for (let k = 0; k < lambda * 3; k++) {
        if (k > 0) logP += Math.log(lambda / k);
        const p = Math.exp(logP);
        if (p < 0.005) continue;
        const f = (counts.get(k) ?? 0) / n;
        expect(Math.abs(f - p), `P(${k})`).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
      }
    });
  }

  describe("orderCountByInversion (the engine's order counts)", () => {
    /** Exact pmf from log-gamma, independently of the sampler's ratio steps. */
    const pmf = (j: number, mean: number, k: number) =>
      k === Infinity
        ? Math.exp(-mean + j * Math.log(mean) - logGamma(j + 1))
        : Math.exp(logGamma(j + k) - logGamma(k) - logGamma(j + 1) + k * Math.log(k / (k + mean)) + j * Math.log(mean / (k + mean)));
    const draw = (u: number, mean: number, k: number) => {
      const a = new Int32Array(1);
      const pr = new Float64Array(2);
      countAnchorInto(mean, k, a, pr, 0);
      return orderCountByInversion(u, mean, k, a[0], pr[0], pr[1], countRatios(k));
    };
    const cases: [number, number][] = [
      [0.3, Infinity],
      [3, Infinity],
      [14.5, Infinity],
      [2000, Infinity],
      [0.2, 0.5],
      [15, 0.57],
      [40, 5],
      [900, 0.8],
    ];
    for (const [mean, k] of cases) {
      it(`inverts the CDF of ${k === Infinity ? `Poisson(${mean})` : `NB(${mean}, k = ${k})`}: u just below F(j) gives j, just above gives j + 1`, () => {
        // F summed from 0 (or, for large means, from where the mass starts) in log space.
        const sd = Math.sqrt(k === Infinity ? mean : mean + (mean * mean) / k);
        const lo = Math.max(0, Math.floor(mean - 12 * sd));
        let F = 0;
        let checked = 0;
        for (let j = lo; j < mean + 6 * sd + 5; j++) {
          F += pmf(j, mean, k);
          if (F < 1e-6 || F > 1 - 1e-6) continue;
          const eps = 1e-9;
          expect(draw(F - eps, mean, k), `u = F(${j}) − ε`).toBe(j);
          expect(draw(F + eps, mean, k), `u = F(${j}) + ε`).toBe(j + 1);
          checked++;
        }
        expect(checked).toBeGreaterThan(0);
      });
    }
    it("has mean and variance of the negative binomial over many uniforms", () => {
      const rng = stream("nb-inversion", 0, "x");
      expectMoments(
        draws(100_000, () => draw(rng(), 6, 2)),
        6,
        6 + 36 / 2,
      );
    });
    it("tends to the Poisson limit as the dispersion grows (k = 1e6 … 1e300), without hanging", () => {
      for (const k of [1e6, 1e9, 1e12, 1e14, 1e15, 1e16, 1e20, 1e300]) {
        for (const mean of [0.4, 1823 / 365, 50, 2000]) {
          // NB's CDF differs from Poisson's by about μ²/k; just above and below each Poisson CDF
          // value, by more than that, the draw is the Poisson's.
          const eps = 1e-8 + (10 * mean * mean) / k;
          if (eps > 1e-4) continue; // still visibly over-dispersed: the moments test covers it
          const sd = Math.sqrt(mean);
          let F = 0;
          let checked = 0;
          for (let j = 0; j < mean + 8 * sd + 5; j++) {
            const pj = pmf(j, mean, Infinity);
            F += pj;
            if (pj < 3 * eps || pmf(j + 1, mean, Infinity) < 3 * eps) continue;
            expect(draw(F - eps, mean, k), `k = ${k}, mean ${mean}: u = F(${j}) − ε`).toBe(j);
            expect(draw(F + eps, mean, k), `k = ${k}, mean ${mean}: u = F(${j}) + ε`).toBe(j + 1);
            checked++;
          }
          expect(checked, `k = ${k}, mean ${mean}`).toBeGreaterThan(0);
        }
      }
    });
    it("returns 0 for a mean of 0 and a finite count for u close to 1", () => {
      expect(draw(0.5, 0, Infinity)).toBe(0);
      expect(draw(0.999999999999, 5, Infinity)).toBeGreaterThan(15);
      expect(draw(1 - 2 ** -53, 5, 0.3)).toBeLessThan(1e6);
    });
  });

  it("negativeBinomial(rng, mean, k) has variance mean + mean²/k", () => {
    const rng = stream("nb", 0, "x");
    expectMoments(
      draws(100_000, () => negativeBinomial(rng, 6, 2)),
      6,
      6 + 36 / 2,
    );
  });

  for (const shape of [0.4, 1, 3.5]) {
    it(`standardGamma(rng, ${shape}) has mean and variance equal to the shape`, () => {
      const rng = stream("gamma", 0, String(shape));
      expectMoments(
        draws(100_000, () => standardGamma(rng, shape)),
        shape,
        shape,
      );
    });
  }

  it("normalCdf and normalQuantile agree with tabulated values", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 5);
  });

  it("integerPmf rounds to nearest and clamps at the minimum", () => {
    const fixed = integerPmf({ kind: "fixed", value: 2.6 }, 1);
    expect(fixed.mean).toBeCloseTo(3, 12);
    expect(fixed.variance).toBeCloseTo(0, 12);
    // Exponential(mean 2) used as an integer ≥ 1: P(1) = P(X < 1.5) = 1 − e^(−0.75), P(2) = e^(−0.75) − e^(−1.25).
    const e = integerPmf({ kind: "exponential", mean: 2 }, 1);
    expect(e.first).toBe(1);
    expect(e.probs[0]).toBeCloseTo(1 - Math.exp(-0.75), 9);
    expect(e.probs[1]).toBeCloseTo(Math.exp(-0.75) - Math.exp(-1.25), 9);
    expect(e.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const p = integerPmf({ kind: "poisson", mean: 3 }, 0);
    expect(p.mean).toBeCloseTo(3, 9);
    expect(p.variance).toBeCloseTo(3, 9);
  });

  it("sampleIntTable draws the rounded, clamped distribution", () => {
    const d: Dist = { kind: "lognormal", mean: 3, sd: 2 };
    const tab = compileIntTable(d, 1)!;
    const pmf = integerPmf(d, 1);
    const rng = stream("table", 0, "x");
    const xs = draws(100_000, () => sampleIntTable(tab, rng()));
    expectMoments(xs, pmf.mean, pmf.variance);
    // And the same law as sampling X and rounding.
    const cd = compileDist(d);
    const ys = draws(100_000, () => Math.max(1, Math.round(sample(cd, rng))));
    const mx = moments(xs);
    const my = moments(ys);
    expect(Math.abs(mx.mean - my.mean)).toBeLessThan(5 * Math.hypot(mx.seMean, my.seMean));
  });

  for (const d of KINDS.filter((x) => x.kind !== "fixed" && x.kind !== "empirical" && x.kind !== "poisson")) {
    it(`quantileFunction(${d.kind}) inverts distCdf`, () => {
      const q = quantileFunction(d);
      for (const u of [0.01, 0.1, 0.37, 0.5, 0.9, 0.99]) {
        expect(distCdf(d, q(u))).toBeCloseTo(u, 3);
        expect(distCdf(d, distQuantile(d, u))).toBeCloseTo(u, 6);
      }
    });
  }

  it("quantileFunction(empirical) follows the weights", () => {
    const q = quantileFunction({ kind: "empirical", values: [1, 2, 5], weights: [5, 3, 2] });
    expect([q(0.1), q(0.49), q(0.51), q(0.79), q(0.81), q(0.99)]).toEqual([1, 1, 2, 2, 5, 5]);
  });

  it("distPreview gives a pmf for integer use and a density that integrates to 1", () => {
    const pmf = distPreview({ kind: "poisson", mean: 6 });
    expect(pmf.discrete).toBe(true);
    expect(pmf.y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(pmf.mean).toBeCloseTo(6, 4);
    const asInt = distPreview({ kind: "normal", mean: 2, sd: 1 }, 100, 1);
    expect(asInt.discrete).toBe(true);
    expect(asInt.x[0]).toBe(1);
    const point = distPreview({ kind: "lognormal", mean: 3, sd: 0 });
    expect([point.discrete, Array.from(point.x), Array.from(point.y)]).toEqual([true, [3], [1]]);
    const dens = distPreview({ kind: "gamma", mean: 4, sd: 2 }, 400);
    expect(dens.discrete).toBe(false);
    let area = 0;
    for (let i = 1; i < dens.x.length; i++) area += ((dens.y[i] + dens.y[i - 1]) / 2) * (dens.x[i] - dens.x[i - 1]);
    expect(area).toBeCloseTo(1, 2);
  });
});
