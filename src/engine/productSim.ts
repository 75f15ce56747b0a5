/**
 * One simulated run, product by product (docs/model.md §7, "Product by product"): the product-major
 * driver of the ledger (ledger.ts). When no customer order spans products (no baskets) and shipping
 * capacity is unlimited, products share nothing but the day's whole-shop series, which are sums.
 * Each product can then live its whole run before the next starts, in one ledger reused product
 * after product, with its demand drawn before its first day, days whose orders stock covers served
 * in bulk, and the record step's sums kept in locals.
 *
 * The day's event order is the one of simulateRun.ts, per product: receive, allocate, customers,
 * cancellations, record, review. Every draw comes from the same streams and keys and every sum is
 * added in the same order, so the output is bit for bit that of the day-by-day driver (tested).
 */
import type { CompiledModel, CompiledProduct } from "./compile.ts";
import { DayBuckets } from "./dayBuckets.ts";
import { cancelDayAtCheck, countServedOrders, firstCancelEvent, NO_EVENT, noCancelBefore } from "./dayEvents.ts";
import { orderCountByInversion } from "./dists.ts";
import { grown } from "./grow.ts";
import { Ledger, type LineKeeper } from "./ledger.ts";
import type { RunOutput } from "./metrics.ts";
import type { Scenario } from "./scenario.ts";
import { RunRandom } from "./runRandom.ts";
import {
  D_BACKLOG,
  D_BO,
  D_CANC,
  D_NEWBO,
  D_ONHAND,
  D_REV,
  PD_BO,
  PD_N,
  PD_ONHAND,
  R_BLSUM,
  R_BOSUM,
  R_HOLD,
  R_OHSUM,
  R_PEN,
  R_REV,
  R_SHIPC,
  R_SODAYS,
  RC,
} from "./slots.ts";
import { sampleUnitSum } from "./unitSums.ts";

/** Days between checks of an order waiting past its quote that surely does not cancel before the next. */
const RECHECK_DAYS = 7;

/** Whether a model can run product by product: no order spans products and capacity is unlimited. */
export function runsByProduct(m: CompiledModel): boolean {
  return m.basketExtraLines === null && !Number.isFinite(m.capacityOrdersPerDay);
}

/**
 * Whether a scenario's products never interact (runsByProduct before compiling). Then each product's
 * figures depend only on it, its suppliers and the seed — every stream is named after them — so a
 * copy of the scenario holding that product alone gives them to the last bit.
 */
export function productsStandAlone(s: Scenario): boolean {
  return s.baskets === undefined && !(s.fulfillment !== undefined && Number.isFinite(s.fulfillment.capacityOrdersPerDay));
}

/**
 * Whether a product's demand for a whole run can be drawn before its first day: true unless order
 * sizes are random without a unit-sum table (then each order's size comes from the demand stream
 * between the days' counts).
 */
function drawsDemandAhead(prod: CompiledProduct): boolean {
  return prod.unitsConstant !== 0 || (prod.unitSums !== null && prod.unitSums.maxOrders > 0);
}

export class ProductSim implements LineKeeper {
  readonly m: CompiledModel;
  readonly rr: RunRandom;
  /** The ledger of the product being simulated, reused product after product. */
  readonly L: Ledger;
  /**
   * The current product's demand for its whole run, drawn before its first day (demand never
   * depends on the stock): orders per day and the day's total units. A day with more orders than
   * the unit-sum table covers keeps its blocks' totals in blockUnits from blockAt[t].
   */
  readonly dayOrders: Int32Array;
  readonly dayUnits: Float64Array;
  readonly blockAt: Int32Array;
  blockUnits = new Float64Array(16);
  /** Cancellation calendar: entries (line number k as seq) under a day. Empty after every product. */
  readonly cancels: DayBuckets;

  constructor(m: CompiledModel) {
    this.m = m;
    this.rr = new RunRandom(m);
    this.L = new Ledger(m, this.rr, this, new Float64Array(Math.max(1, ...m.products.map((p) => p.shares.length))), false);
    this.cancels = new DayBuckets(m.totalDays);
    this.dayOrders = new Int32Array(m.totalDays);
    this.dayUnits = new Float64Array(m.totalDays);
    this.blockAt = new Int32Array(m.totalDays);
  }

  run(runIndex: number, out: RunOutput): void {
    out.raw.fill(0);
    out.daily.fill(0);
    // productDaily needs no zeroing: every counted day of every product writes both its series.
    out.waitHist.fill(0);
    this.rr.reset(runIndex);
    this.cancels.clear();
    for (let p = 0; p < this.m.nProducts; p++) this.product(p, runIndex, out);
  }

  /** Product p's whole run. */
  private product(p: number, runIndex: number, out: RunOutput): void {
    const m = this.m;
    const L = this.L;
    L.start(p, runIndex, out);
    const prod = L.prod;
    this.rr.rewind();
    const T = m.totalDays;
    const W = m.warmupDays;
    // Without it, order sizes are drawn one by one from the demand stream, between the days' counts.
    const ahead = drawsDemandAhead(prod);
    if (ahead) this.drawDemand(p);
    const dayOrders = this.dayOrders;
    const dayUnits = this.dayUnits;
    const head = this.cancels.head;
    const raw = out.raw;
    const daily = out.daily;
    const productDaily = out.productDaily;
    const H = m.horizonDays;
    const price = prod.price;
    const shipCost = m.shippingCostPerShipment;
    const holdCost = prod.holdingCostPerUnitDay;
    const boCost = prod.backorderCostPerUnitDay;
    const o = p * RC;
    const pdOnHand = p * PD_N * H + PD_ONHAND * H;
    const pdBo = p * PD_N * H + PD_BO * H;
    // Sums only this loop adds to, kept in locals and added to raw at the end: the record step's
    // (Ledger.record), whose additions stay in order, and the counts of orders and units served in
    // bulk, whole numbers whose sums are exact in any order.
    let bulkOrders = 0;
    let bulkUnits = 0;
    let onHandSum = 0;
    let boSum = 0;
    let openSum = 0;
    let holdSum = 0;
    let stockoutDays = 0;
    for (let t = 0; t < T; t++) {
      if (t === W) L.recordStart();
      const counted = t >= W;
      const d = t - W;
      // Steps 1–3; a day whose orders stock covers is served in bulk.
      if (L.nextArrival <= t) L.receive(t, counted);
      if (L.need > 0 && L.free > 0) this.allocate(t, counted);
      if (!ahead) {
        const n = this.rr.orderCount(p, t);
        if (n !== 0) L.ordersOneByOne(n, t, counted, d, 0);
      } else if (dayOrders[t] !== 0) {
        const n = dayOrders[t];
        const units = dayUnits[t];
        if (units <= L.free) {
          L.free -= units;
          if (counted) {
            // countServedInBulk (dayEvents.ts), its whole-number counts summed here and added at the end.
            bulkOrders += n;
            bulkUnits += units;
            const rev = price * units;
            raw[o + R_REV] += rev;
            daily[D_REV * H + d] += rev;
            if (shipCost > 0) raw[o + R_SHIPC] += shipCost * n;
          }
        } else this.shortDay(n, t, counted, d);
      }
      // Steps 4–6.
      if (head[t] >= 0) this.cancellations(t, counted, d);
      if (counted) {
        // Step 5: record.
        const f = L.free;
        const bo = L.need;
        const open = L.open;
        onHandSum += f;
        boSum += bo;
        openSum += open;
        holdSum += holdCost * (f + L.alloc);
        if (bo > 0) raw[o + R_PEN] += boCost * bo;
        if (bo > 0 || L.lostToday > 0) stockoutDays++;
        daily[D_ONHAND * H + d] += f;
        daily[D_BO * H + d] += bo;
        daily[D_BACKLOG * H + d] += open;
        productDaily[pdOnHand + d] = f;
        productDaily[pdBo + d] = bo;
      }
      L.lostToday = 0;
      if (L.nextReview === t) {
        L.nextReview = t + prod.reviewPeriodDays;
        L.review(t, counted);
      }
    }
    countServedOrders(raw, o, bulkOrders, bulkUnits);
    raw[o + R_OHSUM] = onHandSum;
    raw[o + R_BOSUM] = boSum;
    raw[o + R_BLSUM] = openSum;
    raw[o + R_HOLD] = holdSum;
    raw[o + R_SODAYS] = stockoutDays;
    L.recordEnd();
  }

  /**
   * Draws product p's orders and units for every day of the run, in the order the day-by-day loop
   * draws them from the demand stream: each day's count, then one total per block of its orders.
   */
  private drawDemand(p: number): void {
    const m = this.m;
    const prod = this.L.prod;
    const T = m.totalDays;
    const dayOrders = this.dayOrders;
    const dayUnits = this.dayUnits;
    const fixedUnits = prod.unitsConstant;
    const sums = prod.unitSums;
    const R = sums !== null ? sums.maxOrders : 0;
    // The demand stream's Alea state in locals (aleaNext written out), stored back at the end.
    const state = this.rr.state;
    const at = p << 2;
    let s0 = state[at];
    let s1 = state[at + 1];
    let s2 = state[at + 2];
    let c = state[at + 3];
    const shocked = prod.randomShocks.length !== 0;
    const lambda = m.lambda;
    const lamAt = p * m.curveDays;
    const anchor = m.countAnchor;
    const anchorProb = m.countAnchorProb;
    const k = prod.dispersion;
    const ratios = prod.countRatios;
    let used = 0;
    for (let t = 0; t < T; t++) {
      let n: number;
      if (shocked) {
        state[at] = s0;
        state[at + 1] = s1;
        state[at + 2] = s2;
        state[at + 3] = c;
        n = this.rr.orderCount(p, t);
        s0 = state[at];
        s1 = state[at + 1];
        s2 = state[at + 2];
        c = state[at + 3];
      } else {
        const x = 2091639 * s0 + c * 2.3283064365386963e-10;
        s0 = s1;
        s1 = s2;
        c = x | 0;
        s2 = x - c;
        const i = p * T + t;
        n = orderCountByInversion(s2, lambda[lamAt + t], k, anchor[i], anchorProb[2 * i], anchorProb[2 * i + 1], ratios);
      }
      dayOrders[t] = n;
      if (n === 0) {
        dayUnits[t] = 0;
        continue;
      }
      if (fixedUnits !== 0) {
        dayUnits[t] = n * fixedUnits;
        continue;
      }
      const blocks = n <= R ? 1 : Math.ceil(n / R);
      if (blocks > 1) {
        if (used + blocks > this.blockUnits.length) this.blockUnits = grown(this.blockUnits, 2 * (used + blocks), used);
        this.blockAt[t] = used;
      }
      let total = 0;
      for (let b = 0; b < blocks; b++) {
        const x = 2091639 * s0 + c * 2.3283064365386963e-10;
        s0 = s1;
        s1 = s2;
        c = x | 0;
        s2 = x - c;
        const units = sampleUnitSum(sums!, b < blocks - 1 ? R : n - R * (blocks - 1), s2);
        if (blocks > 1) this.blockUnits[used++] = units;
        total += units;
      }
      dayUnits[t] = total;
    }
    state[at] = s0;
    state[at + 1] = s1;
    state[at + 2] = s2;
    state[at + 3] = c;
  }

  /** Step 4 on day t: the product's cancellations and checks due today. */
  private cancellations(t: number, counted: boolean, d: number): void {
    const L = this.L;
    const cal = this.cancels;
    for (let e = cal.take(t); e >= 0;) {
      const k = cal.seq[e];
      const next = cal.next[e];
      cal.release(e);
      e = next;
      if (k < L.qHead || L.qOpen[k & L.qMask] === 0) continue;
      if (L.qCheck[k & L.qMask]) this.cancelCheck(k, t, counted, d);
      else this.cancelOrder(k, counted, d);
    }
  }

  /** Step 2: free stock goes to waiting orders, oldest first; an order with all its units ships. */
  private allocate(t: number, counted: boolean): void {
    const L = this.L;
    for (let k = L.fillNext(); k >= 0; k = L.fillNext()) {
      const i = k & L.qMask;
      L.shipLine(L.qUnits[i], t, counted, true, L.qDay[i], L.qQuote[i]);
      if (counted) L.raw[L.o + R_SHIPC] += this.m.shippingCostPerShipment;
    }
  }

  /**
   * A day whose n orders (demand drawn ahead) need more than the free stock: with fixed sizes, the
   * orders stock covers and then the rest one by one; with random sizes, each order's size given
   * the units still to come in its block, served while stock lasts, the rest one by one.
   */
  private shortDay(n: number, t: number, counted: boolean, d: number): void {
    const L = this.L;
    if (L.prod.unitsConstant !== 0) {
      L.fixedSizes(n, t, counted, d);
      return;
    }
    const R = L.prod.unitSums!.maxOrders;
    const blocks = n <= R ? 1 : Math.ceil(n / R);
    if (blocks > L.blockLeft.length) L.blockLeft = new Float64Array(2 * blocks);
    if (blocks === 1) L.blockLeft[0] = this.dayUnits[t];
    else for (let b = 0; b < blocks; b++) L.blockLeft[b] = this.blockUnits[this.blockAt[t] + b];
    L.ordersOneByOne(n, t, counted, d, blocks);
  }

  // ---------------------------------------------------------------- step 4: cancel

  /** A waiting order (line k) files its first calendar event: its cancellation or the check after its quote (dayEvents.ts). */
  backordered(L: Ledger, k: number, index: number, quote: number, t: number, counted: boolean, d: number): void {
    if (counted) L.daily[D_NEWBO * L.H + d] += 1;
    const ev = firstCancelEvent(L.prod, L.key, t, index, quote, this.m.totalDays);
    if (ev === NO_EVENT) return;
    L.qCheck[k & L.qMask] = ev & 1;
    this.cancels.add(ev >> 1, 0, k);
  }

  /** Orders never couple products here (runsByProduct). */
  coupledOrder(): boolean {
    throw new Error("productSim: an order coupling products");
  }

  /**
   * The day after the quote, for an order still waiting. When it surely does not cancel within the
   * next RECHECK_DAYS, it is checked again then (most orders ship before); otherwise its
   * cancellation day is worked out — the day cancelDayAtCheck gives on the check day, as the
   * day-by-day driver does.
   */
  private cancelCheck(k: number, t: number, counted: boolean, d: number): void {
    const L = this.L;
    const i = k & L.qMask;
    const T = this.m.totalDays;
    const until = t + RECHECK_DAYS < T ? t + RECHECK_DAYS : T;
    if (noCancelBefore(L.prod, L.key, L.qDay[i], L.qIndex[i], L.qQuote[i], until)) {
      if (until < T) this.cancels.add(until, 0, k);
      return;
    }
    L.qCheck[i] = 0;
    const day = cancelDayAtCheck(L.prod, L.key, L.qDay[i], L.qIndex[i], L.qQuote[i]);
    if (day <= t) this.cancelOrder(k, counted, d);
    else if (day < T) this.cancels.add(day, 0, k);
  }

  private cancelOrder(k: number, counted: boolean, d: number): void {
    const L = this.L;
    L.cancelQueued(k, counted, L.qDay[k & L.qMask] >= this.m.warmupDays);
    if (counted) L.daily[D_CANC * L.H + d] += 1;
  }
}
