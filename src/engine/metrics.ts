/**
 * Names and layout of what one simulated run produces (docs/model.md §6).
 *
 * The engine writes per-product RAW counts (sums after warm-up) into a flat Float64Array; the
 * metrics of §6 are derived from them per run by `deriveMetrics`, so per-product and total figures
 * use one definition. Layout: raw[p * RAW_COUNT + RAW.field].
 */

/** The costs profit is made of, raw sums per run and metrics alike (docs/model.md §6). */
const COSTS = ["purchaseCost", "holdingCost", "orderingCost", "shippingCost", "expediteCost", "surgeCost", "penaltyCost"] as const;

/** Each name's index in `names` (RAW.days, M.fillRate): where it sits in the flat arrays. */
function indexOf<T extends string>(names: readonly T[]): { readonly [K in T]: number } {
  return Object.fromEntries(names.map((f, i) => [f, i])) as { readonly [K in T]: number };
}

/** Raw per-run, per-product sums, counted after warm-up. */
export const RAW_FIELDS = [
  "ordersAttempted", // customer orders with a line for this product that arrived
  "ordersPlaced", // of those, accepted (shipped at once or backordered)
  "ordersBackordered", // accepted orders with >= 1 unit of this product not taken from stock on the day
  "ordersCancelled", // lines counted in ordersBackordered (backordered on a counted day) later cancelled
  "backorderedShipped", // backordered orders whose last unit shipped
  "promisesKept", // of those, shipped on or before the quoted date
  "waitDaysSum", // sum over backordered orders shipped of days from order to final shipment
  "unitsDemanded",
  "unitsFromStock", // units taken from on-hand stock on the day ordered
  "unitsShipped",
  "unitsLost", // denied or balked
  "unitsCancelled", // units of cancelled backorders not yet shipped
  "unitsReceived", // replenishment units received (after warm-up)
  "onHandDaySum", // sum of end-of-day on-hand not allocated to waiting orders
  "backorderedUnitDaySum", // sum of end-of-day units accepted orders wait for with no stock allocated
  "backlogOrderDaySum", // sum of end-of-day orders accepted but not fully shipped
  "stockoutDays", // days ending with backordered units > 0 or with any lost unit
  "replenishmentOrders",
  "splitShipments", // extra shipments caused by splitting an order
  "revenue",
  ...COSTS,
  "endingOnHand", // on-hand after the last day (overstock left behind)
  "endingWaitingUnits", // units accepted orders still wait for after the last day
  "endingOpenOrders", // accepted orders not fully shipped after the last day
  "startingOnHand", // on-hand at the end of warm-up (start of counted days)
  "startingOnOrder", // units on order at the end of warm-up
  "startingWaitingUnits", // units waiting at the end of warm-up
  "days", // counted days (horizonDays)
  // Bookkeeping for the conservation identities of docs/model.md (all counted after warm-up):
  "ordersShipped", // accepted order lines of this product shipped in full
  "unitsOrdered", // replenishment units ordered
  "unitsShortDelivered", // ordered units that never arrive (deliveredFraction < 1), counted at receipt
  "startingAllocated", // on-hand units reserved for waiting lines at the end of warm-up
  "endingAllocated", // on-hand units reserved for waiting lines after the last day
  "startingOpenOrders", // accepted order lines not fully shipped at the end of warm-up
  "endingOnOrder", // replenishment units on order after the last day
  "linesCancelled", // accepted lines of this product closed by a cancellation: backordered lines and lines held with them
] as const;

export type RawField = (typeof RAW_FIELDS)[number];
export const RAW_COUNT = RAW_FIELDS.length;
export const RAW = indexOf(RAW_FIELDS);

/**
 * The counts of the conservation identities (docs/model.md §6). Results carry them per product and in
 * total as exact sums over runs (`SimulationResult.counts`), not as summarised metrics: they are
 * bookkeeping, and whole numbers whose exact sums make every identity hold exactly on the result too.
 */
export const COUNT_FIELDS = [
  "unitsDemanded",
  "startingWaitingUnits",
  "unitsShipped",
  "unitsLost",
  "unitsCancelled",
  "endingWaitingUnits",
  "startingOnHand",
  "startingAllocated",
  "unitsReceived",
  "endingOnHand",
  "endingAllocated",
  "startingOnOrder",
  "unitsOrdered",
  "unitsShortDelivered",
  "endingOnOrder",
  "startingOpenOrders",
  "ordersPlaced",
  "ordersShipped",
  "linesCancelled",
  "endingOpenOrders",
] as const satisfies readonly RawField[];
export type CountField = (typeof COUNT_FIELDS)[number];
export const COUNT_COUNT = COUNT_FIELDS.length;
/** RAW index of each count, in COUNT_FIELDS order. */
export const COUNT_RAW: readonly number[] = COUNT_FIELDS.map((f) => RAW_FIELDS.indexOf(f));

/** The four identities, left side = right side, in every run, per product and in total (docs/model.md §6). */
export const IDENTITIES: readonly { name: string; lhs: readonly CountField[]; rhs: readonly CountField[] }[] = [
  { name: "units", lhs: ["unitsDemanded", "startingWaitingUnits"], rhs: ["unitsShipped", "unitsLost", "unitsCancelled", "endingWaitingUnits"] },
  { name: "stock", lhs: ["startingOnHand", "startingAllocated", "unitsReceived"], rhs: ["unitsShipped", "endingOnHand", "endingAllocated"] },
  { name: "pipeline", lhs: ["startingOnOrder", "unitsOrdered"], rhs: ["unitsReceived", "unitsShortDelivered", "endingOnOrder"] },
  { name: "order lines", lhs: ["startingOpenOrders", "ordersPlaced"], rhs: ["ordersShipped", "linesCancelled", "endingOpenOrders"] },
];

/**
 * The identities that do not hold exactly on `get` (a count by name), as "name: lhs ≠ rhs"; empty
 * when all hold. Sides are added in the order listed, so whole numbers below 2^53 compare exactly.
 */
export function identityBreaks(get: (f: CountField) => number): string[] {
  const out: string[] = [];
  for (const id of IDENTITIES) {
    let l = 0;
    let r = 0;
    for (const f of id.lhs) l += get(f);
    for (const f of id.rhs) r += get(f);
    if (l !== r) out.push(`${id.name}: ${id.lhs.join(" + ")} = ${l} ≠ ${id.rhs.join(" + ")} = ${r}`);
  }
  return out;
}

/** Metrics summarised across runs (DESIGN §6 names, plus the counts and costs, plus costPerDay). */
export const METRICS = [
  "ordersAttempted",
  "ordersPlaced",
  "backorderRate",
  "fillRate",
  "lostSalesRate",
  "cancellationRate",
  /** ordersCancelled ÷ ordersBackordered: the share of customers asked to wait who cancelled. */
  "backorderCancellationRate",
  "promiseKeptRate",
  "avgWaitDays",
  "avgOnHand",
  "avgBackorderedUnits",
  "avgBacklogOrders",
  "stockoutDayFraction",
  "replenishmentOrdersPerDay",
  "revenue",
  "profit",
  "endingOnHand",
  "unitsDemanded",
  "unitsShipped",
  "unitsLost",
  /** Units of cancelled lines not yet shipped, and units accepted lines wait for at the start and end of the counted days (the units identity of docs/model.md §6). */
  "unitsCancelled",
  "startingWaitingUnits",
  "endingWaitingUnits",
  "ordersBackordered",
  "ordersCancelled",
  "splitShipments",
  ...COSTS,
  /** (holding + penalty + ordering) / days: the textbook cost rate. */
  "costPerDay",
] as const;

export type Metric = (typeof METRICS)[number];
export const METRIC_COUNT = METRICS.length;
export const M = indexOf(METRICS);

/** Daily series at the total level (summed over products), one value per counted day. */
export const DAILY_SERIES = ["onHand", "backorderedUnits", "backlogOrders", "newBackorders", "cancellations", "lostUnits", "revenue"] as const;
export type DailySeries = (typeof DAILY_SERIES)[number];

/** Daily series kept per product (for sparklines): mean only. */
export const PRODUCT_DAILY_SERIES = ["onHand", "backorderedUnits"] as const;
export type ProductDailySeries = (typeof PRODUCT_DAILY_SERIES)[number];

/** Customer waits (days from order to final shipment of backordered orders), bins 0..WAIT_BINS-2, last bin = more. */
export const WAIT_BINS = 121;

/** What one run writes. Allocated once per worker and overwritten by each run. */
export interface RunOutput {
  /** nProducts × RAW_COUNT */
  raw: Float64Array;
  /** DAILY_SERIES.length × horizonDays, series-major: daily[s * horizonDays + d] */
  daily: Float64Array;
  /** nProducts × PRODUCT_DAILY_SERIES.length × horizonDays: [(p * nSeries + s) * horizonDays + d] */
  productDaily: Float64Array;
  /** WAIT_BINS counts of backordered orders shipped, by whole days waited (total over products) */
  waitHist: Float64Array;
}

export function createRunOutput(nProducts: number, horizonDays: number): RunOutput {
  return {
    raw: new Float64Array(nProducts * RAW_COUNT),
    daily: new Float64Array(DAILY_SERIES.length * horizonDays),
    productDaily: new Float64Array(nProducts * PRODUCT_DAILY_SERIES.length * horizonDays),
    waitHist: new Float64Array(WAIT_BINS),
  };
}

const ratio = (a: number, b: number, empty: number) => (b > 0 ? a / b : empty);

/**
 * Metrics of one run from raw sums at `raw[off .. off + RAW_COUNT)`. Rates with an empty denominator
 * take the value a planner would read as "nothing went wrong" (fill rate 1, backorder rate 0,
 * promises kept 1, wait 0), so runs without backorders do not turn summaries into NaN.
 */
export function deriveMetrics(raw: ArrayLike<number>, off: number, out: Float64Array, outOff = 0): void {
  // Plain indexing rather than small accessor closures: this runs per product per run, and two
  // closures per call were a measurable share of folding a run into the accumulators.
  const days = raw[off + RAW.days];
  out[outOff + M.ordersAttempted] = raw[off + RAW.ordersAttempted];
  out[outOff + M.ordersPlaced] = raw[off + RAW.ordersPlaced];
  out[outOff + M.backorderRate] = ratio(raw[off + RAW.ordersBackordered], raw[off + RAW.ordersPlaced], 0);
  out[outOff + M.fillRate] = ratio(raw[off + RAW.unitsFromStock], raw[off + RAW.unitsDemanded], 1);
  out[outOff + M.lostSalesRate] = ratio(raw[off + RAW.unitsLost], raw[off + RAW.unitsDemanded], 0);
  out[outOff + M.cancellationRate] = ratio(raw[off + RAW.ordersCancelled], raw[off + RAW.ordersPlaced], 0);
  // cancellationRate dilutes cancellations over every order, most of which never wait; this is the
  // rate among those asked to wait, the one that says whether customers accept the wait.
  out[outOff + M.backorderCancellationRate] = ratio(raw[off + RAW.ordersCancelled], raw[off + RAW.ordersBackordered], 0);
  out[outOff + M.promiseKeptRate] = ratio(raw[off + RAW.promisesKept], raw[off + RAW.backorderedShipped], 1);
  out[outOff + M.avgWaitDays] = ratio(raw[off + RAW.waitDaysSum], raw[off + RAW.backorderedShipped], 0);
  out[outOff + M.avgOnHand] = ratio(raw[off + RAW.onHandDaySum], days, 0);
  out[outOff + M.avgBackorderedUnits] = ratio(raw[off + RAW.backorderedUnitDaySum], days, 0);
  out[outOff + M.avgBacklogOrders] = ratio(raw[off + RAW.backlogOrderDaySum], days, 0);
  out[outOff + M.stockoutDayFraction] = ratio(raw[off + RAW.stockoutDays], days, 0);
  out[outOff + M.replenishmentOrdersPerDay] = ratio(raw[off + RAW.replenishmentOrders], days, 0);
  const costs =
    raw[off + RAW.purchaseCost] +
    raw[off + RAW.holdingCost] +
    raw[off + RAW.orderingCost] +
    raw[off + RAW.shippingCost] +
    raw[off + RAW.expediteCost] +
    raw[off + RAW.surgeCost] +
    raw[off + RAW.penaltyCost];
  out[outOff + M.revenue] = raw[off + RAW.revenue];
  out[outOff + M.profit] = raw[off + RAW.revenue] - costs;
  out[outOff + M.endingOnHand] = raw[off + RAW.endingOnHand];
  out[outOff + M.unitsDemanded] = raw[off + RAW.unitsDemanded];
  out[outOff + M.unitsShipped] = raw[off + RAW.unitsShipped];
  out[outOff + M.unitsLost] = raw[off + RAW.unitsLost];
  out[outOff + M.unitsCancelled] = raw[off + RAW.unitsCancelled];
  out[outOff + M.startingWaitingUnits] = raw[off + RAW.startingWaitingUnits];
  out[outOff + M.endingWaitingUnits] = raw[off + RAW.endingWaitingUnits];
  out[outOff + M.ordersBackordered] = raw[off + RAW.ordersBackordered];
  out[outOff + M.ordersCancelled] = raw[off + RAW.ordersCancelled];
  out[outOff + M.splitShipments] = raw[off + RAW.splitShipments];
  out[outOff + M.purchaseCost] = raw[off + RAW.purchaseCost];
  out[outOff + M.holdingCost] = raw[off + RAW.holdingCost];
  out[outOff + M.orderingCost] = raw[off + RAW.orderingCost];
  out[outOff + M.shippingCost] = raw[off + RAW.shippingCost];
  out[outOff + M.expediteCost] = raw[off + RAW.expediteCost];
  out[outOff + M.surgeCost] = raw[off + RAW.surgeCost];
  out[outOff + M.penaltyCost] = raw[off + RAW.penaltyCost];
  out[outOff + M.costPerDay] = ratio(raw[off + RAW.holdingCost] + raw[off + RAW.penaltyCost] + raw[off + RAW.orderingCost], days, 0);
}

/**
 * Total over products: raw sums add, except `days` (the same calendar) and stockoutDays, which
 * becomes the product-days with a stockout so the total stockoutDayFraction is the share of
 * product-days stocked out.
 */
export function sumRaw(raw: ArrayLike<number>, nProducts: number, out: Float64Array): void {
  out.fill(0);
  for (let p = 0; p < nProducts; p++) {
    const off = p * RAW_COUNT;
    for (let f = 0; f < RAW_COUNT; f++) out[f] += raw[off + f];
  }
  if (nProducts > 0) {
    out[RAW.days] = raw[RAW.days];
    out[RAW.stockoutDays] /= nProducts;
  }
}
