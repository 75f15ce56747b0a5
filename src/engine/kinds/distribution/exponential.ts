/** Exponential with a mean (memoryless waits). */
import { compiled, DistCode } from "../../distCode.ts";
import { bisectQuantile } from "../../dists.ts";
import { between, rangeFromMoments, round2, beyondMax, type DistFamilyDef } from "./kind.ts";

export type ExponentialDist = { kind: "exponential"; mean: number };

export const exponential: DistFamilyDef<ExponentialDist> = {
  kind: "exponential",
  label: "Exponential",
  description: "positive with a mean, short values most likely (sd = mean)",
  fields: [{ key: "mean", label: "Mean" }],
  lists: [],
  scaleFields: ["mean"],
  discrete: false,
  problems: () => [],
  beyond: (d, max) => beyondMax([{ path: ["mean"], value: d.mean }], max),
  warnings: () => [],
  compile: (d) => compiled(DistCode.Exponential, d.mean, 0, 0, 0, undefined, undefined, d.mean === 0),
  mean: (d) => d.mean,
  sd: (d) => d.mean,
  cdf: (d, x) => (x <= 0 ? (d.mean === 0 && x >= 0 ? 1 : 0) : d.mean === 0 ? 1 : 1 - Math.exp(-x / d.mean)),
  density: (d, x) => (x < 0 ? 0 : Math.exp(-x / d.mean) / d.mean),
  range: (d, eps) => rangeFromMoments(d.mean, d.mean, eps),
  quantile: (d, p) => bisectQuantile(d, p, false),
  quantileFunction: (d) => (u) => -d.mean * Math.log(1 - u),
  integerMasses: () => null,
  previewSpan: () => null,
  previewPoints: () => null,
  fromCentre: (m) => ({ kind: "exponential", mean: round2(m) }),
  fromMeanSd: (mean) => ({ kind: "exponential", mean }),
  example: ({ u, lo, hi }) => ({ kind: "exponential", mean: between(u, Math.max(lo, 0.2), hi) }),
};
