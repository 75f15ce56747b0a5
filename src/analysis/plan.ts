/**
 * Whole-catalogue planning: for every product, the least level of its policy (least stock) that
 * meets a service target, or the least-cost level.
 *
 * Each product is planned on its own (products of a stand-alone scenario never interact, so each is
 * simulated alone: the same figures as in the whole scenario, at a cost that does not grow with the
 * catalogue). Service rises with the level, so the search brackets the answer from the textbook
 * guess and bisects, every level on common random numbers (run k of every level sees the same
 * customers and supplier luck). Runs are spent adaptively: levels are first told apart on a small
 * batch of runs; then only the two levels either side of the answer get more, doubling until the
 * level chosen surely meets the target and the one below surely misses it (each 95 % interval
 * clear of the target), or the run budget is spent — then the answer is a close call and says so.
 *
 * Everything here is synchronous and pure: a worker plans a slice of products with planProducts.
 */
import { compileScenario, type CompiledModel } from "../engine/compile.ts";
import { createRunOutput, deriveMetrics, M, METRIC_COUNT, RAW, RAW_COUNT, type Metric } from "../engine/metrics.ts";
import type { Policy, Product, Scenario } from "../engine/scenario.ts";
import { simulateRun } from "../engine/simulateRun.ts";
import { levelModel, productsStandAlone, standAloneScenario, withProductBackorders } from "../engine/standAlone.ts";
import type { Backorders } from "../engine/scenario.ts";
import { backorderOptions, backorderReason, backordersCode, chooseOption, DEFAULT_GUARDRAILS, guardrailBreaches, suggestedQuoteBuffer } from "./recommend.ts";
import type { BackorderOption, BackorderReason, GuardrailBreach, Guardrails } from "./recommend.ts";
import { makeSummary, type Summary } from "./summary.ts";
import { METRICS } from "../engine/metrics.ts";
import { AnalysisInputError, inputError } from "./inputError.ts";
import { demandOverProtection, guessLevel } from "./levelGuess.ts";
import type { Objective } from "./objective.ts";
import { getLevel, maxLevel, minLevel, resolveParam, withLevel, type LevelParam } from "./policyLevel.ts";
import { Z95 } from "./summary.ts";
import { policyKindOf } from "../engine/kinds/policy/index.ts";
import { grown } from "../engine/grow.ts";

/** Metrics a plan can target: service rises (or failures fall) as the level rises. */
export const PLAN_METRICS = ["fillRate", "backorderRate", "cancellationRate"] as const;
export type PlanMetric = (typeof PLAN_METRICS)[number];

export type PlanTarget = { kind: "service"; metric: PlanMetric; op: ">=" | "<="; target: number } | { kind: "minCost" };

/** Targets by class: `*` is every product without a class of its own. */
export interface PlanTargets {
  /** "abc": classes A, B, C by expected revenue; "category": the products' category; "none": one target. */
  classBy: "none" | "abc" | "category";
  byClass: Record<string, PlanTarget>;
}

const ONE = /^\s*([A-Za-z]+)\s*(>=|<=|≥|≤)\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$/;

/** `fillRate>=0.95`, `backorderRate<=5%`, `minCost`. */
export function parsePlanTarget(text: string): { ok: true; target: PlanTarget } | { ok: false; message: string } {
  const t = text.trim();
  if (t === "minCost") return { ok: true, target: { kind: "minCost" } };
  const m = ONE.exec(t);
  if (!m)
    return { ok: false, message: `a target looks like fillRate>=0.95, backorderRate<=0.05, cancellationRate<=0.02 or minCost; got ${JSON.stringify(text)}` };
  const [, name, rawOp, num, pct] = m;
  if (!(PLAN_METRICS as readonly string[]).includes(name))
    return { ok: false, message: `a plan targets ${PLAN_METRICS.join(", ")} (or minCost); got '${name}'` };
  const metric = name as PlanMetric;
  const op = rawOp === ">=" || rawOp === "≥" ? ">=" : "<=";
  const want = metric === "fillRate" ? ">=" : "<=";
  if (op !== want) return { ok: false, message: `${metric} rises with ${metric === "fillRate" ? "more" : "less"} stock: write ${metric}${want}…` };
  const target = Number(num) / (pct ? 100 : 1);
  if (!(target >= 0 && target <= 1)) return { ok: false, message: `${metric} is a fraction between 0 and 1 (or a percentage such as 95%); got ${num}${pct}` };
  if (metric === "fillRate" && target >= 1)
    return { ok: false, message: "a fill rate of 100 % cannot be planned for with random demand; use a target below 1 such as 0.999" };
  return { ok: true, target: { kind: "service", metric, op, target } };
}

/**
 * `fillRate>=0.95` (every product) or `A:fillRate>=0.98,B:fillRate>=0.95,C:fillRate>=0.90` (ABC
 * classes by expected revenue) or `impulse:fillRate>=0.9,*:fillRate>=0.95` (the products' categories,
 * `*` for the rest).
 */
export function parsePlanTargets(text: string): { ok: true; targets: PlanTargets } | { ok: false; message: string } {
  const parts = text
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (parts.length === 0) return { ok: false, message: "the target is empty; write e.g. fillRate>=0.95" };
  const byClass: Record<string, PlanTarget> = {};
  let classed = false;
  for (const part of parts) {
    const colon = part.indexOf(":");
    const cls = colon >= 0 ? part.slice(0, colon).trim() : "*";
    if (colon >= 0) classed = true;
    if (cls === "") return { ok: false, message: `'${part}': the class before ':' is empty` };
    const r = parsePlanTarget(colon >= 0 ? part.slice(colon + 1) : part);
    if (!r.ok) return { ok: false, message: colon >= 0 ? `${cls}: ${r.message}` : r.message };
    if (cls in byClass) return { ok: false, message: `class '${cls}' has two targets` };
    byClass[cls] = r.target;
  }
  if (!classed) return { ok: true, targets: { classBy: "none", byClass } };
  const named = Object.keys(byClass).filter((c) => c !== "*");
  const abc = named.every((c) => c === "A" || c === "B" || c === "C");
  return { ok: true, targets: { classBy: abc ? "abc" : "category", byClass } };
}

export function formatPlanTarget(t: PlanTarget): string {
  return t.kind === "minCost" ? "minCost" : `${t.metric}${t.op}${t.target}`;
}

/** Expected revenue over the horizon: price × mean units a day × days. */
export function expectedRevenue(s: Scenario, p: Product): number {
  const alone = { ...s, products: [p] };
  return p.price * demandOverProtection(alone, p.id).unitsPerDay * s.horizonDays;
}

/**
 * ABC classes by expected revenue: the products making the first 80 % of it are A, the next 15 % B,
 * the rest C (a product straddling a boundary takes the upper class).
 */
export function abcClasses(s: Scenario): string[] {
  const rev = s.products.map((p) => expectedRevenue(s, p));
  const order = rev.map((_, i) => i).sort((a, b) => rev[b] - rev[a] || a - b);
  const total = rev.reduce((a, b) => a + b, 0);
  const out = new Array<string>(s.products.length);
  let before = 0;
  for (const i of order) {
    const share = total > 0 ? before / total : 0;
    out[i] = share < 0.8 ? "A" : share < 0.95 ? "B" : "C";
    before += rev[i];
  }
  return out;
}

/** Each product's class and target; an error names the products no target covers. */
export function targetsPerProduct(s: Scenario, t: PlanTargets): { classes: string[]; targets: PlanTarget[] } {
  const classes =
    t.classBy === "abc" ? abcClasses(s) : t.classBy === "category" ? s.products.map((p) => p.category ?? "(no category)") : s.products.map(() => "*");
  const missing: string[] = [];
  const targets = s.products.map((p, i) => {
    const tg = t.byClass[classes[i]] ?? t.byClass["*"];
    if (!tg) missing.push(`${p.id} (${classes[i]})`);
    return tg;
  });
  if (missing.length) {
    const known = t.classBy === "category" ? ` (categories: ${[...new Set(classes)].join(", ")})` : "";
    throw inputError(
      `no target for ${missing.length} product${missing.length === 1 ? "" : "s"}: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}; add a target for their class or one for every other product with *:fillRate>=…${known}`,
    );
  }
  return { classes, targets };
}

/** A mean with its 95 % interval. */
export interface Estimate {
  mean: number;
  ci95: [number, number];
}

export interface PlanKpis {
  fillRate: Estimate;
  backorderRate: Estimate;
  cancellationRate: Estimate;
  /** Days ending with backordered units or a lost unit, over the horizon. */
  stockoutDays: Estimate;
  /** Mean end-of-day free stock, units. */
  avgStock: Estimate;
  /** avgStock × unit cost. */
  avgStockValue: Estimate;
  costPerDay: Estimate;
  profit: Estimate;
  /** Mean units demanded and taken from stock per run (the catalogue's units-weighted fill rate adds these). */
  unitsDemanded: number;
  unitsFromStock: number;
  runs: number;
}

export type PlanStatus = "settled" | "close" | "minimum" | "unreachable";

export type ServiceTarget = Extract<PlanTarget, { kind: "service" }>;

/** A level simulated for a service target: the target metric's mean and 95 % interval over its runs. */
export interface LevelFigures {
  value: number;
  mean: number;
  ci95: [number, number];
  runs: number;
}

/**
 * How sure a product's answer is, and the figures that say so:
 * - `settled`: the level meets the target surely and the one below surely misses it;
 * - `close`: they meet and miss it on average, but `noisy` is still within noise of the target;
 * - `minimum`: the lowest possible level already meets it;
 * - `unreachable`: no level tried reaches it (`highest` is the highest tried);
 * - `leastCost` (a minCost target): the level with the least cost per day; `clear` when every one of
 *   its `neighbours` (levels one step either side that exist) costs more on the paired runs.
 */
export type PlanConfidence =
  | { kind: "settled"; target: ServiceTarget; meets: LevelFigures; below: LevelFigures }
  | { kind: "close"; target: ServiceTarget; meets: LevelFigures; below: LevelFigures; noisy: "meets" | "below" }
  | { kind: "minimum"; target: ServiceTarget; level: LevelFigures }
  | { kind: "unreachable"; target: ServiceTarget; highest: LevelFigures }
  | { kind: "leastCost"; level: number; costPerDay: number; neighbours: number; clear: boolean };

export interface SkuPlan {
  id: string;
  name: string;
  category?: string;
  class: string;
  target: string;
  param: LevelParam;
  policyKind: Policy["kind"];
  current: number | null;
  planned: number;
  plannedPolicy: Policy;
  /** Reorder point and order-up-to level of the planned policy (null where the policy has none). */
  reorderPoint: number | null;
  orderUpTo: number | null;
  /** Mean units a day and the days a level protects (lead time + review period − 1). */
  demandPerDay: number;
  protectionDays: number;
  /** Stock held beyond the mean demand over the protection period, in units and days of demand. */
  safetyStock: { units: number; days: number };
  planned_kpis: PlanKpis;
  /** Figures at the current level (from the first batch of runs), null when the current level is not a value of the parameter. */
  current_kpis: PlanKpis | null;
  status: PlanStatus;
  /** How sure the answer is, with the figures it rests on (worded by present/planReport.ts). */
  confidence: PlanConfidence;
  /** Levels simulated and the runs each got. */
  tried: { value: number; runs: number; mean: number }[];
  /** Runs simulated for this product in all (the plan's cost). */
  simulatedRuns: number;
  /** With PlanOptions.backorders: the backorder decision at the planned level. */
  backorders?: SkuBackorders;
  /** With PlanOptions.curve: the exchange curve, levels ascending. */
  curve?: CurvePoint[];
}

export interface PlanOptions {
  /** Parameter to move (default: the policy's level, see policyLevel.ts). */
  param?: string;
  /** Runs per level at most (default scenario.runs). */
  runs?: number;
  /** Runs of the first batch (default max(20, runs / 8), at most runs). */
  firstRuns?: number;
  firstRun?: number;
  /**
   * Also decide each product's backorder setting at its planned level: refuse, allow or cap the
   * quoted wait, chosen as recommend chooses (guardrails, reasons), on the same runs.
   */
  backorders?: boolean;
  guardrails?: Partial<Guardrails>;
  /**
   * Also trace the product's exchange curve for catalogue-wide targets: stock value and units filled
   * from stock at levels around the answer (± 3 standard deviations of demand over the protection
   * period, in 13 steps), on the first batch of runs (common random numbers).
   */
  curve?: boolean;
}

/** One point of a product's exchange curve: means per run at a level. */
export interface CurvePoint {
  value: number;
  stockValue: number;
  unitsFromStock: number;
  unitsDemanded: number;
}

/** The backorder setting chosen for a product at its planned level. */
export interface SkuBackorders {
  current: Backorders;
  recommended: Backorders;
  mode: Backorders["mode"];
  /** Why, with the figures behind it (worded by present/backorderWords.ts). */
  why: BackorderReason;
  /** Paired difference in the product's profit per run: recommended − current setting. */
  profitChange: Estimate;
  options: { backorders: Backorders; profit: Estimate; withinGuardrails: boolean; breaches: GuardrailBreach[] }[];
}

/** Service-level ladder searched for `safetyStock.serviceLevel` (levels are fractions, not units). */
const SERVICE_LADDER = [
  0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.975, 0.98, 0.985, 0.99, 0.9925, 0.995, 0.9965, 0.998, 0.999, 0.9995,
  0.9999,
];

interface LevelRuns {
  /** Runs done, from firstRun on. */
  n: number;
  /** Per-run metrics, METRIC_COUNT per run. */
  metrics: Float64Array;
}

const KPI_METRICS = ["fillRate", "backorderRate", "cancellationRate", "stockoutDayFraction", "avgOnHand", "costPerDay", "profit", "unitsDemanded"] as const;

function estimate(lr: LevelRuns, metric: Metric, scale = 1): Estimate {
  const n = lr.n;
  const m = M[metric];
  let sum = 0;
  for (let r = 0; r < n; r++) sum += lr.metrics[r * METRIC_COUNT + m];
  const mean = sum / n;
  let ss = 0;
  for (let r = 0; r < n; r++) {
    const d = lr.metrics[r * METRIC_COUNT + m] - mean;
    ss += d * d;
  }
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
  return { mean: mean * scale, ci95: [(mean - Z95 * se) * scale, (mean + Z95 * se) * scale] };
}

/**
 * Plans one product of a scenario whose products never interact, simulating it alone. `index` is its
 * place in `s`. Deterministic: the same scenario, seed and options give the same plan.
 */
export function planProduct(s: Scenario, index: number, target: PlanTarget, cls: string, o: PlanOptions = {}): SkuPlan {
  const p = s.products[index];
  const alone = standAloneScenario(s, index);
  const resolved = resolveParam(p.policy, o.param);
  if (!resolved.ok) throw new AnalysisInputError([{ path: `products[${index}].policy`, message: resolved.message }]);
  const param = resolved.param;
  const N = Math.max(1, o.runs ?? s.runs);
  const n0 = Math.min(N, Math.max(1, o.firstRuns ?? Math.max(20, Math.ceil(N / 8))));
  const firstRun = o.firstRun ?? 0;
  const base = compileScenario(alone);
  const out = createRunOutput(1, base.horizonDays);
  const metricsRow = new Float64Array(METRIC_COUNT);
  const d = demandOverProtection(alone, p.id);

  // Levels are indices k: the value itself for unit and day parameters, a rung of the ladder for service levels.
  const ladder = param === "safetyStock.serviceLevel";
  const value = (k: number) => (ladder ? SERVICE_LADDER[k] : k);
  const lo = ladder ? 0 : Math.ceil(minLevel(p.policy, param));
  const hi = ladder ? SERVICE_LADDER.length - 1 : maxLevel(p.policy, param);
  const current = getLevel(p.policy, param);
  const objective: Objective =
    target.kind === "minCost" ? { kind: "minCost" } : { kind: "constraint", metric: target.metric, op: target.op, target: target.target };
  const guessValue = guessLevel(alone, p.id, param, objective);
  const toIndex = (v: number) =>
    ladder ? SERVICE_LADDER.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(SERVICE_LADDER[best] - v) ? i : best), 0) : Math.round(v);
  const clampK = (k: number) => Math.min(hi, Math.max(lo, k));
  const k0 = clampK(toIndex(guessValue));
  // Bracketing steps: half a standard deviation of demand over the protection period, in the parameter's unit.
  const unitsSd = Math.max(1, d.sd);
  const w0 = ladder
    ? 2
    : param === "safetyStock.days"
      ? Math.max(1, Math.round((0.5 * unitsSd) / Math.max(1e-9, d.unitsPerDay)))
      : Math.max(1, Math.round(0.5 * unitsSd));

  const cache = new Map<number, LevelRuns>();
  let simulatedRuns = 0;
  const models = new Map<number, CompiledModel>();
  const modelAt = (k: number): CompiledModel => {
    let m = models.get(k);
    if (!m) {
      const v = value(k);
      const policy = withLevel(p.policy, param, v);
      const cur = getLevel(p.policy, param);
      // A start at the old level follows the level (as optimize does).
      const start = param === "orderUpTo" && p.initialOnHand !== undefined && cur !== null && p.initialOnHand === cur ? Math.max(0, v) : p.initialOnHand;
      m = levelModel(alone, base, policy, start);
      models.set(k, m);
    }
    return m;
  };
  const runsAt = (k: number, n: number): LevelRuns => {
    let lr = cache.get(k);
    if (!lr) {
      lr = { n: 0, metrics: new Float64Array(n * METRIC_COUNT) };
      cache.set(k, lr);
    }
    if (lr.n >= n) return lr;
    if (lr.metrics.length < n * METRIC_COUNT) lr.metrics = grown(lr.metrics, n * METRIC_COUNT, lr.n * METRIC_COUNT);
    const m = modelAt(k);
    // One product's runs back to back: its tables stay in cache.
    for (let r = lr.n; r < n; r++) {
      simulateRun(m, firstRun + r, out);
      deriveMetrics(out.raw, 0, metricsRow);
      lr.metrics.set(metricsRow, r * METRIC_COUNT);
    }
    simulatedRuns += n - lr.n;
    lr.n = n;
    return lr;
  };
  const kpis = (lr: LevelRuns): PlanKpis => {
    const fill = estimate(lr, "fillRate");
    let fromStock = 0;
    let demanded = 0;
    for (let r = 0; r < lr.n; r++) {
      demanded += lr.metrics[r * METRIC_COUNT + M.unitsDemanded];
      fromStock += lr.metrics[r * METRIC_COUNT + M.unitsDemanded] * lr.metrics[r * METRIC_COUNT + M.fillRate];
    }
    return {
      fillRate: fill,
      backorderRate: estimate(lr, "backorderRate"),
      cancellationRate: estimate(lr, "cancellationRate"),
      stockoutDays: estimate(lr, "stockoutDayFraction", s.horizonDays),
      avgStock: estimate(lr, "avgOnHand"),
      avgStockValue: estimate(lr, "avgOnHand", p.unitCost),
      costPerDay: estimate(lr, "costPerDay"),
      profit: estimate(lr, "profit"),
      unitsDemanded: demanded / lr.n,
      unitsFromStock: fromStock / lr.n,
      runs: lr.n,
    };
  };

  let planned: number;
  let status: PlanStatus;
  let confidence: PlanConfidence;

  if (target.kind === "service") {
    const metric = target.metric;
    const ge = target.op === ">=";
    const meetsMean = (k: number, n: number) => {
      const e = estimate(runsAt(k, n), metric);
      return ge ? e.mean >= target.target : e.mean <= target.target;
    };
    const surelyMeets = (k: number) => {
      const e = estimate(cache.get(k)!, metric);
      return ge ? e.ci95[0] >= target.target : e.ci95[1] <= target.target;
    };
    const surelyMisses = (k: number) => {
      const e = estimate(cache.get(k)!, metric);
      return ge ? e.ci95[1] < target.target : e.ci95[0] > target.target;
    };
    // Bracket and bisect at n runs, from a level known to meet (or miss) the target.
    const search = (start: number, n: number, step: number): { miss: number | null; meet: number | null } => {
      let miss: number | null = null;
      let meet: number | null = null;
      if (meetsMean(start, n)) {
        meet = start;
        let w = step;
        while (meet > lo) {
          const c = Math.max(lo, meet - w);
          if (meetsMean(c, n)) {
            meet = c;
            w *= 2;
          } else {
            miss = c;
            break;
          }
        }
      } else {
        miss = start;
        let w = step;
        for (let tries = 0; tries < 24 && miss < hi; tries++) {
          const c = Math.min(hi, miss + w);
          if (meetsMean(c, n)) {
            meet = c;
            break;
          }
          miss = c;
          w *= 2;
        }
      }
      if (meet === null || miss === null) return { miss, meet };
      while (meet - miss > 1) {
        const mid = Math.floor((miss + meet) / 2);
        if (meetsMean(mid, n)) meet = mid;
        else miss = mid;
      }
      return { miss, meet };
    };
    let n = n0;
    let { miss, meet } = search(k0, n, w0);
    // Settle: more runs only for the two levels either side of the answer, until each is clear of the
    // target — and only while that can happen within the budget: a level whose mean sits g from the
    // target with half-width h after n runs needs about n·(h/g)² runs to clear it. Beyond twice the
    // budget it stays a close call, and its runs are better spent elsewhere.
    const worthMore = (k: number | null): boolean => {
      if (k === null) return false;
      const lr = cache.get(k)!;
      if (lr.n >= N) return false;
      const e = estimate(lr, metric);
      const h = (e.ci95[1] - e.ci95[0]) / 2;
      const g = Math.abs(e.mean - target.target);
      if (h <= g) return false;
      return g > 0 && lr.n * (h / g) ** 2 <= 2 * N;
    };
    for (let round = 0; round < 40 && meet !== null; round++) {
      const meetMore = worthMore(meet);
      const missMore = worthMore(miss);
      if (!meetMore && !missMore) break;
      n = Math.min(N, 2 * Math.max(meetMore ? cache.get(meet)!.n : 0, missMore ? cache.get(miss!)!.n : 0));
      if (meetMore && !meetsMean(meet, n)) {
        // With more runs the level falls short: search upward from it at this many runs.
        const r = search(meet, n, 1);
        miss = r.miss;
        meet = r.meet;
        continue;
      }
      if (missMore && meetsMean(miss!, n)) {
        const r = search(miss!, n, 1);
        miss = r.miss;
        meet = r.meet;
      }
    }
    // The answer's figures come from every run; if on all of them it falls short after all, the next level up is checked.
    for (let guard = 0; guard < 8 && meet !== null && !meetsMean(meet, N); guard++) {
      const r = search(meet, N, 1);
      miss = r.miss;
      meet = r.meet;
    }
    const figures = (k: number): LevelFigures => {
      const lr = cache.get(k)!;
      const e = estimate(lr, metric);
      return { value: value(k), mean: e.mean, ci95: e.ci95, runs: lr.n };
    };
    if (meet === null) {
      const top = Math.max(...cache.keys());
      planned = top;
      status = "unreachable";
      confidence = { kind: "unreachable", target, highest: figures(top) };
    } else {
      planned = meet;
      if (miss === null) {
        status = "minimum";
        confidence = { kind: "minimum", target, level: figures(meet) };
      } else {
        const sure = surelyMeets(meet) && surelyMisses(miss);
        status = sure ? "settled" : "close";
        confidence = sure
          ? { kind: "settled", target, meets: figures(meet), below: figures(miss) }
          : { kind: "close", target, meets: figures(meet), below: figures(miss), noisy: surelyMeets(meet) ? "below" : "meets" };
      }
    }
  } else {
    // Least cost per day: walk downhill from the guess on common random numbers, then confirm with the full runs.
    const cost = (k: number, n: number) => estimate(runsAt(k, n), "costPerDay").mean;
    let n = n0;
    let best = k0;
    for (let pass = 0; pass < 3; pass++) {
      let step = w0;
      while (step >= 1) {
        let moved = true;
        while (moved) {
          moved = false;
          for (const c of [best - step, best + step]) {
            if (c < lo || c > hi) continue;
            if (cost(c, n) < cost(best, n)) {
              best = c;
              moved = true;
              break;
            }
          }
        }
        step = Math.floor(step / 2);
      }
      if (n >= N) break;
      n = Math.min(N, n * 4);
    }
    // On every run, a cheaper neighbour moves the answer (one level at a time).
    for (let guard = 0; guard < 20; guard++) {
      const c = [best - 1, best + 1].filter((k) => k >= lo && k <= hi).find((k) => cost(k, N) < cost(best, N));
      if (c === undefined) break;
      best = c;
    }
    planned = best;
    const nb = [best - 1, best + 1].filter((k) => k >= lo && k <= hi);
    const eBest = estimate(runsAt(best, N), "costPerDay");
    // Paired differences with the neighbours on the same runs.
    const clear = nb.every((k) => {
      const a = runsAt(k, N);
      const b = cache.get(best)!;
      let sum = 0;
      let ss = 0;
      const diffs: number[] = [];
      for (let r = 0; r < N; r++) diffs.push(a.metrics[r * METRIC_COUNT + M.costPerDay] - b.metrics[r * METRIC_COUNT + M.costPerDay]);
      for (const x of diffs) sum += x;
      const mean = sum / N;
      for (const x of diffs) ss += (x - mean) ** 2;
      const se = N > 1 ? Math.sqrt(ss / (N - 1) / N) : 0;
      return mean - Z95 * se > 0;
    });
    status = clear ? "settled" : "close";
    confidence = { kind: "leastCost", level: value(best), costPerDay: eBest.mean, neighbours: nb.length, clear };
  }

  const plannedValue = value(planned);
  const plannedPolicy = withLevel(p.policy, param, plannedValue);
  // The planned level's figures on every run asked for (the search may have settled on fewer).
  const plannedRuns = runsAt(planned, N);
  const currentK = current === null ? null : ladder ? toIndex(current) : Math.round(current);
  const currentKpis =
    currentK === null || (ladder && SERVICE_LADDER[currentK] !== current) ? null : kpis(runsAt(currentK, Math.max(n0, cache.get(currentK)?.n ?? 0)));
  let backorders: SkuBackorders | undefined;
  if (o.backorders) {
    // Every option on the planned level's model, the same runs, refusing as the paired reference.
    const g: Guardrails = { ...DEFAULT_GUARDRAILS, ...o.guardrails };
    const choices = backorderOptions(p.backorders, undefined, [suggestedQuoteBuffer(alone, p)]);
    const atLevel = modelAt(planned);
    const perOption = choices.map((b) => {
      const m = withProductBackorders(atLevel, 0, b);
      const rows = new Float64Array(N * METRIC_COUNT);
      for (let r = 0; r < N; r++) {
        simulateRun(m, firstRun + r, out);
        deriveMetrics(out.raw, 0, metricsRow);
        rows.set(metricsRow, r * METRIC_COUNT);
      }
      simulatedRuns += N;
      return rows;
    });
    const summaries = perOption.map((rows) => summariesOf({ n: N, metrics: rows }));
    const deny = perOption[0];
    const options: BackorderOption[] = choices.map((b, i) => {
      const breaches = guardrailBreaches(summaries[i], g);
      return {
        backorders: b,
        code: backordersCode(b),
        total: summaries[i],
        profitVsDeny: pairedDiff(perOption[i], deny, N, M.profit),
        withinGuardrails: breaches.length === 0,
        breaches,
      };
    });
    const chosen = chooseOption(options, g);
    const currentCode = backordersCode(p.backorders);
    const cur = choices.findIndex((b) => backordersCode(b) === currentCode);
    const change = pairedDiff(perOption[choices.indexOf(chosen.backorders)], perOption[cur >= 0 ? cur : 0], N, M.profit);
    backorders = {
      current: p.backorders,
      recommended: chosen.backorders,
      mode: chosen.backorders.mode,
      why: backorderReason(chosen, options, g),
      profitChange: { mean: change.mean, ci95: change.ci95 },
      options: options.map((x) => ({
        backorders: x.backorders,
        profit: { mean: x.total.profit.mean, ci95: x.total.profit.ci95 },
        withinGuardrails: x.withinGuardrails,
        breaches: x.breaches,
      })),
    };
  }
  let curve: CurvePoint[] | undefined;
  if (o.curve) {
    const ks = new Set<number>();
    for (let j = -6; j <= 6; j++) ks.add(clampK(planned + j * Math.max(1, Math.round(w0))));
    curve = [...ks]
      .sort((a, b) => a - b)
      .map((k) => {
        // Every point on the same first n₀ runs.
        const kp = kpis({ n: n0, metrics: runsAt(k, n0).metrics });
        return { value: value(k), stockValue: kp.avgStockValue.mean, unitsFromStock: kp.unitsFromStock, unitsDemanded: kp.unitsDemanded };
      });
  }
  const levels = policyKindOf(plannedPolicy).levels(plannedPolicy, d);
  const safetyUnits = levels.orderAt - d.mean;
  return {
    id: p.id,
    name: p.name,
    ...(p.category !== undefined ? { category: p.category } : {}),
    class: cls,
    target: formatPlanTarget(target),
    param,
    policyKind: p.policy.kind,
    current,
    planned: plannedValue,
    plannedPolicy,
    reorderPoint: levels.reorderPoint,
    orderUpTo: levels.orderUpTo,
    demandPerDay: d.unitsPerDay,
    protectionDays: d.protectionDays,
    safetyStock: { units: safetyUnits, days: d.unitsPerDay > 0 ? safetyUnits / d.unitsPerDay : 0 },
    planned_kpis: kpis(plannedRuns),
    current_kpis: currentKpis,
    status,
    confidence,
    tried: [...cache.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([k, lr]) => ({ value: value(k), runs: lr.n, mean: estimate(lr, target.kind === "service" ? target.metric : "costPerDay").mean })),
    simulatedRuns,
    ...(backorders ? { backorders } : {}),
    ...(curve ? { curve } : {}),
  };
}

/** Every metric's summary over a level's runs (moments only: quantiles are not kept). */
function summariesOf(lr: LevelRuns): Record<Metric, Summary> {
  const out = {} as Record<Metric, Summary>;
  const n = lr.n;
  for (const metric of METRICS) {
    const m = M[metric];
    let sum = 0;
    for (let r = 0; r < n; r++) sum += lr.metrics[r * METRIC_COUNT + m];
    const mean = sum / n;
    let ss = 0;
    for (let r = 0; r < n; r++) ss += (lr.metrics[r * METRIC_COUNT + m] - mean) ** 2;
    out[metric] = makeSummary(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, { p05: NaN, p50: NaN, p95: NaN, min: NaN, max: NaN });
  }
  return out;
}

/** Paired per-run difference a − b of one metric. */
function pairedDiff(
  a: Float64Array,
  b: Float64Array,
  n: number,
  m: number,
): { mean: number; se: number; ci95: [number, number]; positive: number; negative: number } {
  let sum = 0;
  let pos = 0;
  let neg = 0;
  for (let r = 0; r < n; r++) {
    const x = a[r * METRIC_COUNT + m] - b[r * METRIC_COUNT + m];
    sum += x;
    if (x > 0) pos++;
    else if (x < 0) neg++;
  }
  const mean = sum / n;
  let ss = 0;
  for (let r = 0; r < n; r++) ss += (a[r * METRIC_COUNT + m] - b[r * METRIC_COUNT + m] - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
  return { mean, se, ci95: [mean - Z95 * se, mean + Z95 * se], positive: pos / n, negative: neg / n };
}

/** Checks that a scenario can be planned product by product; throws a clear error otherwise. */
export function assertPlannable(s: Scenario): void {
  if (!productsStandAlone(s)) {
    const why = [
      s.baskets ? "orders span several products (baskets)" : "",
      s.fulfillment && Number.isFinite(s.fulfillment.capacityOrdersPerDay) ? "products share a fulfilment capacity" : "",
    ]
      .filter(Boolean)
      .join(" and ");
    throw inputError(
      `plan sets each product's level on its own, which needs products that do not interact; in '${s.name}' ${why}. Use optimize, which simulates the whole scenario for each level.`,
    );
  }
}

/** A contiguous slice [first, end) of `count` products for shard k of n (1-based k). */
export function shardSlice(count: number, k: number, n: number): { first: number; end: number } {
  return { first: Math.floor(((k - 1) * count) / n), end: Math.floor((k * count) / n) };
}

const perProduct = new WeakMap<Scenario, WeakMap<PlanTargets, { classes: string[]; targets: PlanTarget[] }>>();

/** targetsPerProduct, worked out once per scenario and targets (a worker plans its products in batches). */
function cachedTargets(s: Scenario, t: PlanTargets) {
  let byTargets = perProduct.get(s);
  if (!byTargets) perProduct.set(s, (byTargets = new WeakMap()));
  let r = byTargets.get(t);
  if (!r) byTargets.set(t, (r = targetsPerProduct(s, t)));
  return r;
}

/** Plans the products at `indices` of the scenario, in this thread. */
export function planProducts(s: Scenario, indices: number[], targets: PlanTargets, o: PlanOptions = {}): SkuPlan[] {
  assertPlannable(s);
  const { classes, targets: per } = cachedTargets(s, targets);
  return indices.map((i) => planProduct(s, i, per[i], classes[i], o));
}
