/**
 * Date arithmetic on the scenario's calendar without the Date constructor or the clock: days are counted from
 * 1970-01-01 (UTC), so weekday and month follow from integer arithmetic and `Date.UTC`.
 */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date "YYYY-MM-DD". */
export function epochDay(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** Monday = 0 … Sunday = 6. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month0: number): number {
  return month0 === 1 && isLeapYear(year) ? 29 : MONTH_DAYS[month0];
}

/** Civil date of an epoch day (Howard Hinnant's days_from_civil inverse). */
export function civilDate(day: number): { year: number; month0: number; dayOfMonth: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return { year: y, month0: m - 1, dayOfMonth: d };
}
