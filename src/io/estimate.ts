/**
 * How much work a scenario asks for, before it runs: product-days, customer order lines, the
 * backlog a run may hold, seconds and memory, and whether that is too much to start. The speed and
 * memory figures are rough models kept in WORK_MODEL, measured with `npm run bench` and on extreme
 * scenarios (test/io/estimate.test.ts checks them against measured runs); they need the right order
 * of magnitude, and they err on the side of the larger figure.
 */
import { distMean, distRange } from "../engine/dists.ts";
import { COUNT_COUNT, DAILY_SERIES, METRIC_COUNT, PRODUCT_DAILY_SERIES, RAW_COUNT } from "../engine/metrics.ts";
import type { Demand, Product, Scenario, Supplier } from "../engine/scenario.ts";
import { MAX_WAITING_LINES } from "../engine/limits.ts";
import { sourcingSupplierIds, withSourcingKind } from "../engine/sourcing.ts";
import { policyKindOf } from "../engine/kinds/policy/index.ts";
import { formatCount } from "../format/number.ts";

/** Share of the worst-case backorder backlog (every line waiting a full lead time) counted as expected. */
const BACKLOG_SHARE = 0.1;

export const WORK_MODEL = {
  /** Simulated product-days per second per worker (update from `npm run bench`). */
  productDaysPerSecondPerWorker: 3_000_000,
  /**
   * Order lines of random size of products without baskets or capacity limit, per second per worker:
   * a day's first few dozen lines come as one drawn total (about 60 M a second in the benchmark);
   * beyond `sizedLinesPerDraw` a day, lines cost a draw each in blocks (measured 4 M a second at 10,000 a day).
   */
  orderLinesPerSecondPerWorker: 4_000_000,
  sizedLinesPerDraw: 50,
  /** Lines of multi-product orders or under a shipping capacity, each an entity (measured 0.5–4.7 M a second). */
  entityLinesPerSecondPerWorker: 2_000_000,
  /** Single-unit lines of products served in bulk (no baskets, no capacity limit): measured 300 M a second. */
  bulkLinesPerSecondPerWorker: 100_000_000,
  /**
   * Folding a run into the accumulators, per counted product-day (the per-product daily series are
   * exact sums): about 1 µs, measured on 5,000 products (1.7 s a run with 2 workers besides the
   * engine) and on the benchmark through the command line (1,000 runs of 100 products in 36–72 s).
   */
  foldSecondsPerProductDay: 1e-6,
  /** Compiling a scenario, per product-day, in every worker (measured 2.4 µs: 5 s for 5,000 products over 425 days). */
  compileSecondsPerProductDay: 2.5e-6,
  /** Tabulating one possible order size (a uniform order size of 0–1,000,000 units compiled in 40 ms). */
  compileSecondsPerSizeValue: 2e-7,
  /** Summarising and writing one product's results (measured about 6 ms a product). */
  summarySecondsPerProduct: 0.006,
  /** Beyond this an interactive run is refused (seconds). */
  maxSeconds: 15 * 60,
  /**
   * Beyond this a run is refused (bytes): a browser tab or a modest batch machine. The command line
   * raises it to 60 % of the machine's memory (`memoryLimitBytes`), never lowers it.
   */
  maxBytes: 2_500_000_000,
  /** A metric's quantile sketch keeps this many values exactly, then switches to buckets. */
  sketchExactValues: 512,
  /** Bytes of a bucketed sketch (log buckets in a Map) and fixed overhead per sketch. */
  sketchBucketBytes: 4_000,
  sketchOverheadBytes: 200,
  /** Bytes of one exact-sum cell (a double, a slot for overflow partials, a special-value double). */
  sumCellBytes: 32,
  /** Runs kept whole for drill-down (src/analysis/runSample.ts SAMPLE_SIZE). */
  sampledRuns: 256,
  /** Engine state per product per worker: pipeline, waiting orders, random streams, day-total tables (at most 64 KB). */
  productStateBytes: 2_048 + 65_536,
  /** Compiled tables per product and day per worker: expected orders (4), the count's median (4), its probability and CDF (16), safety-stock targets and curves (40). */
  compiledBytesPerProductDay: 64,
  /** One order line waiting (for stock or for shipping capacity): its order and line records, queue and calendar entries, with the pools' growth by doubling (measured 150–350). */
  waitingLineBytes: 250,
  /** Expected customer orders a day of one product, after every multiplier, beyond which a run is refused. */
  maxDailyOrders: 10_000_000,
} as const;

export interface WorkEstimate {
  productDays: number;
  /** Customer order lines a run handles, on average (basket lines included). */
  orderLines: number;
  /** Order lines that may wait at once, at most (for stock or shipping capacity). */
  waitingLines: number;
  seconds: number;
  bytes: number;
  tooBig: boolean;
  message?: string;
}

export interface EstimateOptions {
  runs?: number;
  horizonDays?: number;
  workers?: number;
  /**
   * Product-days per second this machine was measured to simulate (all workers together), to use
   * instead of WORK_MODEL's per-worker guess; the message then says the speed was measured.
   */
  measuredProductDaysPerSecond?: number;
  /** Memory a run may use; at least WORK_MODEL.maxBytes (the command line passes a share of the machine's memory). */
  memoryLimitBytes?: number;
}

/** Expected orders a day of one product: the mean over the run and the largest day, after multipliers. */
export function demandScale(d: Demand, horizonDays: number, warmupDays: number): { mean: number; peak: number } {
  const T = horizonDays + warmupDays;
  const avg = (xs: readonly number[] | undefined) => (xs && xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 1);
  const top = (xs: readonly number[] | undefined) => (xs && xs.length ? Math.max(...xs) : 1);
  let mean = d.ordersPerDay * avg(d.weekly) * avg(d.monthly);
  let peak = d.ordersPerDay * top(d.weekly) * top(d.monthly);
  const g = Math.log1p(d.trendPerYear ?? 0);
  if (g !== 0) {
    // (1 + trend)^(t'/365) for t' from −warm-up to the horizon: its mean and its largest value.
    const a = (-warmupDays * g) / 365;
    const b = (horizonDays * g) / 365;
    mean *= Math.abs(b - a) < 1e-9 ? Math.exp(a) : (Math.exp(b) - Math.exp(a)) / (b - a);
    peak *= Math.exp(Math.max(a, b));
  }
  let scheduledAvg = 1;
  let scheduledTop = 1;
  for (const s of d.shocks ?? []) {
    if ("startDay" in s) {
      const days = Math.max(0, Math.min(horizonDays, s.startDay + s.durationDays) - Math.max(-warmupDays, s.startDay));
      scheduledAvg += ((s.multiplier - 1) * days) / T;
      scheduledTop *= Math.max(1, s.multiplier);
    } else {
      const m = distMean(s.multiplier);
      const dur = Math.max(1, distMean(s.durationDays));
      const share = (s.probabilityPerDay * dur) / (1 + s.probabilityPerDay * dur);
      mean *= 1 + share * (m - 1);
      if (s.probabilityPerDay > 0) peak *= Math.max(1, distRange(s.multiplier, 1e-6)[1]);
    }
  }
  return { mean: mean * Math.max(0, scheduledAvg), peak: peak * scheduledTop };
}

/** The longest a replenishment can take for a product: its suppliers' longest lead time plus an outage. */
function longestLead(p: Product, suppliers: Map<string, Supplier>): number {
  const ids = sourcingSupplierIds(withSourcingKind(p.sourcing, `products.${p.id}.sourcing`));
  let longest = 1;
  for (const id of ids) {
    const sup = suppliers.get(id);
    if (!sup) continue;
    const outage = sup.disruptions && sup.disruptions.probabilityPerDay > 0 ? distRange(sup.disruptions.durationDays, 1e-6)[1] : 0;
    longest = Math.max(longest, distRange(sup.leadTimeDays, 1e-6)[1] + outage);
  }
  return longest;
}

/**
 * A backlog that never catches up: a product whose customers wait as long as it takes (backorders
 * allowed, no patience limit, no cancellation), whose replenishment supplies at most its policy's
 * fixed level per lead time and review, and whose demand over that time is far above it. The lines
 * it leaves waiting are the demand beyond the level, over the lead time and review, or over the
 * whole run when no replenishment can arrive within it (the arrival rate of backordered lines ×
 * the days they wait). Optimistic on purpose (the shortest mean lead time, every unit delivered, no
 * outage), so what it refuses cannot fit.
 */
export interface StuckBacklog {
  id: string;
  ordersPerDay: number;
  unitsPerOrder: number;
  level: number;
  /** Days a replenishment takes at the soonest, review included. */
  supplyDays: number;
  /** Days the backlog grows: supplyDays, or the run's days when nothing can arrive within it. */
  growDays: number;
  lines: number;
}

function stuckBacklog(p: Product, ordersPerDay: number, days: number, suppliers: Map<string, Supplier>): StuckBacklog | null {
  if (p.backorders.mode !== "allow") return null;
  const c = p.customers;
  if (c?.willingToWaitDays !== undefined || (c?.cancelHazardPerDay ?? 0) > 0 || (c?.lateCancelHazardPerDay ?? 0) > 0) return null;
  const level = policyKindOf(p.policy).maxPosition(p.policy);
  if (level === null || !(ordersPerDay > 0)) return null;
  const ids = sourcingSupplierIds(withSourcingKind(p.sourcing, `products.${p.id}.sourcing`));
  let lead = Infinity;
  for (const id of ids) {
    const sup = suppliers.get(id);
    if (sup) lead = Math.min(lead, Math.max(0, distMean(sup.leadTimeDays)));
  }
  if (!Number.isFinite(lead)) return null;
  const supplyDays = lead + (p.policy.reviewPeriodDays ?? 1);
  const growDays = Math.min(days, supplyDays);
  const unitsPerOrder = Math.max(1, distMean(p.demand.unitsPerOrder));
  const short = ordersPerDay * unitsPerOrder * growDays - Math.max(0, level);
  if (!(short > 0)) return null;
  return { id: p.id, ordersPerDay, unitsPerOrder, level, supplyDays, growDays, lines: short / unitsPerOrder };
}

export function estimateWork(s: Scenario, opts: EstimateOptions = {}): WorkEstimate {
  const m = WORK_MODEL;
  const runs = opts.runs ?? s.runs;
  const horizon = opts.horizonDays ?? s.horizonDays;
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const memoryLimit = Math.max(m.maxBytes, opts.memoryLimitBytes ?? 0);
  const products = s.products.length;
  const days = horizon + s.warmupDays;
  const productDays = runs * days * products;
  const measured = opts.measuredProductDaysPerSecond;

  const suppliers = new Map(s.suppliers.map((x) => [x.id, x] as const));
  const extraLines = s.baskets ? Math.min(Math.max(0, distMean(s.baskets.extraLinesPerOrder)), products - 1) : 0;
  const capacity = s.fulfillment?.capacityOrdersPerDay;
  const limited = capacity !== undefined;
  let lines = 0; // order lines a run, all products
  let sizedLines = 0; // of those, of random size
  let entityLines = 0; // of those, lines of order entities (baskets, capacity)
  let ordersPerDay = 0;
  let waiting = 0;
  let backorderBound = 0;
  let busiest: { id: string; peak: number } | undefined;
  let stuck = 0; // order lines left waiting by backlogs that never catch up
  let worst: StuckBacklog | null = null;
  let sizeValues = 0; // order sizes tabulated when compiling (at most 200,000 a product)
  for (const p of s.products) {
    const { mean, peak } = demandScale(p.demand, horizon, s.warmupDays);
    if (!busiest || peak > busiest.peak) busiest = { id: p.id, peak };
    const perDay = mean * (1 + extraLines);
    ordersPerDay += mean;
    lines += perDay * days;
    const u = p.demand.unitsPerOrder;
    const [lo, hi] = distRange(u, 1e-12);
    sizeValues += Math.min(200_000, Math.max(1, hi - lo + 1));
    if (s.baskets || limited) entityLines += perDay * days;
    else if (!(u.kind === "fixed" && Math.max(1, Math.round(u.value)) === 1)) sizedLines += Math.max(0, perDay - m.sizedLinesPerDraw) * days;
    if (p.backorders.mode !== "deny") {
      // At worst every line waits from its order until a replenishment ordered at the next review arrives.
      const review = p.policy.reviewPeriodDays ?? 1;
      const buffer = "quoteBufferDays" in p.backorders ? (p.backorders.quoteBufferDays ?? 0) : 0;
      backorderBound += Math.min(days, longestLead(p, suppliers) + review + buffer + 1) * perDay;
      const st = stuckBacklog(p, mean, days, suppliers);
      if (st) {
        stuck += st.lines;
        if (!worst || st.lines > worst.lines) worst = st;
      }
    }
  }
  // A policy that keeps up leaves a fraction of that waiting; one that does not reaches the bound,
  // and the engine stops a run at MAX_WAITING_LINES (src/engine/limits.ts) with its own message.
  waiting += Math.max(BACKLOG_SHARE * backorderBound, stuck);
  let pileUp = 0;
  if (limited) {
    // Orders beyond the shipping capacity pile up for the rest of the run.
    const shipped = capacity + (s.fulfillment?.surge?.extraOrdersPerDay ?? 0);
    pileUp = Math.max(0, ordersPerDay - shipped) * days * (1 + extraLines);
    waiting += pileUp + ordersPerDay * (1 + extraLines);
  }
  waiting = Math.min(waiting, lines, MAX_WAITING_LINES);

  const perWorkerSeconds =
    (runs / workers) *
      ((days * products) / m.productDaysPerSecondPerWorker +
        horizon * products * m.foldSecondsPerProductDay +
        sizedLines / m.orderLinesPerSecondPerWorker +
        entityLines / m.entityLinesPerSecondPerWorker +
        (lines - sizedLines - entityLines) / m.bulkLinesPerSecondPerWorker) +
    days * products * m.compileSecondsPerProductDay +
    sizeValues * m.compileSecondsPerSizeValue;
  // A speed measured on this scenario here replaces the model's guess.
  const seconds = measured && measured > 0 ? productDays / measured : perWorkerSeconds + products * m.summarySecondsPerProduct;
  const bytes = memoryBytes(products, horizon, days, runs, workers) + workers * waiting * m.waitingLineBytes;
  const base = { productDays, orderLines: lines, waitingLines: waiting, seconds, bytes };

  const slow = seconds > m.maxSeconds;
  const big = bytes > memoryLimit;
  const flood = busiest !== undefined && busiest.peak > m.maxDailyOrders;
  const overflow = pileUp > MAX_WAITING_LINES;
  const neverCatchesUp = stuck > MAX_WAITING_LINES && worst !== null;
  if (!slow && !big && !flood && !overflow && !neverCatchesUp) return { ...base, tooBig: false };

  const size = `${span(days)} × ${formatCount(products)} product${products === 1 ? "" : "s"} × ${formatCount(runs)} run${runs === 1 ? "" : "s"} ≈ ${bigNumber(productDays)} product-days and ${bigNumber(lines * runs)} order lines`;
  const time =
    measured && measured > 0
      ? `about ${duration(seconds)} at the ${bigNumber(Math.round(measured))} product-days a second measured here`
      : `about ${duration(seconds)} of computing on ${workers} worker${workers === 1 ? "" : "s"}`;
  const parts = [`${size}, ${time}`];
  if (overflow)
    parts.push(
      `customers order about ${bigNumber(ordersPerDay)} orders a day and ${bigNumber(capacity! + (s.fulfillment?.surge?.extraOrdersPerDay ?? 0))} can be shipped, so about ${bigNumber(pileUp)} order lines would pile up (a run stops beyond ${bigNumber(MAX_WAITING_LINES)})`,
    );
  if (neverCatchesUp) {
    const w = worst!;
    const units = w.unitsPerOrder === 1 ? "" : ` of ${bigNumber(w.unitsPerOrder)} units`;
    const supply =
      w.growDays < w.supplyDays
        ? `no replenishment can arrive within the ${formatCount(days)} days simulated (lead time and review ${bigNumber(w.supplyDays)} days), so about ${bigNumber(w.ordersPerDay)} backordered lines a day × ${formatCount(days)} days`
        : `its policy keeps at most ${bigNumber(w.level)} units against ${bigNumber(w.ordersPerDay * w.unitsPerOrder * w.supplyDays)} demanded over its ${bigNumber(w.supplyDays)}-day lead time and review, so about ${bigNumber(w.ordersPerDay)} backordered lines a day × ${bigNumber(w.supplyDays)} days`;
    const others = stuck > w.lines * 1.001 ? ` (${bigNumber(stuck)} over every product)` : "";
    parts.push(
      `product ${JSON.stringify(w.id)}: customers order about ${bigNumber(w.ordersPerDay)} orders a day${units} and wait as long as it takes (backorders allowed, no patience limit, no cancellations), but supply cannot keep up: ${supply} ≈ ${bigNumber(w.lines)} order lines would wait at once${others} (a run stops beyond ${bigNumber(MAX_WAITING_LINES)})`,
    );
  }
  if (flood)
    parts.push(
      `product ${JSON.stringify(busiest!.id)} expects up to ${bigNumber(busiest!.peak)} orders a day after its multipliers (limit ${bigNumber(m.maxDailyOrders)})`,
    );
  if (big) {
    const backlog = waiting * m.waitingLineBytes * workers > bytes / 2 ? ` (up to ${bigNumber(waiting)} order lines waiting at once)` : "";
    parts.push(`it needs about ${gigabytes(bytes)} of memory${backlog} (limit about ${gigabytes(memoryLimit)})`);
  }
  const advice = flood
    ? "lower ordersPerDay or the multipliers"
    : overflow
      ? "raise capacityOrdersPerDay or the surge, or shorten the horizon"
      : neverCatchesUp
        ? "raise the policy's levels, shorten lead times, deny or cap backorders, give customers a patience (customers.willingToWaitDays), or reduce demand"
        : big && waiting * m.waitingLineBytes * workers > bytes / 2
          ? "shorten lead times, raise shipping capacity, deny or cap backorders, or reduce demand"
          : slow
            ? "reduce runs (precision mode stops early), products or the horizon"
            : "reduce products or the horizon";
  return { ...base, tooBig: true, message: `${parts.join("; ")}; ${advice}` };
}

/**
 * Memory of a run without its backlog: every worker holds one run's output, the engine state, the
 * compiled tables and an accumulator, and the main thread one merged accumulator (docs/model.md §7:
 * none of it grows with runs beyond the sketches' exact phase).
 */
function memoryBytes(products: number, horizon: number, days: number, runs: number, workers: number): number {
  const m = WORK_MODEL;
  const perSketch = m.sketchOverheadBytes + Math.min(runs, m.sketchExactValues) * 8 + (runs > m.sketchExactValues ? m.sketchBucketBytes : 0);
  const metricSets = (products + 1) * METRIC_COUNT * (perSketch + 3 * m.sumCellBytes);
  const dailyCells = (DAILY_SERIES.length + products * PRODUCT_DAILY_SERIES.length) * horizon;
  const sample = Math.min(runs, m.sampledRuns) * (METRIC_COUNT + DAILY_SERIES.length * horizon) * 8;
  // The conservation counts: exact sums only, no sketches (a few hundred bytes a product).
  const counts = (products + 1) * COUNT_COUNT * m.sumCellBytes;
  const accumulator = metricSets + counts + dailyCells * m.sumCellBytes + sample;
  const runOutput = (products * RAW_COUNT + dailyCells) * 8;
  const engine = products * (m.productStateBytes + days * m.compiledBytesPerProductDay);
  return (workers + 1) * accumulator + workers * (runOutput + engine);
}

function span(days: number): string {
  if (days >= 365 && days % 365 === 0) return days === 365 ? "1 year" : `${days / 365} years`;
  return `${formatCount(days)} days`;
}

function bigNumber(n: number): string {
  if (n < 1e7) return formatCount(Math.round(n));
  const [mant, exp] = n.toExponential(1).split("e");
  return `${mant}e${Number(exp)}`;
}

export function duration(seconds: number): string {
  const r = (x: number) => (x < 10 ? Math.round(x * 10) / 10 : Math.round(x));
  if (seconds < 90) return `${r(seconds)} seconds`;
  if (seconds < 90 * 60) return `${r(seconds / 60)} minutes`;
  if (seconds < 48 * 3600) return `${r(seconds / 3600)} hours`;
  return `${formatCount(r(seconds / 86400))} days`;
}

function gigabytes(bytes: number): string {
  if (bytes < 1e9) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e8) / 10} GB`;
}
