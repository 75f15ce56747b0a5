/**
 * Tornado data: how profit and service move when one key input moves by ±x % (default 20 %), the
 * rest as in the scenario. Every variant runs on common random numbers with the scenario itself as
 * the paired reference, so each bar is a paired difference with its own 95 % interval.
 */
import type { Metric } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import type { Runner, RunOptions, Progress } from "../runner/types.ts";
import type { Summary } from "./summary.ts";
import { toMetricDiff, type MetricDiff } from "./compare.ts";
import { defaultParam, getLevel, isIntegerParam, minLevel, withLevel } from "./policyLevel.ts";
import { revalidate, scaleDist } from "./variants.ts";
import { inputError } from "./inputError.ts";

export const SENSITIVITY_INPUTS = ["demand", "leadTime", "patience", "level", "price", "unitCost"] as const;
export type SensitivityInput = (typeof SENSITIVITY_INPUTS)[number];

export const SENSITIVITY_METRICS = ["profit", "backorderRate", "fillRate", "cancellationRate"] as const satisfies readonly Metric[];
export type SensitivityMetric = (typeof SENSITIVITY_METRICS)[number];

export interface SensitivitySide {
  /** Multiplier applied to the input (0.8, 1.2). */
  factor: number;
  /** Paired differences vs the scenario as it is. */
  diff: Record<SensitivityMetric, MetricDiff>;
  /** Absolute figures under the change. */
  total: Record<SensitivityMetric, Summary>;
}

export interface SensitivityBar {
  input: SensitivityInput;
  /** False when the scenario has nothing for this input to move (e.g. no patience limits). */
  applicable: boolean;
  low: SensitivitySide;
  high: SensitivitySide;
}

export interface SensitivityResult {
  by: number;
  runs: number;
  seed: string;
  currency: string;
  base: Record<SensitivityMetric, Summary>;
  /** Sorted by the width of the profit bar, widest first (the tornado's order). */
  inputs: SensitivityBar[];
}

export interface SensitivityOptions extends Omit<RunOptions, "onPartial" | "precision"> {
  /** Relative move, default 0.2. */
  by?: number;
  inputs?: SensitivityInput[];
  onProgress?: (p: Progress) => void;
}

type Json = any;

/**
 * The scenario with one input multiplied by `factor`, or null when nothing in it depends on that
 * input. Patience scales how long customers will wait and divides the cancel hazards (a customer
 * 20 % more patient cancels 1/1.2 as often); policy levels round to whole units.
 */
export function moveInput(s: Scenario, input: SensitivityInput, factor: number): { json: Json } | null {
  const j: Json = structuredClone(s);
  switch (input) {
    case "demand":
      for (const p of j.products) p.demand.ordersPerDay *= factor;
      return { json: j };
    case "leadTime":
      for (const sup of j.suppliers) sup.leadTimeDays = scaleDist(sup.leadTimeDays, factor);
      return { json: j };
    case "patience": {
      let moved = false;
      for (const p of j.products) {
        const c = p.customers;
        if (!c) continue;
        if (c.willingToWaitDays) {
          c.willingToWaitDays = scaleDist(c.willingToWaitDays, factor);
          moved = true;
        }
        for (const k of ["cancelHazardPerDay", "lateCancelHazardPerDay"]) {
          if (typeof c[k] === "number" && c[k] > 0) {
            c[k] = Math.min(1, c[k] / factor);
            moved = true;
          }
        }
      }
      return moved ? { json: j } : null;
    }
    case "level": {
      let moved = false;
      s.products.forEach((p, i) => {
        const param = defaultParam(p.policy);
        const v = getLevel(p.policy, param);
        if (v === null) return;
        let nv: number;
        if (param === "safetyStock.serviceLevel") nv = Math.min(0.9999, Math.max(0.5, 1 - (1 - v) / factor));
        else nv = Math.max(minLevel(p.policy, param), isIntegerParam(param) ? Math.round(v * factor) : v * factor);
        if (nv !== v) moved = true;
        j.products[i].policy = withLevel(p.policy, param, nv);
        if (p.initialOnHand !== undefined && param === "orderUpTo" && p.initialOnHand === v) j.products[i].initialOnHand = nv;
      });
      return moved ? { json: j } : null;
    }
    case "price":
      for (const p of j.products) p.price *= factor;
      return { json: j };
    case "unitCost":
      for (const p of j.products) p.unitCost *= factor;
      return { json: j };
    default: {
      const _: never = input;
      return _;
    }
  }
}

function pick<T>(rec: Record<Metric, T>): Record<SensitivityMetric, T> {
  return Object.fromEntries(SENSITIVITY_METRICS.map((m) => [m, rec[m]])) as Record<SensitivityMetric, T>;
}

export async function sensitivity(runner: Pick<Runner, "simulatePaired">, scenario: Scenario, opts: SensitivityOptions = {}): Promise<SensitivityResult> {
  const by = opts.by ?? 0.2;
  if (!(by > 0 && by < 1)) throw inputError(`--by must be a fraction between 0 and 1 (0.2 = ±20 %); got ${by}`);
  const inputs = opts.inputs ?? [...SENSITIVITY_INPUTS];
  const variants: Scenario[] = [scenario];
  const slots: { input: SensitivityInput; low: number; high: number }[] = [];
  const notApplicable: SensitivityInput[] = [];
  for (const input of inputs) {
    const lo = moveInput(scenario, input, 1 - by);
    const hi = moveInput(scenario, input, 1 + by);
    if (!lo || !hi) {
      notApplicable.push(input);
      continue;
    }
    const a = revalidate(lo.json);
    const b = revalidate(hi.json);
    if (!a.ok || !b.ok) {
      const errs = (!a.ok ? a.errors : []).concat(!b.ok ? b.errors : []);
      throw inputError(`moving ${input} by ±${by * 100} % gives an invalid scenario: ${errs.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
    }
    slots.push({ input, low: variants.push(a.scenario) - 1, high: variants.push(b.scenario) - 1 });
  }
  const { onProgress, by: _by, inputs: _in, ...rest } = opts;
  // Totals only: daily bands of every variant would be most of what the workers hand over.
  const paired = await runner.simulatePaired(variants, { ...rest, onProgress, dailyBands: false });
  const side = (i: number, factor: number): SensitivitySide => ({
    factor,
    diff: Object.fromEntries(SENSITIVITY_METRICS.map((m) => [m, toMetricDiff(paired.diff[i][m])])) as Record<SensitivityMetric, MetricDiff>,
    total: pick(paired.variants[i].total),
  });
  const zeroSide = (factor: number): SensitivitySide => side(0, factor);
  const bars: SensitivityBar[] = [
    ...slots.map((s) => ({
      input: s.input,
      applicable: true,
      low: side(s.low, 1 - by),
      high: side(s.high, 1 + by),
    })),
    ...notApplicable.map((input) => ({
      input,
      applicable: false,
      low: zeroSide(1 - by),
      high: zeroSide(1 + by),
    })),
  ];
  const swing = (b: SensitivityBar) => Math.abs(b.high.diff.profit.mean - b.low.diff.profit.mean);
  bars.sort((a, b) => Number(b.applicable) - Number(a.applicable) || swing(b) - swing(a));
  return { by, runs: paired.runs, seed: paired.seed, currency: scenario.currency, base: pick(paired.variants[0].total), inputs: bars };
}
