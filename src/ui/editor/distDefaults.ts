/** Switching a distribution's kind keeps its centre: the new kind starts at the old mean. */
import type { DistKind } from "../../engine/scenario.ts";

export const DIST_KIND_LABELS: Record<DistKind, string> = {
  fixed: "Fixed",
  uniform: "Uniform",
  triangular: "Triangular",
  normal: "Normal",
  lognormal: "Lognormal",
  gamma: "Gamma",
  exponential: "Exponential",
  poisson: "Poisson",
  empirical: "Empirical (list)",
};

export const DIST_FIELDS: Record<DistKind, { key: string; label: string }[]> = {
  fixed: [{ key: "value", label: "Value" }],
  uniform: [
    { key: "min", label: "Min" },
    { key: "max", label: "Max" },
  ],
  triangular: [
    { key: "min", label: "Min" },
    { key: "mode", label: "Mode" },
    { key: "max", label: "Max" },
  ],
  normal: [
    { key: "mean", label: "Mean" },
    { key: "sd", label: "SD" },
  ],
  lognormal: [
    { key: "mean", label: "Mean" },
    { key: "sd", label: "SD" },
  ],
  gamma: [
    { key: "mean", label: "Mean" },
    { key: "sd", label: "SD" },
  ],
  exponential: [{ key: "mean", label: "Mean" }],
  poisson: [{ key: "mean", label: "Mean" }],
  empirical: [],
};

function centre(d: any): number {
  if (!d || typeof d !== "object") return 1;
  for (const k of ["mean", "value", "mode"]) if (typeof d[k] === "number") return d[k];
  if (typeof d.min === "number" && typeof d.max === "number") return (d.min + d.max) / 2;
  if (Array.isArray(d.values) && d.values.length) return d.values.reduce((a: number, b: number) => a + b, 0) / d.values.length;
  return 1;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function distOfKind(kind: DistKind, old: unknown): Record<string, unknown> {
  const m = centre(old);
  const spread = Math.abs(m) * 0.25 || 1;
  switch (kind) {
    case "fixed":
      return { kind, value: r2(m) };
    case "uniform":
      return { kind, min: r2(m - spread * 1.7), max: r2(m + spread * 1.7) };
    case "triangular":
      return { kind, min: r2(m - spread * 2), mode: r2(m), max: r2(m + spread * 2) };
    case "normal":
    case "lognormal":
    case "gamma":
      return { kind, mean: r2(m), sd: r2(spread) };
    case "exponential":
    case "poisson":
      return { kind, mean: r2(m) };
    case "empirical":
      return { kind, values: [r2(m)] };
  }
}
