/** The one number formatter: percentages written in full and as axis ticks (trailing zeros dropped). */
import { describe, expect, it } from "vitest";
import { formatPercent, formatPercentUpTo } from "../../src/format/number.ts";

describe("percentages", () => {
  it("formatPercent keeps its decimals", () => {
    expect(formatPercent(0.95)).toBe("95.0 %");
    expect(formatPercent(0.97345, 2)).toBe("97.35 %");
  });

  it("formatPercentUpTo drops trailing zeros, as an axis tick reads", () => {
    expect(formatPercentUpTo(0.95)).toBe("95 %");
    expect(formatPercentUpTo(0.9734)).toBe("97.3 %");
    expect(formatPercentUpTo(0.0125, 2)).toBe("1.25 %");
    expect(formatPercentUpTo(-0.004, 1)).toBe("-0.4 %");
  });

  it("a missing figure is not written as NaN", () => {
    expect(formatPercentUpTo(Number.NaN)).not.toMatch(/NaN/);
    expect(formatPercent(Number.POSITIVE_INFINITY)).not.toMatch(/Infinity/);
  });
});
