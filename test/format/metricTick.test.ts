/** Axis ticks of a metric, as the comparison and sensitivity charts label them. */
import { describe, expect, it } from "vitest";
import { metricTick } from "../../src/format/metrics.ts";

describe("metricTick", () => {
  it("writes money compact, rates in percent and changes of a rate in percentage points without the unit", () => {
    expect(metricTick("profit", "USD")(12_400)).toBe("$12.4K");
    expect(metricTick("fillRate", "USD")(0.95)).toBe("95 %");
    // The same figures as `${+(v * 100).toFixed(2)}`, which the charts wrote before.
    for (const v of [-0.015, -0.005, 0, 0.0025, 0.01, 0.125]) expect(metricTick("backorderRate", "USD", true)(v)).toBe(`${+(v * 100).toFixed(2)}`);
    expect(metricTick("avgWaitDays", "USD")(3.25)).toBe("3.3");
  });
});
