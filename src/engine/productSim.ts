/**
 * One simulated run, product by product (docs/model.md §7, "Product by product"). When no customer
 * order spans products (no baskets) and shipping capacity is unlimited, products share nothing but
 * the day's whole-shop series, which are sums. Each product can then live its whole run before the
 * next starts: its state sits in a few fields instead of arrays indexed by product, and a waiting
 * order is a single line, kept in one first-in-first-out queue instead of an order entity with a
 * linked line.
 *
 * The day's event order is the one of simulateRun.ts, per product: receive, allocate, customers,
 * cancellations, record, review. Every draw comes from the same streams and keys and every sum is
 * added in the same order, so the output is bit for bit that of the day-by-day engine (tested).
 * Both engines receive, count what ships and file cancellations through dayEvents.ts, and review
 * through replenish.ts.
 */
import type { CompiledModel, CompiledProduct } from "./compile.ts";
import { BackorderCode, PATIENCE_TABLE_DAYS, patienceBelowAt } from "./compile.ts";
import { DayBuckets } from "./dayBuckets.ts";
import { cancelDayAtCheck, countServedInBulk, countServedOrders, countShippedLine, firstCancelEvent, NO_EVENT, noCancelBefore, received, receiveDue } from "./dayEvents.ts";
import { orderCountByInversion, sampleInt, sampleIntTable } from "./dists.ts";
import { RAW, type RunOutput } from "./metrics.ts";
import type { Scenario } from "./scenario.ts";
import { Pipeline } from "./pipeline.ts";
import { nextReviewDay, QuoteBook } from "./quote.ts";
import { aleaNext, keyedUniform } from "./random.ts";
import { placeOrders, reviewQuantity } from "./replenish.ts";
import { RunRandom } from "./runRandom.ts";
import { backlogError, MAX_WAITING_LINES } from "./limits.ts";
import {
  D_BACKLOG,
  D_BO,
  D_CANC,
  D_LOST,
  D_NEWBO,
  D_ONHAND,
  D_REV,
  PD_BO,
  PD_N,
  PD_ONHAND,
  R_ATT,
  R_BLSUM,
  R_BO,
  R_BOSUM,
  R_CANC,
  R_DEM,
  R_HOLD,
  R_LOST,
  R_OHSUM,
  R_OSHIP,
  R_PEN,
  R_PLACED,
  R_REV,
  R_SHIP,
  R_SHIPC,
  R_SODAYS,
  R_STOCK,
  R_UCANC,
  R_LCANC,
  RC,
} from "./slots.ts";
import { conditionalSize, sampleUnitSum } from "./unitSums.ts";

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

export class ProductSim {
  readonly m: CompiledModel;
  readonly rr: RunRandom;
  /** The product being simulated. */
  prod!: CompiledProduct;
  /** The product's key for its customers' keyed uniforms (this run's). */
  key = 0;
  /** The run's whole-shop daily series (out.daily). */
  daily!: Float64Array;
  /** Counted days (horizonDays). */
  readonly H: number;
  // The current product's state.
  /** On hand, not reserved. */
  free = 0;
  /** On hand, reserved for waiting orders. */
  alloc = 0;
  /** Backordered units: accepted, no stock reserved yet. */
  need = 0;
  /** All units of accepted orders not yet shipped. */
  waiting = 0;
  onOrder = 0;
  /** Accepted orders not yet shipped. */
  open = 0;
  lostToday = 0;
  /** Earliest arrival day in the pipeline (Infinity: none). */
  nextArrival = Infinity;
  nextReview = 0;
  readonly pipe = new Pipeline();
  readonly book = new QuoteBook();
  /** A split order's parts, one per supplier. */
  readonly parts: Float64Array;
  /** Units still to come in each block of a short day's orders (see shortDay). */
  blockLeft = new Float64Array(4);
  /**
   * The current product's demand for its whole run, drawn before its first day (demand never
   * depends on the stock): orders per day and the day's total units. A day with more orders than
   * the unit-sum table covers keeps its blocks' totals in blockUnits from blockAt[t].
   */
  readonly dayOrders: Int32Array;
  readonly dayUnits: Float64Array;
  readonly blockAt: Int32Array;
  blockUnits = new Float64Array(16);
  /**
   * Waiting orders, oldest first: order k (numbered from 0 in the product's run) sits at k & qMask
   * while qHead ≤ k < qTail. Shipping takes orders from the head; a cancelled order stays, closed,
   * until it reaches the head.
   */
  qUnits = new Float64Array(64);
  /** Units reserved from stock for the order. */
  qAlloc = new Float64Array(64);
  /** Units the order still waits for with no stock reserved. */
  qNeed = new Float64Array(64);
  qQuote = new Int32Array(64);
  qDay = new Int32Array(64);
  /** The order's number within its day (the key of its customer's uniforms). */
  qIndex = new Int32Array(64);
  qOpen = new Uint8Array(64);
  /** 1 while the order's calendar entry is the day-after-quote check rather than its cancellation. */
  qCheck = new Uint8Array(64);
  qMask = 63;
  /** For messages: the run being simulated. */
  runIndex = 0;
  qHead = 0;
  qTail = 0;
  /** Cancellation calendar: entries (order number as seq) under a day. Empty after every product. */
  readonly cancels: DayBuckets;
  out!: RunOutput;
  raw!: Float64Array;

  constructor(m: CompiledModel) {
    this.m = m;
    this.rr = new RunRandom(m);
    this.H = m.horizonDays;
    this.cancels = new DayBuckets(m.totalDays);
    this.dayOrders = new Int32Array(m.totalDays);
    this.dayUnits = new Float64Array(m.totalDays);
    this.blockAt = new Int32Array(m.totalDays);
    this.parts = new Float64Array(Math.max(1, ...m.products.map((p) => p.shares.length)));
  }

  run(runIndex: number, out: RunOutput): void {
    this.out = out;
    this.raw = out.raw;
    this.daily = out.daily;
    out.raw.fill(0);
    out.daily.fill(0);
    // productDaily needs no zeroing: every counted day of every product writes both its series.
    out.waitHist.fill(0);
    this.runIndex = runIndex;
    this.rr.reset(runIndex);
    this.cancels.clear();
    for (let p = 0; p < this.m.nProducts; p++) this.product(p);
  }

  /** Product p's whole run. */
  private product(p: number): void {
    const m = this.m;
    const prod = (this.prod = m.products[p]);
    this.key = this.rr.customerKey[p];
    this.free = prod.initialOnHand;
    this.alloc = 0;
    this.need = 0;
    this.waiting = 0;
    this.onOrder = 0;
    this.open = 0;
    this.lostToday = 0;
    this.nextArrival = Infinity;
    this.nextReview = 0;
    this.pipe.clear();
    this.book.builtDay = -1;
    this.qHead = 0;
    this.qTail = 0;
    this.rr.rewind();
    const T = m.totalDays;
    const W = m.warmupDays;
    // Without it, order sizes are drawn one by one from the demand stream, between the days' counts.
    const ahead = drawsDemandAhead(prod);
    if (ahead) this.drawDemand(p);
    const dayOrders = this.dayOrders;
    const dayUnits = this.dayUnits;
    const head = this.cancels.head;
    const raw = this.raw;
    const daily = this.daily;
    const productDaily = this.out.productDaily;
    const H = this.H;
    const price = prod.price;
    const shipCost = m.shippingCostPerShipment;
    const holdCost = prod.holdingCostPerUnitDay;
    const boCost = prod.backorderCostPerUnitDay;
    const o = p * RC;
    const pdOnHand = p * PD_N * H + PD_ONHAND * H;
    const pdBo = p * PD_N * H + PD_BO * H;
    // Sums only this loop adds to, kept in locals and added to raw at the end: the record step's,
    // whose additions stay in order, and the counts of orders and units served in bulk, whole
    // numbers whose sums are exact in any order.
    let bulkOrders = 0;
    let bulkUnits = 0;
    let onHandSum = 0;
    let boSum = 0;
    let openSum = 0;
    let holdSum = 0;
    let stockoutDays = 0;
    for (let t = 0; t < T; t++) {
      if (t === W) this.recordStart(p);
      const counted = t >= W;
      const d = t - W;
      // Steps 1–3; a day whose orders stock covers is served in bulk.
      if (this.nextArrival <= t) this.receive(p, t, counted);
      if (this.need > 0 && this.free > 0) this.allocate(p, t, counted);
      if (!ahead) {
        const n = this.rr.orderCount(p, t);
        if (n !== 0) this.ordersOneByOne(p, n, t, counted, d, 0);
      } else if (dayOrders[t] !== 0) {
        const n = dayOrders[t];
        const units = dayUnits[t];
        if (units <= this.free) {
          this.free -= units;
          if (counted) {
            // countServedInBulk (dayEvents.ts), its whole-number counts summed here and added at the end.
            bulkOrders += n;
            bulkUnits += units;
            const rev = price * units;
            raw[o + R_REV] += rev;
            daily[D_REV * H + d] += rev;
            if (shipCost > 0) raw[o + R_SHIPC] += shipCost * n;
          }
        } else this.shortDay(p, n, t, counted, d);
      }
      // Steps 4–6.
      if (head[t] >= 0) this.cancellations(p, t, counted, d);
      if (counted) {
        // Step 5: record.
        const f = this.free;
        const bo = this.need;
        const open = this.open;
        onHandSum += f;
        boSum += bo;
        openSum += open;
        holdSum += holdCost * (f + this.alloc);
        if (bo > 0) raw[o + R_PEN] += boCost * bo;
        if (bo > 0 || this.lostToday > 0) stockoutDays++;
        daily[D_ONHAND * H + d] += f;
        daily[D_BO * H + d] += bo;
        daily[D_BACKLOG * H + d] += open;
        productDaily[pdOnHand + d] = f;
        productDaily[pdBo + d] = bo;
      }
      this.lostToday = 0;
      if (this.nextReview === t) {
        this.nextReview = t + prod.reviewPeriodDays;
        this.review(p, t, counted);
      }
    }
    countServedOrders(raw, o, bulkOrders, bulkUnits);
    raw[o + R_OHSUM] = onHandSum;
    raw[o + R_BOSUM] = boSum;
    raw[o + R_BLSUM] = openSum;
    raw[o + R_HOLD] = holdSum;
    raw[o + R_SODAYS] = stockoutDays;
    this.recordEnd(p);
  }

  /**
   * Draws product p's orders and units for every day of the run, in the order the day-by-day loop
   * draws them from the demand stream: each day's count, then one total per block of its orders.
   */
  private drawDemand(p: number): void {
    const m = this.m;
    const prod = this.prod;
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
        if (used + blocks > this.blockUnits.length) {
          const grown = new Float64Array(2 * (used + blocks));
          grown.set(this.blockUnits.subarray(0, used));
          this.blockUnits = grown;
        }
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

  /** Step 4 for product p on day t: its cancellations and checks due today. */
  private cancellations(p: number, t: number, counted: boolean, d: number): void {
    const cal = this.cancels;
    for (let e = cal.take(t); e >= 0; ) {
      const k = cal.seq[e];
      const next = cal.next[e];
      cal.release(e);
      e = next;
      if (k < this.qHead || this.qOpen[k & this.qMask] === 0) continue;
      if (this.qCheck[k & this.qMask]) this.cancelCheck(p, k, t, counted, d);
      else this.cancelOrder(p, k, counted, d);
    }
  }

  private recordStart(p: number): void {
    const o = p * RC;
    const raw = this.raw;
    raw[o + RAW.startingOnHand] = this.free;
    raw[o + RAW.startingAllocated] = this.alloc;
    raw[o + RAW.startingOnOrder] = this.onOrder;
    raw[o + RAW.startingWaitingUnits] = this.waiting;
    raw[o + RAW.startingOpenOrders] = this.open;
  }

  private recordEnd(p: number): void {
    const o = p * RC;
    const raw = this.raw;
    raw[o + RAW.endingOnHand] = this.free;
    raw[o + RAW.endingAllocated] = this.alloc;
    raw[o + RAW.endingOnOrder] = this.onOrder;
    raw[o + RAW.endingWaitingUnits] = this.waiting;
    raw[o + RAW.endingOpenOrders] = this.open;
    raw[o + RAW.days] = this.H;
  }

  // ---------------------------------------------------------------- step 1: receive

  private receive(p: number, t: number, counted: boolean): void {
    const pipe = this.pipe;
    receiveDue(pipe, p, t, counted ? this.raw : null);
    this.onOrder -= received.ordered;
    this.free += received.delivered;
    this.nextArrival = pipe.len > 0 ? pipe.day[pipe.head] : Infinity;
  }

  // ---------------------------------------------------------------- step 2: allocate

  /** Free stock goes to waiting orders, oldest first; an order with all its units ships. */
  private allocate(p: number, t: number, counted: boolean): void {
    const mask = this.qMask;
    while (this.free > 0 && this.qHead < this.qTail) {
      const i = this.qHead & mask;
      if (this.qOpen[i] === 0) {
        this.qHead++;
        continue;
      }
      const f = this.free;
      const want = this.qNeed[i];
      const a = want <= f ? want : f;
      this.qNeed[i] = want - a;
      this.qAlloc[i] += a;
      this.free = f - a;
      this.alloc += a;
      this.need -= a;
      if (want - a === 0) {
        this.qHead++;
        this.ship(p, i, t, counted);
      }
    }
  }

  /** A waiting order (queue position i) has all its units: it ships as one shipment. */
  private ship(p: number, i: number, t: number, counted: boolean): void {
    const units = this.qUnits[i];
    this.qOpen[i] = 0;
    this.alloc -= units;
    this.waiting -= units;
    this.open--;
    if (!counted) return;
    countShippedLine(this.m, this.out, p, units, t, true, this.qDay[i], this.qQuote[i]);
    this.raw[p * RC + R_SHIPC] += this.m.shippingCostPerShipment;
  }

  // ---------------------------------------------------------------- step 3: customers

  /**
   * Today's n orders of random size one by one, in arrival order: with `blocks` > 0 each size is
   * drawn given the units still to come in its block (blockLeft), else from the demand stream. An
   * order stock covers ships at once (counted in bulk at the end); the others go to `orderArrives`.
   */
  private ordersOneByOne(p: number, n: number, t: number, counted: boolean, d: number, blocks: number): void {
    const prod = this.prod;
    const sums = prod.unitSums;
    const R = sums !== null ? sums.maxOrders : 0;
    const tab = prod.unitsTable;
    const key = this.key;
    let f = this.free;
    let servedOrders = 0;
    let servedUnits = 0;
    for (let i = 0; i < n; i++) {
      let u: number;
      if (blocks > 0) {
        // Order i is one of `rest` orders still to come in its block, which demand blockLeft[b].
        const b = (i / R) | 0;
        const rest = (b < blocks - 1 ? R : n - R * (blocks - 1)) - (i - b * R);
        u = conditionalSize(sums!, rest, this.blockLeft[b], keyedUniform(key, t, i, 3));
        this.blockLeft[b] -= u;
      } else u = tab !== null ? sampleIntTable(tab, aleaNext(this.rr.state, p << 2)) : sampleInt(prod.units, this.rr.demandRng[p], 1);
      if (u <= f) {
        f -= u;
        servedOrders++;
        servedUnits += u;
        continue;
      }
      this.free = f;
      this.orderArrives(p, u, i, t, counted, d);
      f = this.free;
    }
    this.free = f;
    if (counted && servedOrders > 0) countServedInBulk(this.m, this.out, p, servedOrders, servedUnits, d);
  }

  /**
   * A day whose n orders (demand drawn ahead) need more than the free stock: with fixed sizes, the
   * orders stock covers and then the rest one by one; with random sizes, each order's size given
   * the units still to come in its block, served while stock lasts, the rest through `orderArrives`.
   */
  private shortDay(p: number, n: number, t: number, counted: boolean, d: number): void {
    const prod = this.prod;
    const fixedUnits = prod.unitsConstant;
    if (fixedUnits !== 0) {
      if (fixedUnits === 1) {
        this.unitOrders(p, n, t, counted, d);
        return;
      }
      // The orders stock covers, then the rest one by one; the covered ones are counted last.
      const served = Math.floor(this.free / fixedUnits);
      this.free -= served * fixedUnits;
      for (let i = served; i < n; i++) this.orderArrives(p, fixedUnits, i, t, counted, d);
      if (counted && served > 0) countServedInBulk(this.m, this.out, p, served, served * fixedUnits, d);
      return;
    }
    const sums = prod.unitSums!;
    const R = sums.maxOrders;
    const blocks = n <= R ? 1 : Math.ceil(n / R);
    if (blocks > this.blockLeft.length) this.blockLeft = new Float64Array(2 * blocks);
    if (blocks === 1) this.blockLeft[0] = this.dayUnits[t];
    else for (let b = 0; b < blocks; b++) this.blockLeft[b] = this.blockUnits[this.blockAt[t] + b];
    this.ordersOneByOne(p, n, t, counted, d, blocks);
  }

  /** n single-unit orders, more than stock covers: served in bulk while stock lasts, the rest one by one. */
  private unitOrders(p: number, n: number, t: number, counted: boolean, d: number): void {
    const prod = this.prod;
    const take = this.free;
    this.free = 0;
    if (counted && take > 0) countServedInBulk(this.m, this.out, p, take, take, d);
    const rest = n - take;
    if (prod.backorders === BackorderCode.Deny) {
      this.lostToday += rest;
      if (counted) {
        const raw = this.raw;
        const o = p * RC;
        raw[o + R_ATT] += rest;
        raw[o + R_DEM] += rest;
        raw[o + R_LOST] += rest;
        raw[o + R_PEN] += prod.lostSaleCost * rest;
        this.daily[D_LOST * this.H + d] += rest;
      }
      return;
    }
    for (let i = 0; i < rest; i++) this.orderArrives(p, 1, take + i, t, counted, d);
  }

  /**
   * Restock-date quote for a short order (docs/model.md §4): the expected restock day plus the
   * product's quote buffer.
   */
  private quoteFor(p: number, short: number, t: number): number {
    const prod = this.prod;
    const book = this.book;
    if (book.builtDay !== t) book.build(this.pipe, t);
    return book.quote(this.need + short, t, nextReviewDay(t, prod.reviewPeriodDays) + prod.quoteLeadDays) + prod.quoteBufferDays;
  }

  /**
   * An order of u units that stock does not cover arrives (the `index`-th of the day). It takes what
   * stock there is; the shortfall is backordered (reserving what it took) or, when denied, capped or
   * balked, lost while the available part is sold.
   */
  private orderArrives(p: number, u: number, index: number, t: number, counted: boolean, d: number): void {
    const m = this.m;
    const prod = this.prod;
    const raw = this.raw;
    const o = p * RC;
    const f = this.free;
    const take = u <= f ? u : f;
    const short = u - take;
    this.free = f - take;
    if (counted) {
      raw[o + R_ATT] += 1;
      raw[o + R_DEM] += u;
      raw[o + R_STOCK] += take;
    }
    let lost = prod.backorders === BackorderCode.Deny;
    let quote = t;
    if (short > 0 && !lost) {
      quote = this.quoteFor(p, short, t);
      const wait = quote - t;
      if (prod.backorders === BackorderCode.Cap && (wait > prod.maxQuotedWaitDays || this.need + short > prod.maxBacklogUnits)) lost = true;
      else if (prod.patienceBelow !== null) {
        // Walks away when patience < wait, i.e. when the customer's uniform < P(patience < wait).
        const below = wait < PATIENCE_TABLE_DAYS ? prod.patienceBelow[wait] : patienceBelowAt(prod.patienceDist!, wait);
        if (keyedUniform(this.key, t, index, 0) < below) lost = true;
      }
    }
    if (short === 0 || lost) {
      if (short > 0) {
        this.lostToday += short;
        if (counted) {
          raw[o + R_LOST] += short;
          raw[o + R_PEN] += prod.lostSaleCost * short;
          this.daily[D_LOST * m.horizonDays + d] += short;
        }
      }
      if (take > 0 && counted) {
        // The available part ships at once.
        const rev = prod.price * take;
        raw[o + R_PLACED] += 1;
        raw[o + R_SHIP] += take;
        raw[o + R_OSHIP] += 1;
        raw[o + R_REV] += rev;
        this.daily[D_REV * m.horizonDays + d] += rev;
        raw[o + R_SHIPC] += m.shippingCostPerShipment;
      }
      return;
    }
    if (this.qTail - this.qHead > this.qMask) this.growQueue(p, t);
    const k = this.qTail++;
    const i = k & this.qMask;
    this.qUnits[i] = u;
    this.qAlloc[i] = take;
    this.qNeed[i] = short;
    this.qQuote[i] = quote;
    this.qDay[i] = t;
    this.qIndex[i] = index;
    this.qOpen[i] = 1;
    this.qCheck[i] = 0;
    this.need += short;
    this.alloc += take;
    this.waiting += u;
    this.open++;
    if (counted) {
      raw[o + R_PLACED] += 1;
      raw[o + R_BO] += 1;
      this.daily[D_NEWBO * m.horizonDays + d] += 1;
    }
    this.scheduleCancel(p, k, t, quote, index);
  }

  private growQueue(p: number, t: number): void {
    const n = 2 * (this.qMask + 1);
    if (n > MAX_WAITING_LINES) throw backlogError(this.m.productIds[p], this.m.warmupDays, this.runIndex, t);
    const mask = n - 1;
    const units = new Float64Array(n);
    const alloc = new Float64Array(n);
    const need = new Float64Array(n);
    const quote = new Int32Array(n);
    const day = new Int32Array(n);
    const index = new Int32Array(n);
    const open = new Uint8Array(n);
    const check = new Uint8Array(n);
    for (let k = this.qHead; k < this.qTail; k++) {
      const a = k & this.qMask;
      const b = k & mask;
      units[b] = this.qUnits[a];
      alloc[b] = this.qAlloc[a];
      need[b] = this.qNeed[a];
      quote[b] = this.qQuote[a];
      day[b] = this.qDay[a];
      index[b] = this.qIndex[a];
      open[b] = this.qOpen[a];
      check[b] = this.qCheck[a];
    }
    this.qUnits = units;
    this.qAlloc = alloc;
    this.qNeed = need;
    this.qQuote = quote;
    this.qDay = day;
    this.qIndex = index;
    this.qOpen = open;
    this.qCheck = check;
    this.qMask = mask;
  }

  // ---------------------------------------------------------------- step 4: cancel

  /** Files a backordered order's first calendar event: its cancellation or the check after its quote (dayEvents.ts). */
  private scheduleCancel(p: number, k: number, t: number, quote: number, index: number): void {
    const ev = firstCancelEvent(this.prod, this.key, t, index, quote, this.m.totalDays);
    if (ev === NO_EVENT) return;
    this.qCheck[k & this.qMask] = ev & 1;
    this.cancels.add(ev >> 1, 0, k);
  }

  /**
   * The day after the quote, for an order still waiting. When it surely does not cancel within the
   * next RECHECK_DAYS, it is checked again then (most orders ship before); otherwise its
   * cancellation day is worked out — the day cancelDayAtCheck gives on the check day, as the
   * day-by-day engine does.
   */
  private cancelCheck(p: number, k: number, t: number, counted: boolean, d: number): void {
    const i = k & this.qMask;
    const T = this.m.totalDays;
    const until = t + RECHECK_DAYS < T ? t + RECHECK_DAYS : T;
    if (noCancelBefore(this.prod, this.key, this.qDay[i], this.qIndex[i], this.qQuote[i], until)) {
      if (until < T) this.cancels.add(until, 0, k);
      return;
    }
    this.qCheck[i] = 0;
    const day = cancelDayAtCheck(this.prod, this.key, this.qDay[i], this.qIndex[i], this.qQuote[i]);
    if (day <= t) this.cancelOrder(p, k, counted, d);
    else if (day < this.m.totalDays) this.cancels.add(day, 0, k);
  }

  private cancelOrder(p: number, k: number, counted: boolean, d: number): void {
    const i = k & this.qMask;
    const units = this.qUnits[i];
    const a = this.qAlloc[i];
    this.free += a;
    this.alloc -= a;
    this.need -= this.qNeed[i];
    this.waiting -= units;
    this.open--;
    this.qOpen[i] = 0;
    this.qNeed[i] = 0;
    if (counted) {
      const raw = this.raw;
      if (this.qDay[i] >= this.m.warmupDays) raw[p * RC + R_CANC] += 1;
      raw[p * RC + R_LCANC] += 1;
      raw[p * RC + R_UCANC] += units;
      this.daily[D_CANC * this.H + d] += 1;
    }
  }

  // ---------------------------------------------------------------- step 6: review

  private review(p: number, t: number, counted: boolean): void {
    const qty = reviewQuantity(this.prod, this.free + this.onOrder - this.need, t);
    if (qty <= 0) return;
    this.onOrder += placeOrders(this.m, this.rr, this.pipe, counted ? this.raw : null, p, t, qty, this.need, this.parts);
    this.nextArrival = this.pipe.day[this.pipe.head];
  }
}
