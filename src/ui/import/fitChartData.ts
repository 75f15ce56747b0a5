/**
 * Chart data for a fitted history: the sold units against the fitted expectation, either every day
 * of a recent window (where the weekday shape shows) or the whole history as weekly means (where
 * trend and season show; five years of daily points is a solid smear).
 */
export interface FitPoint {
  /** Day offset from the series start (first day of the bucket). */
  i: number;
  /** Days with data in the bucket. */
  n: number;
  /** Mean units sold per day with data (NaN when none). */
  actual: number;
  /** Mean fitted expected units per day over the same days (NaN when none). */
  expected: number;
}

/** Means over consecutive buckets of `size` days from `from` (default: the whole series). */
export function bucketMeans(actual: ArrayLike<number>, expected: ArrayLike<number>, size: number, from = 0): FitPoint[] {
  const out: FitPoint[] = [];
  const n = actual.length;
  for (let s = Math.max(0, from); s < n; s += size) {
    let sa = 0;
    let se = 0;
    let c = 0;
    let ce = 0;
    let sAll = 0;
    for (let i = s; i < Math.min(n, s + size); i++) {
      const e = expected[i];
      if (Number.isFinite(e)) {
        sAll += e;
        ce++;
      }
      const a = actual[i];
      if (Number.isNaN(a)) continue;
      sa += a;
      c++;
      if (Number.isFinite(e)) se += e;
    }
    // Expected over the days with data, so a closed day does not pull only one line down.
    out.push({ i: s, n: c, actual: c > 0 ? sa / c : NaN, expected: c > 0 ? se / c : ce > 0 ? sAll / ce : NaN });
  }
  return out;
}

export type FitWindow = { kind: "weekly" } | { kind: "recent"; days: number };

/** The points to draw: weekly means of everything, or the last `days` days one by one. */
export function fitChartPoints(actual: ArrayLike<number>, expected: ArrayLike<number>, window: FitWindow): FitPoint[] {
  switch (window.kind) {
    case "weekly":
      return bucketMeans(actual, expected, 7);
    case "recent":
      return bucketMeans(actual, expected, 1, actual.length - window.days);
    default: {
      const _: never = window;
      return _;
    }
  }
}

/**
 * Day ranges [start, end) the fit left out although the file has sales figures for them (before
 * launch, likely stockouts, shop-wide closed days), at least `minDays` long so single days do not
 * clutter a five-year chart.
 */
export function excludedRanges(actual: ArrayLike<number>, used: ArrayLike<number>, minDays = 1): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= actual.length; i++) {
    const out_ = i < actual.length && !Number.isNaN(actual[i]) && !used[i];
    if (out_ && start < 0) start = i;
    else if (!out_ && start >= 0) {
      if (i - start >= minDays) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}
