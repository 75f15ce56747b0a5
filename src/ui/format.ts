/** Number formatting for the app: money in the scenario currency, rates as %, durations. */

const moneyCache = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${compact}`;
  let f = moneyCache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, {
        style: "currency",
        currency,
        notation: compact ? "compact" : "standard",
        // Three significant digits tell axis ticks apart (€1.28M, €1.3M, €1.32M).
        ...(compact ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 0 }),
      });
    } catch {
      // An unknown currency code still shows the amount.
      f = new Intl.NumberFormat(undefined, { notation: compact ? "compact" : "standard", ...(compact ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 0 }) });
    }
    moneyCache.set(key, f);
  }
  return f;
}

export function fmtMoney(v: number, currency: string, compact = false): string {
  return Number.isFinite(v) ? moneyFormat(currency, compact).format(v) : "—";
}

/** A fraction 0–1 as a percentage, with `digits` decimals. */
export function fmtPct(v: number, digits = 1): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(digits)} %` : "—";
}

/** Percentage points, for ± half-widths of rates. */
export function fmtPp(v: number, digits = 2): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(digits)} pp` : "—";
}

// One formatter per number of decimals: building an Intl.NumberFormat costs far more than using one.
const numFmts = new Map<number, Intl.NumberFormat>();

export function fmtNum(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return "—";
  let f = numFmts.get(digits);
  if (!f) numFmts.set(digits, (f = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits })));
  return f.format(v);
}

export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** ISO date (YYYY-MM-DD) plus `days`, as a UTC Date. */
export function addDays(iso: string, days: number): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, (m ?? 1) - 1, (d ?? 1) + days));
}

const dateFmt = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
export function fmtDate(d: Date): string {
  return dateFmt.format(d);
}

const dateRuns = new Map<string, Date[]>();
/** `n` consecutive UTC dates from `iso`; cached, since every chart of a result asks for the same. */
export function datesFrom(iso: string, n: number): Date[] {
  const key = `${iso}|${n}`;
  let d = dateRuns.get(key);
  if (!d) {
    d = Array.from({ length: n }, (_, i) => addDays(iso, i));
    if (dateRuns.size > 32) dateRuns.clear();
    dateRuns.set(key, d);
  }
  return d;
}

const countFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
/** A whole count with thousands separators (a cached formatter: toLocaleString builds one per call). */
export function fmtCount(v: number): string {
  return Number.isFinite(v) ? countFmt.format(v) : "—";
}
