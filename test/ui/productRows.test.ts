import { describe, expect, it } from "vitest";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { packResult } from "../../src/analysis/packedResult.ts";
import { abcClasses } from "../../src/analysis/abc.ts";
import { PROBLEM, productRows } from "../../src/ui/results/productRows.ts";
import { tinyScenario } from "../runner/fixtures/tinyScenario.ts";

describe("the Results table's rows", () => {
  it("one per product of the scenario that the result holds, in catalogue order, with ABC class, problem flag and search text from the result's means", async () => {
    const s = tinyScenario({ runs: 8 }, 40);
    // Every fourth product with a stock target of one unit fills far under 95 %; the others are
    // stocked well past their lead-time demand and nobody cancels.
    s.products.forEach((p, i) => {
      p.category = i % 3 === 0 ? "Garden" : "Kitchen";
      p.policy = { kind: "baseStock", orderUpTo: i % 4 === 0 ? 1 : 400, reviewPeriodDays: 1 };
      p.customers = { cancelHazardPerDay: 0 };
    });
    const result = await createInThreadRunner().simulate(s);
    const packed = packResult(result);
    // The scenario as shown may hold products the result does not (added since), and lists them in its own order.
    const shown = [...s.products].reverse();
    shown.splice(5, 0, { ...s.products[0], id: "new", name: "Added since" });
    const rows = (await productRows(packed, shown, 1))!;
    expect(rows.map((r) => r.id)).toEqual(shown.map((p) => p.id).filter((id) => id !== "new"));
    const revenue = rows.map((r) => result.products[r.id].revenue.mean);
    expect(rows.map((r) => r.abc)).toEqual(abcClasses(revenue));
    for (const r of rows) {
      const m = result.products[r.id];
      expect(packed.productIds[r.i]).toBe(r.id);
      expect(r.problem).toBe(m.profit.mean < 0 || m.fillRate.mean < PROBLEM.minFillRate || m.cancellationRate.mean > PROBLEM.maxCancellationRate);
      expect(r.text).toBe(`${r.name} ${r.id} ${r.category}`.toLowerCase());
    }
    expect(rows.some((r) => r.problem)).toBe(true);
    expect(rows.some((r) => !r.problem)).toBe(true);
  });

  it("is made over several tasks when a slice's time is short, and gives nothing once no longer wanted", async () => {
    const s = tinyScenario({ runs: 2, horizonDays: 5 }, 600);
    const packed = packResult(await createInThreadRunner().simulate(s));
    let tasks = 0;
    const timer = setInterval(() => tasks++, 0);
    const whole = await productRows(packed, s.products, 0);
    clearInterval(timer);
    expect(whole).toHaveLength(600);
    expect(tasks).toBeGreaterThan(1);
    let asked = 0;
    expect(await productRows(packed, s.products, 0, () => ++asked > 1)).toBeNull();
  });
});
