/**
 * Chart data for a fitted sku: the history against the fitted expectation, continued past the end
 * of the history as a forecast, one point per day. d3 scales take `date` directly; missing values
 * are null so a line generator's `.defined()` leaves gaps (closed days, before launch).
 */
import { isoDate, isoDay } from "../io/history.ts";
import { expectedOrders } from "./demandCurve.ts";
import type { ProductFit } from "./fitHistory.ts";

export interface FitCurvePoint {
  date: string;
  /** Units sold; null on days the file does not have (closed) and in the forecast. */
  actual: number | null;
  /** Fitted (history) or forecast (after it) expected units; null before launch. */
  expected: number | null;
  /** Whether the fit used the day (false: closed, before launch, stockout run, or forecast). */
  used: boolean;
  forecast: boolean;
}

/** History + fitted expectation, then `forecastDays` (default 90) of forecast from the fitted demand. */
export function fitCurve(fit: Pick<ProductFit, "curve" | "demand" | "diagnostics">, forecastDays = 90): FitCurvePoint[] {
  const { start, actual, expected, used } = fit.curve;
  const first = isoDay(start);
  const out: FitCurvePoint[] = [];
  for (let i = 0; i < actual.length; i++) {
    out.push({
      date: isoDate(first + i),
      actual: Number.isNaN(actual[i]) ? null : actual[i],
      expected: Number.isNaN(expected[i]) ? null : expected[i],
      used: used[i] === 1,
      forecast: false,
    });
  }
  const origin = isoDay(fit.diagnostics.origin);
  const upo = fit.demand.unitsPerOrder.kind === "fixed" ? fit.demand.unitsPerOrder.value : 1;
  const ahead = expectedOrders(fit.demand, origin, Math.max(0, forecastDays), origin);
  for (let i = 0; i < ahead.length; i++) out.push({ date: isoDate(origin + i), actual: null, expected: ahead[i] * upo, used: false, forecast: true });
  return out;
}
