/**
 * A catalogue plan as a document: the per-product plans with a summary (worded, and one CSV row per
 * product for a spreadsheet or an ERP upload, by present/planReport.ts), and the scenario with the plan applied. Shards of a plan (contiguous
 * slices of the products) merge into exactly the document one run would write.
 */
import type { Scenario } from "../engine/scenario.ts";
import { textHash } from "../engine/random.ts";
import { inputError } from "./inputError.ts";
import { backordersCode } from "./recommend.ts";
import type { Estimate, PlanConfidence, PlanStatus, SkuPlan } from "./plan.ts";
import { getLevel, withLevel } from "./policyLevel.ts";

export const PLAN_KIND = "backorder-lab plan";

/**
 * A product of a plan document as read back: plan files written before a product's confidence was
 * returned as data hold it as a sentence (present/planReport.ts reads both).
 */
export type StoredSkuPlan = Omit<SkuPlan, "confidence"> & { confidence: PlanConfidence | string };

export interface PlanSummary {
  products: number;
  byStatus: Record<PlanStatus, number>;
  byClass: Record<string, number>;
  /** Products whose planned level is above, below or at the current one. */
  raised: number;
  lowered: number;
  unchanged: number;
  /** Σ mean stock value at unit cost, planned and current (products whose current level was simulated). */
  stockValue: Estimate;
  currentStockValue: number | null;
  /** Units-weighted fill rate of the catalogue: Σ units from stock ÷ Σ units demanded. */
  fillRate: number;
  currentFillRate: number | null;
  simulatedRuns: number;
  /**
   * With backorder decisions: products per recommended setting, how many change, and the profit
   * effect of applying every recommendation (Σ of the products' paired differences, independent
   * products, so the half-widths add in quadrature).
   */
  backorders?: { allow: number; deny: number; cap: number; changed: number; profitChange: Estimate };
}

export interface PlanDocument {
  kind: typeof PLAN_KIND;
  scenario: string;
  /** Fingerprint of the scenario file planned, before --runs/--seed/--horizon (shards of different scenarios are refused). */
  scenarioHash: string;
  horizonDays: number;
  target: string;
  param: string | null;
  runs: number;
  seed: string;
  currency: string;
  /** Products in the scenario; a shard plans [first, end). */
  productCount: number;
  shard: { k: number; n: number; first: number; end: number } | null;
  /** False when the plan was cancelled before every product of its slice was planned. */
  complete: boolean;
  elapsedMs: number;
  summary: PlanSummary;
  /** The catalogue-wide fill rate asked for (`--aggregate`), or null. */
  aggregateTarget: number | null;
  /** Backorder decisions were asked for (`--backorders`). */
  backorders: boolean;
  /** With a catalogue-wide target: the answer (a shard has none; merge works it out). */
  aggregate?: AggregatePlan;
  products: StoredSkuPlan[];
}

/** A fingerprint of a scenario's content. */
export function scenarioHash(s: Scenario): string {
  return textHash(JSON.stringify(s)).toString(16).padStart(8, "0");
}

const sq = (x: number) => x * x;

export function summarisePlans(plans: readonly StoredSkuPlan[]): PlanSummary {
  const byStatus: Record<PlanStatus, number> = { settled: 0, close: 0, minimum: 0, unreachable: 0 };
  const byClass: Record<string, number> = {};
  let raised = 0;
  let lowered = 0;
  let unchanged = 0;
  let value = 0;
  let hw2 = 0;
  let cur = 0;
  let curAll = true;
  let demanded = 0;
  let fromStock = 0;
  let curDemanded = 0;
  let curFromStock = 0;
  let runs = 0;
  for (const p of plans) {
    byStatus[p.status]++;
    byClass[p.class] = (byClass[p.class] ?? 0) + 1;
    if (p.current !== null && p.planned > p.current) raised++;
    else if (p.current !== null && p.planned < p.current) lowered++;
    else unchanged++;
    const k = p.planned_kpis;
    value += k.avgStockValue.mean;
    hw2 += sq((k.avgStockValue.ci95[1] - k.avgStockValue.ci95[0]) / 2);
    demanded += k.unitsDemanded;
    fromStock += k.unitsFromStock;
    if (p.current_kpis) {
      cur += p.current_kpis.avgStockValue.mean;
      curDemanded += p.current_kpis.unitsDemanded;
      curFromStock += p.current_kpis.unitsFromStock;
    } else curAll = false;
    runs += p.simulatedRuns;
  }
  const hw = Math.sqrt(hw2);
  let backorders: PlanSummary["backorders"];
  if (plans.length > 0 && plans.every((p) => p.backorders)) {
    const b = { allow: 0, deny: 0, cap: 0, changed: 0 };
    let mean = 0;
    let h2 = 0;
    for (const p of plans) {
      const x = p.backorders!;
      b[x.mode]++;
      if (backordersCode(x.recommended) !== backordersCode(x.current)) b.changed++;
      mean += x.profitChange.mean;
      h2 += sq((x.profitChange.ci95[1] - x.profitChange.ci95[0]) / 2);
    }
    const h = Math.sqrt(h2);
    backorders = { ...b, profitChange: { mean, ci95: [mean - h, mean + h] } };
  }
  return {
    ...(backorders ? { backorders } : {}),
    products: plans.length,
    byStatus,
    byClass,
    raised,
    lowered,
    unchanged,
    stockValue: { mean: value, ci95: [value - hw, value + hw] },
    currentStockValue: curAll ? cur : null,
    fillRate: demanded > 0 ? fromStock / demanded : 1,
    currentFillRate: curAll ? (curDemanded > 0 ? curFromStock / curDemanded : 1) : null,
    simulatedRuns: runs,
  };
}

/**
 * The scenario with every planned product's policy set to its planned level (and a starting stock
 * that followed the old level following the new one) and, when the plan decided them, its
 * recommended backorder setting; products not in the plan are unchanged. With `aggregate`, the
 * levels of the catalogue-wide answer instead of each product's own.
 */
export function applyPlan(s: Scenario, plans: readonly StoredSkuPlan[], aggregate?: AggregatePlan): Scenario {
  if (aggregate) {
    const lv = new Map(aggregate.levels.map((x) => [x.id, x.value]));
    plans = plans.map((p) => {
      const v = lv.get(p.id);
      return v === undefined || v === p.planned ? p : { ...p, planned: v, plannedPolicy: withLevel(p.plannedPolicy, p.param, v) };
    });
  }
  const byId = new Map(plans.map((p) => [p.id, p]));
  const unknown = plans.filter((p) => !s.products.some((x) => x.id === p.id));
  if (unknown.length)
    throw inputError(
      `the plan has products the scenario lacks: ${unknown
        .slice(0, 5)
        .map((p) => p.id)
        .join(", ")}`,
    );
  return {
    ...s,
    products: s.products.map((p) => {
      const pl = byId.get(p.id);
      if (!pl) return p;
      const cur = getLevel(p.policy, pl.param);
      const follows = pl.param === "orderUpTo" && p.initialOnHand !== undefined && cur !== null && p.initialOnHand === cur;
      return {
        ...p,
        policy: pl.plannedPolicy,
        ...(follows ? { initialOnHand: pl.planned } : {}),
        ...(pl.backorders ? { backorders: pl.backorders.recommended } : {}),
      };
    }),
  };
}

/** Joins plan shards into the plan of every product; refuses shards of different plans, overlaps and gaps. */
export function mergePlans(docs: { name: string; doc: PlanDocument }[]): PlanDocument {
  if (docs.length === 0) throw inputError("no plan shards to merge");
  const first = docs[0].doc;
  const same = (d: PlanDocument) =>
    d.scenarioHash === first.scenarioHash &&
    d.target === first.target &&
    d.param === first.param &&
    d.runs === first.runs &&
    d.seed === first.seed &&
    d.horizonDays === first.horizonDays &&
    d.productCount === first.productCount;
  for (const { name, doc } of docs) {
    if (doc.kind !== PLAN_KIND) throw inputError(`${name}: not a plan file`);
    if (!same(doc))
      throw inputError(
        `${name}: a plan of another scenario, target, run count, horizon, seed or options than ${docs[0].name} (${doc.scenario}, ${doc.target}, ${doc.runs} runs, ${doc.horizonDays} days vs ${first.scenario}, ${first.target}, ${first.runs} runs, ${first.horizonDays} days)`,
      );
    if (!doc.complete) throw inputError(`${name}: this shard was cancelled before its last product; plan it again`);
  }
  const sorted = [...docs].sort((a, b) => (a.doc.shard?.first ?? 0) - (b.doc.shard?.first ?? 0));
  let next = 0;
  const products: StoredSkuPlan[] = [];
  for (const { name, doc } of sorted) {
    const lo = doc.shard?.first ?? 0;
    const hi = doc.shard?.end ?? doc.productCount;
    if (lo < next) throw inputError(`${name}: products ${lo}–${hi - 1} overlap another shard`);
    if (lo > next) throw inputError(`products ${next}–${lo - 1} are in no shard (shards given: ${sorted.map((x) => x.name).join(", ")})`);
    if (doc.products.length !== hi - lo) throw inputError(`${name}: holds ${doc.products.length} products, its slice ${hi - lo}`);
    products.push(...doc.products);
    next = hi;
  }
  if (next < first.productCount) throw inputError(`products ${next}–${first.productCount - 1} are in no shard`);
  const { aggregate: _none, ...rest } = first;
  return {
    ...rest,
    shard: null,
    complete: true,
    elapsedMs: sorted.reduce((a, x) => a + x.doc.elapsedMs, 0),
    summary: summarisePlans(products),
    ...(first.aggregateTarget !== null ? { aggregate: aggregatePlan(products, first.aggregateTarget) } : {}),
    products,
  };
}

/** The catalogue's exchange curve and the least stock value meeting a catalogue-wide fill rate. */
export interface AggregatePlan {
  target: number;
  /** Each product's level at the least stock value reaching the target (ids in plan order). */
  levels: { id: string; value: number }[];
  stockValue: number;
  fillRate: number;
  /** The same catalogue with every product at its own per-product answer, from the same runs. */
  perProduct: { stockValue: number; fillRate: number };
  /** perProduct.stockValue − stockValue (meaningful when the per-product target is the same fill rate). */
  saving: number;
  /** Aggregate fill rate against stock value along the marginal allocation (about 100 points). */
  curve: { stockValue: number; fillRate: number }[];
  /** Least stock value for a range of catalogue-wide targets. */
  targets: { fillRate: number; stockValue: number }[];
  reached: boolean;
}

/**
 * Marginal analysis across products: every product starts at the lowest level of its curve, and
 * stock goes, step by step, where it buys the most units filled from stock per unit of stock value
 * (each product's curve taken on its upper concave hull, so its steps come in order), until the
 * catalogue's units-weighted fill rate reaches the target.
 */
export function aggregatePlan(plans: readonly StoredSkuPlan[], target: number, targets = [0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99]): AggregatePlan {
  const usable = plans.filter((p) => p.curve && p.curve.length > 0);
  if (usable.length !== plans.length) throw inputError("a catalogue-wide target needs every product's exchange curve (plan with --aggregate)");
  type Step = { product: number; to: number; dv: number; du: number; slope: number };
  const steps: Step[] = [];
  let value = 0;
  let filled = 0;
  let demanded = 0;
  const at = plans.map(() => 0);
  let perValue = 0;
  let perFilled = 0;
  plans.forEach((p, i) => {
    const c = p.curve!;
    // Upper concave hull of (stock value, units filled), from the lowest level.
    const hull: number[] = [0];
    for (let j = 1; j < c.length; j++) {
      if (c[j].stockValue <= c[hull[hull.length - 1]].stockValue || c[j].unitsFromStock <= c[hull[hull.length - 1]].unitsFromStock) continue;
      while (hull.length >= 2) {
        const a = c[hull[hull.length - 2]];
        const b = c[hull[hull.length - 1]];
        const s1 = (b.unitsFromStock - a.unitsFromStock) / (b.stockValue - a.stockValue);
        const s2 = (c[j].unitsFromStock - b.unitsFromStock) / (c[j].stockValue - b.stockValue);
        if (s2 >= s1) hull.pop();
        else break;
      }
      hull.push(j);
    }
    for (let h = 1; h < hull.length; h++) {
      const a = c[hull[h - 1]];
      const b = c[hull[h]];
      steps.push({
        product: i,
        to: hull[h],
        dv: b.stockValue - a.stockValue,
        du: b.unitsFromStock - a.unitsFromStock,
        slope: (b.unitsFromStock - a.unitsFromStock) / (b.stockValue - a.stockValue),
      });
    }
    value += c[0].stockValue;
    filled += c[0].unitsFromStock;
    demanded += c[0].unitsDemanded;
    const own = c.find((x) => x.value === p.planned) ?? c[Math.floor(c.length / 2)];
    perValue += own.stockValue;
    perFilled += own.unitsFromStock;
  });
  steps.sort((a, b) => b.slope - a.slope || a.product - b.product);
  const rate = () => (demanded > 0 ? filled / demanded : 1);
  const path: { stockValue: number; fillRate: number }[] = [{ stockValue: value, fillRate: rate() }];
  const wanted = [...targets].sort((a, b) => a - b);
  const hit: { fillRate: number; stockValue: number }[] = [];
  let w = 0;
  while (w < wanted.length && rate() >= wanted[w]) hit.push({ fillRate: wanted[w++], stockValue: value });
  let levels: number[] | null = rate() >= target ? plans.map((p) => p.curve![0].value) : null;
  let result = { stockValue: value, fillRate: rate() };
  for (const st of steps) {
    value += st.dv;
    filled += st.du;
    at[st.product] = st.to;
    path.push({ stockValue: value, fillRate: rate() });
    while (w < wanted.length && rate() >= wanted[w]) hit.push({ fillRate: wanted[w++], stockValue: value });
    if (levels === null && rate() >= target) {
      levels = plans.map((p, i) => p.curve![at[i]].value);
      result = { stockValue: value, fillRate: rate() };
    }
  }
  const reached = levels !== null;
  if (!levels) {
    levels = plans.map((p, i) => p.curve![at[i]].value);
    result = { stockValue: value, fillRate: rate() };
  }
  // About 100 points are enough to draw the curve.
  const every = Math.max(1, Math.ceil(path.length / 100));
  const curve = path.filter((_, i) => i % every === 0 || i === path.length - 1);
  return {
    target,
    levels: plans.map((p, i) => ({ id: p.id, value: levels![i] })),
    stockValue: result.stockValue,
    fillRate: result.fillRate,
    perProduct: { stockValue: perValue, fillRate: demanded > 0 ? perFilled / demanded : 1 },
    saving: perValue - result.stockValue,
    curve,
    targets: hit,
    reached,
  };
}
