/**
 * The metric catalogue: for every metric a run produces (engine/metrics.ts, docs/model.md §6) its
 * label, unit, kind, which direction is better, how it is shown and what it means. The command line's
 * tables, the app's cards, columns and charts, the exports and the worded answers all read their names
 * and formats here; a metric added to the engine does not compile until it has an entry.
 */
import type { Metric } from "../engine/metrics.ts";
import { formatMoney, formatNumber, formatNumberUpTo, formatPercent, formatPercentUpTo, formatPoints } from "./number.ts";

/**
 * rate: a fraction 0–1 shown in percent (differences in percentage points); money: the scenario's
 * currency; quantity: a mean per day or per order, with decimals; count: a sum over the counted days.
 */
export type MetricKind = "rate" | "money" | "quantity" | "count";

/** Which way is better: a larger value, a smaller one, or neither (stock on hand is a trade-off). */
export type Direction = "higher" | "lower" | "neither";

export interface MetricInfo {
  name: Metric;
  /** Lower case, for sentences and table rows: "fill rate". */
  label: string;
  /** Unit of a quantity or count ("days", "units", "orders"), "" for rates and money. */
  unit: string;
  kind: MetricKind;
  direction: Direction;
  /** Decimals of a mean as shown (rates: of the percentage). */
  decimals: number;
  /** snake_case name for export columns (rates take a `_pct` suffix). */
  column: string;
  /** What it is, in one sentence without a full stop. */
  definition: string;
  /** A heading for a narrow column, where the title is too long ("Avg wait (d)"). */
  short?: string;
}

type Entry = Omit<MetricInfo, "name">;

const rate = (label: string, column: string, direction: Direction, definition: string): Entry => ({
  label,
  unit: "",
  kind: "rate",
  direction,
  decimals: 1,
  column,
  definition,
});
const money = (label: string, column: string, direction: Direction, definition: string): Entry => ({
  label,
  unit: "",
  kind: "money",
  direction,
  decimals: 0,
  column,
  definition,
});
const count = (label: string, unit: string, column: string, direction: Direction, definition: string): Entry => ({
  label,
  unit,
  kind: "count",
  direction,
  decimals: 0,
  column,
  definition,
});
const quantity = (label: string, unit: string, column: string, direction: Direction, definition: string, decimals = 1): Entry => ({
  label,
  unit,
  kind: "quantity",
  direction,
  decimals,
  column,
  definition,
});

const ENTRIES: { readonly [M in Metric]: Entry } = {
  ordersAttempted: count("orders attempted", "orders", "orders_attempted", "neither", "Customer orders that arrived over the horizon"),
  ordersPlaced: count("orders placed", "orders", "orders_placed", "neither", "Orders accepted: shipped at once or backordered"),
  backorderRate: rate("backorder rate", "backorder_rate", "lower", "Orders with at least one line backordered ÷ orders placed"),
  fillRate: rate("fill rate", "fill_rate", "higher", "Units taken from stock on the day ordered ÷ units demanded"),
  lostSalesRate: { ...rate("lost sales rate", "lost_sales_rate", "lower", "Units lost (denied or balked) ÷ units demanded"), short: "Lost sales" },
  cancellationRate: rate("cancellation rate", "cancellation_rate", "lower", "Backordered orders later cancelled ÷ orders placed"),
  backorderCancellationRate: rate(
    "cancellations among waiting customers",
    "waiting_who_cancel",
    "lower",
    "Backordered orders later cancelled ÷ orders backordered: the share of customers asked to wait who cancel",
  ),
  promiseKeptRate: rate("promises kept", "promises_kept", "higher", "Backordered orders shipped on or before the quoted date ÷ backordered orders shipped"),
  avgWaitDays: {
    ...quantity("average wait", "days", "avg_wait_days", "lower", "Mean days from order to final shipment of a backordered order"),
    short: "Avg wait (d)",
  },
  avgOnHand: {
    ...quantity("average on hand", "units", "avg_on_hand_units", "neither", "Mean units on hand at the end of a day, not reserved for waiting orders"),
    short: "Avg on hand",
  },
  avgBackorderedUnits: quantity(
    "average backordered",
    "units",
    "avg_backordered_units",
    "lower",
    "Mean units waiting customers are owed at the end of a day, with no stock reserved for them",
  ),
  avgBacklogOrders: quantity("average backlog", "orders", "avg_backlog_orders", "lower", "Mean orders accepted but not fully shipped at the end of a day"),
  stockoutDayFraction: rate("stock-out days", "stockout_days", "lower", "Days ending with units backordered or with a lost sale ÷ days"),
  replenishmentOrdersPerDay: quantity(
    "replenishment orders",
    "per day",
    "replenishment_orders_per_day",
    "neither",
    "Purchase orders placed with suppliers per day",
    2,
  ),
  revenue: money("revenue", "revenue", "higher", "Price × units shipped over the horizon"),
  profit: money("profit", "profit", "higher", "Revenue minus purchase, holding, ordering, shipping, expedite, surge and penalty costs"),
  endingOnHand: count("ending on hand", "units", "ending_on_hand_units", "neither", "Units on hand after the last day (stock left behind)"),
  unitsDemanded: count("units demanded", "units", "units_demanded", "neither", "Units customers ordered"),
  unitsShipped: count("units shipped", "units", "units_shipped", "higher", "Units shipped to customers"),
  unitsLost: count("units lost", "units", "units_lost", "lower", "Units denied or balked"),
  unitsCancelled: count("units cancelled", "units", "units_cancelled", "lower", "Units of cancelled orders not yet shipped when cancelled"),
  startingWaitingUnits: count(
    "units waiting at the start",
    "units",
    "starting_waiting_units",
    "neither",
    "Units accepted orders waited for when the counted days began",
  ),
  endingWaitingUnits: count("units waiting at the end", "units", "ending_waiting_units", "neither", "Units accepted orders still wait for after the last day"),
  ordersBackordered: count(
    "orders backordered",
    "orders",
    "orders_backordered",
    "lower",
    "Accepted orders with at least one unit not taken from stock on the day",
  ),
  ordersCancelled: count("orders cancelled", "orders", "orders_cancelled", "lower", "Backordered orders later cancelled"),
  splitShipments: count("split shipments", "shipments", "split_shipments", "lower", "Extra shipments caused by splitting an order"),
  purchaseCost: money("purchase cost", "purchase_cost", "lower", "Unit cost × units received"),
  holdingCost: money("holding cost", "holding_cost", "lower", "Holding cost per unit and day × units on hand"),
  orderingCost: money("ordering cost", "ordering_cost", "lower", "Fixed cost per purchase order"),
  shippingCost: money("shipping cost", "shipping_cost", "lower", "Cost per shipment to customers, split shipments included"),
  expediteCost: money("expedite premium", "expedite_cost", "lower", "The backup supplier's extra unit price and fixed cost when orders go to it"),
  surgeCost: money("surge cost", "surge_cost", "lower", "Cost per order shipped beyond the base fulfilment capacity"),
  penaltyCost: money(
    "penalties (backorder and lost-sale)",
    "penalty_cost",
    "lower",
    "Backorder penalty per unit and day waited plus lost-sale penalty per unit lost",
  ),
  costPerDay: money("cost per day", "cost_per_day", "lower", "(Holding + penalty + ordering cost) ÷ days: the textbook cost rate"),
};

/** Every metric's entry, keyed by name. */
export const METRIC_INFO: { readonly [M in Metric]: MetricInfo } = Object.fromEntries(Object.entries(ENTRIES).map(([name, e]) => [name, { name, ...e }])) as {
  readonly [M in Metric]: MetricInfo;
};

/** "fill rate" */
export function metricLabel(m: Metric): string {
  return METRIC_INFO[m].label;
}

/** "average wait (days)", "fill rate": the label with its unit where the label does not say it. */
export function metricHeading(m: Metric): string {
  const i = METRIC_INFO[m];
  return i.unit && !i.label.includes(i.unit) ? `${i.label} (${i.unit})` : i.label;
}

/** "Average wait (days)": the heading capitalised, for the app's cards and columns. */
export function metricTitle(m: Metric): string {
  const text = metricHeading(m);
  return text[0].toUpperCase() + text.slice(1);
}

/** The short heading of a narrow column, else the title. */
export function metricShortTitle(m: Metric): string {
  return METRIC_INFO[m].short ?? metricTitle(m);
}

/** +1 when larger is better, −1 when smaller is, 0 for neither. */
export function betterSign(m: Metric): 1 | -1 | 0 {
  const d = METRIC_INFO[m].direction;
  return d === "higher" ? 1 : d === "lower" ? -1 : 0;
}

/** A metric's value as shown: "97.3 %", "$12,400", "3.2" (more decimals with `extra`). */
export function formatMetric(m: Metric, x: number, currency: string, extra = 0): string {
  const i = METRIC_INFO[m];
  switch (i.kind) {
    case "rate":
      return formatPercent(x, i.decimals + extra);
    case "money":
      return formatMoney(x, currency, i.decimals + extra);
    case "quantity":
    case "count":
      return formatNumber(x, i.decimals + extra);
    default: {
      const _: never = i.kind;
      return _;
    }
  }
}

/** The ± half-width of a metric's interval as shown: "1.25 pp" for rates, "$310", "0.4". */
export function formatMetricSpread(m: Metric, halfWidth: number, currency: string, extra = 0): string {
  const i = METRIC_INFO[m];
  if (i.kind === "rate") return formatPoints(halfWidth, i.decimals + extra);
  return i.kind === "money" ? formatMoney(halfWidth, currency, i.decimals + extra) : formatNumber(halfWidth, i.decimals + extra);
}

/**
 * A chart axis's tick labels for a metric (`change`: for differences of it): money compact ("$12K"),
 * rates in percent ("95 %") or, as differences, in percentage points without the unit ("1.25", the
 * axis title says it), quantities and counts with at most one decimal.
 */
export function metricTick(m: Metric, currency: string, change = false): (v: number) => string {
  const kind = METRIC_INFO[m].kind;
  if (kind === "money") return (v) => formatMoney(v, currency, "compact");
  if (kind === "rate") return change ? (v) => formatNumberUpTo(v * 100, 2) : (v) => formatPercentUpTo(v, 1);
  return (v) => formatNumberUpTo(v, 1);
}
