/**
 * The expected-orders curve (docs/model.md §3.2) against values computed by hand: weekday of
 * 2027-01-04 (a Monday), mid-month interpolation, the December → January wrap, compounding trend
 * (also backwards into warm-up), scheduled shocks counted from the end of warm-up.
 */
import { describe, expect, it } from "vitest";
import { epochDay, weekdayOf } from "../../src/engine/calendar.ts";
import { expectedOrdersCurve, monthlyFactor } from "../../src/engine/demandCurve.ts";
import type { Demand } from "../../src/engine/scenario.ts";

const flat: Demand = { ordersPerDay: 2, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } };
const MONTHLY = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("demandCurve", () => {
  it("weekdayOf(epochDay) knows 2027-01-04 is a Monday", () => {
    expect(weekdayOf(epochDay("2027-01-04"))).toBe(0);
    expect(weekdayOf(epochDay("2027-01-10"))).toBe(6);
    expect(weekdayOf(epochDay("1970-01-01"))).toBe(3);
  });

  it("expectedOrdersCurve applies weekly multipliers Mon..Sun, warm-up days before startDate", () => {
    const c = expectedOrdersCurve({ ...flat, weekly: [1, 2, 3, 4, 5, 6, 7] }, "2027-01-04", 1, 9);
    // Index 0 is Sunday 2027-01-03 (warm-up), index 1 Monday 2027-01-04.
    expect(Array.from(c)).toEqual([14, 2, 4, 6, 8, 10, 12, 14, 2]);
  });

  it("monthlyFactor sits on the value at mid-month and interpolates linearly between midpoints", () => {
    expect(monthlyFactor(MONTHLY, epochDay("2027-01-16"))).toBeCloseTo(1, 12);
    // Jan 31: 15 days past Jan's midpoint (day 16) on a 29.5-day span to Feb's (day 14.5 of 28).
    expect(monthlyFactor(MONTHLY, epochDay("2027-01-31"))).toBeCloseTo(1 + 15 / 29.5, 12);
    // Feb 1: 16 days past Jan 16.
    expect(monthlyFactor(MONTHLY, epochDay("2027-02-01"))).toBeCloseTo(1 + 16 / 29.5, 12);
    // Leap year: Feb 2028 has 29 days, midpoint day 15.
    expect(monthlyFactor(MONTHLY, epochDay("2028-02-15"))).toBeCloseTo(2, 12);
    // April (30 days) midpoint is day 15.5: Apr 15 is half a day short of it on a 31-day span from Mar 16.
    expect(monthlyFactor(MONTHLY, epochDay("2027-04-15"))).toBeCloseTo(3 + 30 / 30.5, 12);
  });

  it("monthlyFactor wraps December to January across the year end", () => {
    // Dec 16 → Jan 16 is 31 days; Dec 31 is 15 days in, Jan 1 is 16 days in.
    expect(monthlyFactor(MONTHLY, epochDay("2026-12-31"))).toBeCloseTo(12 + (1 - 12) * (15 / 31), 12);
    expect(monthlyFactor(MONTHLY, epochDay("2027-01-01"))).toBeCloseTo(12 + (1 - 12) * (16 / 31), 12);
    expect(monthlyFactor(MONTHLY, epochDay("2027-12-16"))).toBeCloseTo(12, 12);
  });

  it("expectedOrdersCurve compounds the trend per 365 days, backwards in warm-up", () => {
    const c = expectedOrdersCurve({ ...flat, trendPerYear: 0.1 }, "2027-01-04", 365, 731);
    expect(c[365]).toBeCloseTo(2, 12);
    expect(c[730]).toBeCloseTo(2.2, 12);
    expect(c[0]).toBeCloseTo(2 / 1.1, 12);
    expect(c[365 + 182]).toBeCloseTo(2 * Math.pow(1.1, 182 / 365), 12);
  });

  it("expectedOrdersCurve multiplies scheduled shocks from startDay after warm-up", () => {
    const c = expectedOrdersCurve({ ...flat, shocks: [{ startDay: 2, durationDays: 3, multiplier: 2.5 }] }, "2027-01-04", 4, 12);
    expect(Array.from(c)).toEqual([2, 2, 2, 2, 2, 2, 5, 5, 5, 2, 2, 2]);
  });

  it("expectedOrdersCurve multiplies weekly, monthly and trend together", () => {
    const c = expectedOrdersCurve({ ...flat, weekly: [1, 1, 1, 1, 1, 2, 1], monthly: MONTHLY, trendPerYear: 0.5 }, "2027-01-04", 0, 30);
    // 2027-01-16 is a Saturday (weekday 5), 12 days after the start.
    expect(c[12]).toBeCloseTo(2 * 2 * 1 * Math.pow(1.5, 12 / 365), 12);
  });
});
