/**
 * Counting and timing for the day's steps (docs/model.md §2, §4): receiving replenishments,
 * counting what ships, and when a backordered customer cancels. The product ledger (ledger.ts)
 * and the drivers that run it (productSim.ts, simulateRun.ts) keep the state; these only compute
 * and count.
 */
import type { CompiledModel, CompiledProduct } from "./compile.ts";
import { WAIT_BINS, type RunOutput } from "./metrics.ts";
import type { Pipeline } from "./pipeline.ts";
import { keyedUniform } from "./random.ts";
import {
  D_REV,
  R_ATT,
  R_BOSHIP,
  R_DEM,
  R_EXP,
  R_KEPT,
  R_OSHIP,
  R_PLACED,
  R_PURCH,
  R_RECV,
  R_REV,
  R_SHIP,
  R_SHIPC,
  R_SHORT,
  R_STOCK,
  R_WAIT,
  RC,
} from "./slots.ts";

/** Units that arrived and units that left the pipeline (ordered, some perhaps never delivered) in the last `receiveDue`. */
export const received = { delivered: 0, ordered: 0 };

/**
 * Step 1: takes product p's replenishments due by day t off its pipeline, counting them into raw
 * (null: not counted), and leaves the totals in `received`.
 */
export function receiveDue(pipe: Pipeline, p: number, t: number, raw: Float64Array | null): void {
  const o = p * RC;
  let delivered = 0;
  let ordered = 0;
  while (pipe.len > 0 && pipe.day[pipe.head] <= t) {
    const h = pipe.head;
    const d = pipe.delivered[h];
    delivered += d;
    ordered += pipe.ordered[h];
    if (raw !== null) {
      raw[o + R_RECV] += d;
      raw[o + R_SHORT] += pipe.ordered[h] - d;
      raw[o + R_PURCH] += d * pipe.unitPrice[h];
      if (pipe.unitPremium[h] !== 0) raw[o + R_EXP] += d * pipe.unitPremium[h];
    }
    pipe.shift();
  }
  received.delivered = delivered;
  received.ordered = ordered;
}

/**
 * Adds `orders` orders, `units` units in all, served from stock on arrival to the counts at raw slot
 * o. Whole numbers, so the sums are the same in any order of addition (the product engine adds a
 * product's whole run at once).
 */
export function countServedOrders(raw: Float64Array, o: number, orders: number, units: number): void {
  raw[o + R_ATT] += orders;
  raw[o + R_PLACED] += orders;
  raw[o + R_OSHIP] += orders;
  raw[o + R_DEM] += units;
  raw[o + R_STOCK] += units;
  raw[o + R_SHIP] += units;
}

/** Counts `orders` single-line orders of product p, `units` in total, that shipped from stock on arrival on counted day d. */
export function countServedInBulk(m: CompiledModel, out: RunOutput, p: number, orders: number, units: number, d: number): void {
  const raw = out.raw;
  const o = p * RC;
  countServedOrders(raw, o, orders, units);
  const rev = m.products[p].price * units;
  raw[o + R_REV] += rev;
  out.daily[D_REV * m.horizonDays + d] += rev;
  if (m.shippingCostPerShipment > 0) raw[o + R_SHIPC] += m.shippingCostPerShipment * orders;
}

/**
 * Counts an accepted order line of product q, `units` units, shipping on counted day t; a line that
 * was backordered (placed on `lineDay`, quoted `quote`) also counts its wait and the promise.
 */
export function countShippedLine(
  m: CompiledModel,
  out: RunOutput,
  q: number,
  units: number,
  t: number,
  backordered: boolean,
  lineDay: number,
  quote: number,
): void {
  const raw = out.raw;
  const o = q * RC;
  const rev = m.products[q].price * units;
  raw[o + R_SHIP] += units;
  raw[o + R_REV] += rev;
  raw[o + R_OSHIP] += 1;
  out.daily[D_REV * m.horizonDays + t - m.warmupDays] += rev;
  if (!backordered) return;
  const wait = t - lineDay;
  raw[o + R_BOSHIP] += 1;
  raw[o + R_WAIT] += wait;
  if (t <= quote) raw[o + R_KEPT] += 1;
  out.waitHist[wait < WAIT_BINS - 1 ? wait : WAIT_BINS - 1] += 1;
}

/** No cancellation or check falls within the run. */
export const NO_EVENT = -1;

/**
 * A backordered order's first calendar event (docs/model.md §4), for its home product `prod`, placed
 * on day t as order `index` of the day and quoted `quote` (the latest of its lines' quotes), with
 * customer key `key`, in a run of T days. Cancellation is the earlier of the early-hazard time
 * t + G₁ and the late-hazard time quote + G₂ (G geometric, from the customer's keyed uniforms 1 and
 * 2). The late time cannot come before the day after the quote, so when the early time does not
 * fall before that day — decided by comparing with a tabulated survival power, no logarithm — the
 * order is only checked on that day (most have shipped by then; see `cancelDayAtCheck`). The
 * cancellation days are those of drawing both times at once.
 *
 * Returns 2·day for a cancellation on `day`, 2·day + 1 for a check on `day`, or NO_EVENT.
 */
export function firstCancelEvent(prod: CompiledProduct, key: number, t: number, index: number, quote: number, T: number): number {
  const h1 = prod.cancelHazardPerDay;
  const h2 = prod.lateCancelCompetingHazard;
  if (h1 >= 1) return t + 1 < T ? 2 * (t + 1) : NO_EVENT;
  const lateFrom = quote + 1;
  if (h2 <= 0) {
    if (h1 <= 0) return NO_EVENT;
    const early = earlyCancelDay(prod, key, t, index);
    return early < T ? 2 * early : NO_EVENT;
  }
  if (h1 > 0) {
    // The early time falls before lateFrom ⇔ G₁ ≤ k ⇔ u ≥ (1 − h₁)^k.
    const k = lateFrom - t - 1;
    const pow = prod.cancelSurvivalPow;
    const u = keyedUniform(key, t, index, 1);
    if (k >= 1 && u >= (k < pow.length ? pow[k] : Math.exp(k * prod.cancelLogSurvival))) {
      const early = t + Math.max(1, Math.ceil(Math.log(u) / prod.cancelLogSurvival));
      if (early < lateFrom) return early < T ? 2 * early : NO_EVENT;
    }
  }
  return lateFrom < T ? 2 * lateFrom + 1 : NO_EVENT;
}

/** day + G₁: the day the early hazard cancels an order placed on `day`, from the customer's keyed uniform 1. */
function earlyCancelDay(prod: CompiledProduct, key: number, day: number, index: number): number {
  const u = keyedUniform(key, day, index, 1);
  return day + Math.max(1, Math.ceil(Math.log(u) / prod.cancelLogSurvival));
}

/** Keeps `noCancelBefore` on the safe side of the logarithms' rounding, by a wide margin. */
const SURE = 1 - 1e-9;

/**
 * Whether an order still waiting (placed on `orderDay` as order `index` of the day, quoted `quote`)
 * surely does not cancel before `day`: the day `cancelDayAtCheck` would work out is then ≥ day.
 * Decided by comparing the customer's uniforms with tabulated survival powers, no logarithm:
 * orderDay + G₁ ≥ day ⇔ G₁ > g − 1 with g = day − orderDay ⇔ u₁ < (1 − h₁)^(g − 1), and likewise
 * for the late time from the quote. False means "not sure": the caller works the day out.
 */
export function noCancelBefore(prod: CompiledProduct, key: number, orderDay: number, index: number, quote: number, day: number): boolean {
  if (prod.cancelHazardPerDay > 0) {
    const g = day - orderDay;
    if (g > 1) {
      const pow = prod.cancelSurvivalPow;
      if (g - 1 >= pow.length || !(keyedUniform(key, orderDay, index, 1) < pow[g - 1] * SURE)) return false;
    }
  }
  const h2 = prod.lateCancelCompetingHazard;
  const g2 = day - quote;
  if (h2 <= 0 || g2 <= 1) return true;
  const pow2 = prod.lateSurvivalPow;
  return g2 - 1 < pow2.length && keyedUniform(key, orderDay, index, 2) < pow2[g2 - 1] * SURE;
}

/**
 * The cancellation day of an order still waiting on its check day (the day after its quote): the
 * earlier of its early- and late-hazard times, both now worked out (see `firstCancelEvent`).
 */
export function cancelDayAtCheck(prod: CompiledProduct, key: number, orderDay: number, index: number, quote: number): number {
  let day = Infinity;
  if (prod.cancelHazardPerDay > 0) day = earlyCancelDay(prod, key, orderDay, index);
  const h2 = prod.lateCancelCompetingHazard;
  const late = quote + (h2 >= 1 ? 1 : Math.max(1, Math.ceil(Math.log(keyedUniform(key, orderDay, index, 2)) / prod.lateCancelLogSurvival)));
  return late < day ? late : day;
}
