/**
 * How one metric is summarised across runs (docs/model.md §6): moments from exact sums, quantiles
 * from a mergeable sketch, so the figures do not depend on how runs were split between workers.
 */
export interface Summary {
  mean: number;
  /** Sample standard deviation across runs (n − 1 denominator; 0 for a single run). */
  sd: number;
  /** Standard error of the mean: sd / √n. */
  se: number;
  /** 95 % confidence interval of the mean (normal approximation, mean ± 1.96 se). */
  ci95: [number, number];
  p05: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Half the width of a 95 % confidence interval: the "± x" printed after a mean or a difference. */
export function halfWidth(x: { readonly ci95: readonly [number, number] }): number {
  return (x.ci95[1] - x.ci95[0]) / 2;
}

/** A mean difference with its 95 % interval. */
export interface DiffLike {
  mean: number;
  ci95: [number, number];
}

/** Whether a paired difference is distinguishable from zero at 95 %. */
export function isClear(d: DiffLike): boolean {
  return d.ci95[0] > 0 || d.ci95[1] < 0 || (d.ci95[0] === d.ci95[1] && d.mean !== 0);
}

/** A summary of paired per-run differences (variant − baseline), with the share of runs on each side of zero. */
export interface DiffSummary extends Summary {
  /** Fraction of runs where the difference is > 0. */
  positive: number;
  /** Fraction of runs where the difference is < 0. */
  negative: number;
}

export const Z95 = 1.959963984540054;

/** Summary of moments and quantiles already computed elsewhere; keeps the 95 % CI rule in one place. */
export function makeSummary(n: number, mean: number, sd: number, q: { p05: number; p50: number; p95: number; min: number; max: number }): Summary {
  const se = n > 0 ? sd / Math.sqrt(n) : NaN;
  return {
    mean,
    sd,
    se,
    ci95: [mean - Z95 * se, mean + Z95 * se],
    p05: q.p05,
    p50: q.p50,
    p95: q.p95,
    min: q.min,
    max: q.max,
  };
}
