/**
 * One simulated run (docs/model.md §2, the day's event order). For each day t = 0 … W+H−1:
 *   1. receive replenishments due today;
 *   2. allocate free stock to waiting lines, oldest first; ready orders ship (or join the capacity queue);
 *   3. customer orders arrive and take stock, or are backordered or lost;
 *   (capacity-limited fulfilment ships the queue oldest first here)
 *   4. cancellations fall due;
 *   5. end-of-day state and costs are recorded (after warm-up only);
 *   6. on review days the policy orders.
 * Steps 1–3 run for every product before step 4, so multi-line orders see every product's stock.
 *
 * Customer orders are entities with lines across products, but only orders that cannot ship at once
 * become entities: an order filled from stock with unlimited capacity ships on the spot. Demand-side
 * randomness never depends on the stock: order counts, a day's total units and basket lines come
 * from per-product streams and are drawn whatever the stock; each order's size (given the total),
 * patience and cancellation times are keyed uniforms addressed by (day, order number), drawn only
 * when needed. So
 * scenarios that differ only in how the shop responds see the same customers (common random numbers).
 */
import type { CompiledModel } from "./compile.ts";
import { BackorderCode } from "./compile.ts";
import { PATIENCE_TABLE_DAYS, patienceBelowAt } from "./compile.ts";
import { sampleInt, sampleIntTable, type CompiledDist } from "./dists.ts";
import { DayBuckets } from "./dayBuckets.ts";
import { cancelDayAtCheck, countServedInBulk, countShippedLine, firstCancelEvent, NO_EVENT, received, receiveDue } from "./dayEvents.ts";
import { MinHeap } from "./heap.ts";
import { RAW, type RunOutput } from "./metrics.ts";
import { Pipeline } from "./pipeline.ts";
import { ProductSim, runsByProduct } from "./productSim.ts";
import { placeOrders, reviewQuantity } from "./replenish.ts";
import { nextReviewDay, QuoteBook } from "./quote.ts";
import { aleaNext, keyedUniform, type PRNG } from "./random.ts";
import { RunRandom } from "./runRandom.ts";
import { IntRing } from "./ring.ts";
import { backlogError, MAX_WAITING_LINES, SimulationLimitError } from "./limits.ts";
import { RAW_FIELDS } from "./metrics.ts";
import {
  RC,
  R_ATT,
  R_PLACED,
  R_BO,
  R_CANC,
  R_DEM,
  R_STOCK,
  R_SHIP,
  R_LOST,
  R_UCANC,
  R_LCANC,
  R_OHSUM,
  R_BOSUM,
  R_BLSUM,
  R_SODAYS,
  R_SPLIT,
  R_REV,
  R_HOLD,
  R_SHIPC,
  R_SURGE,
  R_PEN,
  R_OSHIP,
  D_ONHAND,
  D_BO,
  D_BACKLOG,
  D_NEWBO,
  D_CANC,
  D_LOST,
  D_REV,
  PD_N,
  PD_ONHAND,
  PD_BO,
} from "./slots.ts";
import { conditionalSize, sampleUnitSum } from "./unitSums.ts";

const LINE_OPEN = 0;
const LINE_CLOSED = 1;

/** Line status while an arriving order is sorted out. */
const ST_FILLED = 0;
const ST_BACKORDERED = 1;
const ST_REJECTED = 2;

class Sim {
  readonly m: CompiledModel;
  readonly P: number;
  // Per-product state.
  readonly free: Float64Array; // on hand, not reserved
  readonly alloc: Float64Array; // on hand, reserved for accepted lines not yet shipped
  readonly need: Float64Array; // backordered units: accepted, no stock reserved yet
  readonly waiting: Float64Array; // all units of accepted lines not yet shipped
  readonly onOrder: Float64Array;
  readonly openLines: Float64Array;
  readonly lostToday: Float64Array;
  readonly simple: Uint8Array;
  /** Units still to come in each block of today's orders (see customersArrive). */
  blockLeft = new Float64Array(4);
  readonly pipes: Pipeline[];
  /** Earliest arrival day in each product's pipeline (Infinity: none), so the day loop needs no pipeline lookup. */
  readonly nextArrival: Float64Array;
  /** Each product's next review day. */
  readonly nextReview: Float64Array;
  readonly rings: IntRing[];
  readonly books: QuoteBook[];
  readonly rr: RunRandom;
  /** A split order's parts, one per supplier. */
  readonly parts: Float64Array;
  /** The run's stream states (rr.state): demand streams are slots 0 … P−1, advanced in place by `du`. */
  readonly streamState: Float64Array;
  readonly demandRng: PRNG[];
  readonly customerKey: Uint32Array;
  readonly basketRng: PRNG[];
  readonly leadRng: PRNG[][];
  // Order and line pools (struct of arrays, free lists).
  oSeq = new Float64Array(64);
  oDay = new Int32Array(64);
  oFirst = new Int32Array(64);
  oPending = new Int32Array(64);
  oOpen = new Int32Array(64);
  oShipments = new Int32Array(64);
  oInHeap = new Uint8Array(64);
  /** Customer of a backordered order: home product, order number within its day, latest quote. */
  oHome = new Int32Array(64);
  oIndex = new Int32Array(64);
  oMaxQuote = new Int32Array(64);
  /** 1 while the order's calendar entry is the day-after-quote check rather than its cancellation. */
  oCheck = new Uint8Array(64);
  oFree = new Int32Array(64);
  oFreeN = 0;
  oCap = 0;
  lOrder = new Int32Array(64);
  lProduct = new Int32Array(64);
  lUnits = new Float64Array(64);
  lAlloc = new Float64Array(64);
  lNeed = new Float64Array(64);
  lQuote = new Int32Array(64);
  lDay = new Int32Array(64);
  lNext = new Int32Array(64);
  lState = new Uint8Array(64);
  lInRing = new Uint8Array(64);
  lBackordered = new Uint8Array(64);
  lFree = new Int32Array(64);
  lFreeN = 0;
  lCap = 0;
  seq = 0;
  openOrders = 0;
  /** For messages: the run and day being simulated. */
  runIndex = 0;
  today = 0;
  readonly cancels: DayBuckets;
  readonly shipHeap = new MinHeap();
  // Scratch for one arriving order.
  readonly sProd: Int32Array;
  readonly sUnits: Float64Array;
  readonly sTake: Float64Array;
  readonly sNeed: Float64Array;
  readonly sQuote: Int32Array;
  readonly sStatus: Uint8Array;
  readonly chosen: Uint8Array;
  // Run-level.
  out!: RunOutput;
  raw!: Float64Array;
  capLimited: boolean;

  constructor(m: CompiledModel) {
    this.m = m;
    const P = (this.P = m.nProducts);
    this.free = new Float64Array(P);
    this.alloc = new Float64Array(P);
    this.need = new Float64Array(P);
    this.waiting = new Float64Array(P);
    this.onOrder = new Float64Array(P);
    this.openLines = new Float64Array(P);
    this.lostToday = new Float64Array(P);
    this.capLimited = Number.isFinite(m.capacityOrdersPerDay);
    this.simple = Uint8Array.from(m.products, (p) =>
      p.unitsConstant === 1 && !m.basketExtraLines && !this.capLimited ? 1 : 0,
    );
    const rr = (this.rr = new RunRandom(m));
    this.streamState = rr.state;
    this.demandRng = rr.demandRng;
    this.customerKey = rr.customerKey;
    this.basketRng = rr.basketRng;
    this.leadRng = rr.leadRng;
    this.parts = new Float64Array(Math.max(1, ...m.products.map((p) => p.shares.length)));
    this.pipes = m.products.map(() => new Pipeline());
    this.nextArrival = new Float64Array(P);
    this.nextReview = new Float64Array(P);
    this.rings = m.products.map(() => new IntRing());
    this.books = m.products.map(() => new QuoteBook());
    this.sProd = new Int32Array(P);
    this.sUnits = new Float64Array(P);
    this.sTake = new Float64Array(P);
    this.sNeed = new Float64Array(P);
    this.sQuote = new Int32Array(P);
    this.sStatus = new Uint8Array(P);
    this.chosen = new Uint8Array(P);
    this.cancels = new DayBuckets(m.totalDays);
  }

  // ---------------------------------------------------------------- pools

  private newOrder(): number {
    if (this.oFreeN > 0) return this.oFree[--this.oFreeN];
    if (this.oCap === this.oSeq.length) this.growOrders();
    return this.oCap++;
  }

  private growOrders(): void {
    const n = this.oSeq.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.oSeq = g(this.oSeq, new Float64Array(n));
    this.oDay = g(this.oDay, new Int32Array(n));
    this.oFirst = g(this.oFirst, new Int32Array(n));
    this.oPending = g(this.oPending, new Int32Array(n));
    this.oOpen = g(this.oOpen, new Int32Array(n));
    this.oShipments = g(this.oShipments, new Int32Array(n));
    this.oInHeap = g(this.oInHeap, new Uint8Array(n));
    this.oHome = g(this.oHome, new Int32Array(n));
    this.oIndex = g(this.oIndex, new Int32Array(n));
    this.oMaxQuote = g(this.oMaxQuote, new Int32Array(n));
    this.oCheck = g(this.oCheck, new Uint8Array(n));
    this.oFree = g(this.oFree, new Int32Array(n));
  }

  private newLine(): number {
    if (this.lFreeN > 0) return this.lFree[--this.lFreeN];
    if (this.lCap === this.lOrder.length) this.growLines();
    return this.lCap++;
  }

  private growLines(): void {
    const n = this.lOrder.length * 2;
    if (n > MAX_WAITING_LINES) {
      let p = 0;
      for (let q = 1; q < this.P; q++) if (this.openLines[q] > this.openLines[p]) p = q;
      throw backlogError(this.m.productIds[p], this.m.warmupDays, this.runIndex, this.today);
    }
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.lOrder = g(this.lOrder, new Int32Array(n));
    this.lProduct = g(this.lProduct, new Int32Array(n));
    this.lUnits = g(this.lUnits, new Float64Array(n));
    this.lAlloc = g(this.lAlloc, new Float64Array(n));
    this.lNeed = g(this.lNeed, new Float64Array(n));
    this.lQuote = g(this.lQuote, new Int32Array(n));
    this.lDay = g(this.lDay, new Int32Array(n));
    this.lNext = g(this.lNext, new Int32Array(n));
    this.lState = g(this.lState, new Uint8Array(n));
    this.lInRing = g(this.lInRing, new Uint8Array(n));
    this.lBackordered = g(this.lBackordered, new Uint8Array(n));
    this.lFree = g(this.lFree, new Int32Array(n));
  }

  private freeLine(l: number): void {
    this.lFree[this.lFreeN++] = l;
  }

  /** Frees an order whose lines are all shipped or cancelled; lines still in a waiting ring are freed when the ring drops them. */
  private closeOrder(o: number): void {
    for (let l = this.oFirst[o]; l >= 0; ) {
      const next = this.lNext[l];
      this.lOrder[l] = -1;
      if (!this.lInRing[l]) this.freeLine(l);
      l = next;
    }
    this.oSeq[o] = -1;
    this.oFree[this.oFreeN++] = o;
    this.openOrders--;
  }

  // ---------------------------------------------------------------- run

  reset(runIndex: number): void {
    const m = this.m;
    this.runIndex = runIndex;
    this.free.fill(0);
    this.alloc.fill(0);
    this.need.fill(0);
    this.waiting.fill(0);
    this.onOrder.fill(0);
    this.openLines.fill(0);
    this.lostToday.fill(0);
    for (let p = 0; p < this.P; p++) {
      this.free[p] = m.products[p].initialOnHand;
      this.pipes[p].clear();
      this.nextArrival[p] = Infinity;
      this.nextReview[p] = 0;
      this.rings[p].clear();
      this.books[p].builtDay = -1;
    }
    this.oFreeN = 0;
    this.oCap = 0;
    this.lFreeN = 0;
    this.lCap = 0;
    this.seq = 0;
    this.openOrders = 0;
    this.clearQueues();
    this.rr.reset(runIndex);
  }

  private clearQueues(): void {
    this.cancels.clear();
    this.shipHeap.clear();
  }

  run(runIndex: number, out: RunOutput): void {
    this.out = out;
    this.raw = out.raw;
    out.raw.fill(0);
    out.daily.fill(0);
    out.productDaily.fill(0);
    out.waitHist.fill(0);
    this.reset(runIndex);
    // The day is its own method: a loop inside one long function would be optimised on-stack and
    // thrown away at the end of every run.
    const T = this.m.totalDays;
    const W = this.m.warmupDays;
    for (let t = 0; t < T; t++) {
      if (t === W) this.recordStart();
      this.day(t);
    }
    this.recordEnd();
  }

  private day(t: number): void {
    const m = this.m;
    const P = this.P;
    this.today = t;
    const counted = t >= m.warmupDays;
    const d = t - m.warmupDays;

    // Steps 1–3, product by product.
    const free = this.free;
    const need = this.need;
    const nextArrival = this.nextArrival;
    for (let p = 0; p < P; p++) {
      if (nextArrival[p] <= t) this.receive(p, t, counted);
      if (need[p] > 0 && free[p] > 0) this.allocate(p, t, counted);
      const n = this.rr.orderCount(p, t);
      if (n === 0) continue;
      if (this.simple[p]) this.unitOrders(p, n, t, counted, d);
      else this.customersArrive(p, n, t, counted);
    }

    if (this.capLimited) this.shipQueue(t, counted);

    // Step 4: cancellations.
    const cal = this.cancels;
    for (let e = cal.take(t); e >= 0; ) {
      const o = cal.slot[e];
      const stale = this.oSeq[o] !== cal.seq[e];
      const next = cal.next[e];
      cal.release(e);
      e = next;
      if (stale) continue;
      if (this.oCheck[o]) this.cancelCheck(o, t, counted, d);
      else this.cancelOrder(o, counted, d);
    }

    // Step 5 (record) and step 6 (review).
    const products = m.products;
    const nextReview = this.nextReview;
    for (let p = 0; p < P; p++) {
      if (counted) this.record(p, d);
      this.lostToday[p] = 0;
      if (nextReview[p] === t) {
        nextReview[p] = t + products[p].reviewPeriodDays;
        this.review(p, t, counted);
      }
    }
    if (counted) this.out.daily[D_BACKLOG * m.horizonDays + d] = this.openOrders;
  }

  /** The next uniform of product p's demand stream. */
  private du(p: number): number {
    return aleaNext(this.streamState, p << 2);
  }

  /** n single-unit, single-line orders: served in bulk while stock lasts, the rest one by one. */
  private unitOrders(p: number, n: number, t: number, counted: boolean, d: number): void {
    const m = this.m;
    const prod = m.products[p];
    const raw = this.raw;
    const H = m.horizonDays;
    const f = this.free[p];
    const take = n <= f ? n : f;
    this.free[p] = f - take;
    if (counted && take > 0) countServedInBulk(this.m, this.out, p, take, take, d);
    const rest = n - take;
    if (rest === 0) return;
    if (prod.backorders === BackorderCode.Deny) {
      this.lostToday[p] += rest;
      if (counted) {
        const o = p * RC;
        raw[o + R_ATT] += rest;
        raw[o + R_DEM] += rest;
        raw[o + R_LOST] += rest;
        raw[o + R_PEN] += prod.lostSaleCost * rest;
        this.out.daily[D_LOST * H + d] += rest;
      }
      return;
    }
    for (let i = 0; i < rest; i++) {
      this.sProd[0] = p;
      this.sUnits[0] = 1;
      this.orderArrives(1, p, take + i, t, counted);
    }
  }

  /** Step 5 for product p on counted day d. */
  private record(p: number, d: number): void {
    const prod = this.m.products[p];
    const H = this.m.horizonDays;
    const raw = this.raw;
    const daily = this.out.daily;
    const o = p * RC;
    const f = this.free[p];
    const bo = this.need[p];
    raw[o + R_OHSUM] += f;
    raw[o + R_BOSUM] += bo;
    raw[o + R_BLSUM] += this.openLines[p];
    raw[o + R_HOLD] += prod.holdingCostPerUnitDay * (f + this.alloc[p]);
    if (bo > 0) raw[o + R_PEN] += prod.backorderCostPerUnitDay * bo;
    if (bo > 0 || this.lostToday[p] > 0) raw[o + R_SODAYS] += 1;
    daily[D_ONHAND * H + d] += f;
    daily[D_BO * H + d] += bo;
    const pd = p * PD_N * H + d;
    this.out.productDaily[pd + PD_ONHAND * H] = f;
    this.out.productDaily[pd + PD_BO * H] = bo;
  }

  private recordStart(): void {
    const raw = this.raw;
    for (let p = 0; p < this.P; p++) {
      const o = p * RC;
      raw[o + RAW.startingOnHand] = this.free[p];
      raw[o + RAW.startingAllocated] = this.alloc[p];
      raw[o + RAW.startingOnOrder] = this.onOrder[p];
      raw[o + RAW.startingWaitingUnits] = this.waiting[p];
      raw[o + RAW.startingOpenOrders] = this.openLines[p];
    }
  }

  private recordEnd(): void {
    const raw = this.raw;
    for (let p = 0; p < this.P; p++) {
      const o = p * RC;
      raw[o + RAW.endingOnHand] = this.free[p];
      raw[o + RAW.endingAllocated] = this.alloc[p];
      raw[o + RAW.endingOnOrder] = this.onOrder[p];
      raw[o + RAW.endingWaitingUnits] = this.waiting[p];
      raw[o + RAW.endingOpenOrders] = this.openLines[p];
      raw[o + RAW.days] = this.m.horizonDays;
    }
  }

  // ---------------------------------------------------------------- step 1: receive

  private receive(p: number, t: number, counted: boolean): void {
    const pipe = this.pipes[p];
    receiveDue(pipe, p, t, counted ? this.raw : null);
    this.onOrder[p] -= received.ordered;
    this.free[p] += received.delivered;
    this.nextArrival[p] = pipe.len > 0 ? pipe.day[pipe.head] : Infinity;
  }

  // ---------------------------------------------------------------- step 2: allocate

  private allocate(p: number, t: number, counted: boolean): void {
    const ring = this.rings[p];
    while (this.free[p] > 0 && ring.size > 0) {
      const l = ring.peek();
      if (this.lState[l] === LINE_CLOSED) {
        ring.shift();
        this.lInRing[l] = 0;
        if (this.lOrder[l] < 0) this.freeLine(l);
        continue;
      }
      const f = this.free[p];
      const want = this.lNeed[l];
      const a = want <= f ? want : f;
      this.lNeed[l] = want - a;
      this.lAlloc[l] += a;
      this.free[p] = f - a;
      this.alloc[p] += a;
      this.need[p] -= a;
      if (this.lNeed[l] === 0) {
        ring.shift();
        this.lInRing[l] = 0;
        const ord = this.lOrder[l];
        this.oPending[ord]--;
        if (this.oPending[ord] === 0 || this.m.splitShipments) this.dispatch(ord, t, counted);
      }
    }
  }

  /** A ready order (or, with split shipments, an order with ready lines) ships now or joins the capacity queue. */
  private dispatch(o: number, t: number, counted: boolean): void {
    if (this.capLimited) {
      if (!this.oInHeap[o]) {
        this.oInHeap[o] = 1;
        this.shipHeap.push(this.oSeq[o], o, this.oSeq[o]);
      }
    } else {
      this.shipOrder(o, t, counted);
    }
  }

  /** Ships every ready line of the order as one shipment; returns the product charged for it, or −1. */
  private shipOrder(o: number, t: number, counted: boolean): number {
    const whole = this.oPending[o] === 0;
    if (!whole && !this.m.splitShipments) return -1;
    let first = -1;
    for (let l = this.oFirst[o]; l >= 0; l = this.lNext[l]) {
      if (this.lState[l] !== LINE_OPEN || this.lNeed[l] > 0) continue;
      if (first < 0) first = this.lProduct[l];
      this.shipLine(l, t, counted);
    }
    if (first < 0) return -1;
    this.oShipments[o]++;
    if (counted) {
      const raw = this.raw;
      raw[first * RC + R_SHIPC] += this.m.shippingCostPerShipment;
      if (this.oShipments[o] > 1) raw[first * RC + R_SPLIT] += 1;
    }
    if (this.oOpen[o] === 0) this.closeOrder(o);
    return first;
  }

  private shipLine(l: number, t: number, counted: boolean): void {
    const q = this.lProduct[l];
    const units = this.lUnits[l];
    this.lState[l] = LINE_CLOSED;
    this.alloc[q] -= units;
    this.waiting[q] -= units;
    this.openLines[q]--;
    this.oOpen[this.lOrder[l]]--;
    if (counted) countShippedLine(this.m, this.out, q, units, t, this.lBackordered[l] === 1, this.lDay[l], this.lQuote[l]);
  }

  /** Capacity-limited fulfilment: ship queued orders oldest first up to today's capacity (plus surge). */
  private shipQueue(t: number, counted: boolean): void {
    const m = this.m;
    const base = m.capacityOrdersPerDay;
    const surge = m.surgeExtraOrdersPerDay > 0 && this.openOrders > m.surgeWhenBacklogOrdersAbove;
    const cap = surge ? base + m.surgeExtraOrdersPerDay : base;
    const heap = this.shipHeap;
    let shipped = 0;
    while (heap.size > 0 && shipped < cap) {
      heap.pop();
      const o = heap.poppedSlot;
      if (this.oSeq[o] !== heap.poppedSeq) continue;
      this.oInHeap[o] = 0;
      const charged = this.shipOrder(o, t, counted);
      if (charged < 0) continue;
      shipped++;
      if (shipped > base && counted) this.raw[charged * RC + R_SURGE] += m.surgeCostPerOrder;
    }
  }

  // ---------------------------------------------------------------- step 3: customers

  /**
   * Orders that need per-order draws (units, basket lines) or entities (capacity). Single-line orders
   * that stock covers are served inline; the rest go through `orderArrives`.
   */
  private customersArrive(p: number, n: number, t: number, counted: boolean): void {
    const m = this.m;
    const prod = m.products[p];
    const extra = m.basketExtraLines;
    const inline = !this.capLimited && extra === null;
    const fixedUnits = prod.unitsConstant;
    let f = this.free[p];
    if (inline && fixedUnits !== 0 && n * fixedUnits <= f) {
      this.free[p] = f - n * fixedUnits;
      if (counted) countServedInBulk(this.m, this.out, p, n, n * fixedUnits, t - m.warmupDays);
      return;
    }
    // Random sizes: the day's total first, each order's size only if it is needed. The orders come
    // in blocks of at most R (the table's largest count), one uniform per block for its total.
    const sums = prod.unitSums;
    const R = sums !== null ? sums.maxOrders : 0;
    const blocks = R === 0 ? 0 : n <= R ? 1 : Math.ceil(n / R);
    if (blocks > 0) {
      if (blocks > this.blockLeft.length) this.blockLeft = new Float64Array(2 * blocks);
      let total = 0;
      for (let b = 0; b < blocks; b++) {
        const x = sampleUnitSum(sums!, b < blocks - 1 ? R : n - R * (blocks - 1), this.du(p));
        this.blockLeft[b] = x;
        total += x;
      }
      if (inline && total <= f) {
        this.free[p] = f - total;
        if (counted) countServedInBulk(this.m, this.out, p, n, total, t - m.warmupDays);
        return;
      }
    }
    const tab = prod.unitsTable;
    const key = this.customerKey[p];
    let servedOrders = 0;
    let servedUnits = 0;
    for (let i = 0; i < n; i++) {
      let u = fixedUnits;
      if (u === 0) {
        if (blocks > 0) {
          // Order i is one of `rest` orders still to come in its block, which demand blockLeft[b].
          const b = (i / R) | 0;
          const rest = (b < blocks - 1 ? R : n - R * (blocks - 1)) - (i - b * R);
          u = conditionalSize(sums!, rest, this.blockLeft[b], keyedUniform(key, t, i, 3));
          this.blockLeft[b] -= u;
        } else u = tab !== null ? sampleIntTable(tab, this.du(p)) : sampleInt(prod.units, this.demandRng[p], 1);
      }
      if (inline && u <= f) {
        f -= u;
        servedOrders++;
        servedUnits += u;
        continue;
      }
      this.sProd[0] = p;
      this.sUnits[0] = u;
      const lines = extra !== null ? this.basketLines(p, extra, this.basketRng[p]) : 1;
      if (lines === 1 && !this.capLimited && u <= f) {
        f -= u;
        servedOrders++;
        servedUnits += u;
        continue;
      }
      this.free[p] = f;
      this.orderArrives(lines, p, i, t, counted);
      f = this.free[p];
    }
    this.free[p] = f;
    if (counted && servedOrders > 0) countServedInBulk(this.m, this.out, p, servedOrders, servedUnits, t - m.warmupDays);
  }

  /** Adds extra lines for other products, picked in proportion to their demand; returns the line count. */
  private basketLines(home: number, extra: CompiledDist, rng: PRNG): number {
    const P = this.P;
    const tab = this.m.basketExtraTable;
    let k = tab !== null ? sampleIntTable(tab, rng()) : sampleInt(extra, rng, 0);
    if (k > P - 1) k = P - 1;
    if (k === 0) return 1;
    const cum = this.m.basketCumWeights;
    const total = cum[P - 1];
    const chosen = this.chosen;
    chosen[home] = 1;
    let lines = 1;
    for (let j = 0; j < k; j++) {
      // Rejection keeps lines distinct; a bounded number of tries keeps the draw count state-free.
      for (let tries = 0; tries < 16; tries++) {
        const x = rng() * total;
        let lo = 0;
        let hi = P - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cum[mid] > x) hi = mid;
          else lo = mid + 1;
        }
        if (chosen[lo]) continue;
        chosen[lo] = 1;
        const q = this.m.products[lo];
        this.sProd[lines] = lo;
        this.sUnits[lines] = q.unitsConstant || (q.unitsTable !== null ? sampleIntTable(q.unitsTable, rng()) : sampleInt(q.units, rng, 1));
        lines++;
        break;
      }
    }
    for (let j = 0; j < lines; j++) chosen[this.sProd[j]] = 0;
    return lines;
  }

  /**
   * Restock-date quote for a short line of product q (docs/model.md §4): the expected restock day
   * plus the product's quote buffer. Everything downstream — the cap, the customer's patience, the
   * late-cancel hazard and the promise kept — works from this quoted day.
   */
  private quoteFor(q: number, short: number, t: number): number {
    const prod = this.m.products[q];
    const book = this.books[q];
    if (book.builtDay !== t) book.build(this.pipes[q], t);
    return book.quote(this.need[q] + short, t, nextReviewDay(t, prod.reviewPeriodDays) + prod.quoteLeadDays) + prod.quoteBufferDays;
  }

  /**
   * An order with lines sProd/sUnits[0 … nLines) arrives. Each line takes what stock there is; a short
   * line is backordered (reserving what it took) or, when denied, capped or balked, loses its shortfall
   * while the available part is sold.
   */
  private orderArrives(nLines: number, home: number, orderIndex: number, t: number, counted: boolean): void {
    const m = this.m;
    const homeProd = m.products[home];
    // Customer attributes are keyed by (day, order number), drawn only when a line is short.
    let patienceU = -1;
    const raw = this.raw;
    const H = m.horizonDays;
    const d = t - m.warmupDays;
    let accepted = 0;
    let backordered = 0;
    let maxQuote = t;
    for (let j = 0; j < nLines; j++) {
      const q = this.sProd[j];
      const u = this.sUnits[j];
      const prod = m.products[q];
      const f = this.free[q];
      const take = u <= f ? u : f;
      const short = u - take;
      this.free[q] = f - take;
      if (counted) {
        raw[q * RC + R_ATT] += 1;
        raw[q * RC + R_DEM] += u;
        raw[q * RC + R_STOCK] += take;
      }
      this.sTake[j] = take;
      this.sNeed[j] = 0;
      if (short === 0) {
        this.sStatus[j] = ST_FILLED;
        accepted++;
        continue;
      }
      let lost = prod.backorders === BackorderCode.Deny;
      let quote = t;
      if (!lost) {
        quote = this.quoteFor(q, short, t);
        const wait = quote - t;
        if (prod.backorders === BackorderCode.Cap && (wait > prod.maxQuotedWaitDays || this.need[q] + short > prod.maxBacklogUnits)) lost = true;
        else if (homeProd.patienceBelow !== null) {
          // Walks away when patience < wait, i.e. when the customer's uniform < P(patience < wait).
          if (patienceU < 0) patienceU = keyedUniform(this.customerKey[home], t, orderIndex, 0);
          const below = wait < PATIENCE_TABLE_DAYS ? homeProd.patienceBelow[wait] : patienceBelowAt(homeProd.patienceDist!, wait);
          if (patienceU < below) lost = true;
        }
      }
      if (lost) {
        this.lostToday[q] += short;
        if (counted) {
          raw[q * RC + R_LOST] += short;
          raw[q * RC + R_PEN] += prod.lostSaleCost * short;
          this.out.daily[D_LOST * H + d] += short;
        }
        this.sUnits[j] = take;
        if (take > 0) {
          this.sStatus[j] = ST_FILLED;
          accepted++;
        } else {
          this.sStatus[j] = ST_REJECTED;
        }
        continue;
      }
      this.sStatus[j] = ST_BACKORDERED;
      this.sNeed[j] = short;
      this.sQuote[j] = quote;
      this.need[q] += short;
      if (quote > maxQuote) maxQuote = quote;
      accepted++;
      backordered++;
    }
    if (accepted === 0) return;

    if (backordered === 0 && !this.capLimited) {
      // Everything is in stock and capacity is unlimited: one shipment, no entity.
      let first = -1;
      for (let j = 0; j < nLines; j++) {
        if (this.sStatus[j] !== ST_FILLED) continue;
        const q = this.sProd[j];
        const u = this.sUnits[j];
        if (first < 0) first = q;
        if (counted) {
          const o = q * RC;
          const rev = m.products[q].price * u;
          raw[o + R_PLACED] += 1;
          raw[o + R_SHIP] += u;
          raw[o + R_OSHIP] += 1;
          raw[o + R_REV] += rev;
          this.out.daily[D_REV * H + d] += rev;
        }
      }
      if (counted) raw[first * RC + R_SHIPC] += m.shippingCostPerShipment;
      return;
    }

    const o = this.newOrder();
    const seq = ++this.seq;
    this.oSeq[o] = seq;
    this.oDay[o] = t;
    this.oPending[o] = backordered;
    this.oOpen[o] = accepted;
    this.oShipments[o] = 0;
    this.oInHeap[o] = 0;
    this.openOrders++;
    let prev = -1;
    for (let j = 0; j < nLines; j++) {
      const st = this.sStatus[j];
      if (st === ST_REJECTED) continue;
      const q = this.sProd[j];
      const l = this.newLine();
      if (prev < 0) this.oFirst[o] = l;
      else this.lNext[prev] = l;
      prev = l;
      const units = this.sUnits[j];
      const take = this.sTake[j];
      this.lOrder[l] = o;
      this.lProduct[l] = q;
      this.lUnits[l] = units;
      this.lAlloc[l] = take;
      this.lNeed[l] = this.sNeed[j];
      this.lQuote[l] = st === ST_BACKORDERED ? this.sQuote[j] : t;
      this.lDay[l] = t;
      this.lState[l] = LINE_OPEN;
      this.lBackordered[l] = st === ST_BACKORDERED ? 1 : 0;
      this.lInRing[l] = 0;
      this.alloc[q] += take;
      this.waiting[q] += units;
      this.openLines[q]++;
      if (st === ST_BACKORDERED) {
        this.rings[q].push(l);
        this.lInRing[l] = 1;
      }
      if (counted) {
        raw[q * RC + R_PLACED] += 1;
        if (st === ST_BACKORDERED) raw[q * RC + R_BO] += 1;
      }
    }
    this.lNext[prev] = -1;

    if (backordered > 0) {
      if (counted) this.out.daily[D_NEWBO * H + d] += 1;
      this.oHome[o] = home;
      this.oIndex[o] = orderIndex;
      this.oMaxQuote[o] = maxQuote;
      this.oCheck[o] = 0;
      this.scheduleCancel(o, seq, t);
    }
    if (this.oPending[o] === 0 || (m.splitShipments && this.oOpen[o] > backordered)) this.dispatch(o, t, counted);
  }

  // ---------------------------------------------------------------- step 4: cancel

  /** Files a backordered order's first calendar event: its cancellation or the check after its quote (dayEvents.ts). */
  private scheduleCancel(o: number, seq: number, t: number): void {
    const home = this.oHome[o];
    const ev = firstCancelEvent(this.m.products[home], this.customerKey[home], t, this.oIndex[o], this.oMaxQuote[o], this.m.totalDays);
    if (ev === NO_EVENT) return;
    this.oCheck[o] = ev & 1;
    this.cancels.add(ev >> 1, o, seq);
  }

  /** The day after the quote, for an order still waiting: its cancellation day is now worked out. */
  private cancelCheck(o: number, t: number, counted: boolean, d: number): void {
    this.oCheck[o] = 0;
    const home = this.oHome[o];
    const day = cancelDayAtCheck(this.m.products[home], this.customerKey[home], this.oDay[o], this.oIndex[o], this.oMaxQuote[o]);
    if (day <= t) this.cancelOrder(o, counted, d);
    else if (day < this.m.totalDays) this.cancels.add(day, o, this.oSeq[o]);
  }

  private cancelOrder(o: number, counted: boolean, d: number): void {
    const raw = this.raw;
    for (let l = this.oFirst[o]; l >= 0; l = this.lNext[l]) {
      if (this.lState[l] !== LINE_OPEN) continue;
      const q = this.lProduct[l];
      const units = this.lUnits[l];
      const a = this.lAlloc[l];
      this.free[q] += a;
      this.alloc[q] -= a;
      this.need[q] -= this.lNeed[l];
      this.waiting[q] -= units;
      this.openLines[q]--;
      this.lState[l] = LINE_CLOSED;
      this.lNeed[l] = 0;
      if (counted) {
        // A rate's numerator counts only lines its denominator counts: lines backordered on a
        // counted day. Lines held with them, and warm-up backorders, close here all the same.
        if (this.lBackordered[l] === 1 && this.lDay[l] >= this.m.warmupDays) raw[q * RC + R_CANC] += 1;
        raw[q * RC + R_LCANC] += 1;
        raw[q * RC + R_UCANC] += units;
      }
    }
    this.oOpen[o] = 0;
    if (counted) this.out.daily[D_CANC * this.m.horizonDays + d] += 1;
    this.closeOrder(o);
  }

  // ---------------------------------------------------------------- step 6: review

  private review(p: number, t: number, counted: boolean): void {
    const qty = reviewQuantity(this.m.products[p], this.free[p] + this.onOrder[p] - this.need[p], t);
    if (qty <= 0) return;
    const pipe = this.pipes[p];
    this.onOrder[p] += placeOrders(this.m, this.rr, pipe, counted ? this.raw : null, p, t, qty, this.need[p], this.parts);
    this.nextArrival[p] = pipe.day[pipe.head];
  }

}

/**
 * A run must end with finite figures (docs/model.md §3.3): the ranges keep arithmetic far from
 * overflow, and should it happen anyway, the run fails naming the product and the figure.
 */
function checkFinite(m: CompiledModel, runIndex: number, raw: Float64Array): void {
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i];
    if (x - x === 0) continue; // finite
    const p = Math.floor(i / RAW_FIELDS.length);
    throw new SimulationLimitError(
      `run ${runIndex + 1}: product ${JSON.stringify(m.productIds[p])}'s ${RAW_FIELDS[i % RAW_FIELDS.length]} is ${x} (arithmetic overflow); lower its prices, costs or order sizes`,
    );
  }
}

const sims = new WeakMap<CompiledModel, { run(runIndex: number, out: RunOutput): void }>();

/**
 * Simulates run `runIndex` of a compiled scenario and overwrites every field of `out`
 * (`createRunOutput(model.nProducts, model.horizonDays)`). The result depends only on the model and
 * the run index. Working memory is kept per model and reused, so a worker can run many runs without
 * allocating per day. Scenarios whose orders never span products and whose shipping capacity is
 * unlimited run product by product (productSim.ts), with the same output.
 */
export function simulateRun(model: CompiledModel, runIndex: number, out: RunOutput): void {
  let sim = sims.get(model);
  if (!sim) {
    sim = runsByProduct(model) ? new ProductSim(model) : new Sim(model);
    sims.set(model, sim);
  }
  sim.run(runIndex, out);
  checkFinite(model, runIndex, out.raw);
}

const daySims = new WeakMap<CompiledModel, Sim>();

/** simulateRun day by day, every product each day, whatever the scenario (the general engine). */
export function simulateRunByDay(model: CompiledModel, runIndex: number, out: RunOutput): void {
  let sim = daySims.get(model);
  if (!sim) {
    sim = new Sim(model);
    daySims.set(model, sim);
  }
  sim.run(runIndex, out);
  checkFinite(model, runIndex, out.raw);
}
