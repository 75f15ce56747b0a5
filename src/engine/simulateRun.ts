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
 * The day-major driver of the ledger (ledger.ts): each product's state, waiting lines and steps are
 * its ledger's, as in the product-major driver (productSim.ts); this file adds what couples
 * products — customer orders with lines for several products (baskets), held until they ship, and
 * shared shipping capacity.
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
import { sampleInt, sampleIntTable, type CompiledDist } from "./dists.ts";
import { DayBuckets } from "./dayBuckets.ts";
import { cancelDayAtCheck, firstCancelEvent, NO_EVENT } from "./dayEvents.ts";
import { grown } from "./grow.ts";
import { MinHeap } from "./heap.ts";
import { BACKORDERED, FILLED, Ledger, type LineKeeper } from "./ledger.ts";
import type { RunOutput } from "./metrics.ts";
import { ProductSim, runsByProduct } from "./productSim.ts";
import type { PRNG } from "./random.ts";
import { RunRandom } from "./runRandom.ts";
import { backlogError, MAX_WAITING_LINES, SimulationLimitError } from "./limits.ts";
import { RAW_FIELDS } from "./metrics.ts";
import { RC, R_SPLIT, R_SHIPC, R_SURGE, D_BACKLOG, D_NEWBO, D_CANC } from "./slots.ts";

const LINE_OPEN = 0;
const LINE_CLOSED = 1;

class Sim implements LineKeeper {
  readonly m: CompiledModel;
  readonly P: number;
  /** Each product's ledger: its state, pipeline and waiting lines. */
  readonly led: Ledger[];
  readonly rr: RunRandom;
  readonly basketRng: PRNG[];
  readonly capLimited: boolean;
  // Order and line pools (struct of arrays, free lists). A line waiting for stock is also line lK
  // of its product's ledger (−1 once it has all its units, or when it never waited).
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
  /** Units reserved from stock for a line that is not waiting in its ledger. */
  lAlloc = new Float64Array(64);
  lQuote = new Int32Array(64);
  lDay = new Int32Array(64);
  lNext = new Int32Array(64);
  lK = new Int32Array(64);
  lState = new Uint8Array(64);
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
  readonly sQuote: Int32Array;
  readonly sStatus: Uint8Array;
  readonly chosen: Uint8Array;
  // Run-level.
  out!: RunOutput;
  raw!: Float64Array;

  constructor(m: CompiledModel) {
    this.m = m;
    const P = (this.P = m.nProducts);
    this.capLimited = Number.isFinite(m.capacityOrdersPerDay);
    const rr = (this.rr = new RunRandom(m));
    this.basketRng = rr.basketRng;
    const parts = new Float64Array(Math.max(1, ...m.products.map((p) => p.shares.length)));
    this.led = m.products.map(() => new Ledger(m, rr, this, parts, !runsByProduct(m), 16));
    this.sProd = new Int32Array(P);
    this.sUnits = new Float64Array(P);
    this.sTake = new Float64Array(P);
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
    this.oSeq = grown(this.oSeq);
    this.oDay = grown(this.oDay);
    this.oFirst = grown(this.oFirst);
    this.oPending = grown(this.oPending);
    this.oOpen = grown(this.oOpen);
    this.oShipments = grown(this.oShipments);
    this.oInHeap = grown(this.oInHeap);
    this.oHome = grown(this.oHome);
    this.oIndex = grown(this.oIndex);
    this.oMaxQuote = grown(this.oMaxQuote);
    this.oCheck = grown(this.oCheck);
    this.oFree = grown(this.oFree);
  }

  private newLine(): number {
    if (this.lFreeN > 0) return this.lFree[--this.lFreeN];
    if (this.lCap === this.lOrder.length) this.growLines();
    return this.lCap++;
  }

  private growLines(): void {
    if (this.lOrder.length * 2 > MAX_WAITING_LINES) {
      let p = 0;
      for (let q = 1; q < this.P; q++) if (this.led[q].open > this.led[p].open) p = q;
      throw backlogError(this.m.productIds[p], this.m.warmupDays, this.runIndex, this.today);
    }
    this.lOrder = grown(this.lOrder);
    this.lProduct = grown(this.lProduct);
    this.lUnits = grown(this.lUnits);
    this.lAlloc = grown(this.lAlloc);
    this.lQuote = grown(this.lQuote);
    this.lDay = grown(this.lDay);
    this.lNext = grown(this.lNext);
    this.lK = grown(this.lK);
    this.lState = grown(this.lState);
    this.lBackordered = grown(this.lBackordered);
    this.lFree = grown(this.lFree);
  }

  /** A new order placed on day t with `open` accepted lines, `pending` of them waiting for stock; returns its slot. */
  private openOrder(t: number, pending: number, open: number): number {
    const o = this.newOrder();
    this.oSeq[o] = ++this.seq;
    this.oDay[o] = t;
    this.oPending[o] = pending;
    this.oOpen[o] = open;
    this.oShipments[o] = 0;
    this.oInHeap[o] = 0;
    this.openOrders++;
    return o;
  }

  /** Adds a line of product q to order o after line `prev` (−1: first); k is its number in q's ledger when it waits for stock, else −1. */
  private addLine(o: number, prev: number, q: number, units: number, reserved: number, quote: number, day: number, k: number): number {
    const l = this.newLine();
    if (prev < 0) this.oFirst[o] = l;
    else this.lNext[prev] = l;
    this.lNext[l] = -1;
    this.lOrder[l] = o;
    this.lProduct[l] = q;
    this.lUnits[l] = units;
    this.lAlloc[l] = reserved;
    this.lQuote[l] = quote;
    this.lDay[l] = day;
    this.lState[l] = LINE_OPEN;
    this.lBackordered[l] = k >= 0 ? 1 : 0;
    this.lK[l] = k;
    if (k >= 0) {
      const L = this.led[q];
      L.qTag[k & L.qMask] = l;
    }
    return l;
  }

  /** Frees an order whose lines are all shipped or cancelled. */
  private closeOrder(o: number): void {
    for (let l = this.oFirst[o]; l >= 0;) {
      const next = this.lNext[l];
      this.lFree[this.lFreeN++] = l;
      l = next;
    }
    this.oSeq[o] = -1;
    this.oFree[this.oFreeN++] = o;
    this.openOrders--;
  }

  // ---------------------------------------------------------------- run

  reset(runIndex: number): void {
    this.runIndex = runIndex;
    this.rr.reset(runIndex);
    for (let p = 0; p < this.P; p++) this.led[p].start(p, runIndex, this.out);
    this.oFreeN = 0;
    this.oCap = 0;
    this.lFreeN = 0;
    this.lCap = 0;
    this.seq = 0;
    this.openOrders = 0;
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
      if (t === W) for (let p = 0; p < this.P; p++) this.led[p].recordStart();
      this.day(t);
    }
    for (let p = 0; p < this.P; p++) this.led[p].recordEnd();
  }

  private day(t: number): void {
    const m = this.m;
    const P = this.P;
    const led = this.led;
    this.today = t;
    const counted = t >= m.warmupDays;
    const d = t - m.warmupDays;

    // Steps 1–3, product by product.
    for (let p = 0; p < P; p++) {
      const L = led[p];
      if (L.nextArrival <= t) L.receive(t, counted);
      if (L.need > 0 && L.free > 0) this.allocate(L, t, counted);
      const n = this.rr.orderCount(p, t);
      if (n === 0) continue;
      L.dayOrders(n, t, counted, d);
    }

    if (this.capLimited) this.shipQueue(t, counted);

    // Step 4: cancellations.
    const cal = this.cancels;
    for (let e = cal.take(t); e >= 0;) {
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
    for (let p = 0; p < P; p++) {
      const L = led[p];
      if (counted) L.record(d);
      L.lostToday = 0;
      if (L.nextReview === t) {
        L.nextReview = t + L.prod.reviewPeriodDays;
        L.review(t, counted);
      }
    }
    if (counted) this.out.daily[D_BACKLOG * m.horizonDays + d] = this.openOrders;
  }

  // ---------------------------------------------------------------- step 2: allocate

  /** Free stock goes to the product's waiting lines, oldest first; an order whose lines all have their units ships. */
  private allocate(L: Ledger, t: number, counted: boolean): void {
    for (let k = L.fillNext(); k >= 0; k = L.fillNext()) {
      const i = k & L.qMask;
      const l = L.qTag[i];
      this.lK[l] = -1;
      this.lAlloc[l] = L.qAlloc[i];
      const ord = this.lOrder[l];
      this.oPending[ord]--;
      if (this.oPending[ord] === 0 || this.m.splitShipments) this.dispatch(ord, t, counted);
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
      if (this.lState[l] !== LINE_OPEN || this.lK[l] >= 0) continue;
      if (first < 0) first = this.lProduct[l];
      this.lState[l] = LINE_CLOSED;
      this.oOpen[o]--;
      this.led[this.lProduct[l]].shipLine(this.lUnits[l], t, counted, this.lBackordered[l] === 1, this.lDay[l], this.lQuote[l]);
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
   * When orders couple products (ledger.ts `ordersOneByOne`): the `index`-th order of day t of L's
   * product, u units, draws its basket lines; a single line stock covers ships at once when
   * capacity is unlimited (true: the ledger counts it in bulk), the others go through `orderArrives`.
   */
  coupledOrder(L: Ledger, u: number, index: number, t: number, counted: boolean, d: number): boolean {
    const p = L.p;
    const extra = this.m.basketExtraLines;
    this.sProd[0] = p;
    this.sUnits[0] = u;
    const lines = extra !== null ? this.basketLines(p, extra, this.basketRng[p]) : 1;
    if (lines === 1 && !this.capLimited && u <= L.free) {
      L.free -= u;
      return true;
    }
    this.orderArrives(lines, p, index, t, counted, d);
    return false;
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
   * An order with lines sProd/sUnits[0 … nLines) arrives. Each line goes through its product's
   * ledger (taken from stock, backordered or lost; the home product's customer decides patience).
   * An order with nothing backordered ships at once when capacity is unlimited; any other becomes an
   * order entity whose lines ship when all have their units (or as they do, with split shipments).
   */
  private orderArrives(nLines: number, home: number, orderIndex: number, t: number, counted: boolean, d: number): void {
    const m = this.m;
    const homeL = this.led[home];
    let accepted = 0;
    let backordered = 0;
    let maxQuote = t;
    for (let j = 0; j < nLines; j++) {
      const L = this.led[this.sProd[j]];
      const st = L.arrive(this.sUnits[j], t, counted, d, homeL, orderIndex);
      this.sStatus[j] = st;
      this.sTake[j] = L.took;
      if (st === FILLED) {
        this.sUnits[j] = L.took;
        accepted++;
      } else if (st === BACKORDERED) {
        this.sQuote[j] = L.quoted;
        if (L.quoted > maxQuote) maxQuote = L.quoted;
        accepted++;
        backordered++;
      }
    }
    if (accepted === 0) return;

    if (backordered === 0 && !this.capLimited) {
      // Everything is in stock and capacity is unlimited: one shipment, no entity.
      if (!counted) return;
      let first = -1;
      for (let j = 0; j < nLines; j++) {
        if (this.sStatus[j] !== FILLED) continue;
        const q = this.sProd[j];
        if (first < 0) first = q;
        this.led[q].shipNow(this.sUnits[j], d);
      }
      this.raw[first * RC + R_SHIPC] += m.shippingCostPerShipment;
      return;
    }

    const o = this.openOrder(t, backordered, accepted);
    let prev = -1;
    for (let j = 0; j < nLines; j++) {
      const st = this.sStatus[j];
      if (st === FILLED) {
        const L = this.led[this.sProd[j]];
        L.hold(this.sUnits[j], counted);
        prev = this.addLine(o, prev, L.p, this.sUnits[j], this.sTake[j], t, t, -1);
      } else if (st === BACKORDERED) {
        const L = this.led[this.sProd[j]];
        const k = L.enqueue(this.sUnits[j], this.sTake[j], this.sQuote[j], t, orderIndex, counted);
        prev = this.addLine(o, prev, L.p, this.sUnits[j], 0, this.sQuote[j], t, k);
      }
    }

    if (backordered > 0) this.waits(o, home, orderIndex, maxQuote, t, counted, d);
    if (this.oPending[o] === 0 || (m.splitShipments && this.oOpen[o] > backordered)) this.dispatch(o, t, counted);
  }

  /** A backordered single-line order of an uncoupled product (ledger.ts `orderArrives`): it becomes an order of one line. */
  backordered(L: Ledger, k: number, index: number, quote: number, t: number, counted: boolean, d: number): void {
    const o = this.openOrder(t, 1, 1);
    this.addLine(o, -1, L.p, L.qUnits[k & L.qMask], 0, quote, t, k);
    this.waits(o, L.p, index, quote, t, counted, d);
  }

  // ---------------------------------------------------------------- step 4: cancel

  /** Order o has lines waiting for stock: it counts as a new backorder and files its first calendar event (dayEvents.ts). */
  private waits(o: number, home: number, index: number, maxQuote: number, t: number, counted: boolean, d: number): void {
    if (counted) this.out.daily[D_NEWBO * this.m.horizonDays + d] += 1;
    this.oHome[o] = home;
    this.oIndex[o] = index;
    this.oMaxQuote[o] = maxQuote;
    this.oCheck[o] = 0;
    const ev = firstCancelEvent(this.m.products[home], this.rr.customerKey[home], t, index, maxQuote, this.m.totalDays);
    if (ev === NO_EVENT) return;
    this.oCheck[o] = ev & 1;
    this.cancels.add(ev >> 1, o, this.oSeq[o]);
  }

  /** The day after the quote, for an order still waiting: its cancellation day is now worked out. */
  private cancelCheck(o: number, t: number, counted: boolean, d: number): void {
    this.oCheck[o] = 0;
    const home = this.oHome[o];
    const day = cancelDayAtCheck(this.m.products[home], this.rr.customerKey[home], this.oDay[o], this.oIndex[o], this.oMaxQuote[o]);
    if (day <= t) this.cancelOrder(o, counted, d);
    else if (day < this.m.totalDays) this.cancels.add(day, o, this.oSeq[o]);
  }

  private cancelOrder(o: number, counted: boolean, d: number): void {
    const W = this.m.warmupDays;
    for (let l = this.oFirst[o]; l >= 0; l = this.lNext[l]) {
      if (this.lState[l] !== LINE_OPEN) continue;
      const L = this.led[this.lProduct[l]];
      const rated = this.lBackordered[l] === 1 && this.lDay[l] >= W;
      if (this.lK[l] >= 0) L.cancelQueued(this.lK[l], counted, rated);
      else L.release(this.lUnits[l], this.lAlloc[l], 0, counted, rated);
      this.lState[l] = LINE_CLOSED;
    }
    this.oOpen[o] = 0;
    if (counted) this.out.daily[D_CANC * this.m.horizonDays + d] += 1;
    this.closeOrder(o);
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
