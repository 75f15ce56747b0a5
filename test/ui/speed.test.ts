import { beforeEach, describe, expect, it } from "vitest";
import { measuredSpeed, recordSpeed, sizeClass } from "../../src/ui/state/speed.ts";

/** A Map standing in for the browser's localStorage. */
function fakeStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

describe("this browser's measured speed", () => {
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = fakeStorage();
  });

  it("keeps a measurement per catalogue size and worker count", () => {
    expect(measuredSpeed(2000, 2)).toBeNull();
    // 730,000 product-days in 1.46 s: 500,000 a second.
    recordSpeed(2000, 2, 730_000, 1460);
    expect(measuredSpeed(2000, 2)?.productDaysPerSecond).toBeCloseTo(500_000, 6);
    expect(measuredSpeed(3999, 2)?.productDaysPerSecond).toBeCloseTo(500_000, 6);
    // Another worker count is another machine setting: not used.
    expect(measuredSpeed(2000, 4)).toBeNull();
  });

  it("blends a new measurement with the last (geometric mean) and never carries a small catalogue's speed to a larger one", () => {
    recordSpeed(2000, 2, 1_000_000, 1000);
    recordSpeed(2000, 2, 250_000, 1000);
    expect(measuredSpeed(2000, 2)?.productDaysPerSecond).toBeCloseTo(500_000, 6);
    recordSpeed(12, 2, 3_000_000, 1000);
    expect(sizeClass(12)).toBe(1);
    expect(sizeClass(2000)).toBe(3);
    // A 12-product page's speed is not used for 500 products; the 2,000-product one is (it is not faster).
    expect(measuredSpeed(500, 2)?.productDaysPerSecond).toBeCloseTo(500_000, 6);
    expect(measuredSpeed(12, 2)?.productDaysPerSecond).toBeCloseTo(3_000_000, 6);
  });

  it("ignores empty measurements", () => {
    recordSpeed(100, 2, 0, 1000);
    recordSpeed(100, 2, 1000, 0);
    expect(measuredSpeed(100, 2)).toBeNull();
  });
});
