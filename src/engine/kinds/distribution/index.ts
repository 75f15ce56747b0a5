/**
 * The distribution families (docs/model.md §3.1, docs/ADDING-A-KIND.md): one module each, registered
 * here. `Dist` is the union of the modules' types, and DIST_FAMILIES must hold a definition for every
 * member of it, so a family added to the union and not registered (or registered without a part)
 * fails to compile, as does the scenario schema's check that it produces the same `Dist`.
 */
import { empirical, type EmpiricalDist } from "./empirical.ts";
import { exponential, type ExponentialDist } from "./exponential.ts";
import { fixed, type FixedDist } from "./fixed.ts";
import { gamma, type GammaDist } from "./gamma.ts";
import type { DistFamilyDef } from "./kind.ts";
import { isKindIn, kindIn } from "../registry.ts";
import { lognormal, type LognormalDist } from "./lognormal.ts";
import { normal, type NormalDist } from "./normal.ts";
import { poisson, type PoissonDist } from "./poisson.ts";
import { triangular, type TriangularDist } from "./triangular.ts";
import { uniform, type UniformDist } from "./uniform.ts";

/** A probability distribution (docs/model.md §3.1). Integer uses round to nearest and clamp. */
export type Dist = FixedDist | UniformDist | TriangularDist | NormalDist | LognormalDist | GammaDist | ExponentialDist | PoissonDist | EmpiricalDist;
export type DistKind = Dist["kind"];
export type DistOfKind<K extends DistKind> = Extract<Dist, { kind: K }>;

/** Every family's definition, in the order the editor lists them. */
export const DIST_FAMILIES: { readonly [K in DistKind]: DistFamilyDef<DistOfKind<K>> } = {
  fixed,
  uniform,
  triangular,
  normal,
  lognormal,
  gamma,
  exponential,
  poisson,
  empirical,
};

export const DIST_KIND_NAMES = Object.keys(DIST_FAMILIES) as DistKind[];

/** Whether `k` names a registered family. */
export function isDistKind(k: unknown): k is DistKind {
  return isKindIn(DIST_FAMILIES, k);
}

/** The definition of a distribution's family, typed for that distribution (one lookup; no switch over families). */
export function distFamilyOf<D extends Dist>(d: D): DistFamilyDef<D> {
  return kindIn(DIST_FAMILIES, d.kind, "distribution") as unknown as DistFamilyDef<D>;
}

export type { DistBound, DistExampleInput, DistFamilyDef, DistField, DistIssue, DistUse } from "./kind.ts";
