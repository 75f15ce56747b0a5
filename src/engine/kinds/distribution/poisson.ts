/** Poisson with a mean (whole numbers). */
import { compiled, DistCode } from "../../distCode.ts";
import { bisectQuantile, compileIntTable, logFactorial, sampleIntTable } from "../../dists.ts";
import { between, round2, beyondMax, type DistFamilyDef } from "./kind.ts";

export type PoissonDist = { kind: "poisson"; mean: number };

/** Poisson(mean) masses of first … first + n − 1 from logarithms; the tails fold into the ends. */
function poissonMasses(mean: number, first: number, n: number): Float64Array {
  const probs = new Float64Array(n);
  const lm = Math.log(mean);
  let total = 0;
  for (let i = 0; i < n; i++) total += probs[i] = Math.exp(-mean + (first + i) * lm - logFactorial(first + i));
  // What lies outside (below `first`, the clamp, or beyond the range) goes to the nearest end.
  const below = Math.max(0, 1 - total);
  if (first > 0) probs[0] += below;
  else probs[n - 1] += below;
  return probs;
}

export const poisson: DistFamilyDef<PoissonDist> = {
  kind: "poisson",
  label: "Poisson",
  description: "whole numbers with a mean (sd = √mean), as counts of independent events",
  fields: [{ key: "mean", label: "Mean" }],
  lists: [],
  scaleFields: ["mean"],
  discrete: true,
  problems: () => [],
  beyond: (d, max) => beyondMax([{ path: ["mean"], value: d.mean }], max),
  warnings: () => [],
  compile: (d) => compiled(DistCode.Poisson, d.mean, 0, 0, 0, undefined, undefined, d.mean === 0),
  mean: (d) => d.mean,
  sd: (d) => Math.sqrt(d.mean),
  cdf: (d, x) => {
    if (x < 0) return 0;
    const k = Math.floor(x);
    let p = Math.exp(-d.mean);
    let s = p;
    for (let i = 1; i <= k; i++) {
      p *= d.mean / i;
      s += p;
      if (s >= 1) return 1;
    }
    return Math.min(1, s);
  },
  density: () => 0,
  range: (d) => [0, Math.ceil(d.mean + 10 * Math.sqrt(d.mean) + 10)],
  quantile: (d, p) => (p <= 0 ? 0 : Math.ceil(bisectQuantile(d, p, true) - 1e-9)),
  quantileFunction: (d) => {
    const tab = compileIntTable(d, 0, 1 << 20);
    return tab ? (u) => sampleIntTable(tab, u) : () => d.mean;
  },
  // The CDF route is quadratic in the support, and from a mean of about 745 its e^−mean underflows to 0.
  integerMasses: (d, first, n) => (d.mean > 700 ? poissonMasses(d.mean, first, n) : null),
  previewSpan: () => null,
  previewPoints: () => null,
  fromCentre: (m) => ({ kind: "poisson", mean: round2(m) }),
  fromMeanSd: (mean) => ({ kind: "poisson", mean }),
  example: ({ u, lo, hi }) => ({ kind: "poisson", mean: between(u, Math.max(lo, 0.2), hi) }),
};
