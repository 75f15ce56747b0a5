/**
 * Policy-level optimiser for one product: sweeps the level (see policyLevel.ts) over a grid, every
 * grid point on common random numbers (the same seed and run indices, so run k of every point sees
 * the same customers and supplier luck), and picks the best under the objective. The automatic grid
 * starts around the current level and a textbook guess, coarse when the range is wide, refines
 * around the best, and widens when the best sits at an edge. A final paired run of the best against
 * its neighbours says how sure the choice is.
 */
import type { Metric } from "../engine/metrics.ts";
import type { Policy, Scenario } from "../engine/scenario.ts";
import { AnalysisInputError } from "./inputError.ts";
import type { Runner, RunOptions, Progress } from "../runner/types.ts";
import type { PairedResult } from "./result.ts";
import type { Summary } from "./summary.ts";
import { toMetricDiff, type MetricDiff } from "./compare.ts";
import { guessLevel, demandOverProtection } from "./levelGuess.ts";
import { formatObjective, meetsTarget, type Objective } from "./objective.ts";
import { getLevel, isIntegerParam, maxLevel, minLevel, resolveParam, withLevel, type LevelParam } from "./policyLevel.ts";
import { safetyStockUnits, type SafetyStockUnits } from "./safetyStockUnits.ts";
import { productsStandAlone, standAloneScenario } from "../engine/standAlone.ts";

export interface GridSpec {
  min: number;
  max: number;
  /** Default 1 for whole-number parameters. */
  step?: number;
}

export interface OptimizeOptions extends Omit<RunOptions, "onProgress" | "onPartial" | "precision"> {
  product: string;
  /** Parameter to sweep; default the policy's level (policyLevel.defaultParam). */
  param?: string;
  objective: Objective;
  /** Explicit grid (one stage, no widening); default automatic. */
  grid?: GridSpec | number[];
  /** Called with the stage and its run progress. */
  onProgress?: (p: OptimizeProgress) => void;
}

/**
 * A stage of the search (worded by present/optimizeWords.ts): the given grid, the service-level
 * ladder, a coarse grid, widening past an open edge, refining around the best, and the last paired
 * run of the best against its neighbours.
 */
export type OptimizeStage =
  | { kind: "grid" }
  | { kind: "serviceLevels" }
  | { kind: "coarseGrid"; step: number }
  | { kind: "widenUp" }
  | { kind: "widenDown" }
  | { kind: "refine"; step: number }
  | { kind: "confirm" };

/** Whether every level simulated the product alone (products never interact) or the whole scenario. */
export type OptimizeSimulated = "productAlone" | "wholeScenario";

export interface OptimizeProgress {
  /** Stages so far, this one included. */
  stage: number;
  stageKind: OptimizeStage;
  values: number[];
  run: Progress;
}

export interface GridPoint {
  value: number;
  /** Scenario totals (the product's own figures when it was simulated alone, see OptimizeResult.simulated). */
  total: Record<Metric, Summary>;
  /** The optimised product's own metrics (the objective is judged on these). */
  product: Record<Metric, Summary>;
  /** For constraint objectives: the target is met by the mean / by the whole 95 % interval. */
  meets?: { mean: boolean; ci: boolean };
  /** A safety stock given as a service level or days: the units it stands for (safetyStockUnits). */
  safetyStockUnits?: SafetyStockUnits;
}

export interface NeighbourComparison {
  value: number;
  /** Paired difference neighbour − best of the objective metric (product level). */
  diff: MetricDiff;
  /** The neighbour is worse than the best and the 95 % interval excludes zero. */
  clearlyWorse: boolean;
  /** Constraint objectives: paired difference of the constrained metric, neighbour − best. */
  constraintDiff?: MetricDiff;
}

export interface Confidence {
  /** The metric the objective ranks by (costPerDay or profit). */
  metric: Metric;
  neighbours: NeighbourComparison[];
  /** Every neighbour is clearly worse (or, for targets, clearly misses the target / clearly costs more). */
  clearlyBest: boolean;
  /** Share of sampled runs in which the best value was also the best of the whole grid in that run (ties split). */
  probabilityBest: number | null;
  sampleRuns: number;
  /** Constraint objectives: whether the target is met by the mean and by the whole interval. */
  meetsTarget?: { mean: boolean; ci: boolean };
}

export interface OptimizeResult {
  product: string;
  productName: string;
  param: LevelParam;
  /** The objective in short ("minCost", "fillRate>=0.97"). */
  objective: string;
  /** The objective itself; present/optimizeWords.ts words the result's statement from it and the figures. */
  goal: Objective;
  /** The level in the scenario (null when the policy states it another way). */
  current: number | null;
  /** Textbook guess used to centre the grid. */
  guess: number;
  runs: number;
  seed: string;
  currency: string;
  /** Every value simulated, ascending (all on the same random numbers). */
  grid: GridPoint[];
  best: {
    value: number;
    policy: Policy;
    total: Record<Metric, Summary>;
    product: Record<Metric, Summary>;
    confidence: Confidence;
  };
  /** What to be wary of (worded by present/optimizeWords.ts). */
  warnings: OptimizeWarning[];
  /** Each stage with the levels it simulated. */
  stages: { stage: OptimizeStage; values: number[] }[];
  /**
   * "productAlone" when products never interact (no baskets, unlimited fulfilment capacity): each
   * level simulated the product by itself, so `total` holds the product's own figures; otherwise
   * "wholeScenario", and `coupling` says why.
   */
  simulated: OptimizeSimulated;
  coupling?: Coupling;
}

/**
 * What to be wary of in an optimisation:
 * - `costIgnoresService`: least cost with no backorder or lost-sale penalty keeps the least stock;
 * - `noLevelMeets`: no level tried meets the target; `closest` is shown instead;
 * - `bestAtEdge`: the best level is at the edge of the levels tried.
 */
export type OptimizeWarning = { kind: "costIgnoresService" } | { kind: "noLevelMeets"; closest: number } | { kind: "bestAtEdge"; value: number };

/** Why a scenario's products are simulated together: orders span products, or they share a fulfilment capacity. */
export interface Coupling {
  baskets: boolean;
  sharedCapacity: boolean;
}

type Sim = Pick<Runner, "simulatePaired">;

/** The metric an objective ranks grid points by, and whether lower is better. */
export function rankingMetric(o: Objective): { metric: Metric; lowerIsBetter: boolean } {
  return o.kind === "maxProfit" ? { metric: "profit", lowerIsBetter: false } : { metric: "costPerDay", lowerIsBetter: true };
}

const SERVICE_LEVEL_GRID = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999];

/** Values of an explicit grid spec. */
export function expandGrid(g: GridSpec | number[], integer: boolean): number[] {
  if (Array.isArray(g)) return [...new Set(g)].sort((a, b) => a - b);
  const step = g.step ?? (integer ? 1 : (g.max - g.min) / 10);
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const v = g.min + i * step;
    if (v > g.max + step * 1e-9) break;
    out.push(integer ? Math.round(v) : Number(v.toFixed(10)));
    if (out.length > 1000) break;
  }
  return [...new Set(out)];
}

/** Parses `4:14`, `4:14:2` or `4,6,8`. */
export function parseGrid(text: string): { ok: true; grid: GridSpec | number[] } | { ok: false; message: string } {
  const t = text.trim();
  if (t.includes(",")) {
    const vals = t.split(",").map((x) => Number(x.trim()));
    if (vals.some((v) => !Number.isFinite(v)) || vals.length === 0)
      return { ok: false, message: `grid list must be numbers separated by commas; got ${JSON.stringify(text)}` };
    return { ok: true, grid: vals };
  }
  const parts = t.split(":").map((x) => Number(x.trim()));
  if ((parts.length === 2 || parts.length === 3) && parts.every(Number.isFinite)) {
    const [min, max, step] = parts;
    if (max < min) return { ok: false, message: `grid ${text}: the upper end must not be below the lower end` };
    if (step !== undefined && !(step > 0)) return { ok: false, message: `grid ${text}: the step must be positive` };
    return { ok: true, grid: step === undefined ? { min, max } : { min, max, step } };
  }
  return { ok: false, message: `grid must look like 4:14, 4:14:2 or 4,6,8; got ${JSON.stringify(text)}` };
}

function productOf(s: Scenario, id: string) {
  const p = s.products.find((x) => x.id === id);
  if (!p) {
    throw new AnalysisInputError([{ path: "", message: `no product '${id}' in scenario '${s.name}' (products: ${s.products.map((x) => x.id).join(", ")})` }]);
  }
  return { p, index: s.products.indexOf(p) };
}

/**
 * The scenario with the product's level set to `value`: a typed change of that one product's policy
 * (and of its starting stock when it followed the level), the rest shared with `s`. Levels out of
 * the parameter's range are refused, as the parser would.
 */
export function scenarioAtLevel(s: Scenario, productId: string, param: LevelParam, value: number): Scenario {
  const { p, index } = productOf(s, productId);
  const problem = levelProblem(p.policy, param, value);
  if (problem) throw new AnalysisInputError([{ path: `products[${index}].policy`, message: problem }]);
  const policy = withLevel(p.policy, param, value);
  // A start at the old level (the default initial stock) should follow the level, or a short
  // horizon would judge each level partly by a start that belongs to another.
  const cur = getLevel(p.policy, param);
  const follows = param === "orderUpTo" && p.initialOnHand !== undefined && cur !== null && p.initialOnHand === cur;
  const changed = { ...p, policy, ...(follows ? { initialOnHand: Math.max(0, value) } : {}) };
  const products = s.products.slice();
  products[index] = changed;
  return { ...s, products };
}

/** Why a level cannot be used (the parser's rules for the fields it sets), or null. */
export function levelProblem(policy: Policy, param: LevelParam, value: number): string | null {
  if (!Number.isFinite(value)) return `${param} must be a number, got ${value}`;
  if ((param === "orderUpTo" || param === "reorderPoint" || param === "orderQuantity") && !Number.isInteger(value))
    return `${param} must be a whole number, got ${value}`;
  if (value < minLevel(policy, param)) return `${param} must be ≥ ${minLevel(policy, param)}, got ${value}`;
  if (value > maxLevel(policy, param)) return `${param} must be ≤ ${maxLevel(policy, param)}, got ${value}`;
  return null;
}

function better(a: number, b: number, lowerIsBetter: boolean): boolean {
  return lowerIsBetter ? a < b : a > b;
}

/** Picks the best grid point: least cost / most profit, or least cost among those meeting the target. */
export function pickBest(points: GridPoint[], objective: Objective): { point: GridPoint; feasible: boolean } {
  const { metric, lowerIsBetter } = rankingMetric(objective);
  let candidates = points;
  let feasible = true;
  if (objective.kind === "constraint") {
    const ok = points.filter((g) => meetsTarget(objective, g.product[objective.metric].mean));
    if (ok.length) candidates = ok;
    else {
      feasible = false;
      // Nothing meets the target: the closest to it, so the user sees how far off the grid is.
      const gap = (g: GridPoint) => Math.abs(g.product[objective.metric].mean - objective.target);
      return { point: points.reduce((a, b) => (gap(b) < gap(a) ? b : a)), feasible };
    }
  }
  let best = candidates[0];
  for (const g of candidates) if (better(g.product[metric].mean, best.product[metric].mean, lowerIsBetter)) best = g;
  return { point: best, feasible };
}

function gridPoints(paired: PairedResult, values: number[], productId: string, objective: Objective): GridPoint[] {
  return paired.variants.map((v, i) => {
    const point: GridPoint = { value: values[i], total: v.total, product: v.products[productId] };
    if (objective.kind === "constraint") {
      const s = point.product[objective.metric];
      point.meets = {
        mean: meetsTarget(objective, s.mean),
        ci: meetsTarget(objective, objective.op === ">=" ? s.ci95[0] : s.ci95[1]),
      };
    }
    return point;
  });
}

/**
 * Share of sampled runs in which `bestValue` had the best objective of all grid values (ties split),
 * from the per-run samples, matched by run index. Totals stand in for the product: other products'
 * figures are the same at every grid point on common random numbers.
 */
export function probabilityBest(
  samples: Map<number, { runIndex: number[]; metrics: Record<Metric, number[]> }>,
  bestValue: number,
  metric: Metric,
  lowerIsBetter: boolean,
): { p: number | null; n: number } {
  const values = [...samples.keys()];
  if (!samples.has(bestValue) || values.length < 2) return { p: null, n: 0 };
  const ref = samples.get(bestValue)!;
  const index = new Map<number, Map<number, number>>();
  for (const [v, s] of samples) index.set(v, new Map(s.runIndex.map((r, i) => [r, s.metrics[metric][i]])));
  let n = 0;
  let wins = 0;
  for (const run of ref.runIndex) {
    const row: number[] = [];
    let complete = true;
    for (const v of values) {
      const x = index.get(v)!.get(run);
      if (x === undefined) {
        complete = false;
        break;
      }
      row.push(x);
    }
    if (!complete) continue;
    const mine = index.get(bestValue)!.get(run)!;
    const top = lowerIsBetter ? Math.min(...row) : Math.max(...row);
    if (mine === top) wins += 1 / row.filter((x) => x === top).length;
    n++;
  }
  return { p: n ? wins / n : null, n };
}

function roundLevel(v: number, integer: boolean): number {
  return integer ? Math.round(v) : Number(v.toFixed(4));
}

/** Optimises one product's level. */
export async function optimizeLevel(runner: Sim, whole: Scenario, opts: OptimizeOptions): Promise<OptimizeResult> {
  const found = productOf(whole, opts.product);
  // Only the product's own figures are judged: when products never interact it is simulated alone,
  // its figures bit for bit those it has in the whole scenario, at a cost that does not grow with
  // the catalogue. Otherwise every level runs the whole scenario.
  const alone = productsStandAlone(whole);
  const scenario = alone ? standAloneScenario(whole, found.index) : whole;
  const p = found.p;
  const resolved = resolveParam(p.policy, opts.param);
  if (!resolved.ok) throw new AnalysisInputError([{ path: `products[${scenario.products.indexOf(p)}].policy`, message: resolved.message }]);
  const param = resolved.param;
  const integer = isIntegerParam(param);
  const lo = minLevel(p.policy, param);
  const hi = maxLevel(p.policy, param);
  const current = getLevel(p.policy, param);
  const guess = guessLevel(scenario, p.id, param, opts.objective);
  const { metric, lowerIsBetter } = rankingMetric(opts.objective);
  // Totals, products and sampled metrics are read; daily bands are not (they were most of each job's hand-over).
  const runOpts: RunOptions = { runs: opts.runs, firstRun: opts.firstRun, chunkRuns: opts.chunkRuns, signal: opts.signal, dailyBands: false };

  const done = new Map<number, GridPoint>();
  const samples = new Map<number, { runIndex: number[]; metrics: Record<Metric, number[]> }>();
  const stages: { stage: OptimizeStage; values: number[] }[] = [];
  let runs = 0;
  let seed = scenario.seed;

  const simulate = async (values: number[], kind: OptimizeStage, force = false): Promise<PairedResult | null> => {
    const todo = force ? values : values.filter((v) => !done.has(v));
    if (todo.length === 0) return null;
    stages.push({ stage: kind, values: todo });
    const variants = todo.map((v) => scenarioAtLevel(scenario, p.id, param, v));
    const stage = stages.length;
    const paired = await runner.simulatePaired(variants, {
      ...runOpts,
      onProgress: opts.onProgress ? (run) => opts.onProgress!({ stage, stageKind: kind, values: todo, run }) : undefined,
    });
    runs = paired.runs;
    seed = paired.seed;
    gridPoints(paired, todo, p.id, opts.objective).forEach((g) => done.set(g.value, g));
    paired.variants.forEach((v, i) => samples.set(todo[i], v.samples));
    return paired;
  };
  const clampV = (v: number) => Math.min(hi, Math.max(lo, roundLevel(v, integer)));
  const bestNow = () => pickBest([...done.values()], opts.objective).point.value;

  const warnings: OptimizeWarning[] = [];
  // costPerDay then counts only holding and ordering, so "least cost" means "least stock".
  if (opts.objective.kind === "minCost" && !p.backorderCostPerUnitDay && !p.lostSaleCost) warnings.push({ kind: "costIgnoresService" });
  if (opts.grid) {
    const values = expandGrid(opts.grid, integer).map(clampV);
    await simulate([...new Set(values)], { kind: "grid" });
  } else if (!integer) {
    const values = [...new Set([...SERVICE_LEVEL_GRID, ...(current !== null ? [current] : [])].map(clampV))].sort((a, b) => a - b);
    await simulate(values, { kind: "serviceLevels" });
  } else {
    const sd = demandOverProtection(scenario, p.id).sd;
    const centres = [guess, ...(current !== null ? [current] : [])];
    const w = Math.max(3, Math.ceil(1.5 * sd));
    let a = clampV(Math.min(...centres) - w);
    let b = clampV(Math.max(...centres) + w);
    let step = Math.max(1, Math.ceil((b - a) / 10));
    const stepValues = (from: number, to: number, st: number) => {
      const out: number[] = [];
      for (let v = from; v <= to; v += st) out.push(clampV(v));
      out.push(clampV(to));
      return [...new Set(out)];
    };
    await simulate(stepValues(a, b, step), step > 1 ? { kind: "coarseGrid", step } : { kind: "grid" });
    // Widen while the best sits on an open edge (up to three times each way).
    for (let k = 0; k < 6; k++) {
      const best = bestNow();
      const span = Math.max(step * 4, w);
      if (best >= b && b < hi) {
        const nb = clampV(b + span);
        await simulate(stepValues(b + step, nb, step), { kind: "widenUp" });
        b = nb;
      } else if (best <= a && a > lo) {
        const na = clampV(a - span);
        await simulate(stepValues(na, a - step, step), { kind: "widenDown" });
        a = na;
      } else break;
    }
    while (step > 1) {
      const best = bestNow();
      const next = Math.max(1, Math.floor(step / 3));
      await simulate(stepValues(clampV(best - step + next), clampV(best + step - next), next), { kind: "refine", step: next });
      step = next;
    }
  }

  // Confirm: the best against its nearest simulated neighbours, paired in one run.
  const bestPick = pickBest([...done.values()], opts.objective);
  const bestValue = bestPick.point.value;
  if (!bestPick.feasible && opts.objective.kind === "constraint") {
    warnings.push({ kind: "noLevelMeets", closest: bestValue });
  }
  const sorted = [...done.keys()].sort((x, y) => x - y);
  const at = sorted.indexOf(bestValue);
  if (sorted.length > 1 && ((at === 0 && bestValue > lo) || (at === sorted.length - 1 && bestValue < hi))) {
    warnings.push({ kind: "bestAtEdge", value: bestValue });
  }
  const neighbourValues = [sorted[at - 1], sorted[at + 1]].filter((v): v is number => v !== undefined);
  let neighbours: NeighbourComparison[] = [];
  if (neighbourValues.length) {
    const confirm = await simulate([bestValue, ...neighbourValues], { kind: "confirm" }, true);
    if (confirm) {
      neighbours = neighbourValues.map((v, j) => {
        const pd = confirm.productDiff[j + 1]?.[p.id];
        const diff = toMetricDiff(pd[metric]);
        const worse = lowerIsBetter ? diff.ci95[0] > 0 : diff.ci95[1] < 0;
        const n: NeighbourComparison = { value: v, diff, clearlyWorse: worse };
        if (opts.objective.kind === "constraint") n.constraintDiff = toMetricDiff(pd[opts.objective.metric]);
        return n;
      });
    }
  }

  const pb = opts.objective.kind === "constraint" ? { p: null, n: 0 } : probabilityBest(samples, bestValue, metric, lowerIsBetter);
  const best = done.get(bestValue)!;
  const confidence: Confidence = {
    metric,
    neighbours,
    clearlyBest: clearlyBest(neighbours, opts.objective, best, done),
    probabilityBest: pb.p,
    sampleRuns: pb.n,
  };
  if (best.meets) confidence.meetsTarget = best.meets;
  const grid = sorted.map((v) => done.get(v)!);
  // A safety stock given as a service level (or days) is also said in units: what it stands for.
  if (param === "safetyStock.serviceLevel" || param === "safetyStock.days") {
    for (const g of grid) {
      const u = safetyStockUnits(scenario, p.id, param === "safetyStock.days" ? { days: g.value } : { serviceLevel: g.value });
      if (u) g.safetyStockUnits = u;
    }
  }
  return {
    product: p.id,
    productName: p.name,
    param,
    objective: formatObjective(opts.objective),
    goal: opts.objective,
    current,
    guess,
    runs,
    seed,
    currency: scenario.currency,
    grid,
    best: { value: bestValue, policy: withLevel(p.policy, param, bestValue), total: best.total, product: best.product, confidence },
    warnings,
    stages,
    simulated: alone ? "productAlone" : "wholeScenario",
    ...(alone ? {} : { coupling: couplingOf(whole) }),
  };
}

/** Why a scenario's products must be simulated together. */
export function couplingOf(s: Scenario): Coupling {
  return { baskets: !!s.baskets, sharedCapacity: !!s.fulfillment && Number.isFinite(s.fulfillment.capacityOrdersPerDay) };
}

function clearlyBest(neighbours: NeighbourComparison[], o: Objective, best: GridPoint, done: Map<number, GridPoint>): boolean {
  if (neighbours.length === 0) return false;
  if (o.kind !== "constraint") return neighbours.every((n) => n.clearlyWorse);
  // For a target: the best meets it surely, cheaper neighbours surely miss it, dearer ones surely cost more.
  if (!best.meets?.ci) return false;
  return neighbours.every((n) => {
    const g = done.get(n.value)!;
    const cheaper = n.diff.mean < 0;
    if (!cheaper) return n.clearlyWorse;
    const s = g.product[o.metric];
    return !meetsTarget(o, o.op === ">=" ? s.ci95[1] : s.ci95[0]);
  });
}
