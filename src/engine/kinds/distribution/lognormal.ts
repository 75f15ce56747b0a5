/** Lognormal stated by the mean and sd of the variable itself. */
import { compiled, DistCode } from "../../distCode.ts";
import { bisectQuantile } from "../../dists.ts";
import { normalCdf, normalQuantile } from "../../special.ts";
import { between, rangeFromMoments, round2, meanSdParts, type DistFamilyDef } from "./kind.ts";

export type LognormalDist = { kind: "lognormal"; mean: number; sd: number };

/** σ² and μ of the underlying normal. */
function underlying(d: LognormalDist): { mu: number; s2: number } {
  const s2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
  return { mu: Math.log(d.mean) - s2 / 2, s2 };
}

export const lognormal: DistFamilyDef<LognormalDist> = {
  kind: "lognormal",
  label: "Lognormal",
  description: "positive and skewed to the right, stated by the mean and sd of the variable itself",
  ...meanSdParts,
  warnings: () => [],
  compile: (d) => {
    // a = μ, b = σ of the underlying normal, from the mean and sd of the variable itself.
    const { mu, s2 } = underlying(d);
    return compiled(DistCode.Lognormal, mu, Math.sqrt(s2), d.mean, 0, undefined, undefined, d.sd === 0);
  },
  cdf: (d, x) => {
    if (x <= 0) return 0;
    if (d.sd === 0) return x >= d.mean ? 1 : 0;
    const { mu, s2 } = underlying(d);
    return normalCdf((Math.log(x) - mu) / Math.sqrt(s2));
  },
  density: (d, x) => {
    if (x <= 0) return 0;
    const { mu, s2 } = underlying(d);
    const z = (Math.log(x) - mu) / Math.sqrt(s2);
    return Math.exp(-0.5 * z * z) / (x * Math.sqrt(2 * Math.PI * s2));
  },
  range: (d, eps) => rangeFromMoments(d.mean, d.sd, eps),
  quantile: (d, p) => bisectQuantile(d, p, false),
  quantileFunction: (d) => {
    if (d.sd === 0) return () => d.mean;
    const { mu, s2 } = underlying(d);
    const sigma = Math.sqrt(s2);
    return (u) => Math.exp(mu + sigma * normalQuantile(u));
  },
  integerMasses: () => null,
  previewSpan: () => null,
  previewPoints: () => null,
  fromCentre: (m, spread) => ({ kind: "lognormal", mean: round2(m), sd: round2(spread) }),
  fromMeanSd: (mean, sd) => ({ kind: "lognormal", mean, sd }),
  example: ({ u, lo, hi }) => ({ kind: "lognormal", mean: between(u, Math.max(lo, 0.2), hi), sd: between(u, 0.1, hi) }),
};
