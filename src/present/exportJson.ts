/**
 * JSON export of results and fits. JSON has no NaN or Infinity and would write typed arrays as
 * objects keyed "0", "1", …; this writer turns non-finite numbers into null and typed arrays into
 * plain arrays so the file loads in any JSON reader (and back into Backorder Lab).
 */
import type { HistoryFit } from "../analysis/fitHistory.ts";
import type { SimulationResult } from "../analysis/result.ts";
import { fitNotesText, productFitJson } from "./fitWords.ts";

export interface JsonOptions {
  /** Indent with two spaces (default true). */
  pretty?: boolean;
}

/** A JSON.stringify replacer: non-finite numbers → null, typed arrays → arrays, Maps → objects. */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}

export function toJson(value: unknown, opts: JsonOptions = {}): string {
  return JSON.stringify(value, jsonSafe, opts.pretty === false ? undefined : 2) + "\n";
}

/** The result document (the same shape `simulate --json` prints). */
export function resultJson(result: SimulationResult, opts: JsonOptions = {}): string {
  return toJson(result, opts);
}

/**
 * A history fit as `{ products: [{ id, demand, diagnostics, backtest, price, curve? }], closedDays,
 * warnings }`; the per-day chart curves are left out unless asked for (they are most of the size).
 * Each sku's notes (`diagnostics.warnings`) are `{ code, …figures, text }`, the history's `warnings` their words.
 */
export function fitJson(fit: HistoryFit, opts: JsonOptions & { curves?: boolean } = {}): string {
  const products = fit.products.map(({ curve, ...rest }) => productFitJson(opts.curves ? { ...rest, curve } : rest));
  return toJson({ products, dropped: fit.dropped ?? [], closedDays: fit.closedDays, warnings: fitNotesText(fit.warnings) }, opts);
}
