/**
 * What the Results view calls each figure it shows per product and in total, how it is formatted
 * (a rate, money or a plain number) and its one-line definition, shown on the KPI cards and as the
 * product table's header hover text.
 */
import type { Metric } from "../../engine/metrics.ts";

export type FigureKind = "rate" | "money" | "num";

export interface MetricText {
  label: string;
  /** The product table's narrower header, when it differs. */
  short?: string;
  kind: FigureKind;
  definition: string;
}

export const METRIC_TEXT = {
  fillRate: { label: "Fill rate", kind: "rate", definition: "Units taken from stock on the day ordered ÷ units demanded" },
  backorderRate: { label: "Backorder rate", kind: "rate", definition: "Orders with at least one line backordered ÷ orders placed" },
  cancellationRate: { label: "Cancellation rate", kind: "rate", definition: "Backordered orders later cancelled ÷ orders placed" },
  lostSalesRate: { label: "Lost sales rate", short: "Lost sales", kind: "rate", definition: "Units lost (denied or balked) ÷ units demanded" },
  avgWaitDays: { label: "Average wait", short: "Avg wait (d)", kind: "num", definition: "Mean days a backordered order waits" },
  avgOnHand: { label: "Average on hand", short: "Avg on hand", kind: "num", definition: "Mean units on hand per day" },
  revenue: { label: "Revenue", kind: "money", definition: "Price × units shipped over the horizon" },
  profit: { label: "Profit", kind: "money", definition: "Revenue minus purchase, holding, ordering, shipping, expedite, surge and penalty costs" },
} satisfies Partial<Record<Metric, MetricText>>;

export type ShownMetric = keyof typeof METRIC_TEXT;

/** The figures in `keys`, each with its key and text. */
export function metricTexts<K extends ShownMetric>(keys: readonly K[]): ((typeof METRIC_TEXT)[K] & MetricText & { key: K })[] {
  return keys.map((key) => ({ key, ...METRIC_TEXT[key] }));
}
