/**
 * Scenario comparison with common random numbers: every scenario runs the same run indices with the
 * first scenario's seed (the baseline), so run k of every variant sees the same customers and the
 * same supplier luck wherever the scenarios agree. Differences are paired per run, which makes their
 * confidence intervals far narrower than comparing two independent summaries.
 */
import { METRICS, type Metric } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import type { PairedResult } from "./result.ts";
import { Z95, type DiffSummary, type Summary } from "./summary.ts";
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

/** The metrics a comparison shows, in this order (the command line's table and the app's). */
export const COMPARED_METRICS = [
  "profit",
  "revenue",
  "fillRate",
  "backorderRate",
  "cancellationRate",
  "lostSalesRate",
  "promiseKeptRate",
  "avgWaitDays",
  "avgOnHand",
  "costPerDay",
] as const satisfies readonly Metric[];

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
      const productDiff: Record<string, Record<Metric, MetricDiff>> = Object.create(null); // keyed by id: no prototype
      for (const [id, rec] of Object.entries(paired.productDiff[i] ?? {})) productDiff[id] = mapMetrics(rec, toMetricDiff);
      return { name, total: v.total, diff, productDiff };
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
      if (a[f] !== b[f])
        return `'${b.name}' has ${f} ${JSON.stringify(b[f])} but '${a.name}' has ${JSON.stringify(a[f])}; compared scenarios must share the calendar`;
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

/** A field of a scenario's calendar. */
export type CalendarField = "startDate" | "horizonDays" | "warmupDays";

/** A scenario moved on to the shared calendar: each field changed, from its own value to the shared one (worded by present/compareWords.ts). */
export interface CalendarNote {
  name: string;
  changes: { field: CalendarField; from: string | number; to: string | number }[];
}

/**
 * Puts scenarios on one calendar so they can be paired: the baseline's (the first's) start date and
 * length, and the longest warm-up among them (a longer warm-up only discards more settling-in days).
 * Returns the scenarios to simulate and one note per scenario changed.
 */
export function alignCalendars(
  scenarios: readonly Scenario[],
  names: readonly string[] = scenarios.map((s) => s.name),
): { scenarios: Scenario[]; notes: CalendarNote[] } {
  const [a] = scenarios;
  if (!a) return { scenarios: [], notes: [] };
  const warm = Math.max(...scenarios.map((s) => s.warmupDays));
  const notes: CalendarNote[] = [];
  const out = scenarios.map((s, i) => {
    const want = { startDate: a.startDate, horizonDays: a.horizonDays, warmupDays: warm };
    const changes = (Object.keys(want) as CalendarField[]).filter((k) => s[k] !== want[k]);
    if (changes.length === 0) return s;
    notes.push({ name: names[i] ?? s.name, changes: changes.map((field) => ({ field, from: s[field], to: want[field] })) });
    return { ...s, ...want };
  });
  return { scenarios: out, notes };
}

/**
 * Paired difference b − a of one total metric between two scenarios simulated together (same runs):
 * the mean is the exact difference of their means over every run; its spread comes from the runs
 * both hold in their run sample (every run up to 256), so its interval is a paired one.
 */
export function pairedDiff(
  a: { samples: { runIndex: number[]; metrics: Partial<Record<Metric, number[]>> }; total: Record<Metric, Summary> },
  b: { samples: { runIndex: number[]; metrics: Partial<Record<Metric, number[]>> }; total: Record<Metric, Summary> },
  metric: Metric,
  runs: number,
): MetricDiff {
  const mean = b.total[metric].mean - a.total[metric].mean;
  const av = a.samples.metrics[metric] ?? [];
  const bv = b.samples.metrics[metric] ?? [];
  const at = new Map(a.samples.runIndex.map((r, i) => [r, av[i]]));
  const d: number[] = [];
  b.samples.runIndex.forEach((r, i) => {
    const x = at.get(r);
    if (x !== undefined && bv[i] !== undefined) d.push(bv[i] - x);
  });
  if (d.length < 2) return { mean, se: NaN, ci95: [NaN, NaN], positive: NaN, negative: NaN };
  const m = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1));
  const se = sd / Math.sqrt(Math.max(runs, d.length));
  return {
    mean,
    se,
    ci95: [mean - Z95 * se, mean + Z95 * se],
    positive: d.filter((x) => x > 0).length / d.length,
    negative: d.filter((x) => x < 0).length / d.length,
  };
}

/** Revenue and the costs profit is made of (docs/model.md §6): profit = revenue − every cost. */
export const PROFIT_PARTS: { m: Metric; sign: 1 | -1 }[] = [
  { m: "revenue", sign: 1 },
  { m: "purchaseCost", sign: -1 },
  { m: "holdingCost", sign: -1 },
  { m: "orderingCost", sign: -1 },
  { m: "shippingCost", sign: -1 },
  { m: "expediteCost", sign: -1 },
  { m: "surgeCost", sign: -1 },
  { m: "penaltyCost", sign: -1 },
];
