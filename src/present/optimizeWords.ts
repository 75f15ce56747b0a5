/**
 * The optimiser's result in words (the Optimise view, `optimize` and its JSON): the statement under
 * an optimisation — the level chosen, how sure that is, what the neighbours cost or reach — composed
 * from the figures analysis/optimize.ts returns.
 */
import type { Confidence, Coupling, GridPoint, OptimizeResult, OptimizeSimulated, OptimizeStage, OptimizeWarning } from "../analysis/optimize.ts";
import type { MetricDiff } from "../analysis/compare.ts";
import { halfWidth, isClear, type Summary } from "../analysis/summary.ts";
import { describeMoneyDiff } from "./describe.ts";
import { meetsTarget, type Objective } from "../analysis/objective.ts";
import type { LevelParam } from "../analysis/policyLevel.ts";
import { formatLevel, levelParamWords, safetyStockUnitsPhrase } from "./levelWords.ts";
import { formatMoney, formatNumber, formatPercent } from "../format/number.ts";
import { metricLabel } from "../format/metrics.ts";

/** The statement under an optimisation result (the CLI prints it, the app shows it, the JSON carries it as `summary`). */
export function optimizeStatement(r: Pick<OptimizeResult, "productName" | "param" | "best" | "goal" | "currency" | "grid">): string {
  const byValue = new Map(r.grid.map((g) => [g.value, g]));
  const best = byValue.get(r.best.value) ?? { value: r.best.value, total: r.best.total, product: r.best.product };
  const unitsOf = (v: number) => safetyStockUnitsPhrase(byValue.get(v)?.safetyStockUnits ?? null);
  return confidenceStatement(r.productName, r.param, best, r.best.confidence, r.goal, r.currency, r.grid, best.safetyStockUnits ? unitsOf : undefined);
}

/** A warning of an optimisation in words. */
export function optimizeWarningText(w: OptimizeWarning, r: Pick<OptimizeResult, "productName" | "param" | "goal">): string {
  switch (w.kind) {
    case "costIgnoresService":
      return `${r.productName} has no backorder or lost-sale penalty, so least cost ignores service (the cheapest level keeps the least stock); choose most profit, or a service target such as a fill rate of at least 97 %`;
    case "noLevelMeets":
      return `no level tried meets ${objectiveWords(r.goal)}; showing the closest (${formatLevel(w.closest, r.param)})`;
    case "bestAtEdge":
      return `the best value ${formatLevel(w.value, r.param)} is at the edge of the values tried; the optimum may lie beyond it`;
    default: {
      const _: never = w;
      return _;
    }
  }
}

/** A stage of the search in words: "coarse grid, step 4", "confirm best vs neighbours". */
export function optimizeStageText(s: OptimizeStage): string {
  switch (s.kind) {
    case "grid":
      return "grid";
    case "serviceLevels":
      return "service levels";
    case "coarseGrid":
      return `coarse grid, step ${s.step}`;
    case "widenUp":
      return "widen up";
    case "widenDown":
      return "widen down";
    case "refine":
      return `refine, step ${s.step}`;
    case "confirm":
      return "confirm best vs neighbours";
    default: {
      const _: never = s;
      return _;
    }
  }
}

/** What each level simulated, in words: "product alone" or "whole scenario". */
export function simulatedText(s: OptimizeSimulated): string {
  return s === "productAlone" ? "product alone" : "whole scenario";
}

/** Why every level was simulated with the whole scenario, in words. */
export function couplingText(c: Coupling): string {
  const why = [c.baskets ? "orders span several products (baskets)" : "", c.sharedCapacity ? "products share a fulfilment capacity" : ""].filter(Boolean);
  return `every level was simulated with the whole scenario: ${why.join(" and ")}`;
}

/** An optimisation as `optimize --json` gives it: the figures, with the statement, the warnings and why the whole scenario was simulated in words. */
export type OptimizeJson = Omit<OptimizeResult, "goal" | "best" | "warnings" | "coupling" | "stages" | "simulated"> & {
  best: Omit<OptimizeResult["best"], "confidence"> & { confidence: Confidence & { statement: string } };
  warnings: string[];
  /** Each stage as a code, in words, and the levels it simulated. */
  stages: { stage: OptimizeStage; label: string; values: number[] }[];
  /** "product alone" or "whole scenario". */
  simulated: string;
  simulatedReason?: string;
  summary: string;
};

/** The result as `optimize --json` gives it: the statement as `best.confidence.statement` and `summary`. */
export function optimizeJson(r: OptimizeResult): OptimizeJson {
  const { goal: _goal, warnings, coupling, ...rest } = r;
  const statement = optimizeStatement(r);
  return {
    ...rest,
    best: { ...r.best, confidence: { ...r.best.confidence, statement } },
    warnings: warnings.map((w) => optimizeWarningText(w, r)),
    stages: r.stages.map((s) => ({ stage: s.stage, label: optimizeStageText(s.stage), values: s.values })),
    simulated: simulatedText(r.simulated),
    ...(coupling ? { simulatedReason: couplingText(coupling) } : {}),
    summary: statement,
  };
}

/** Half-width of a cost per day, never printed as a misleading "± 0.00". */
function pmCost(hw: number): string {
  return hw < 0.005 ? "< 0.01" : formatNumber(hw, 2);
}

/** Decimals (1–4) a rate needs in percent so that it does not read as the target it differs from. */
function digitsAgainstTarget(v: number, o: Extract<Objective, { kind: "constraint" }>): number {
  let d = 1;
  while (d < 4 && v !== o.target && formatPercent(v, d) === formatPercent(o.target, d)) d++;
  return d;
}

/** A service figure in words: rates in percent, with enough decimals never to read as the target it misses. */
export function formatAgainstTarget(v: number, o: Extract<Objective, { kind: "constraint" }>): string {
  return o.metric.endsWith("Rate") ? formatPercent(v, digitsAgainstTarget(v, o)) : formatNumber(v, 2);
}

/** "97.03 % (95 % interval 96.63–97.43 %)": the mean and its interval with the same decimals. */
function withInterval(s: Summary, o: Extract<Objective, { kind: "constraint" }>): string {
  if (!o.metric.endsWith("Rate")) return `${formatNumber(s.mean, 2)} (95 % interval ${formatNumber(s.ci95[0], 2)}–${formatNumber(s.ci95[1], 2)})`;
  const d = Math.max(digitsAgainstTarget(s.mean, o), digitsAgainstTarget(s.ci95[0], o), digitsAgainstTarget(s.ci95[1], o));
  return `${formatPercent(s.mean, d)} (95 % interval ${formatNumber(s.ci95[0] * 100, d)}–${formatPercent(s.ci95[1], d)})`;
}

/**
 * The statement under an optimisation, in words a planner can act on (exported for tests with
 * hand-made inputs). `grid` is every level simulated (for a target: the cheapest level that surely
 * meets it); `units(v)` gives the units a service-level safety stock stands for.
 */
export function confidenceStatement(
  name: string,
  param: LevelParam,
  best: GridPoint,
  c: Confidence,
  o: Objective,
  currency: string,
  grid: readonly GridPoint[] = [best],
  units?: (level: number) => string,
): string {
  const lvlOf = (v: number) => `${formatLevel(v, param)}${units ? ` (${units(v)})` : ""}`;
  const lvl = lvlOf(best.value);
  const head = `${name}: ${levelParamWords(param)} ${lvl}`;
  const money = (d: MetricDiff) => describeMoneyDiff(d, currency, c.metric === "profit" ? "profit" : "cost per day", ["", ""]).trim();
  const byValue = new Map(grid.map((g) => [g.value, g]));
  /** Cheaper neighbours that miss the target on average: no alternative to the best. */
  const missing: number[] = [];
  const nb = c.neighbours.map((n) => {
    const d = n.diff;
    const v = formatLevel(n.value, param);
    let txt: string;
    if (!isClear(d)) txt = `${v} costs about the same`;
    else if (c.metric === "costPerDay") {
      txt = `${v} costs ${formatMoney(Math.abs(d.mean), currency, 2)} ± ${pmCost(halfWidth(d))} a day ${d.mean > 0 ? "more" : "less"}`;
    } else txt = `${v} ${money(d)}`;
    if (o.kind === "constraint" && (d.mean < 0 || !isClear(d))) {
      // A cheaper neighbour matters only through the target it misses.
      const g = byValue.get(n.value);
      const s = g?.product[o.metric];
      const mean = s?.mean ?? (n.constraintDiff ? best.product[o.metric].mean + n.constraintDiff.mean : NaN);
      const meets = meetsTarget(o, mean);
      if (!meets) missing.push(n.value);
      const surelyMisses = s ? !meetsTarget(o, o.op === ">=" ? s.ci95[1] : s.ci95[0]) : false;
      const figure = s ? withInterval(s, o) : formatAgainstTarget(mean, o);
      txt += meets
        ? ` and reaches ${metricLabel(o.metric)} ${figure}`
        : surelyMisses
          ? ` but reaches only ${metricLabel(o.metric)} ${figure}, below the target`
          : ` but reaches ${metricLabel(o.metric)} ${figure}: below the target on average`;
    }
    return txt;
  });
  const s = best.product;
  let main: string;
  const extra: string[] = [];
  switch (o.kind) {
    case "minCost":
      main = `${head} has the least cost: ${formatMoney(s.costPerDay.mean, currency, 2)} ± ${pmCost(halfWidth(s.costPerDay))} a day (holding, penalties, ordering)`;
      break;
    case "maxProfit":
      main = `${head} earns the most: ${formatMoney(s.profit.mean, currency)} profit over the horizon`;
      break;
    case "constraint": {
      const v = s[o.metric];
      const cost = `${formatMoney(s.costPerDay.mean, currency, 2)} a day`;
      const target = objectiveWords(o);
      if (best.meets?.ci) {
        main = `${head} is the cheapest level that surely meets ${target}: ${metricLabel(o.metric)} ${withInterval(v, o)}, ${cost}`;
      } else if (best.meets?.mean) {
        // The mean meets the target, its interval does not: it may well be below it.
        const runsBelow = o.op === ">=" ? v.p50 < o.target : v.p50 > o.target;
        main = `${head} is the cheapest level that meets ${target} on average, but not surely: ${metricLabel(o.metric)} ${withInterval(v, o)}, ${cost}. The interval reaches below the target, so the true figure may miss it${runsBelow ? ", and more than half of the simulated runs end below it" : ""}`;
        const sure = grid.filter((g) => g.meets?.ci && g.value > best.value).sort((a, b) => a.value - b.value)[0];
        extra.push(
          sure
            ? `The cheapest level that surely meets it is ${lvlOf(sure.value)}: ${metricLabel(o.metric)} ${withInterval(sure.product[o.metric], o)}, ${formatMoney(sure.product.costPerDay.mean, currency, 2)} a day`
            : "No level tried meets it surely; more runs per level narrow the intervals",
        );
      } else {
        main = `${head} comes closest to ${target} but does not reach it: ${metricLabel(o.metric)} ${withInterval(v, o)}, ${cost}`;
      }
      break;
    }
    default: {
      const _: never = o;
      return _;
    }
  }
  const parts = [main, ...extra];
  if (nb.length) parts.push(nb.join("; "));
  if (c.probabilityBest !== null) parts.push(`Best in ${formatPercent(c.probabilityBest, 0)} of ${c.sampleRuns} sampled runs`);
  parts.push(closing(c, o, best, missing, param));
  return parts.map((x) => x.charAt(0).toUpperCase() + x.slice(1)).join(". ") + ".";
}

/** The last sentence: how sure the choice is, never "either will do" for a level that misses the target. */
function closing(c: Confidence, o: Objective, best: GridPoint, missing: number[], param: LevelParam): string {
  if (c.clearlyBest) return "The choice is clear";
  if (o.kind !== "constraint") {
    const close = c.neighbours.filter((n) => !n.clearlyWorse).map((n) => formatLevel(n.value, param));
    return close.length
      ? `${close.join(" and ")} ${close.length === 1 ? "is" : "are"} statistically as good, so either is defensible`
      : "The choice is not clear-cut";
  }
  if (!best.meets?.mean) return "No level tried meets the target";
  const alternatives = c.neighbours.filter((n) => !missing.includes(n.value) && !n.clearlyWorse).map((n) => formatLevel(n.value, param));
  const below = missing.length
    ? `${missing.map((v) => formatLevel(v, param)).join(" and ")} ${missing.length === 1 ? "misses" : "miss"} the target, so ${missing.length === 1 ? "it is" : "they are"} no alternative`
    : "";
  if (alternatives.length) return `${below ? below + "; " : ""}${alternatives.join(" and ")} costs about the same and also meets it, so either is defensible`;
  if (!best.meets.ci) return `${below ? below + "; " : ""}the choice depends on how sure of the target you need to be`;
  return below ? below : "The choice is not clear-cut";
}

/** The objective in words: "fill rate at least 97 %", "least cost", "most profit". */
export function objectiveWords(o: Objective): string {
  switch (o.kind) {
    case "minCost":
      return "least cost";
    case "maxProfit":
      return "most profit";
    case "constraint": {
      const pct = o.target * 100;
      const d = Math.abs(pct - Math.round(pct)) < 1e-9 ? 0 : Math.abs(pct * 10 - Math.round(pct * 10)) < 1e-9 ? 1 : 2;
      return `${metricLabel(o.metric)} ${o.op === ">=" ? "at least" : "at most"} ${o.metric.endsWith("Rate") ? formatPercent(o.target, d) : formatNumber(o.target, 2)}`;
    }
    default: {
      const _: never = o;
      return _;
    }
  }
}
