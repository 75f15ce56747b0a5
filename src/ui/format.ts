/** Dates for the app: days from a start date, as UTC dates and as short text (numbers: format/number.ts). */
import { LOCALE } from "../format/number.ts";

/** ISO date (YYYY-MM-DD) plus `days`, as a UTC Date. */
export function addDays(iso: string, days: number): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, (m ?? 1) - 1, (d ?? 1) + days));
}

const dateFmt = new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
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
