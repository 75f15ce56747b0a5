/**
 * The one number formatter of the command line, the app, the exports' worded answers and the
 * messages: money in the scenario's currency, percentages, percentage points, counts, quantities with
 * a unit, durations, and the rounding of a figure to what its 95 % interval allows ("$12,400 ± 1,900").
 *
 * One locale, en-US, everywhere: the words around the figures are English, and a figure reads the
 * same in a terminal, a CSV note and the app. Formatters are built once per option set (building an
 * Intl.NumberFormat costs far more than using one). A figure that is not finite shows as "—".
 */

export const LOCALE = "en-US";
export const MISSING = "—";

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(LOCALE, options)));
  return f;
}

/** Exactly `decimals` decimals, thousands separated: "12,400", "3.10". */
export function formatNumber(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return MISSING;
  return numberFormat(`n${decimals}`, { maximumFractionDigits: decimals, minimumFractionDigits: decimals }).format(x);
}

/** At most `decimals` decimals, trailing zeros dropped: "3.1", "12". */
export function formatNumberUpTo(x: number, decimals = 1): string {
  if (!Number.isFinite(x)) return MISSING;
  return numberFormat(`u${decimals}`, { maximumFractionDigits: decimals }).format(x);
}

/**
 * A count as it is, thousands separated ("12,400"; a fraction keeps its decimals). Messages about
 * bad input quote the value as JavaScript writes it when it is not finite or huge ("Infinity", "1e+308").
 */
export function formatCount(x: number): string {
  return Number.isFinite(x) && Math.abs(x) < 1e21 ? numberFormat("count", { maximumFractionDigits: 20 }).format(x) : String(x);
}

/**
 * "$12,400" in the scenario's currency with `decimals` decimals, or "compact" ("$1.28M", three
 * significant digits, so axis ticks stay apart). An unknown currency code still shows the amount
 * ("12,400 XYZ").
 */
export function formatMoney(x: number, currency: string, decimals: number | "compact" = 0): string {
  if (!Number.isFinite(x)) return MISSING;
  const key = `${currency}|${decimals}`;
  let f = moneyFormats.get(key);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat(LOCALE, { style: "currency", currency, ...digitsOf(decimals) });
    } catch {
      f = null; // not a currency code Intl knows
    }
    moneyFormats.set(key, f);
  }
  return f ? f.format(x) : `${numberFormat(`d${decimals}`, digitsOf(decimals)).format(x)} ${currency}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function digitsOf(decimals: number | "compact"): Intl.NumberFormatOptions {
  return decimals === "compact" ? { notation: "compact", maximumSignificantDigits: 3 } : { maximumFractionDigits: decimals, minimumFractionDigits: decimals };
}

/** A fraction 0–1 as a percentage: "97.3 %". */
export function formatPercent(rate: number, decimals = 1): string {
  return Number.isFinite(rate) ? `${formatNumber(rate * 100, decimals)} %` : MISSING;
}

/** A fraction 0–1 as a percentage with at most `decimals` decimals, trailing zeros dropped: "97.3 %", "95 %" (axis ticks). */
export function formatPercentUpTo(rate: number, decimals = 1): string {
  return Number.isFinite(rate) ? `${formatNumberUpTo(rate * 100, decimals)} %` : MISSING;
}

/** A difference of two fractions in percentage points: "1.25 pp" (half-widths of rates). */
export function formatPoints(diff: number, decimals = 2): string {
  return Number.isFinite(diff) ? `${formatNumber(diff * 100, decimals)} pp` : MISSING;
}

/** "+1,200" / "−300" / "0": an explicit sign before a formatted magnitude. */
export function signed(x: number, format: (magnitude: number) => string): string {
  if (!Number.isFinite(x)) return MISSING;
  return `${x > 0 ? "+" : x < 0 ? "−" : ""}${format(Math.abs(x))}`;
}

/** A quantity with its unit: "3.2 days", "1 day", "14 units". */
export function formatQuantity(x: number, unit: string, decimals = 0): string {
  if (!Number.isFinite(x)) return MISSING;
  const text = formatNumber(x, decimals);
  return unit ? `${text} ${text === "1" && unit.endsWith("s") ? unit.slice(0, -1) : unit}` : text;
}

/** A wall-clock duration: "850 ms", "4.2 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Rounding step for a figure with 95 % half-width `halfWidth`: the half-width to one significant
 * digit, or two when it starts with 1 or 2 (the usual metrology rule), never finer than `finest`.
 */
export function roundingStep(halfWidth: number, finest: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return finest;
  const e = Math.floor(Math.log10(halfWidth));
  const lead = halfWidth / 10 ** e;
  return Math.max(finest, 10 ** (lead < 3 ? e - 1 : e));
}

/** `x` rounded to a multiple of `step` (never "-0"). */
export function roundTo(x: number, step: number): number {
  const r = Math.round(x / step) * step;
  return Object.is(r, -0) ? 0 : r;
}

/** The decimals a rounding step shows. */
export function decimalsOf(step: number): number {
  return step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
}

/** " ± 1,900": a half-width rounded to `step`, "" when there is none. */
export function plusMinus(halfWidth: number, step: number): string {
  return halfWidth > 0 ? ` ± ${formatNumber(roundTo(halfWidth, step), decimalsOf(step))}` : "";
}
