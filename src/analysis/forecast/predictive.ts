/**
 * Scores of one held-out day against the fitted demand's own predictive law: the daily count of
 * orders is negative binomial (Poisson when k = Infinity) with mean μ / unitsPerOrder, and units are
 * orders × unitsPerOrder — exactly what the engine simulates for a fixed units-per-order.
 *
 *   - absolute error |y − μ| (for MASE);
 *   - pinball loss averaged over the quantiles 0.1, 0.2, …, 0.9 (the quantiles of the count law);
 *   - band coverage by the probability integral transform: for counts a closed band [p10, p90]
 *     holds more than 80 % (p10 = p50 = 0 on slow days), so the day counts by the share of its PIT
 *     interval [F(y − 1), F(y)] inside [0.1, 0.9] (Czado, Gneiting & Held 2009). A calibrated
 *     forecast then covers exactly 80 % in expectation, slow seller or not. The closed-band share
 *     (p10 ≤ y ≤ p90) is kept beside it.
 */

import { logGamma } from "../../engine/special.ts";

export const PINBALL_QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

export interface DayScore {
  absError: number;
  /** Mean pinball loss over PINBALL_QUANTILES. */
  pinball: number;
  /** PIT share inside [0.1, 0.9] and [0.05, 0.95]. */
  in80: number;
  in90: number;
  /** 1 when p10 ≤ y ≤ p90 (closed band), else 0. */
  closed80: number;
  q10: number;
  q50: number;
  q90: number;
}

const LEVELS = [0.05, ...PINBALL_QUANTILES, 0.95];

/**
 * Scores actual units `y` against mean units `mu` with count dispersion `k` (Infinity: Poisson) and
 * `upo` units per order. Fractional `y` (package fractions) enter the band coverage at their nearest
 * whole order; the errors and pinball loss use y as it is.
 */
export function scoreDay(y: number, mu: number, k: number, upo = 1): DayScore {
  return score(y, mu, k, upo, false);
}

/** The mean pinball loss of scoreDay alone (no band coverage: the count law is walked only to its 90th percentile). */
export function pinballLoss(y: number, mu: number, k: number, upo = 1): number {
  walk(y, mu, k, upo, true);
  return pinballOf(y, upo);
}

function score(y: number, mu: number, k: number, upo: number, pinOnly: boolean): DayScore {
  walk(y, mu, k, upo, pinOnly);
  const q = Q;
  const share = (a: number, b: number) => {
    if (fHi - fLo <= 1e-15) return fHi >= a && fHi <= b ? 1 : 0;
    return Math.max(0, Math.min(fHi, b) - Math.max(fLo, a)) / (fHi - fLo);
  };
  const q10 = q[1] * upo;
  const q90 = q[9] * upo;
  return {
    absError: Math.abs(y - mu),
    pinball: pinballOf(y, upo),
    in80: share(0.1, 0.9),
    in90: share(0.05, 0.95),
    closed80: y >= q10 && y <= q90 ? 1 : 0,
    q10,
    q50: q[5] * upo,
    q90,
  };
}

/** The quantiles (orders) of the last walk at LEVELS, and its F(y − 1), F(y): scratch, so a score allocates nothing. */
const Q = new Float64Array(LEVELS.length);
let fLo = NaN;
let fHi = NaN;

/** Mean pinball loss over PINBALL_QUANTILES of `y` against the quantiles of the last walk. */
function pinballOf(y: number, upo: number): number {
  let pin = 0;
  for (let i = 1; i <= PINBALL_QUANTILES.length; i++) {
    const tau = LEVELS[i];
    const e = y - Q[i] * upo;
    pin += e >= 0 ? tau * e : (tau - 1) * e;
  }
  return pin / PINBALL_QUANTILES.length;
}

/**
 * pinballLoss for many days against few (mean, dispersion) pairs, as a backtest's held-out days
 * are (one mean per weekday): the quantiles of a pair do not depend on the day's actual, so each
 * pair's count law is walked once. Same values as pinballLoss.
 */
export class PinballMemo {
  /** The last MEMO_SLOTS pairs and their quantiles (a short list searched in order is faster than a map of doubles). */
  private readonly mus = new Float64Array(MEMO_SLOTS).fill(NaN);
  private readonly ks = new Float64Array(MEMO_SLOTS);
  private readonly qs = new Float64Array(MEMO_SLOTS * LEVELS.length);
  private next = 0;
  constructor(private upo = 1) {}

  /** Forgets every pair (as a new memo would) and sets the units per order. */
  reset(upo = 1): this {
    this.mus.fill(NaN);
    this.next = 0;
    this.upo = upo;
    return this;
  }

  loss(y: number, mu: number, k: number): number {
    let slot = -1;
    for (let s = 0; s < MEMO_SLOTS; s++) {
      if (this.mus[s] === mu && this.ks[s] === k) {
        slot = s;
        break;
      }
    }
    if (slot < 0) {
      if (!walk(0, mu, k, this.upo, true)) return pinballLoss(y, mu, k, this.upo);
      slot = this.next;
      this.next = (this.next + 1) % MEMO_SLOTS;
      this.mus[slot] = mu;
      this.ks[slot] = k;
      this.qs.set(Q, slot * LEVELS.length);
    }
    const o = slot * LEVELS.length;
    let pin = 0;
    for (let i = 1; i <= PINBALL_QUANTILES.length; i++) {
      const tau = LEVELS[i];
      const e = y - this.qs[o + i] * this.upo;
      pin += e >= 0 ? tau * e : (tau - 1) * e;
    }
    return pin / PINBALL_QUANTILES.length;
  }
}
const MEMO_SLOTS = 8;

/**
 * Walks the count law of mean mu / upo up to its quantiles (and, unless pinOnly, up to y) into Q,
 * fLo and fHi. True when every pinball quantile was found before the walk's cap (then they do not
 * depend on y).
 */
function walk(y: number, mu: number, k: number, upo: number, pinOnly: boolean): boolean {
  const m = Math.max(0, mu / upo);
  // Fractional units (package fractions) are placed in the whole-unit law at their nearest whole unit.
  const yo = Math.round(y / upo);
  const q = Q;
  q.fill(NaN);
  const yLo = Math.ceil(yo) - 1; // F(yLo) = P(Y < y)
  const yHi = Math.floor(yo); // F(yHi) = P(Y ≤ y)
  fLo = yLo < 0 ? 0 : NaN;
  fHi = NaN;
  let found = false;
  if (m === 0) {
    q.fill(0);
    fLo = yLo < 0 ? 0 : 1;
    fHi = 1;
    found = true;
  } else {
    const nb = Number.isFinite(k);
    const ratio = nb ? m / (k + m) : 0;
    const sd = Math.sqrt(m + (nb ? (m * m) / k : 0));
    const cap = Math.max(yHi, m + 60 * sd + 100);
    // Start where the mass begins (10 sd under the mean: below it lies < 1e-20) and walk up by the
    // pmf's ratio recurrence: one log-gamma evaluation, then multiplications only.
    const j0 = Math.max(0, Math.floor(m - 10 * sd));
    let p =
      j0 === 0
        ? Math.exp(nb ? k * Math.log(k / (k + m)) : -m)
        : Math.exp(
            nb ? logGamma(j0 + k) - logGamma(k) - logGamma(j0 + 1) + k * Math.log(k / (k + m)) + j0 * Math.log(ratio) : j0 * Math.log(m) - m - logGamma(j0 + 1),
          );
    if (yLo < j0) fLo = 0;
    if (yHi < j0) fHi = 0;
    let cdf = 0;
    let qi = 0;
    for (let j = j0; j <= cap; j++) {
      if (j > j0) p *= nb ? ((j - 1 + k) / j) * ratio : m / j;
      cdf += p;
      if (j === yLo) fLo = cdf;
      if (j === yHi) fHi = cdf;
      while (qi < LEVELS.length && cdf >= LEVELS[qi] - 1e-12) q[qi++] = j;
      if (pinOnly ? qi >= LEVELS.length - 1 : qi === LEVELS.length && j >= yHi) break;
    }
    found = qi >= LEVELS.length - 1;
    for (; qi < LEVELS.length; qi++) q[qi] = cap;
    if (Number.isNaN(fHi)) fHi = 1;
    if (Number.isNaN(fLo)) fLo = Math.min(fHi, 1);
  }
  return found;
}

/** Mean absolute change from the same weekday a week earlier, over days with data: the seasonal-naive scale. */
export function seasonalNaiveScale(y: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 7; i < y.length; i++) {
    if (Number.isNaN(y[i]) || Number.isNaN(y[i - 7])) continue;
    s += Math.abs(y[i] - y[i - 7]);
    c++;
  }
  return c > 0 ? s / c : NaN;
}
