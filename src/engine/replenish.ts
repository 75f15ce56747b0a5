/**
 * Step 6 of the day (docs/model.md §3): what a review orders and how an order joins the pipeline.
 * Shared by the day-by-day and the product-by-product engines.
 */
import { SourcingCode, type CompiledModel, type CompiledProduct } from "./compile.ts";
import { sampleInt, sampleIntTable } from "./dists.ts";
import type { Pipeline } from "./pipeline.ts";
import { orderQuantity } from "./policy.ts";
import type { RunRandom } from "./runRandom.ts";
import { assertNever } from "./scenario.ts";
import { R_EXP, R_ORD, R_REPL, R_UORD, RC } from "./slots.ts";

/** Units the product's policy orders at a review on day t with inventory position ip. */
export function reviewQuantity(prod: CompiledProduct, ip: number, t: number): number {
  let r = prod.reorderPoint;
  let S = prod.orderUpTo;
  if (prod.target) r = S = prod.target[t];
  return orderQuantity(prod.policy, ip, r, S, prod.batch);
}

/**
 * Step 6 for product p on review day t, once its policy orders qty units (reviewQuantity) with
 * `need` units backordered: places them with its supplier, its backup when expediting (the primary
 * is down on day t, or the backlog is over the threshold), or split over its suppliers by share
 * (`parts` is scratch room, one per supplier). Counts into raw (null: not counted). Returns the
 * units put on order.
 */
export function placeOrders(
  m: CompiledModel,
  rr: RunRandom,
  pipe: Pipeline,
  raw: Float64Array | null,
  p: number,
  t: number,
  qty: number,
  need: number,
  parts: Float64Array,
): number {
  const prod = m.products[p];
  switch (prod.sourcing) {
    case SourcingCode.Single:
      return placeReplenishment(m, rr, pipe, raw, p, 0, qty, t, false);
    case SourcingCode.Backup: {
      const useBackup = (prod.expediteWhenPrimaryDisrupted && rr.isDown(prod.suppliers[0], t)) || need > prod.expediteWhenBacklogUnitsAbove;
      return placeReplenishment(m, rr, pipe, raw, p, useBackup ? 1 : 0, qty, t, useBackup);
    }
    case SourcingCode.Split: {
      splitParts(qty, prod.shares, parts);
      let placed = 0;
      for (let k = 0; k < prod.shares.length; k++) if (parts[k] > 0) placed += placeReplenishment(m, rr, pipe, raw, p, k, parts[k], t, false);
      return placed;
    }
    default:
      return assertNever(prod.sourcing, "sourcing code");
  }
}

/**
 * Largest-remainder split of qty by shares into parts[0 … shares.length): remainders go to the
 * suppliers with the largest fractional parts, ties to the first listed. Returns parts.
 */
export function splitParts(qty: number, shares: Float64Array, parts: Float64Array): Float64Array {
  const n = shares.length;
  let assigned = 0;
  for (let k = 0; k < n; k++) assigned += Math.floor(qty * shares[k]);
  const left = qty - assigned;
  for (let k = 0; k < n; k++) {
    let part = Math.floor(qty * shares[k]);
    if (left > 0) {
      const frac = qty * shares[k] - part;
      let rank = 0;
      for (let j = 0; j < n; j++) {
        const fj = qty * shares[j] - Math.floor(qty * shares[j]);
        if (fj > frac || (fj === frac && j < k)) rank++;
      }
      if (rank < left) part++;
    }
    parts[k] = part;
  }
  return parts;
}

/**
 * Places a replenishment order of qty units of product p with its k-th supplier on day t: draws the
 * lead time, applies the supplier's outages, minimum and multiple, inserts it into the pipeline and
 * counts it into raw (null: not counted). Returns the units ordered. An expedited order (backup
 * sourcing) is charged at the primary's price and fixed cost; the backup's extra goes to expediteCost.
 */
export function placeReplenishment(
  m: CompiledModel,
  rr: RunRandom,
  pipe: Pipeline,
  raw: Float64Array | null,
  p: number,
  k: number,
  qty: number,
  t: number,
  expedited: boolean,
): number {
  const prod = m.products[p];
  const si = prod.suppliers[k];
  const s = m.suppliers[si];
  const base = expedited ? m.suppliers[prod.suppliers[0]] : s;
  const unitPrice = prod.unitCost * base.unitCostMultiplier;
  const unitPremium = expedited ? prod.unitCost * (s.unitCostMultiplier - base.unitCostMultiplier) : 0;
  let q = qty < s.minOrderQuantity ? s.minOrderQuantity : qty;
  if (s.orderMultiple > 1) q = Math.ceil(q / s.orderMultiple) * s.orderMultiple;
  const rng = rr.leadRng[p][k];
  const lead = s.leadConstant || (s.leadTable !== null ? sampleIntTable(s.leadTable, rng()) : sampleInt(s.lead, rng, 1));
  const out = rr.outages[si];
  const hasOutages = out.count > 0;
  const arrival = hasOutages ? out.arrivalDay(t, lead, s.outageEffect) : t + lead;
  const expected = (hasOutages ? out.dispatchDay(t) : t) + s.leadQuoteDays;
  const delivered = s.deliveredFraction >= 1 ? q : Math.round(q * s.deliveredFraction);
  pipe.insert(arrival, expected, q, delivered, unitPrice, unitPremium);
  if (raw !== null) {
    const o = p * RC;
    raw[o + R_REPL] += 1;
    raw[o + R_ORD] += base.fixedOrderCost;
    raw[o + R_UORD] += q;
    if (expedited) raw[o + R_EXP] += s.fixedOrderCost - base.fixedOrderCost;
  }
  return q;
}
