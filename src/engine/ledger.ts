/**
 * One product's ledger for one run (docs/model.md §2): its stock and what is reserved, owed and on
 * order, its replenishment pipeline and restock-date quotes, and its waiting lines, with the steps of
 * the day that touch only this product: receive, allocate, a customer line arriving (taken from
 * stock, backordered or lost), ship, cancel, review and record. Both loop orders run their products
 * through it: the product-major driver (productSim.ts) one ledger reused product after product, the
 * day-major driver (simulateRun.ts) one ledger per product, adding only what couples products —
 * orders with lines for several products and shared shipping capacity. So both add every sum in the
 * same order, and their outputs agree bit for bit (tested).
 *
 * Waiting lines (accepted lines still short of stock) queue oldest first: line k (numbered from 0 in
 * the product's run) sits at k & qMask while qHead ≤ k < qTail. Allocation takes lines from the head;
 * a cancelled line stays, closed, until it reaches the head. `qTag` is the owner's handle of the line
 * (the day-major driver's order line; unused product by product).
 */
import type { CompiledModel, CompiledProduct } from "./compile.ts";
import { BackorderCode, PATIENCE_TABLE_DAYS, patienceBelowAt } from "./compile.ts";
import { countServedInBulk, countShippedLine, received, receiveDue } from "./dayEvents.ts";
import { sampleInt, sampleIntTable } from "./dists.ts";
import { grownRing } from "./grow.ts";
import { backlogError, MAX_WAITING_LINES } from "./limits.ts";
import { RAW, type RunOutput } from "./metrics.ts";
import { Pipeline } from "./pipeline.ts";
import { nextReviewDay, QuoteBook } from "./quote.ts";
import { aleaNext, keyedUniform } from "./random.ts";
import { placeOrders, reviewQuantity } from "./replenish.ts";
import type { RunRandom } from "./runRandom.ts";
import {
  D_LOST,
  D_ONHAND,
  D_BO,
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
  R_LCANC,
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
  RC,
} from "./slots.ts";
import { conditionalSize, sampleUnitSum } from "./unitSums.ts";

/** What became of an arriving line (`Ledger.arrive`). */
export const FILLED = 0;
export const BACKORDERED = 1;
export const REJECTED = 2;

/** The raw slots of the ledger's snapshots (`snapshot`): free, allocated, on order, waiting units, open lines. */
const STARTING = [RAW.startingOnHand, RAW.startingAllocated, RAW.startingOnOrder, RAW.startingWaitingUnits, RAW.startingOpenOrders] as const;
const ENDING = [RAW.endingOnHand, RAW.endingAllocated, RAW.endingOnOrder, RAW.endingWaitingUnits, RAW.endingOpenOrders] as const;

/** Who keeps a product's backordered single-line orders: files their cancellation (and, day by day, their order). */
export interface LineKeeper {
  /** Line k of ledger L, the `index`-th order of day t, was just queued, quoted `quote`. */
  backordered(L: Ledger, k: number, index: number, quote: number, t: number, counted: boolean, d: number): void;
  /**
   * When orders couple products: the `index`-th order of day t of ledger L's product, u units of it,
   * arrives; true when it shipped at once from L's free stock (the caller counts it in bulk).
   */
  coupledOrder(L: Ledger, u: number, index: number, t: number, counted: boolean, d: number): boolean;
}

export class Ledger {
  readonly m: CompiledModel;
  readonly rr: RunRandom;
  readonly keeper: LineKeeper;
  /** Whether orders couple products (baskets, limited shipping capacity): then every order goes to the keeper. */
  readonly coupled: boolean;
  /** Counted days (horizonDays). */
  readonly H: number;
  /** A split replenishment's parts, one per supplier (scratch shared by the run's ledgers). */
  readonly parts: Float64Array;
  /** The product, its index, its slot offset in raw, its customers' key (this run's). */
  prod!: CompiledProduct;
  p = 0;
  o = 0;
  key = 0;
  out!: RunOutput;
  raw!: Float64Array;
  daily!: Float64Array;
  /** For messages: the run being simulated. */
  runIndex = 0;
  /** On hand, not reserved. */
  free = 0;
  /** On hand, reserved for accepted lines not yet shipped. */
  alloc = 0;
  /** Backordered units: accepted, no stock reserved yet. */
  need = 0;
  /** All units of accepted lines not yet shipped. */
  waiting = 0;
  /** Units ordered from suppliers and not yet received (ordered, not what will be delivered). */
  onOrder = 0;
  /** Accepted lines not yet shipped. */
  open = 0;
  /** Units lost today (for the stockout-day count). */
  lostToday = 0;
  /** Earliest arrival day in the pipeline (Infinity: none). */
  nextArrival = Infinity;
  nextReview = 0;
  readonly pipe = new Pipeline();
  readonly book = new QuoteBook();
  /** From `arrive`: the units the line took from stock, and its quote when backordered. */
  took = 0;
  quoted = 0;
  /** From `drawSize`: the order's units. */
  size = 0;
  /** Units still to come in each block of a day's orders (see `ordersOneByOne`). */
  blockLeft = new Float64Array(4);
  // Waiting lines (see the file's comment).
  qUnits: Float64Array;
  /** Units reserved from stock for the line. */
  qAlloc: Float64Array;
  /** Units the line still waits for with no stock reserved. */
  qNeed: Float64Array;
  qQuote: Int32Array;
  qDay: Int32Array;
  /** The line's order number within its day (the key of its customer's uniforms). */
  qIndex: Int32Array;
  qOpen: Uint8Array;
  /** 1 while the line's calendar entry is the day-after-quote check rather than its cancellation. */
  qCheck: Uint8Array;
  qTag: Int32Array;
  qMask: number;
  qHead = 0;
  qTail = 0;

  constructor(m: CompiledModel, rr: RunRandom, keeper: LineKeeper, parts: Float64Array, coupled: boolean, capacityPow2 = 64) {
    this.m = m;
    this.rr = rr;
    this.keeper = keeper;
    this.coupled = coupled;
    this.H = m.horizonDays;
    this.parts = parts;
    this.qUnits = new Float64Array(capacityPow2);
    this.qAlloc = new Float64Array(capacityPow2);
    this.qNeed = new Float64Array(capacityPow2);
    this.qQuote = new Int32Array(capacityPow2);
    this.qDay = new Int32Array(capacityPow2);
    this.qIndex = new Int32Array(capacityPow2);
    this.qOpen = new Uint8Array(capacityPow2);
    this.qCheck = new Uint8Array(capacityPow2);
    this.qTag = new Int32Array(capacityPow2);
    this.qMask = capacityPow2 - 1;
  }

  /** Starts product p's run `runIndex` (after rr.reset), writing into `out`. */
  start(p: number, runIndex: number, out: RunOutput): void {
    const prod = (this.prod = this.m.products[p]);
    this.p = p;
    this.o = p * RC;
    this.key = this.rr.customerKey[p];
    this.out = out;
    this.raw = out.raw;
    this.daily = out.daily;
    this.runIndex = runIndex;
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
  }

  // ---------------------------------------------------------------- step 1: receive

  receive(t: number, counted: boolean): void {
    const pipe = this.pipe;
    receiveDue(pipe, this.p, t, counted ? this.raw : null);
    this.onOrder -= received.ordered;
    this.free += received.delivered;
    this.nextArrival = pipe.len > 0 ? pipe.day[pipe.head] : Infinity;
  }

  // ---------------------------------------------------------------- step 2: allocate

  /**
   * Free stock goes to the waiting lines, oldest first, until a line has all its units — it leaves
   * the queue and its number k is returned, for the caller to ship or hold — or stock or lines run
   * out (−1).
   */
  fillNext(): number {
    const mask = this.qMask;
    while (this.free > 0 && this.qHead < this.qTail) {
      const k = this.qHead;
      const i = k & mask;
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
        this.qOpen[i] = 0;
        return k;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- step 3: customers

  /**
   * Today's n orders, the day's demand drawn from the stream now (the day-major driver's draws).
   * Orders that stock covers ship at once, counted in bulk; when orders couple products, each goes
   * to the keeper one by one.
   */
  dayOrders(n: number, t: number, counted: boolean, d: number): void {
    const fixedUnits = this.prod.unitsConstant;
    if (fixedUnits !== 0 && !this.coupled) {
      if (n * fixedUnits <= this.free) {
        this.free -= n * fixedUnits;
        if (counted) countServedInBulk(this.m, this.out, this.p, n, n * fixedUnits, d);
      } else this.fixedSizes(n, t, counted, d);
      return;
    }
    // Random sizes: the totals of blocks of at most R orders (the unit-sum table's largest count),
    // one uniform of the demand stream per block, before any order's size.
    const sums = this.prod.unitSums;
    const R = sums !== null ? sums.maxOrders : 0;
    const blocks = R === 0 ? 0 : n <= R ? 1 : Math.ceil(n / R);
    if (blocks > this.blockLeft.length) this.blockLeft = new Float64Array(2 * blocks);
    let total = 0;
    for (let b = 0; b < blocks; b++) {
      const x = sampleUnitSum(sums!, b < blocks - 1 ? R : n - R * (blocks - 1), aleaNext(this.rr.state, this.p << 2));
      this.blockLeft[b] = x;
      total += x;
    }
    if (blocks > 0 && !this.coupled && total <= this.free) {
      this.free -= total;
      if (counted) countServedInBulk(this.m, this.out, this.p, n, total, d);
      return;
    }
    this.ordersOneByOne(n, t, counted, d, blocks);
  }

  /**
   * The size of order i of today's n, into `size` (a field, not a return value: a double returned
   * from a call that is not inlined is boxed, and this runs for every order of a short day): the
   * product's fixed size, or with `blocks` > 0 drawn given the units still to come in its block
   * (blockLeft, which it then leaves), else drawn from the demand stream.
   */
  drawSize(i: number, n: number, t: number, blocks: number): void {
    const prod = this.prod;
    if (prod.unitsConstant !== 0) {
      this.size = prod.unitsConstant;
      return;
    }
    if (blocks > 0) {
      // Order i is one of `rest` orders still to come in its block, which demand blockLeft[b].
      const sums = prod.unitSums!;
      const R = sums.maxOrders;
      const b = (i / R) | 0;
      const rest = (b < blocks - 1 ? R : n - R * (blocks - 1)) - (i - b * R);
      const u = conditionalSize(sums, rest, this.blockLeft[b], keyedUniform(this.key, t, i, 3));
      this.blockLeft[b] -= u;
      this.size = u;
      return;
    }
    const tab = prod.unitsTable;
    this.size = tab !== null ? sampleIntTable(tab, aleaNext(this.rr.state, this.p << 2)) : sampleInt(prod.units, this.rr.demandRng[this.p], 1);
  }

  /**
   * Today's n orders one by one, in arrival order, sizes from `drawSize`. An order stock covers
   * ships at once (counted in bulk at the end); the others go to `orderArrives` — or, when orders
   * couple products, every order goes to the keeper (`coupledOrders`).
   */
  ordersOneByOne(n: number, t: number, counted: boolean, d: number, blocks: number): void {
    if (this.coupled) {
      this.coupledOrders(n, t, counted, d, blocks);
      return;
    }
    let f = this.free;
    let servedOrders = 0;
    let servedUnits = 0;
    for (let i = 0; i < n; i++) {
      this.drawSize(i, n, t, blocks);
      const u = this.size;
      if (u <= f) {
        f -= u;
        servedOrders++;
        servedUnits += u;
        continue;
      }
      this.free = f;
      this.orderArrives(u, i, t, counted, d);
      f = this.free;
    }
    this.free = f;
    if (counted && servedOrders > 0) countServedInBulk(this.m, this.out, this.p, servedOrders, servedUnits, d);
  }

  /** `ordersOneByOne` when orders couple products: each order goes to the keeper, which says whether it shipped from stock at once. */
  private coupledOrders(n: number, t: number, counted: boolean, d: number, blocks: number): void {
    let servedOrders = 0;
    let servedUnits = 0;
    for (let i = 0; i < n; i++) {
      this.drawSize(i, n, t, blocks);
      const u = this.size;
      if (this.keeper.coupledOrder(this, u, i, t, counted, d)) {
        servedOrders++;
        servedUnits += u;
      }
    }
    if (counted && servedOrders > 0) countServedInBulk(this.m, this.out, this.p, servedOrders, servedUnits, d);
  }

  /** n orders of the product's fixed size, more than stock covers: the orders stock covers, then the rest one by one. */
  fixedSizes(n: number, t: number, counted: boolean, d: number): void {
    const fixedUnits = this.prod.unitsConstant;
    if (fixedUnits === 1) {
      this.unitOrders(n, t, counted, d);
      return;
    }
    // The covered ones are counted last.
    const served = Math.floor(this.free / fixedUnits);
    this.free -= served * fixedUnits;
    for (let i = served; i < n; i++) this.orderArrives(fixedUnits, i, t, counted, d);
    if (counted && served > 0) countServedInBulk(this.m, this.out, this.p, served, served * fixedUnits, d);
  }

  /** n single-unit orders, more than stock covers: served in bulk while stock lasts, the rest one by one (or all lost, when denied). */
  private unitOrders(n: number, t: number, counted: boolean, d: number): void {
    const take = this.free;
    this.free = 0;
    if (counted && take > 0) countServedInBulk(this.m, this.out, this.p, take, take, d);
    const rest = n - take;
    if (this.prod.backorders === BackorderCode.Deny) {
      if (counted) {
        this.raw[this.o + R_ATT] += rest;
        this.raw[this.o + R_DEM] += rest;
      }
      this.lose(rest, counted, d);
      return;
    }
    // Order numbers are int32 keys (keyedUniform and qIndex take them so).
    for (let i = 0; i < rest; i++) this.orderArrives(1, (take + i) | 0, t, counted, d);
  }

  /**
   * A single-line order of u units that stock may not cover arrives (the `index`-th of the day): the
   * available part ships at once unless the shortfall is backordered, which queues the line and
   * hands it to the keeper.
   */
  orderArrives(u: number, index: number, t: number, counted: boolean, d: number): void {
    if (this.arrive(u, t, counted, d, this, index) !== BACKORDERED) {
      if (this.took > 0 && counted) {
        this.shipNow(this.took, d);
        this.raw[this.o + R_SHIPC] += this.m.shippingCostPerShipment;
      }
      return;
    }
    const quote = this.quoted;
    const k = this.enqueue(u, this.took, quote, t, index, counted);
    this.keeper.backordered(this, k, index, quote, t, counted, d);
  }

  /**
   * Restock-date quote for `short` more backordered units on day t (docs/model.md §4): the day the
   * units the pipeline will deliver cover every backordered unit, plus the product's quote buffer.
   */
  quote(short: number, t: number): number {
    const prod = this.prod;
    const book = this.book;
    if (book.builtDay !== t) book.build(this.pipe, t);
    return book.quote(this.need + short, t, nextReviewDay(t, prod.reviewPeriodDays) + prod.quoteLeadDays) + prod.quoteBufferDays;
  }

  /**
   * A line of u units arrives on day t, for order `index` of the day of a customer of the product
   * whose ledger is `home` (its customers' patience and keys decide). It takes what stock there is (`took`); a short
   * line is backordered — the shortfall added to `need`, the quote in `quoted` — or, when denied,
   * capped or balked, loses its shortfall, the available part (if any) filled.
   */
  arrive(u: number, t: number, counted: boolean, d: number, home: Ledger, index: number): number {
    const prod = this.prod;
    const f = this.free;
    const take = u <= f ? u : f;
    const short = u - take;
    this.free = f - take;
    this.took = take;
    if (counted) {
      const raw = this.raw;
      raw[this.o + R_ATT] += 1;
      raw[this.o + R_DEM] += u;
      raw[this.o + R_STOCK] += take;
    }
    if (short === 0) return FILLED;
    let lost = prod.backorders === BackorderCode.Deny;
    let quote = t;
    if (!lost) {
      quote = this.quote(short, t);
      const wait = quote - t;
      if (prod.backorders === BackorderCode.Cap && (wait > prod.maxQuotedWaitDays || this.need + short > prod.maxBacklogUnits)) lost = true;
      else if (home.walksAway(wait, t, index)) lost = true;
    }
    if (lost) {
      this.lose(short, counted, d);
      return take > 0 ? FILLED : REJECTED;
    }
    this.need += short;
    this.quoted = quote;
    return BACKORDERED;
  }

  /**
   * Whether this product's customer placing order `index` on day t walks away from a quoted wait of
   * `wait` days: when patience < wait, i.e. when the customer's uniform < P(patience < wait).
   */
  walksAway(wait: number, t: number, index: number): boolean {
    const prod = this.prod;
    if (prod.patienceBelow === null) return false;
    const below = wait < PATIENCE_TABLE_DAYS ? prod.patienceBelow[wait] : patienceBelowAt(prod.patienceDist!, wait);
    return keyedUniform(this.key, t, index, 0) < below;
  }

  /** `units` lost sales today. */
  lose(units: number, counted: boolean, d: number): void {
    this.lostToday += units;
    if (!counted) return;
    const raw = this.raw;
    raw[this.o + R_LOST] += units;
    raw[this.o + R_PEN] += this.prod.lostSaleCost * units;
    this.daily[D_LOST * this.H + d] += units;
  }

  /** Counts an accepted line of `units` from stock that ships on arrival (counted day d); the shipment's cost is the caller's. */
  shipNow(units: number, d: number): void {
    const raw = this.raw;
    const o = this.o;
    const rev = this.prod.price * units;
    raw[o + R_PLACED] += 1;
    raw[o + R_SHIP] += units;
    raw[o + R_OSHIP] += 1;
    raw[o + R_REV] += rev;
    this.daily[D_REV * this.H + d] += rev;
  }

  /** Queues a backordered line of u units (`take` reserved from stock, quoted `quote`); returns its number k. */
  enqueue(u: number, take: number, quote: number, t: number, index: number, counted: boolean): number {
    if (this.qTail - this.qHead > this.qMask) this.growQueue(t);
    const k = this.qTail++;
    const i = k & this.qMask;
    this.qUnits[i] = u;
    this.qAlloc[i] = take;
    this.qNeed[i] = u - take;
    this.qQuote[i] = quote;
    this.qDay[i] = t;
    this.qIndex[i] = index;
    this.qOpen[i] = 1;
    this.qCheck[i] = 0;
    this.qTag[i] = -1;
    this.alloc += take;
    this.waiting += u;
    this.open++;
    if (counted) {
      this.raw[this.o + R_PLACED] += 1;
      this.raw[this.o + R_BO] += 1;
    }
    return k;
  }

  /** An accepted line of `units` taken from stock that waits to ship (for its order's other lines or for capacity). */
  hold(units: number, counted: boolean): void {
    this.alloc += units;
    this.waiting += units;
    this.open++;
    if (counted) this.raw[this.o + R_PLACED] += 1;
  }

  private growQueue(t: number): void {
    const n = 2 * (this.qMask + 1);
    if (n > MAX_WAITING_LINES) throw backlogError(this.m.productIds[this.p], this.m.warmupDays, this.runIndex, t);
    const h = this.qHead;
    const len = this.qTail - h;
    const mask = this.qMask;
    this.qUnits = grownRing(this.qUnits, h, len, mask, n);
    this.qAlloc = grownRing(this.qAlloc, h, len, mask, n);
    this.qNeed = grownRing(this.qNeed, h, len, mask, n);
    this.qQuote = grownRing(this.qQuote, h, len, mask, n);
    this.qDay = grownRing(this.qDay, h, len, mask, n);
    this.qIndex = grownRing(this.qIndex, h, len, mask, n);
    this.qOpen = grownRing(this.qOpen, h, len, mask, n);
    this.qCheck = grownRing(this.qCheck, h, len, mask, n);
    this.qTag = grownRing(this.qTag, h, len, mask, n);
    // Line k now sits at k & (n − 1): grownRing put the head at its place in the larger ring.
    this.qMask = n - 1;
  }

  // ---------------------------------------------------------------- ship and cancel

  /** An accepted line of `units` ships on day t; a backordered one (placed on `day`, quoted `quote`) counts its wait. */
  shipLine(units: number, t: number, counted: boolean, backordered: boolean, day: number, quote: number): void {
    this.alloc -= units;
    this.waiting -= units;
    this.open--;
    if (counted) countShippedLine(this.m, this.out, this.p, units, t, backordered, day, quote);
  }

  /** Waiting line k is cancelled; `rated`: it counts in the cancellation rate (backordered on a counted day). */
  cancelQueued(k: number, counted: boolean, rated: boolean): void {
    const i = k & this.qMask;
    const need = this.qNeed[i];
    this.qOpen[i] = 0;
    this.qNeed[i] = 0;
    this.release(this.qUnits[i], this.qAlloc[i], need, counted, rated);
  }

  /**
   * An accepted line of `units` is cancelled: its `reserved` units go back to free stock and its
   * `short` units are no longer owed. A rate's numerator counts only lines its denominator counts
   * (`rated`: backordered on a counted day); lines held with them, and warm-up backorders, close
   * here all the same.
   */
  release(units: number, reserved: number, short: number, counted: boolean, rated: boolean): void {
    this.free += reserved;
    this.alloc -= reserved;
    this.need -= short;
    this.waiting -= units;
    this.open--;
    if (!counted) return;
    const raw = this.raw;
    if (rated) raw[this.o + R_CANC] += 1;
    raw[this.o + R_LCANC] += 1;
    raw[this.o + R_UCANC] += units;
  }

  // ---------------------------------------------------------------- steps 5 and 6: record, review

  /** Step 5 on counted day d (the day-major driver's; the product-major one keeps these sums in locals). */
  record(d: number): void {
    const prod = this.prod;
    const H = this.H;
    const raw = this.raw;
    const daily = this.daily;
    const o = this.o;
    const f = this.free;
    const bo = this.need;
    raw[o + R_OHSUM] += f;
    raw[o + R_BOSUM] += bo;
    raw[o + R_BLSUM] += this.open;
    raw[o + R_HOLD] += prod.holdingCostPerUnitDay * (f + this.alloc);
    if (bo > 0) raw[o + R_PEN] += prod.backorderCostPerUnitDay * bo;
    if (bo > 0 || this.lostToday > 0) raw[o + R_SODAYS] += 1;
    daily[D_ONHAND * H + d] += f;
    daily[D_BO * H + d] += bo;
    const pd = this.p * PD_N * H + d;
    this.out.productDaily[pd + PD_ONHAND * H] = f;
    this.out.productDaily[pd + PD_BO * H] = bo;
  }

  /** The ledger at the end of warm-up. */
  recordStart(): void {
    this.snapshot(STARTING);
  }

  /** The ledger after the last day. */
  recordEnd(): void {
    this.snapshot(ENDING);
    this.raw[this.o + RAW.days] = this.H;
  }

  private snapshot(at: readonly number[]): void {
    const raw = this.raw;
    const o = this.o;
    raw[o + at[0]] = this.free;
    raw[o + at[1]] = this.alloc;
    raw[o + at[2]] = this.onOrder;
    raw[o + at[3]] = this.waiting;
    raw[o + at[4]] = this.open;
  }

  /**
   * Step 6 on a review day: the policy sees the inventory position — free stock plus units on order
   * (ordered, whether or not they will all be delivered) minus units owed — and may order.
   */
  review(t: number, counted: boolean): void {
    const qty = reviewQuantity(this.prod, this.free + this.onOrder - this.need, t);
    if (qty <= 0) return;
    const pipe = this.pipe;
    this.onOrder += placeOrders(this.m, this.rr, pipe, counted ? this.raw : null, this.p, t, qty, this.need, this.parts);
    this.nextArrival = pipe.day[pipe.head];
  }
}
