/** Fixed: every draw is `value`. */
import { compiled, DistCode } from "../../distCode.ts";
import { round2, wholeBetween, beyondMax, type DistFamilyDef } from "./kind.ts";

export type FixedDist = { kind: "fixed"; value: number };

export const fixed: DistFamilyDef<FixedDist> = {
  kind: "fixed",
  label: "Fixed",
  description: "every draw is the same value",
  fields: [{ key: "value", label: "Value" }],
  lists: [],
  scaleFields: ["value"],
  discrete: true,
  problems: () => [],
  beyond: (d, max) => beyondMax([{ path: ["value"], value: d.value }], max),
  warnings: (d, use) =>
    use.floor > 0 && Math.round(d.value) < use.floor
      ? [{ path: ["value"], message: `${use.what} are at least ${use.floor}; ${d.value} is read as ${use.floor}` }]
      : [],
  compile: (d) => compiled(DistCode.Fixed, d.value, 0, 0, 0, undefined, undefined, true),
  mean: (d) => d.value,
  sd: () => 0,
  cdf: (d, x) => (x >= d.value ? 1 : 0),
  density: () => 0,
  range: (d) => [d.value, d.value],
  quantile: (d) => d.value,
  quantileFunction: (d) => () => d.value,
  integerMasses: () => null,
  previewSpan: () => null,
  previewPoints: () => null,
  fromCentre: (m) => ({ kind: "fixed", value: round2(m) }),
  fromMeanSd: (mean) => ({ kind: "fixed", value: mean }),
  example: ({ u, lo, hi }) => ({ kind: "fixed", value: wholeBetween(u, Math.ceil(lo), Math.max(Math.ceil(lo), Math.floor(hi))) }),
};
