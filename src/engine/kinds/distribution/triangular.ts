/** Triangular on [min, max] with its peak at `mode`. */
import { compiled, DistCode } from "../../distCode.ts";
import { bisectQuantile } from "../../dists.ts";
import { between, round2, beyondMax, type DistFamilyDef } from "./kind.ts";

export type TriangularDist = { kind: "triangular"; min: number; mode: number; max: number };

export const triangular: DistFamilyDef<TriangularDist> = {
  kind: "triangular",
  label: "Triangular",
  description: "values between min and max, most likely at mode, the density falling in straight lines either side",
  fields: [
    { key: "min", label: "Min" },
    { key: "mode", label: "Mode" },
    { key: "max", label: "Max" },
  ],
  lists: [],
  scaleFields: ["min", "mode", "max"],
  discrete: false,
  problems: (d) =>
    d.min > d.max
      ? [{ path: ["min"], message: `must be ≤ max (${d.max}), got ${d.min}` }]
      : d.mode < d.min || d.mode > d.max
        ? [{ path: ["mode"], message: `must lie between min (${d.min}) and max (${d.max}), got ${d.mode}` }]
        : [],
  beyond: (d, max) => beyondMax([{ path: ["max"], value: d.max }], max),
  warnings: () => [],
  compile: (d) => compiled(DistCode.Triangular, d.min, d.mode, d.max, 0, undefined, undefined, d.max === d.min),
  mean: (d) => (d.min + d.mode + d.max) / 3,
  sd: (d) => {
    const { min: a, mode: c, max: b } = d;
    return Math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18);
  },
  cdf: (d, x) => {
    const { min: a, mode: c, max: b } = d;
    if (x <= a) return a === b && x >= a ? 1 : 0;
    if (x >= b) return 1;
    return x <= c ? ((x - a) * (x - a)) / ((b - a) * (c - a)) : 1 - ((b - x) * (b - x)) / ((b - a) * (b - c));
  },
  density: (d, x) => {
    const { min: a, mode: c, max: b } = d;
    if (x < a || x > b || b === a) return 0;
    return x <= c ? (c === a ? 2 / (b - a) : (2 * (x - a)) / ((b - a) * (c - a))) : (2 * (b - x)) / ((b - a) * (b - c));
  },
  range: (d) => [d.min, d.max],
  quantile: (d, p) => bisectQuantile(d, p, false),
  quantileFunction: (d) => {
    const { min: a, mode: c, max: b } = d;
    if (b === a) return () => a;
    const f = (c - a) / (b - a);
    return (u) => (u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c)));
  },
  integerMasses: () => null,
  previewSpan: (d) => [d.min, d.max],
  previewPoints: () => null,
  fromCentre: (m, spread) => ({ kind: "triangular", min: round2(m - spread * 2), mode: round2(m), max: round2(m + spread * 2) }),
  fromMeanSd: (mean, sd) => ({ kind: "triangular", min: mean - sd * Math.sqrt(6), mode: mean, max: mean + sd * Math.sqrt(6) }),
  example: ({ u, lo, hi }) => {
    const min = between(u, lo, hi);
    const f = between(u, 0, 1);
    const w = between(u, 0, hi);
    return { kind: "triangular", min, mode: round2(min + f * w), max: round2(min + w) };
  },
};
