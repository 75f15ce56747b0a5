/** Gamma stated by its mean and sd (shape mean²/sd², scale sd²/mean). */
import { compiled, DistCode } from "../../distCode.ts";
import { bisectQuantile, distCdf, distRange } from "../../dists.ts";
import { logGamma } from "../../special.ts";
import { between, rangeFromMoments, round2, meanSdParts, type DistFamilyDef } from "./kind.ts";

export type GammaDist = { kind: "gamma"; mean: number; sd: number };

/** Regularised lower incomplete gamma P(a, x) (series below a+1, continued fraction above). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    let ap = a;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lg);
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lg) * h;
}

export const gamma: DistFamilyDef<GammaDist> = {
  kind: "gamma",
  label: "Gamma",
  description: "positive and skewed to the right, stated by its mean and sd (shape mean²/sd², scale sd²/mean)",
  ...meanSdParts,
  warnings: () => [],
  compile: (d) => {
    // a = shape, b = scale.
    if (d.sd === 0) return compiled(DistCode.Fixed, d.mean, 0, 0, 0, undefined, undefined, true);
    const shape = (d.mean * d.mean) / (d.sd * d.sd);
    return compiled(DistCode.Gamma, shape, d.mean / shape);
  },
  cdf: (d, x) => {
    if (d.sd === 0) return x >= d.mean ? 1 : 0;
    const shape = (d.mean * d.mean) / (d.sd * d.sd);
    return gammaP(shape, x / (d.mean / shape));
  },
  density: (d, x) => {
    if (x <= 0) return 0;
    const shape = (d.mean * d.mean) / (d.sd * d.sd);
    const scale = d.mean / shape;
    return Math.exp((shape - 1) * Math.log(x) - x / scale - logGamma(shape) - shape * Math.log(scale));
  },
  range: (d, eps) => rangeFromMoments(d.mean, d.sd, eps),
  quantile: (d, p) => bisectQuantile(d, p, false),
  quantileFunction: (d) => {
    if (d.sd === 0) return () => d.mean;
    // Invert the CDF tabulated on a grid that crowds towards 0, where a shape below 1 puts a
    // steep density, and interpolate linearly between grid points.
    const N = 8192;
    const hi = distRange(d, 1e-12)[1];
    const xs = new Float64Array(N + 1);
    const F = new Float64Array(N + 1);
    for (let i = 0; i <= N; i++) {
      xs[i] = hi * Math.pow(i / N, 6);
      F[i] = distCdf(d, xs[i]);
    }
    return (u) => {
      let lo = 0;
      let up = N;
      while (up - lo > 1) {
        const mid = (lo + up) >> 1;
        if (F[mid] < u) lo = mid;
        else up = mid;
      }
      const span = F[up] - F[lo];
      return span > 0 ? xs[lo] + ((xs[up] - xs[lo]) * (u - F[lo])) / span : xs[up];
    };
  },
  integerMasses: () => null,
  previewSpan: () => null,
  previewPoints: () => null,
  fromCentre: (m, spread) => ({ kind: "gamma", mean: round2(m), sd: round2(spread) }),
  fromMeanSd: (mean, sd) => ({ kind: "gamma", mean, sd }),
  example: ({ u, lo, hi }) => ({ kind: "gamma", mean: between(u, Math.max(lo, 0.2), hi), sd: between(u, 0.1, hi) }),
};
