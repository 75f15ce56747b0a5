/**
 * Scenario comparison with common random numbers: every scenario runs the same run indices with the
 * first scenario's seed (the baseline), so run k of every variant sees the same customers and the
 * same supplier luck wherever the scenarios agree. Differences are paired per run, which makes their
 * confidence intervals far narrower than comparing two independent summaries.
 */
import { METRICS, type Metric } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import type { PairedResult } from "./result.ts";
import type { DiffSummary, Summary } from "./summary.ts";
import { describeMoneyDiff, describeRateDiff, describeQuantityDiff, isClear } from "./describe.ts";
import type { Runner, RunOptions } from "../runner/types.ts";
import { inputError } from "./inputError.ts";

/** A paired difference (variant − baseline) reduced to what a reader needs. */
export interface MetricDiff {
  mean: number;
  se: number;
  ci95: [number, number];
  /** Share of runs where the variant is higher / lower. */
  positive: number;
  negative: number;
}

export interface ComparedVariant {
  name: string;
  total: Record<Metric, Summary>;
  diff: Record<Metric, MetricDiff>;
  /** Per product present in both: paired differences. */
  productDiff: Record<string, Record<Metric, MetricDiff>>;
  /** Plain-language summary against the baseline. */
  summary: string;
}

export interface Comparison {
  runs: number;
  seed: string;
  currency: string;
  elapsedMs: number;
  baseline: { name: string; total: Record<Metric, Summary> };
  variants: ComparedVariant[];
}

export function toMetricDiff(d: DiffSummary): MetricDiff {
  return { mean: d.mean, se: d.se, ci95: d.ci95, positive: d.positive, negative: d.negative };
}

function mapMetrics<T, U>(rec: Record<Metric, T>, f: (x: T) => U): Record<Metric, U> {
  const out = {} as Record<Metric, U>;
  for (const m of METRICS) if (rec[m] !== undefined) out[m] = f(rec[m]);
  return out;
}

/** Key differences in words: profit, then service (backorders, fill rate, cancellations, lost sales). */
export function describeVariant(name: string, baseline: string, diff: Record<Metric, MetricDiff>, currency: string): string {
  const parts: string[] = [];
  const clear: string[] = [];
  const unclear: string[] = [];
  const add = (ok: boolean, text: string, label: string) => (ok ? clear.push(text) : unclear.push(label));
  add(isClear(diff.profit), describeMoneyDiff(diff.profit, currency), "profit");
  for (const m of ["backorderRate", "fillRate", "cancellationRate", "lostSalesRate"] as const) {
    const text = describeRateDiff(diff[m], m);
    add(isClear(diff[m]), text, text.replace("no clear difference in ", ""));
  }
  if (isClear(diff.avgWaitDays)) clear.push(describeQuantityDiff(diff.avgWaitDays, "average wait", "days", "longer", "shorter"));
  if (clear.length === 0) return `${name}: no clear difference from ${baseline} in profit or service`;
  parts.push(`${name} ${clear.join("; ")}`);
  if (unclear.length) parts.push(`no clear difference in ${unclear.join(", ")}`);
  return parts.join("; ") + ` (vs ${baseline}, 95 % intervals)`;
}

/** Turns a paired simulation into the comparison document (pure). */
export function summarisePaired(paired: PairedResult, names: string[], currency: string): Comparison {
  const [base, ...rest] = paired.variants;
  const baseName = names[0] ?? base.scenario;
  return {
    runs: paired.runs,
    seed: paired.seed,
    currency,
    elapsedMs: paired.elapsedMs,
    baseline: { name: baseName, total: base.total },
    variants: rest.map((v, j) => {
      const i = j + 1;
      const name = names[i] ?? v.scenario;
      const diff = mapMetrics(paired.diff[i], toMetricDiff);
      const productDiff: Record<string, Record<Metric, MetricDiff>> = {};
      for (const [id, rec] of Object.entries(paired.productDiff[i] ?? {})) productDiff[id] = mapMetrics(rec, toMetricDiff);
      return { name, total: v.total, diff, productDiff, summary: describeVariant(name, baseName, diff, currency) };
    }),
  };
}

/** Distinct display names: scenario names, made unique with a counter when two agree. */
export function distinctNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/**
 * Scenarios that cannot share a calendar cannot be paired; returns the reason, or null when fine.
 */
export function pairingProblem(scenarios: Scenario[]): string | null {
  const [a, ...rest] = scenarios;
  for (const b of rest) {
    for (const f of ["horizonDays", "warmupDays", "startDate"] as const) {
      if (a[f] !== b[f]) return `'${b.name}' has ${f} ${JSON.stringify(b[f])} but '${a.name}' has ${JSON.stringify(a[f])}; compared scenarios must share the calendar`;
    }
  }
  return null;
}

/** Simulates the scenarios on common random numbers and compares each with the first. */
export async function compareScenarios(
  runner: Pick<Runner, "simulatePaired">,
  scenarios: Scenario[],
  opts: RunOptions & { names?: string[] } = {},
): Promise<Comparison> {
  if (scenarios.length < 2) throw inputError("compare needs at least two scenarios (or one scenario and a variant)");
  const problem = pairingProblem(scenarios);
  if (problem) throw inputError(problem);
  const { names, ...runOpts } = opts;
  const paired = await runner.simulatePaired(scenarios, runOpts);
  return summarisePaired(paired, distinctNames(names ?? scenarios.map((s) => s.name)), scenarios[0].currency);
}
