/**
 * Distributions of docs/model.md §3.1: samplers, moments, CDF/quantile and a preview for the editor,
 * plus the order-count samplers (Poisson, negative binomial as a gamma–Poisson mixture).
 *
 * Samplers take the generator as an argument (randomness passed in). For the hot loop a `Dist` is
 * compiled once into a flat `CompiledDist` so sampling is a switch on a small integer. What differs
 * by family (parameters, moments, CDF, compiling) is in that family's module (src/engine/kinds/distribution/);
 * the functions here look the family up in its table.
 */
import { assertNever, type Dist } from "./scenario.ts";
import { DistCode, type CompiledDist } from "./distCode.ts";
import { distFamilyOf } from "./kinds/distribution/index.ts";
import { openUniform, type PRNG } from "./random.ts";
import { logGamma } from "./special.ts";

export { DistCode, type CompiledDist };

// ---------------------------------------------------------------------------------------------
// Primitive samplers

/** Standard normal by Box–Muller (one of the pair; keeping no state keeps streams simple). */
export function standardNormal(rng: PRNG): number {
  const u = openUniform(rng);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 via the boost Gamma(a+1)·U^(1/a). */
export function standardGamma(rng: PRNG, shape: number): number {
  if (shape < 1) return standardGamma(rng, shape + 1) * Math.pow(openUniform(rng), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(rng);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Poisson(λ). Inversion by sequential search for λ < 10 (one uniform, ~λ+1 steps); Hörmann's PTRS
 * transformed rejection for larger λ (exact, ~1.1 uniform pairs per draw whatever λ).
 */
export function poisson(rng: PRNG, lambda: number): number {
  return lambda < 10 ? poissonInversion(rng, lambda) : poissonPtrs(rng, lambda);
}

function poissonInversion(rng: PRNG, lambda: number): number {
  if (lambda <= 0) return 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = rng();
  let k = 0;
  while (u > s) {
    k++;
    p *= lambda / k;
    s += p;
    // Guards against float round-off leaving s just below u forever.
    if (p < 1e-300 && k > lambda) break;
  }
  return k;
}

function poissonPtrs(rng: PRNG, lambda: number): number {
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng() - 0.5;
    const V = openUniform(rng);
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

const LOG_FACTORIAL = new Float64Array(1024);
for (let k = 2; k < LOG_FACTORIAL.length; k++) LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);

/** ln k! — a table lookup for the counts PTRS meets most, log-gamma beyond. */
export function logFactorial(k: number): number {
  return k < 1024 ? LOG_FACTORIAL[k] : logGamma(k + 1);
}

/** Negative binomial with mean m and variance m + m²/k, as Poisson(Gamma(k, m/k)). */
export function negativeBinomial(rng: PRNG, mean: number, dispersion: number): number {
  if (mean <= 0) return 0;
  return poisson(rng, (standardGamma(rng, dispersion) * mean) / dispersion);
}

// ---------------------------------------------------------------------------------------------
// Order counts by inversion from the median

/**
 * Most likely order count: ⌊λ⌋ for Poisson(λ) (k = ∞); for the negative binomial with mean μ and
 * dispersion k, ⌊(k − 1)μ / k⌋ when k > 1, else 0.
 */
function countMode(mean: number, k: number): number {
  if (!(mean > 0)) return 0;
  if (k === Infinity) return Math.floor(mean);
  return k > 1 ? Math.floor(((k - 1) * mean) / k) : 0;
}

/**
 * Dispersions at or above this are sampled as the Poisson limit: the negative binomial's variance
 * exceeds the Poisson's by the factor 1 + μ/k, which is then within 10⁻⁶ of 1 for any daily mean the
 * work estimate lets through (≤ 10⁹).
 */
export const POISSON_LIMIT_DISPERSION = 1e15;

/** Probability of count j of Poisson(mean) (k = ∞) or NB(mean, k), from logarithms (no underflow at the centre). */
function countPmf(j: number, mean: number, k: number): number {
  if (k === Infinity) return Math.exp(-mean + j * Math.log(mean) - logFactorial(j));
  if (k < 1e5) return Math.exp(logGamma(j + k) - logGamma(k) - logFactorial(j) + k * Math.log(k / (k + mean)) + j * Math.log(mean / (k + mean)));
  // Large k: ln Γ(k + j) − ln Γ(k) and k·ln(k/(k + μ)) are differences of huge, nearly equal numbers;
  // written with log1p (Stirling's series for the ratio of gammas) they keep their precision, and
  // the probability tends to the Poisson's as k grows.
  const lnGammaRatio = (k - 0.5) * Math.log1p(j / k) + j * Math.log(k + j) - j + 1 / (12 * (k + j)) - 1 / (12 * k);
  return Math.exp(lnGammaRatio - logFactorial(j) - k * Math.log1p(mean / k) + j * Math.log(mean) - j * Math.log(k + mean));
}

/**
 * Where the inversion of a day's order count starts: the median a = min{j : F(j) ≥ ½}, its
 * probability p(a) and F(a − 1). Written to anchor[at] and prob[2at], prob[2at + 1]. Computed from
 * the mode (probability from logarithms, the lower tail summed smallest first), so it works for any
 * mean; a draw then steps about E|N − a| times from a.
 */
export function countAnchorInto(mean: number, k: number, anchor: Int32Array, prob: Float64Array, at: number): void {
  if (!(mean > 0)) {
    anchor[at] = 0;
    prob[2 * at] = 1;
    prob[2 * at + 1] = 0;
    return;
  }
  const m = countMode(mean, k);
  const pm = countPmf(m, mean, k);
  const q = k === Infinity ? 0 : mean / (k + mean);
  // F(m − 1): the terms below the mode, down to where they no longer count.
  let p = pm;
  let below = 0;
  for (let j = m; j > 0; j--) {
    p = k === Infinity ? (p * j) / mean : (p * j) / ((j - 1 + k) * q);
    below += p;
    if (p < pm * 1e-20) break;
  }
  // Walk from the mode to the median.
  let a = m;
  let pa = pm;
  if (below + pa < 0.5) {
    while (below + pa < 0.5) {
      below += pa;
      pa = k === Infinity ? (pa * mean) / (a + 1) : (pa * (a + k) * q) / (a + 1);
      a++;
    }
  } else {
    while (a > 0 && below >= 0.5) {
      pa = k === Infinity ? (pa * a) / mean : (pa * a) / ((a - 1 + k) * q);
      a--;
      below -= pa;
    }
  }
  anchor[at] = a;
  prob[2 * at] = pa;
  prob[2 * at + 1] = below < 0 ? 0 : below;
}

/**
 * An order count from one uniform u by inversion, N = min{j : F(j) > u}: Poisson(mean) when k = ∞,
 * else negative binomial with variance mean + mean²/k. The search starts at the day's median a
 * (`countAnchorInto`: pa = p(a), below = F(a − 1)) and steps up or down by the ratio of successive
 * probabilities: about E|N − a| steps, no logarithm or exponential, one uniform.
 */
export function orderCountByInversion(u: number, mean: number, k: number, a: number, pa: number, below: number, ratios: Float64Array): number {
  if (!(mean > 0)) return 0;
  // ratios[2j] = p(j)/p(j − 1) and ratios[2j + 1] = p(j − 1)/p(j) without the factors of the mean
  // (countRatios), so a step is two multiplications.
  const n = ratios.length >> 1;
  const nb = k !== Infinity;
  const up = nb ? mean / (k + mean) : mean;
  if (u < below) {
    const down = 1 / up;
    // Down: F(j) > u holds; F holds F(j − 1).
    let j = a - 1;
    let p = pa * down * (a < n ? ratios[2 * a + 1] : nb ? a / (a - 1 + k) : a);
    let F = below - p;
    while (j > 0 && F > u) {
      p *= down * (j < n ? ratios[2 * j + 1] : nb ? j / (j - 1 + k) : j);
      j--;
      F -= p;
    }
    return j;
  }
  let j = a;
  let p = pa;
  let F = below + pa;
  while (F <= u) {
    j++;
    p *= up * (j < n ? ratios[2 * j] : nb ? (j - 1 + k) / j : 1 / j);
    F += p;
    if (p < 1e-300) break; // round-off left u above the total mass
  }
  return j;
}

/**
 * Step ratios of the order-count pmf for `orderCountByInversion`: Poisson p(j)/p(j−1) = λ · (1/j),
 * NB p(j)/p(j−1) = q · (j − 1 + k)/j with q = μ/(k + μ); stored without λ or q, up and down, for
 * j below 512.
 */
export function countRatios(k: number): Float64Array {
  const n = 512;
  const r = new Float64Array(2 * n);
  for (let j = 1; j < n; j++) {
    r[2 * j] = k === Infinity ? 1 / j : (j - 1 + k) / j;
    r[2 * j + 1] = k === Infinity ? j : j / (j - 1 + k);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Compiled distributions for the hot loop

export function compileDist(dist: Dist): CompiledDist {
  return distFamilyOf(dist).compile(dist);
}

/** One draw from a compiled distribution. */
export function sample(cd: CompiledDist, rng: PRNG): number {
  switch (cd.code) {
    case DistCode.Fixed:
      return cd.a;
    case DistCode.Uniform:
      return cd.a + (cd.b - cd.a) * rng();
    case DistCode.Triangular: {
      const lo = cd.a;
      const mode = cd.b;
      const hi = cd.c;
      if (hi === lo) return lo;
      const u = rng();
      const f = (mode - lo) / (hi - lo);
      return u < f ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case DistCode.Normal:
      return cd.b === 0 ? cd.a : cd.a + cd.b * standardNormal(rng);
    case DistCode.Lognormal:
      return cd.b === 0 ? cd.c : Math.exp(cd.a + cd.b * standardNormal(rng));
    case DistCode.Gamma:
      return cd.b * standardGamma(rng, cd.a);
    case DistCode.Exponential:
      return -cd.a * Math.log(openUniform(rng));
    case DistCode.Poisson:
      return poisson(rng, cd.a);
    case DistCode.Empirical: {
      const cum = cd.cum;
      const n = cum.length;
      const x = rng() * cum[n - 1];
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      return cd.values[lo];
    }
    default:
      return assertNever(cd.code, "distribution code");
  }
}

/** Integer use of a distribution: round to nearest, clamp to `min` (docs/model.md §3.1). */
export function sampleInt(cd: CompiledDist, rng: PRNG, min: number): number {
  const x = Math.round(sample(cd, rng));
  return x < min ? min : x;
}

/** Convenience for callers outside hot loops. */
export function sampleDist(d: Dist, rng: PRNG): number {
  return sample(compileDist(d), rng);
}

/**
 * Integer use of a distribution as an inversion table: P(round(X) clamped to min = k) for
 * k = first, first+1, …, with a guide table so a draw is one uniform and a short scan. Exact for the
 * rounded, clamped variable (built from the CDF), and faster than sampling X and rounding.
 */
export interface IntTable {
  readonly first: number;
  /** Cumulative probabilities; the last entry is 1. */
  readonly cum: Float64Array;
  /**
   * Guide table over G equal slices of [0, 1): i = first index with cum[i] > g / G, stored as i when
   * the whole slice maps to i (cum[i] ≥ (g + 1) / G, no comparison needed) and as ~i (negative)
   * when a step of the CDF falls inside the slice and a short scan from i decides.
   */
  readonly guide: Int32Array;
}

/** Index of the table entry for uniform u (see IntTable.guide). */
export function guideIndex(cum: Float64Array, guide: Int32Array, u: number): number {
  let i = guide[(u * guide.length) | 0];
  if (i < 0) {
    i = ~i;
    while (cum[i] <= u) i++;
  }
  return i;
}

/** The guide table of a cumulative table (see IntTable.guide). */
export function buildGuide(cum: Float64Array): Int32Array {
  const n = cum.length;
  const G = Math.max(64, Math.min(4096, 4 * n));
  const guide = new Int32Array(G);
  let i = 0;
  for (let g = 0; g < G; g++) {
    while (i < n - 1 && cum[i] <= g / G) i++;
    guide[g] = cum[i] >= (g + 1) / G ? i : ~i;
  }
  return guide;
}

/** Builds the table, or returns null when the support is too wide to tabulate sensibly. */
export function compileIntTable(d: Dist, min: number, maxEntries = 4096, pmf: IntegerPmf = integerPmf(d, min)): IntTable | null {
  let n = pmf.probs.length;
  while (n > 1 && pmf.probs[n - 1] === 0) n--;
  if (n > maxEntries) return null;
  const cum = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) cum[i] = s += pmf.probs[i];
  for (let i = 0; i < n; i++) cum[i] /= s;
  cum[n - 1] = 1;
  return { first: pmf.first, cum, guide: buildGuide(cum) };
}

export function sampleIntTable(tab: IntTable, u: number): number {
  return tab.first + guideIndex(tab.cum, tab.guide, u);
}

/**
 * Inverse CDF of a continuous or discrete Dist as a function of one uniform, for draws that must be
 * made lazily from a keyed uniform (customer patience). Closed forms where they exist, an exact
 * table for the Poisson, and the CDF tabulated on 8192 points and inverted linearly for the gamma.
 */
export function quantileFunction(d: Dist): (u: number) => number {
  return distFamilyOf(d).quantileFunction(d);
}

// ---------------------------------------------------------------------------------------------
// Moments, CDF, quantile, density

export function distMean(d: Dist): number {
  return distFamilyOf(d).mean(d);
}

export function distSd(d: Dist): number {
  return distFamilyOf(d).sd(d);
}

/** P(X ≤ x). */
export function distCdf(d: Dist, x: number): number {
  return distFamilyOf(d).cdf(d, x);
}

/** Density (continuous kinds) at x; for discrete kinds use `integerPmf`. */
export function distDensity(d: Dist, x: number): number {
  return distFamilyOf(d).density(d, x);
}

/** Smallest x with P(X ≤ x) ≥ p (exact for discrete families). */
export function distQuantile(d: Dist, p: number): number {
  return distFamilyOf(d).quantile(d, p);
}

/** The quantile by bisection on the CDF over `distRange` (to half a unit for integer-valued families). */
export function bisectQuantile(d: Dist, p: number, discrete: boolean): number {
  const [lo0, hi0] = distRange(d, 1e-12);
  if (p <= 0) return lo0;
  let lo = lo0;
  let hi = hi0;
  for (let i = 0; i < 300 && hi - lo > (discrete ? 0.5 : 1e-13 * Math.max(1e-300, Math.abs(hi))); i++) {
    const mid = (lo + hi) / 2;
    if (distCdf(d, mid) >= p) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A range that holds all but about `eps` of the probability. */
export function distRange(d: Dist, eps = 1e-9): [number, number] {
  return distFamilyOf(d).range(d, eps);
}

/** Probability mass of round(X) clamped to `min`, from `first` on (exact via the CDF). */
export interface IntegerPmf {
  first: number;
  probs: Float64Array;
  mean: number;
  variance: number;
}

export function integerPmf(d: Dist, min: number): IntegerPmf {
  const [lo, hi] = distRange(d, 1e-12);
  const first = Math.max(min, Math.round(lo));
  const last = Math.max(first, Math.round(hi));
  const n = Math.min(last - first + 1, 200_000);
  // The CDF route below costs a CDF evaluation per integer, and the Poisson's and the empirical's
  // are linear in the support: quadratic for wide supports (a Poisson of mean 1e6 took minutes, and
  // from a mean of about 745 its e^−mean underflows to 0). Those build their masses directly.
  const family = distFamilyOf(d);
  const direct = family.integerMasses(d, first, n);
  if (direct) return moments(first, direct);
  const probs = new Float64Array(n);
  const discrete = family.discrete;
  // round(x) = k for x in [k − 0.5, k + 0.5); for integer-valued kinds the CDF steps at k.
  const F = (x: number) => (discrete ? distCdf(d, x - 1e-9) : distCdf(d, x));
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const k = first + i;
    const c = i === n - 1 ? 1 : F(k + 0.5);
    probs[i] = Math.max(0, c - prev);
    prev = Math.max(prev, c);
  }
  return moments(first, probs);
}

function moments(first: number, probs: Float64Array): IntegerPmf {
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < probs.length; i++) {
    const k = first + i;
    m += probs[i] * k;
    m2 += probs[i] * k * k;
  }
  return { first, probs, mean: m, variance: Math.max(0, m2 - m * m) };
}

export interface DistPreview {
  /** true: `y` holds probabilities of the integers in `x`; false: densities at points `x`. */
  discrete: boolean;
  x: Float64Array;
  y: Float64Array;
  mean: number;
  sd: number;
}

/**
 * Points to draw a distribution in the editor: a pmf when the distribution is integer-valued or is
 * used as an integer (`integerMin` given: round and clamp, as the engine does), otherwise the density
 * at `n` points across the range holding all but 1e-4 of the mass.
 */
export function distPreview(d: Dist, n = 120, integerMin?: number): DistPreview {
  const family = distFamilyOf(d);
  if (integerMin !== undefined || family.discrete) {
    const own = integerMin === undefined ? family.previewPoints(d) : null;
    if (own) return { discrete: true, x: Float64Array.from(own.x), y: Float64Array.from(own.y), mean: distMean(d), sd: distSd(d) };
    const pmf = integerPmf(d, integerMin ?? -Infinity);
    let end = pmf.probs.length;
    while (end > 1 && pmf.probs[end - 1] < 1e-6) end--;
    let start = 0;
    while (start < end - 1 && pmf.probs[start] < 1e-6) start++;
    const x = new Float64Array(end - start);
    const y = new Float64Array(end - start);
    for (let i = start; i < end; i++) {
      x[i - start] = pmf.first + i;
      y[i - start] = pmf.probs[i];
    }
    return { discrete: true, x, y, mean: pmf.mean, sd: Math.sqrt(pmf.variance) };
  }
  if (distSd(d) === 0) {
    // A degenerate distribution has no density: show its single value.
    const v = distMean(d);
    return { discrete: true, x: Float64Array.of(v), y: Float64Array.of(1), mean: v, sd: 0 };
  }
  const span = family.previewSpan(d);
  const lo = span ? span[0] : distQuantile(d, 5e-5);
  const hi = span ? span[1] : distQuantile(d, 1 - 5e-5);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1);
    y[i] = distDensity(d, x[i]);
  }
  return { discrete: false, x, y, mean: distMean(d), sd: distSd(d) };
}
