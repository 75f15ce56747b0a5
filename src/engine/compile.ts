/**
 * Turns a validated Scenario into flat, precomputed tables for the day loop: defaults applied, every
 * distribution compiled, expected orders per day (seasonal curve with scheduled shocks) laid out
 * day-major, safety-stock reorder points per day, supplier terms. Pure and deterministic; a compiled
 * model is reused for every run of the scenario.
 */
import { DEFAULTS } from "./defaults.ts";
import { expectedOrdersCurve, isScheduledShock } from "./demandCurve.ts";
import {
  compileDist,
  compileIntTable,
  countAnchorInto,
  countRatios,
  distCdf,
  POISSON_LIMIT_DISPERSION,
  orderCountByInversion,
  integerPmf,
  type CompiledDist,
  type IntTable,
} from "./dists.ts";
import { OutageEffect } from "./outages.ts";
import { policyKindOf } from "./kinds/policy/index.ts";
import { PolicyCode } from "./policy.ts";
import { protectionDays, reorderPointCurve } from "./safetyStock.ts";
import { withSourcingKind } from "./sourcing.ts";
import { orderCountOf } from "./kinds/orderCount.ts";
import { sourcingKindOf, type CompiledSourcing } from "./kinds/sourcing/index.ts";
import { SourcingCode } from "./sourcingCode.ts";
import { buildUnitSums, type UnitSums } from "./unitSums.ts";
import { assertNever, type Backorders, type Dist, type OrderCount, type Product, type RandomShock, type Scenario, type Supplier } from "./scenario.ts";

export { SourcingCode };

export const BackorderCode = { Allow: 0, Deny: 1, Cap: 2 } as const;
export type BackorderCode = (typeof BackorderCode)[keyof typeof BackorderCode];

export interface CompiledSupplier {
  readonly id: string;
  readonly lead: CompiledDist;
  /** Inversion table of the rounded lead time (null: sample and round). */
  readonly leadTable: IntTable | null;
  /** Lead time when it is fixed (no draw needed), else 0. */
  readonly leadConstant: number;
  /** Mean and sd of the lead time as used (rounded, at least 1 day). */
  readonly leadMean: number;
  readonly leadSd: number;
  /** Expected lead time in whole days, for quotes. */
  readonly leadQuoteDays: number;
  readonly unitCostMultiplier: number;
  readonly fixedOrderCost: number;
  readonly minOrderQuantity: number;
  readonly orderMultiple: number;
  readonly deliveredFraction: number;
  readonly outageProbability: number;
  readonly outageDuration: CompiledDist | null;
  readonly outageEffect: OutageEffect;
}

export interface CompiledShock {
  readonly probabilityPerDay: number;
  readonly multiplier: CompiledDist;
  readonly duration: CompiledDist;
}

export interface CompiledProduct {
  readonly id: string;
  readonly price: number;
  readonly unitCost: number;
  readonly holdingCostPerUnitDay: number;
  readonly backorderCostPerUnitDay: number;
  readonly lostSaleCost: number;
  readonly initialOnHand: number;
  readonly negativeBinomial: boolean;
  /** Negative binomial k, or Infinity for Poisson counts. */
  readonly dispersion: number;
  /** Step ratios of the count's pmf (countRatios, shared by products with the same k). */
  readonly countRatios: Float64Array;
  readonly units: CompiledDist;
  /** Units per order when fixed (no draw needed), else 0. */
  readonly unitsConstant: number;
  /** Inversion table for units per order (null: sample and round). */
  readonly unitsTable: IntTable | null;
  /** Totals of a day's orders (null: fixed or untabulated sizes), see unitSums.ts. */
  readonly unitSums: UnitSums | null;
  readonly unitsMean: number;
  readonly unitsVariance: number;
  readonly randomShocks: readonly CompiledShock[];
  readonly policy: PolicyCode;
  readonly reviewPeriodDays: number;
  readonly reorderPoint: number;
  readonly orderUpTo: number;
  readonly batch: number;
  /** safetyStock: whole-unit reorder point per day (the level ordered up to, or r of (r, nQ)). */
  readonly target: Int32Array | null;
  readonly sourcing: SourcingCode;
  /** Supplier indices: [supplier] | [primary, backup] | split suppliers. */
  readonly suppliers: Int32Array;
  readonly shares: Float64Array;
  readonly expediteWhenBacklogUnitsAbove: number;
  readonly expediteWhenPrimaryDisrupted: boolean;
  readonly backorders: BackorderCode;
  readonly maxQuotedWaitDays: number;
  readonly maxBacklogUnits: number;
  /** Days added to every restock-date quote (0: quote the expected restock date itself). */
  readonly quoteBufferDays: number;
  /**
   * Willingness to wait on the probability scale, or null: waits forever. A customer quoted a wait
   * of w days walks away when their uniform u < P(patience < w) — the same event as drawing
   * patience = Q(u) and comparing, without evaluating a quantile function per order.
   * patienceBelow[w] holds P(patience < w) for w < its length; `patienceDist` gives the rest.
   */
  readonly patienceBelow: Float64Array | null;
  readonly patienceDist: Dist | null;
  readonly cancelHazardPerDay: number;
  /**
   * Late hazard as an independent competing risk: with early hazard h₁ and late h₂, after the quoted
   * date the daily cancel chance is 1 − (1 − h₁)(1 − h₂′) = h₁ + h₂ when h₂′ = h₂ / (1 − h₁).
   */
  readonly lateCancelCompetingHazard: number;
  /** ln(1 − h) of the early and the competing late hazard, for geometric cancellation times. */
  readonly cancelLogSurvival: number;
  readonly lateCancelLogSurvival: number;
  /** (1 − h₁)^k for k < its length (empty when h₁ is 0 or 1): "is the early cancellation before day k?" */
  readonly cancelSurvivalPow: Float64Array;
  /** (1 − h₂′)^k likewise for the competing late hazard (empty when it is 0 or 1). */
  readonly lateSurvivalPow: Float64Array;
  /** Lead time in days used for a quote when the pipeline cannot cover a line. */
  readonly quoteLeadDays: number;
  /** Mean and sd of lead time the safety-stock rule plans with. */
  readonly planningLeadMean: number;
  readonly planningLeadSd: number;
  /** Demand weight used to pick this product for extra basket lines. */
  readonly basketWeight: number;
}

/**
 * A scenario ready to simulate. It holds functions (patience quantiles), so it is not
 * structured-clonable: send the Scenario to a worker and compile it there.
 */
export interface CompiledModel {
  readonly nProducts: number;
  readonly horizonDays: number;
  readonly warmupDays: number;
  readonly productIds: string[];
  readonly seed: string;
  readonly runs: number;
  /** warmupDays + horizonDays */
  readonly totalDays: number;
  readonly products: readonly CompiledProduct[];
  readonly suppliers: readonly CompiledSupplier[];
  /**
   * Expected orders per day before random shocks, product by product: lambda[p * curveDays + t], for
   * the run's days and a few more (safety-stock forecasts look past the end). Single precision halves the
   * largest table of a big catalogue (4 bytes × products × days) at no cost to a Poisson mean.
   */
  readonly lambda: Float32Array;
  /** Days of each product's expected-orders curve (totalDays and a few more). */
  readonly curveDays: number;
  /**
   * Where each product's order-count inversion starts on each day of the run (countAnchorInto; at
   * i = p * totalDays + t): the median count, and at [2i], [2i + 1] its probability and the CDF below it.
   * A day without a random shock then needs no exp or log.
   */
  readonly countAnchor: Int32Array;
  readonly countAnchorProb: Float64Array;
  readonly capacityOrdersPerDay: number;
  readonly shippingCostPerShipment: number;
  readonly splitShipments: boolean;
  readonly surgeExtraOrdersPerDay: number;
  readonly surgeCostPerOrder: number;
  readonly surgeWhenBacklogOrdersAbove: number;
  readonly basketExtraLines: CompiledDist | null;
  /** Inversion table for the number of extra lines (null: sample and round). */
  readonly basketExtraTable: IntTable | null;
  /** Cumulative basket weights over products (for choosing extra lines). */
  readonly basketCumWeights: Float64Array;
}

/**
 * The 99.99th percentile of product i's daily order count on its busiest day (before random shocks):
 * how many orders a day the unit-sum tables cover.
 */
function usualMaxOrders(lambda: Float32Array, curveDays: number, i: number, T: number, k: number, ratios: Float64Array): number {
  let top = 0;
  for (let t = 0; t < T; t++) top = Math.max(top, lambda[i * curveDays + t]);
  const a = new Int32Array(1);
  const pr = new Float64Array(2);
  countAnchorInto(top, k, a, pr, 0);
  return orderCountByInversion(0.9999, top, k, a[0], pr[0], pr[1], ratios);
}

/** exp(k · logSurvival) for k = 0 … 255. */
function survivalPowers(logSurvival: number): Float64Array {
  const pow = new Float64Array(256);
  for (let k = 0; k < pow.length; k++) pow[k] = Math.exp(k * logSurvival);
  return pow;
}

/** Waits tabulated for the patience test; longer quoted waits evaluate the CDF directly. */
export const PATIENCE_TABLE_DAYS = 256;

/** P(patience < w) for w = 0 … PATIENCE_TABLE_DAYS − 1 (see CompiledProduct.patienceBelow). */
function patienceBelow(d: Dist): Float64Array {
  const below = new Float64Array(PATIENCE_TABLE_DAYS);
  for (let w = 0; w < below.length; w++) below[w] = patienceBelowAt(d, w);
  return below;
}

/**
 * P(patience < w): the CDF just left of w, so a patience of exactly w days (fixed, Poisson or
 * empirical) waits w days.
 */
export function patienceBelowAt(d: Dist, w: number): number {
  return distCdf(d, w - 1e-9 * Math.max(1, w));
}

function compileSupplier(s: Supplier): CompiledSupplier {
  const pmf = integerPmf(s.leadTimeDays, 1);
  const lead = compileDist(s.leadTimeDays);
  const leadConstant = lead.constant ? Math.max(1, Math.round(lead.a)) : 0;
  const d = s.disruptions;
  let effect: OutageEffect = OutageEffect.Halt;
  if (d) {
    switch (d.effect) {
      case "halt":
        effect = OutageEffect.Halt;
        break;
      case "delay":
        effect = OutageEffect.Delay;
        break;
      default:
        assertNever(d.effect, "disruption effect");
    }
  }
  return {
    id: s.id,
    lead,
    leadTable: leadConstant ? null : compileIntTable(s.leadTimeDays, 1),
    leadConstant,
    leadMean: leadConstant || pmf.mean,
    leadSd: leadConstant ? 0 : Math.sqrt(pmf.variance),
    leadQuoteDays: Math.max(1, Math.round(leadConstant || pmf.mean)),
    unitCostMultiplier: s.unitCostMultiplier ?? DEFAULTS.unitCostMultiplier,
    fixedOrderCost: s.fixedOrderCost ?? DEFAULTS.fixedOrderCost,
    minOrderQuantity: s.minOrderQuantity ?? DEFAULTS.minOrderQuantity,
    orderMultiple: Math.max(1, s.orderMultiple ?? DEFAULTS.orderMultiple),
    deliveredFraction: s.deliveredFraction ?? DEFAULTS.deliveredFraction,
    outageProbability: d ? d.probabilityPerDay : 0,
    outageDuration: d ? compileDist(d.durationDays) : null,
    outageEffect: effect,
  };
}

function sourcingPlan(p: Product, supplierIndex: Map<string, number>): CompiledSourcing {
  const idx = (id: string) => {
    const i = supplierIndex.get(id);
    if (i === undefined) throw new Error(`products.${p.id}.sourcing: unknown supplier '${id}'`);
    return i;
  };
  const s = withSourcingKind(p.sourcing, `products.${p.id}.sourcing`);
  return sourcingKindOf(s).compile(s, idx);
}

/** The dispersion k the engine samples with: ∞ (Poisson) for Poisson counts and for k past the Poisson limit. */
export function countDispersion(oc: OrderCount): number {
  const k = orderCountOf(oc).dispersion(oc);
  return k < POISSON_LIMIT_DISPERSION ? k : Infinity;
}

/** A product's backorder setting as the engine reads it (docs/model.md §4). */
export function compileBackorders(b: Backorders): Pick<CompiledProduct, "backorders" | "maxQuotedWaitDays" | "maxBacklogUnits" | "quoteBufferDays"> {
  let mode: BackorderCode = BackorderCode.Allow;
  let maxWait = Infinity;
  let maxBacklog = Infinity;
  let buffer = 0;
  switch (b.mode) {
    case "allow":
      buffer = b.quoteBufferDays ?? DEFAULTS.quoteBufferDays;
      break;
    case "deny":
      mode = BackorderCode.Deny;
      break;
    case "cap":
      mode = BackorderCode.Cap;
      maxWait = b.maxQuotedWaitDays;
      maxBacklog = b.maxBacklogUnits ?? Infinity;
      buffer = b.quoteBufferDays ?? DEFAULTS.quoteBufferDays;
      break;
    default:
      assertNever(b, "backorder mode");
  }
  return { backorders: mode, maxQuotedWaitDays: maxWait, maxBacklogUnits: maxBacklog, quoteBufferDays: Math.max(0, Math.round(buffer)) };
}

export function compileScenario(s: Scenario): CompiledModel {
  const P = s.products.length;
  const W = s.warmupDays;
  const H = s.horizonDays;
  const T = W + H;
  const suppliers = s.suppliers.map(compileSupplier);
  const supplierIndex = new Map(s.suppliers.map((x, i) => [x.id, i]));
  const plans = s.products.map((p) => sourcingPlan(p, supplierIndex));

  // Planning lead time per product: the primary's, or the share-weighted mixture for split sourcing.
  const planningLead = plans.map((pl) => {
    if (pl.code !== SourcingCode.Split) {
      const sup = suppliers[pl.suppliers[0]];
      return { mean: sup.leadMean, sd: sup.leadSd };
    }
    let m = 0;
    let m2 = 0;
    pl.suppliers.forEach((si, k) => {
      const sup = suppliers[si];
      m += pl.shares[k] * sup.leadMean;
      m2 += pl.shares[k] * (sup.leadSd * sup.leadSd + sup.leadMean * sup.leadMean);
    });
    return { mean: m, sd: Math.sqrt(Math.max(0, m2 - m * m)) };
  });

  // Expected curves long enough for the last protection window of any safety-stock product.
  let extra = 2;
  s.products.forEach((p, i) => {
    const R = p.policy.reviewPeriodDays ?? DEFAULTS.reviewPeriodDays;
    extra = Math.max(extra, Math.ceil(protectionDays(planningLead[i].mean, R)) + 2);
  });
  const curveDays = T + extra;
  const lambda = new Float32Array(curveDays * P);
  s.products.forEach((p, i) => {
    const c = expectedOrdersCurve(p.demand, s.startDate, W, curveDays);
    lambda.set(c.subarray(0, curveDays), i * curveDays);
  });
  const curve = (i: number, t: number) => lambda[i * curveDays + t];
  const countAnchor = new Int32Array(T * P);
  const countAnchorProb = new Float64Array(2 * T * P);
  s.products.forEach((p, i) => {
    const oc = p.demand.orderCount;
    const k = countDispersion(oc);
    for (let t = 0; t < T; t++) {
      const j = i * T + t;
      if (t > 0 && curve(i, t) === curve(i, t - 1)) {
        // Same expected orders as the day before (step-wise curves): same anchor.
        countAnchor[j] = countAnchor[j - 1];
        countAnchorProb[2 * j] = countAnchorProb[2 * (j - 1)];
        countAnchorProb[2 * j + 1] = countAnchorProb[2 * (j - 1) + 1];
      } else countAnchorInto(curve(i, t), k, countAnchor, countAnchorProb, j);
    }
  });

  // Baskets: each order adds K extra lines for other products, picked in proportion to ordersPerDay.
  const basketExtraLines = s.baskets ? compileDist(s.baskets.extraLinesPerOrder) : null;
  const weights = s.products.map((p) => p.demand.ordersPerDay);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const basketCumWeights = new Float64Array(P);
  weights.reduce((acc, w, i) => (basketCumWeights[i] = acc + w), 0);
  const extraLinesMean = s.baskets ? Math.min(P - 1, integerPmf(s.baskets.extraLinesPerOrder, 0).mean) : 0;
  // Expected extra lines for product i on day t: Σ over other products q of their orders × E[K] ×
  // w_i / (W − w_q), the chance a line of q's order picks i. basketRate(t) = Σ_q λ_q(t) / (W − w_q)
  // makes that O(1) per product and day.
  const share = (q: number) => (totalWeight - weights[q] > 0 ? 1 / (totalWeight - weights[q]) : 0);
  const basketRate = new Float64Array(s.baskets ? curveDays : 0);
  if (s.baskets) for (let t = 0; t < curveDays; t++) for (let q = 0; q < P; q++) basketRate[t] += curve(q, t) * share(q);

  const ratiosByK = new Map<number, Float64Array>();
  const ratiosFor = (k: number) => ratiosByK.get(k) ?? ratiosByK.set(k, countRatios(k)).get(k)!;
  const products = s.products.map((p, i): CompiledProduct => {
    const plan = plans[i];
    const units = compileDist(p.demand.unitsPerOrder);
    const unitsConstant = units.constant ? Math.max(1, Math.round(units.a)) : 0;
    // One table of order-size masses per product, dropped once its moments and table are taken
    // (for 5,000 products of wide sizes, keeping them all held gigabytes).
    const unitsPmf = integerPmf(p.demand.unitsPerOrder, 1);
    const unitsTable = unitsConstant ? null : compileIntTable(p.demand.unitsPerOrder, 1, undefined, unitsPmf);
    const um = unitsPmf.mean;
    const uv = unitsPmf.variance;
    const k = countDispersion(p.demand.orderCount);
    const nb = k !== Infinity;
    const R = Math.max(1, Math.round(p.policy.reviewPeriodDays ?? DEFAULTS.reviewPeriodDays));

    const pol = p.policy;
    const kind = policyKindOf(pol);
    const forecastSafetyStock = kind.forecastTarget(pol);
    let target: Int32Array | null = null;
    if (forecastSafetyStock) {
      const mean = new Float64Array(curveDays);
      const variance = new Float64Array(curveDays);
      for (let t = 0; t < curveDays; t++) {
        const lam = curve(i, t);
        const basketLines = s.baskets ? extraLinesMean * weights[i] * (basketRate[t] - lam * share(i)) : 0;
        mean[t] = (lam + basketLines) * um;
        variance[t] = (lam + basketLines) * (uv + um * um) + (nb ? (um * um * lam * lam) / k : 0);
      }
      target = Int32Array.from(reorderPointCurve(T, forecastSafetyStock, { mean, variance }, planningLead[i].mean, planningLead[i].sd, R));
    }
    const { code, reorderPoint, orderUpTo, batch, initialOnHand: initial } = kind.compile(pol, target ? target[0] : null);

    const bo = compileBackorders(p.backorders);
    const c = p.customers ?? {};
    const h1 = c.cancelHazardPerDay ?? DEFAULTS.cancelHazardPerDay;
    const h2 = c.lateCancelHazardPerDay ?? DEFAULTS.lateCancelHazardPerDay;
    const shocks = (p.demand.shocks ?? []).filter((x): x is RandomShock => !isScheduledShock(x));
    const lateHazard = h2 <= 0 ? 0 : h1 >= 1 ? 1 : Math.min(1, h2 / (1 - h1));

    return {
      id: p.id,
      price: p.price,
      unitCost: p.unitCost,
      holdingCostPerUnitDay: p.holdingCostPerUnitDay,
      backorderCostPerUnitDay: p.backorderCostPerUnitDay ?? DEFAULTS.backorderCostPerUnitDay,
      lostSaleCost: p.lostSaleCost ?? DEFAULTS.lostSaleCost,
      initialOnHand: Math.max(0, Math.round(p.initialOnHand ?? initial)),
      negativeBinomial: nb,
      dispersion: k,
      countRatios: ratiosFor(k),
      units,
      unitsConstant,
      unitsTable,
      unitSums: unitsTable ? buildUnitSums(unitsTable, usualMaxOrders(lambda, curveDays, i, T, k, ratiosFor(k))) : null,
      unitsMean: um,
      unitsVariance: uv,
      randomShocks: shocks.map((x) => ({
        probabilityPerDay: x.probabilityPerDay,
        multiplier: compileDist(x.multiplier),
        duration: compileDist(x.durationDays),
      })),
      policy: code,
      reviewPeriodDays: R,
      reorderPoint,
      orderUpTo,
      batch,
      target,
      sourcing: plan.code,
      suppliers: Int32Array.from(plan.suppliers),
      shares: Float64Array.from(plan.shares),
      expediteWhenBacklogUnitsAbove: plan.backlogAbove,
      expediteWhenPrimaryDisrupted: plan.whenDisrupted,
      ...bo,
      patienceBelow: c.willingToWaitDays ? patienceBelow(c.willingToWaitDays) : null,
      patienceDist: c.willingToWaitDays ?? null,
      cancelHazardPerDay: h1,
      lateCancelCompetingHazard: lateHazard,
      cancelLogSurvival: Math.log1p(-Math.min(h1, 1)),
      lateCancelLogSurvival: Math.log1p(-lateHazard),
      cancelSurvivalPow: h1 > 0 && h1 < 1 ? survivalPowers(Math.log1p(-h1)) : new Float64Array(0),
      lateSurvivalPow: lateHazard > 0 && lateHazard < 1 ? survivalPowers(Math.log1p(-lateHazard)) : new Float64Array(0),
      quoteLeadDays: Math.max(1, Math.round(planningLead[i].mean)),
      planningLeadMean: planningLead[i].mean,
      planningLeadSd: planningLead[i].sd,
      basketWeight: weights[i],
    };
  });

  const f = s.fulfillment;
  return {
    nProducts: P,
    horizonDays: H,
    warmupDays: W,
    productIds: s.products.map((p) => p.id),
    seed: s.seed,
    runs: s.runs,
    totalDays: T,
    products,
    suppliers,
    lambda,
    curveDays,
    countAnchor,
    countAnchorProb,
    capacityOrdersPerDay: f?.capacityOrdersPerDay ?? DEFAULTS.capacityOrdersPerDay,
    shippingCostPerShipment: f?.shippingCostPerShipment ?? DEFAULTS.shippingCostPerShipment,
    splitShipments: f?.splitShipments ?? DEFAULTS.splitShipments,
    surgeExtraOrdersPerDay: f?.surge?.extraOrdersPerDay ?? 0,
    surgeCostPerOrder: f?.surge?.costPerOrder ?? 0,
    surgeWhenBacklogOrdersAbove: f?.surge?.whenBacklogOrdersAbove ?? Infinity,
    basketExtraLines,
    basketExtraTable: s.baskets ? compileIntTable(s.baskets.extraLinesPerOrder, 0) : null,
    basketCumWeights,
  };
}
