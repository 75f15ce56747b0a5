/** Uniform on [min, max]. */
import { compiled, DistCode } from "../../distCode.ts";
import { bisectQuantile } from "../../dists.ts";
import { between, round2, beyondMax, type DistFamilyDef } from "./kind.ts";

export type UniformDist = { kind: "uniform"; min: number; max: number };

export const uniform: DistFamilyDef<UniformDist> = {
  kind: "uniform",
  label: "Uniform",
  description: "every value between min and max equally likely",
  fields: [
    { key: "min", label: "Min" },
    { key: "max", label: "Max" },
  ],
  lists: [],
  scaleFields: ["min", "max"],
  discrete: false,
  problems: (d) => (d.min > d.max ? [{ path: ["min"], message: `must be ≤ max (${d.max}), got ${d.min}` }] : []),
  beyond: (d, max) => beyondMax([{ path: ["max"], value: d.max }], max),
  warnings: () => [],
  compile: (d) => compiled(DistCode.Uniform, d.min, d.max, 0, 0, undefined, undefined, d.max === d.min),
  mean: (d) => (d.min + d.max) / 2,
  sd: (d) => (d.max - d.min) / Math.sqrt(12),
  cdf: (d, x) => {
    if (d.max === d.min) return x >= d.min ? 1 : 0;
    return Math.min(1, Math.max(0, (x - d.min) / (d.max - d.min)));
  },
  density: (d, x) => (x >= d.min && x <= d.max && d.max > d.min ? 1 / (d.max - d.min) : 0),
  range: (d) => [d.min, d.max],
  quantile: (d, p) => bisectQuantile(d, p, false),
  quantileFunction: (d) => (u) => d.min + (d.max - d.min) * u,
  integerMasses: () => null,
  previewSpan: (d) => [d.min, d.max],
  previewPoints: () => null,
  fromCentre: (m, spread) => ({ kind: "uniform", min: round2(m - spread * 1.7), max: round2(m + spread * 1.7) }),
  fromMeanSd: (mean, sd) => ({ kind: "uniform", min: mean - sd * Math.sqrt(3), max: mean + sd * Math.sqrt(3) }),
  example: ({ u, lo, hi }) => {
    const min = between(u, lo, hi);
    return { kind: "uniform", min, max: round2(min + between(u, 0, hi)) };
  },
};
