/**
 * The samplers compiled distributions run as (src/engine/dists.ts `sample`, a switch on the code);
 * each distribution family compiles to one (src/engine/kinds/distribution/).
 */
export const DistCode = {
  Fixed: 0,
  Uniform: 1,
  Triangular: 2,
  Normal: 3,
  Lognormal: 4,
  Gamma: 5,
  Exponential: 6,
  Poisson: 7,
  Empirical: 8,
} as const;
export type DistCode = (typeof DistCode)[keyof typeof DistCode];

/** A Dist flattened for sampling. Parameters a..d mean different things per code (see each family's compile). */
export interface CompiledDist {
  readonly code: DistCode;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  /** Empirical: values and cumulative weights (last = total). */
  readonly values: Float64Array;
  readonly cum: Float64Array;
  /** True when every draw is the same number (no generator call needed). */
  readonly constant: boolean;
}

const EMPTY = new Float64Array(0);

/** A compiled distribution from its code and parameters. */
export function compiled(code: DistCode, a = 0, b = 0, c = 0, d = 0, values = EMPTY, cum = EMPTY, constant = false): CompiledDist {
  return { code, a, b, c, d, values, cum, constant };
}
