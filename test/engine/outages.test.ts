/** Supplier disruptions (docs/model.md §5): arrival days under halt and delay, worked by hand. */
import { describe, expect, it } from "vitest";
import { compileDist } from "../../src/engine/dists.ts";
import { geometricGap, OutageEffect, OutageSchedule } from "../../src/engine/outages.ts";
import { stream } from "../../src/engine/random.ts";

function schedule(...intervals: [number, number][]): OutageSchedule {
  const s = new OutageSchedule();
  for (const [a, b] of intervals) s.add(a, b);
  return s;
}

describe("outages", () => {
  // Down on days 10..14 (working again on day 15) and 30..31.
  const s = schedule([10, 15], [30, 32]);

  it("arrivalDay is t + L when no outage touches the order", () => {
    expect(s.arrivalDay(0, 5, OutageEffect.Halt)).toBe(5);
    expect(s.arrivalDay(16, 5, OutageEffect.Delay)).toBe(21);
  });

  it("arrivalDay under halt moves an arrival inside an outage to the recovery day", () => {
    expect(s.arrivalDay(5, 7, OutageEffect.Halt)).toBe(15); // due day 12, down until 15
    expect(s.arrivalDay(5, 12, OutageEffect.Halt)).toBe(17); // due day 17, after recovery: unaffected
  });

  it("arrivalDay under delay slips every order in flight by the whole outage", () => {
    expect(s.arrivalDay(5, 7, OutageEffect.Delay)).toBe(17);
    expect(s.arrivalDay(5, 12, OutageEffect.Delay)).toBe(22);
    // Slipping into the next outage slips again: due 25 → 30 → +2 = 32.
    expect(s.arrivalDay(5, 20, OutageEffect.Delay)).toBe(32);
  });

  it("an order placed while the supplier is down is dispatched at recovery, for both effects", () => {
    expect(s.arrivalDay(12, 3, OutageEffect.Halt)).toBe(14 + 3);
    expect(s.arrivalDay(12, 3, OutageEffect.Delay)).toBe(14 + 3);
    expect(s.dispatchDay(12)).toBe(14);
    expect(s.dispatchDay(15)).toBe(15);
  });

  it("advance(t) reports whether the supplier is down on day t", () => {
    const t = schedule([10, 15], [30, 32]);
    const down = [9, 10, 14, 15, 29, 30, 31, 32].map((d) => t.advance(d));
    expect(down).toEqual([false, true, true, false, false, true, true, false]);
  });

  it("geometricGap(p) has mean (1 − p)/p", () => {
    const rng = stream("gap", 0, "x");
    const p = 0.05;
    const n = 100_000;
    let s1 = 0;
    for (let i = 0; i < n; i++) s1 += geometricGap(rng, p);
    const mean = (1 - p) / p;
    const sd = Math.sqrt(1 - p) / p;
    expect(Math.abs(s1 / n - mean)).toBeLessThan((5 * sd) / Math.sqrt(n));
  });

  it("generate() draws outages with the configured durations that never overlap", () => {
    const sch = new OutageSchedule();
    sch.generate(stream("gen", 0, "x"), 0.1, compileDist({ kind: "fixed", value: 4 }), 2000);
    expect(sch.count).toBeGreaterThan(50);
    for (let k = 0; k < sch.count; k++) {
      expect(sch.end[k] - sch.start[k]).toBe(4);
      if (k > 0) expect(sch.start[k]).toBeGreaterThanOrEqual(sch.end[k - 1]);
    }
  });
});
