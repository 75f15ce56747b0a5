/** Empirical: a list of values, each drawn with its weight (equal when absent). */
import { compiled, DistCode } from "../../distCode.ts";
import { between, round2, wholeBetween, type DistFamilyDef } from "./kind.ts";

export type EmpiricalDist = { kind: "empirical"; values: number[]; weights?: number[] };

const weightOf = (d: EmpiricalDist, i: number) => (d.weights ? d.weights[i] : 1);

/** Empirical masses of round(value) clamped to `first`, summed value by value. */
function empiricalMasses(d: EmpiricalDist, first: number, n: number): Float64Array {
  const probs = new Float64Array(n);
  let w = 0;
  d.values.forEach((v, i) => (w += weightOf(d, i)));
  d.values.forEach((v, i) => {
    const k = Math.min(n - 1, Math.max(0, Math.round(v) - first));
    probs[k] += weightOf(d, i) / w;
  });
  return probs;
}

export const empirical: DistFamilyDef<EmpiricalDist> = {
  kind: "empirical",
  label: "Empirical (list)",
  description: "one of a list of observed values, each as likely as its weight (equal when no weights are given)",
  fields: [],
  lists: [
    { key: "values", label: "Values", inUnit: true, optional: false },
    { key: "weights", label: "Weights (optional)", inUnit: false, optional: true },
  ],
  scaleFields: ["values"],
  discrete: true,
  problems: (d) => {
    if (!d.weights) return [];
    if (d.weights.length !== d.values.length)
      return [{ path: ["weights"], message: `must have one weight per value (${d.values.length}), got ${d.weights.length}` }];
    if (!(d.weights.reduce((a, b) => a + b, 0) > 0)) return [{ path: ["weights"], message: "must not all be 0" }];
    return [];
  },
  beyond: (d, max) => {
    // The first value beyond the range stands for the rest.
    if (!Array.isArray(d.values)) return [];
    const i = d.values.findIndex((v) => typeof v === "number" && v > max);
    return i >= 0 ? [{ path: ["values", i], value: d.values[i] }] : [];
  },
  warnings: () => [],
  compile: (d) => {
    const n = d.values.length;
    const values = Float64Array.from(d.values);
    const cum = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += weightOf(d, i);
      cum[i] = s;
    }
    const constant = values.every((v) => v === values[0]);
    return compiled(DistCode.Empirical, values[0], 0, 0, 0, values, cum, constant);
  },
  mean: (d) => {
    let s = 0;
    let w = 0;
    d.values.forEach((v, i) => {
      const wi = weightOf(d, i);
      s += wi * v;
      w += wi;
    });
    return s / w;
  },
  sd: (d) => {
    const m = empirical.mean(d);
    let s = 0;
    let w = 0;
    d.values.forEach((v, i) => {
      const wi = weightOf(d, i);
      s += wi * (v - m) * (v - m);
      w += wi;
    });
    return Math.sqrt(s / w);
  },
  cdf: (d, x) => {
    let s = 0;
    let w = 0;
    d.values.forEach((v, i) => {
      const wi = weightOf(d, i);
      if (v <= x) s += wi;
      w += wi;
    });
    return s / w;
  },
  density: () => 0,
  range: (d) => [Math.min(...d.values), Math.max(...d.values)],
  quantile: (d, p) => (p <= 0 ? Math.min(...d.values) : Math.min(...d.values.filter((v) => empirical.cdf(d, v) >= p))),
  quantileFunction: (d) => {
    const cd = empirical.compile(d);
    const total = cd.cum[cd.cum.length - 1];
    return (u) => {
      const x = u * total;
      let i = 0;
      while (i < cd.cum.length - 1 && cd.cum[i] <= x) i++;
      return cd.values[i];
    };
  },
  // Summing the CDF per integer costs values × support; past 10⁷ steps the masses are summed value by value.
  integerMasses: (d, first, n) => (n * d.values.length > 1e7 ? empiricalMasses(d, first, n) : null),
  previewSpan: () => null,
  previewPoints: (d) => {
    const agg = new Map<number, number>();
    let w = 0;
    d.values.forEach((v, i) => {
      const wi = weightOf(d, i);
      agg.set(v, (agg.get(v) ?? 0) + wi);
      w += wi;
    });
    const x = [...agg.keys()].sort((a, b) => a - b);
    return { x, y: x.map((v) => agg.get(v)! / w) };
  },
  fromCentre: (m) => ({ kind: "empirical", values: [round2(m)] }),
  fromMeanSd: () => null,
  example: ({ u, lo, hi }) => {
    const n = wholeBetween(u, 1, 4);
    const top = Math.max(Math.ceil(lo), Math.ceil(hi));
    const values = Array.from({ length: n }, () => wholeBetween(u, Math.ceil(lo), top));
    return { kind: "empirical", values, weights: values.map(() => between(u, 0.1, 3)) };
  },
};
