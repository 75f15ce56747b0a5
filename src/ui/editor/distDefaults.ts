/**
 * The distribution editor's view of the engine's families (src/engine/kinds/distribution/): their names and
 * fields, and the distribution a field gets when switched to a family. Switching keeps the centre:
 * the new family starts at the old mean.
 */
import { DIST_FAMILIES, DIST_KIND_NAMES } from "../../engine/kinds/distribution/index.ts";
import type { DistKind } from "../../engine/scenario.ts";

export const DIST_KIND_LABELS = Object.fromEntries(DIST_KIND_NAMES.map((k) => [k, DIST_FAMILIES[k].label])) as Record<DistKind, string>;

export const DIST_FIELDS = Object.fromEntries(DIST_KIND_NAMES.map((k) => [k, DIST_FAMILIES[k].fields])) as Record<
  DistKind,
  readonly { key: string; label: string }[]
>;

function centre(d: any): number {
  if (!d || typeof d !== "object") return 1;
  for (const k of ["mean", "value", "mode"]) if (typeof d[k] === "number") return d[k];
  if (typeof d.min === "number" && typeof d.max === "number") return (d.min + d.max) / 2;
  if (Array.isArray(d.values) && d.values.length) return d.values.reduce((a: number, b: number) => a + b, 0) / d.values.length;
  return 1;
}

export function distOfKind(kind: DistKind, old: unknown): Record<string, unknown> {
  const m = centre(old);
  return DIST_FAMILIES[kind].fromCentre(m, Math.abs(m) * 0.25 || 1);
}
