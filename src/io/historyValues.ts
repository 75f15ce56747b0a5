/**
 * Values in sales-history CSV files: dates (ISO, yyyymmdd, day- or month-first) and decimal numbers.
 * Shared by the daily-total reader (history.ts) and the order-line reader (orderLines.ts).
 */

export type DateFormat = "iso" | "compact" | "dmy" | "mdy";

const RE_ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/;
const RE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const RE_AB = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T].*)?$/;

export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid calendar date, else null. */
export function dayNumber(y: number, m: number, d: number): number | null {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1 && y <= 9999)) return null;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== m - 1) return null;
  return Math.round(ms / MS_PER_DAY);
}

/** ISO `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of an ISO `YYYY-MM-DD` date (throws on anything else: for trusted, internal dates). */
export function isoDay(iso: string): number {
  const m = RE_ISO.exec(iso);
  const n = m ? dayNumber(+m[1], +m[2], +m[3]) : null;
  if (n === null) throw new Error(`not an ISO date: ${iso}`);
  return n;
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/**
 * Picks the date format of a file from all its distinct date strings. The family with most values
 * wins; for a/b/yyyy dates a first part above 12 means day-first and a second part above 12
 * month-first.
 */
export function detectDateFormat(dates: Iterable<string>): { format: DateFormat | null; warning: string | null } {
  let iso = 0;
  let compact = 0;
  let ab = 0;
  let firstOver12 = 0;
  let secondOver12 = 0;
  for (const raw of dates) {
    const s = raw.trim();
    if (RE_ISO.test(s)) iso++;
    else if (RE_COMPACT.test(s)) compact++;
    else {
      const m = RE_AB.exec(s);
      if (m) {
        ab++;
        if (+m[1] > 12) firstOver12++;
        if (+m[2] > 12) secondOver12++;
      }
    }
  }
  const best = Math.max(iso, compact, ab);
  if (best === 0) return { format: null, warning: null };
  if (best === iso) return { format: "iso", warning: null };
  if (best === compact) return { format: "compact", warning: null };
  if (firstOver12 > 0 && secondOver12 === 0) return { format: "dmy", warning: null };
  if (secondOver12 > 0 && firstOver12 === 0) return { format: "mdy", warning: null };
  if (firstOver12 > 0 && secondOver12 > 0)
    return {
      format: firstOver12 >= secondOver12 ? "dmy" : "mdy",
      warning: `dates mix day-first and month-first (${firstOver12} with a first part above 12, ${secondOver12} with a second part above 12); read as ${firstOver12 >= secondOver12 ? "day/month/year" : "month/day/year"}, the others are bad rows`,
    };
  return {
    format: "mdy",
    warning: "dates like 01/02/2014 are ambiguous (no day above 12 anywhere in the file); read as month/day/year — check the first dates in the preview",
  };
}

/** Day number of `s` in format `f`, or null. */
export function parseDate(s: string, f: DateFormat): number | null {
  const t = s.trim();
  switch (f) {
    case "iso": {
      const m = RE_ISO.exec(t);
      return m ? dayNumber(+m[1], +m[2], +m[3]) : null;
    }
    case "compact": {
      const m = RE_COMPACT.exec(t);
      return m ? dayNumber(+m[1], +m[2], +m[3]) : null;
    }
    case "dmy":
    case "mdy": {
      const m = RE_AB.exec(t);
      if (!m) {
        // A file of d/m/y dates may still hold a few ISO ones; take them.
        const iso = RE_ISO.exec(t);
        return iso ? dayNumber(+iso[1], +iso[2], +iso[3]) : null;
      }
      return f === "dmy" ? dayNumber(fullYear(m[3]), +m[2], +m[1]) : dayNumber(fullYear(m[3]), +m[1], +m[2]);
    }
    default: {
      const _: never = f;
      return _;
    }
  }
}

export const MIN_DAY = Math.round(Date.UTC(1900, 0, 1) / MS_PER_DAY);
export const MAX_DAY = Math.round(Date.UTC(2100, 11, 31) / MS_PER_DAY);

export const FORMAT_LABEL: Record<DateFormat, string> = {
  iso: "year-month-day",
  compact: "yyyymmdd",
  dmy: "day/month/year",
  mdy: "month/day/year",
};

// ---------------------------------------------------------------------------------------------
// Numbers

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const RE_DECIMAL_COMMA = /^[-+]?\d+(?:\.\d{3})*,\d+$/;
/** A plain decimal: optional sign, digits with an optional fraction, optional exponent. No hex, binary, octal, "Infinity" or thousands separators. */
const RE_DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * A CSV number: decimal only (`0x10`, `0b11`, `0o7`, `Infinity` and `1_000` are not numbers here,
 * though JavaScript's Number() reads them); with `decimalComma`, `3,4` and `1.234,5` too. NaN when
 * empty or not a number.
 */
export function parseNumber(raw: string, decimalComma: boolean): number {
  // Fast path: plain digits with an optional leading minus and decimal point (most quantities and
  // prices). At most 15 digits, so the digits are an exact integer and dividing it by an exact
  // power of ten rounds once: the same double as Number(raw).
  const len = raw.length;
  if (len > 0 && len < 16) {
    const neg = raw.charCodeAt(0) === 45;
    let i = neg ? 1 : 0;
    if (i < len && raw.charCodeAt(i) !== 46) {
      let v = 0;
      let dot = -1;
      for (; i < len; i++) {
        const c = raw.charCodeAt(i) - 48;
        if (c >= 0 && c <= 9) v = v * 10 + c;
        else if (c === -2 && dot < 0) dot = i;
        else break;
      }
      if (i === len) {
        if (dot >= 0) v /= POW10[len - 1 - dot];
        return neg ? -v : v;
      }
    }
  }
  const s = raw.trim();
  if (s === "") return NaN;
  if (decimalComma && RE_DECIMAL_COMMA.test(s)) return Number(s.replace(/\./g, "").replace(",", "."));
  return RE_DECIMAL.test(s) ? Number(s) : NaN;
}

/**
 * Largest quantity one CSV row may carry (units of a day or of an order line). Beyond it a value is
 * a typo (`1e9`) or a unit mix-up, and would swamp every fitted figure; the row is a bad row.
 */
export const MAX_ROW_UNITS = 1e7;
/** Largest unit price accepted; above it the price is ignored with a warning. */
export const MAX_PRICE = 1e9;
