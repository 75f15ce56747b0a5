/**
 * What the Results view calls each figure it shows per product and in total, how it is formatted
 * (a rate, money or a plain number) and its one-line definition, shown on the KPI cards and as the
 * product table's header hover text — all read from the metric catalogue (src/format/metrics.ts).
 */
import type { Metric } from "../../engine/metrics.ts";
import { METRIC_INFO, metricTitle } from "../../format/metrics.ts";

export type FigureKind = "rate" | "money" | "num";

export interface MetricText {
  label: string;
  /** The product table's narrower header, when it differs. */
  short?: string;
  kind: FigureKind;
  definition: string;
}

/** The figures in `keys`, each with its key and text. */
export function metricTexts<K extends Metric>(keys: readonly K[]): (MetricText & { key: K })[] {
  return keys.map((key) => {
    const i = METRIC_INFO[key];
    return {
      key,
      label: metricTitle(key),
      ...(i.short ? { short: i.short } : {}),
      kind: i.kind === "rate" || i.kind === "money" ? i.kind : "num",
      definition: i.definition,
    };
  });
}
