/**
 * What one distribution family must provide (docs/ADDING-A-KIND.md, docs/model.md §3.1). Each family
 * is one module in this folder exporting an object that satisfies `DistFamilyDef`; the table in
 * index.ts lists them all as a `{ [K in DistKind]: DistFamilyDef<…> }`, so a family missing from the
 * table, or a module missing a part, does not compile. The scenario schema (src/io/scenarioSchema.ts)
 * must produce the same `Dist` union, checked at compile time.
 *
 * Compiled distributions run as one of the engine's DistCodes (src/engine/dists.ts `sample`), so the
 * simulation loops do not branch on families.
 */
import type { CompiledDist } from "../../distCode.ts";

/** A numeric parameter the editor shows as one field. */
export interface DistField<D> {
  key: { [K in keyof D]: D[K] extends number ? K : never }[keyof D] & string;
  label: string;
}

/** A problem or warning about a distribution; the path is below the distribution. */
export interface DistIssue {
  path: (string | number)[];
  message: string;
}

/** A parameter whose value bounds the distribution's values, and that value. */
export interface DistBound {
  path: (string | number)[];
  value: number;
}

/** The bounds beyond `max` (each a number: a draft may hold anything where a number belongs). */
export const beyondMax = (bounds: DistBound[], max: number): DistBound[] => bounds.filter((b) => typeof b.value === "number" && b.value > max);

/** How a field uses its distribution, for warnings: whole numbers of at least `floor` (0: any), named `what`. */
export interface DistUse {
  floor: number;
  what: string;
}

/** Inputs of the test-scenario generator: a uniform draw and the rough range of means wanted (lo ≥ 0). */
export interface DistExampleInput {
  u: () => number;
  lo: number;
  hi: number;
}

export interface DistFamilyDef<D extends { kind: string }> {
  readonly kind: D["kind"];
  /** Name in the editor's list ("Lognormal"). */
  readonly label: string;
  /** One sentence for the editor's help and the docs: its parameters and shape. */
  readonly description: string;
  /** The numeric parameters, as the editor shows them. */
  readonly fields: readonly DistField<D>[];
  /** The parameters that are lists of numbers, as the editor shows them (`inUnit`: measured in the field's unit). */
  readonly lists: readonly { key: string; label: string; inUnit: boolean; optional: boolean }[];
  /** The parameters (numbers or lists of numbers) that scale with the variable: location and spread, not shape. */
  readonly scaleFields: readonly string[];
  /** Integer-valued: it has probabilities of values, not a density. */
  readonly discrete: boolean;

  /** Checks between parameters that the schema's field ranges cannot state (min ≤ max, …). */
  problems(d: D): DistIssue[];
  /** The parameters bounding its values that exceed `max` (the field's range); the schema reports each. */
  beyond(d: D, max: number): DistBound[];
  /** Warnings where the field's use (rounding, clamping at `floor`) changes it noticeably. */
  warnings(d: D, use: DistUse): DistIssue[];

  /** The engine's sampler code and parameters. */
  compile(d: D): CompiledDist;
  mean(d: D): number;
  sd(d: D): number;
  /** P(X ≤ x). */
  cdf(d: D, x: number): number;
  /** Density at x (0 for discrete families). */
  density(d: D, x: number): number;
  /** A range holding all but about `eps` of the probability. */
  range(d: D, eps: number): [number, number];
  /** Smallest x with P(X ≤ x) ≥ p. */
  quantile(d: D, p: number): number;
  /** The inverse CDF as a function of one uniform (lazily drawn patience). */
  quantileFunction(d: D): (u: number) => number;
  /**
   * Masses of round(X) clamped to `first`, for first … first + n − 1, built directly when the CDF
   * route (one CDF evaluation per integer) would be too slow; null: use the CDF.
   */
  integerMasses(d: D, first: number, n: number): Float64Array | null;
  /** The editor preview's span of a density: null for the central 99.99 % (quantiles). */
  previewSpan(d: D): [number, number] | null;
  /** The editor preview's own points of a discrete family used as real numbers (null: the integer masses). */
  previewPoints(d: D): { x: number[]; y: number[] } | null;

  /** The distribution of this family centred on m with about `spread` either side (the editor's switch between families). */
  fromCentre(m: number, spread: number): D;
  /** The distribution of this family with a mean and sd (the supplier CSV's lead time), or null when it has no such form. */
  fromMeanSd(mean: number, sd: number): D | null;
  /** A valid distribution of this family for generated test scenarios. */
  example(input: DistExampleInput): D;
}

/** Rounded to hundredths (the editor's starting values, generated examples). */
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** A generated number on [min, max] in steps of 1/1000 of the range, rounded to hundredths. */
export const between = (u: () => number, min: number, max: number) => round2(min + ((max - min) * Math.floor(u() * 1001)) / 1000);

/** A generated whole number on [min, max]. */
export const wholeBetween = (u: () => number, min: number, max: number) => min + Math.floor(u() * (max - min + 1));

/** The range of a continuous family on [0, ∞) from its mean and sd: [0, m + k·s], k = min(40, √(1/eps)). */
export function rangeFromMoments(m: number, s: number, eps: number): [number, number] {
  const k = Math.sqrt(1 / eps) > 40 ? 40 : Math.sqrt(1 / eps);
  return [0, m + k * s];
}

/**
 * The parts every family stated by its mean and sd has alike (normal, lognormal, gamma): the two
 * fields, both scaled by sensitivity, no lists, no checks beyond the schema's, both bounded by `max`.
 */
export const meanSdParts = {
  fields: [
    { key: "mean", label: "Mean" },
    { key: "sd", label: "SD" },
  ],
  lists: [],
  scaleFields: ["mean", "sd"],
  discrete: false,
  problems: () => [],
  beyond: (d: { mean: number; sd: number }, max: number) =>
    beyondMax(
      [
        { path: ["mean"], value: d.mean },
        { path: ["sd"], value: d.sd },
      ],
      max,
    ),
  mean: (d: { mean: number }) => d.mean,
  sd: (d: { sd: number }) => d.sd,
} as const;
