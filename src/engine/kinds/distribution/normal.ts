/** Normal with a mean and sd (draws below a field's minimum are clamped to it). */
import { compiled, DistCode } from "../../distCode.ts";
import { bisectQuantile } from "../../dists.ts";
import { normalCdf, normalQuantile } from "../../special.ts";
import { between, round2, meanSdParts, type DistFamilyDef } from "./kind.ts";

export type NormalDist = { kind: "normal"; mean: number; sd: number };

/** Share of a normal's mass below 0 (clamped away) worth a warning. */
const NEGATIVE_MASS = 0.02;

export const normal: DistFamilyDef<NormalDist> = {
  kind: "normal",
  label: "Normal",
  description: "the bell curve with a mean and sd; draws below the field's minimum are clamped to it",
  ...meanSdParts,
  warnings: (d) => {
    if (!(d.sd > 0)) return [];
    const below = approxNormalCdf(-d.mean / d.sd);
    return below > NEGATIVE_MASS
      ? [
          {
            path: [],
            message: `a normal with mean ${d.mean} and sd ${d.sd} puts ${Math.round(below * 100)} % of draws below 0, which are clamped; a lognormal or gamma keeps the mean`,
          },
        ]
      : [];
  },
  compile: (d) => compiled(DistCode.Normal, d.mean, d.sd, 0, 0, undefined, undefined, d.sd === 0),
  cdf: (d, x) => (d.sd === 0 ? (x >= d.mean ? 1 : 0) : normalCdf((x - d.mean) / d.sd)),
  density: (d, x) => {
    const z = (x - d.mean) / d.sd;
    return Math.exp(-0.5 * z * z) / (d.sd * Math.sqrt(2 * Math.PI));
  },
  range: (d) => [d.mean - 8 * d.sd, d.mean + 8 * d.sd],
  quantile: (d, p) => bisectQuantile(d, p, false),
  quantileFunction: (d) => (u) => d.mean + d.sd * normalQuantile(u),
  integerMasses: () => null,
  previewSpan: () => null,
  previewPoints: () => null,
  fromCentre: (m, spread) => ({ kind: "normal", mean: round2(m), sd: round2(spread) }),
  fromMeanSd: (mean, sd) => ({ kind: "normal", mean, sd }),
  example: ({ u, lo, hi }) => ({ kind: "normal", mean: between(u, Math.max(lo, 0.2), hi), sd: between(u, 0, hi / 2) }),
};

/** Standard normal CDF (Abramowitz–Stegun 7.1.26; ample for a warning threshold). */
function approxNormalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}
