/**
 * The shop-level side of the backorder recommendation: counts per decision, the recommendations
 * applied to the scenario, the whole-shop effect of applying all of it (simulated, paired), and the
 * products finished before a cancel.
 */
import { describe, expect, it } from "vitest";
import { applyRecommendations, decisionCounts, recommendBackorders, recommendationChanges, type RecommendResult } from "../../src/analysis/recommend.ts";
import { shopSummary } from "../../src/present/backorderWords.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { parsed, patienceShopJson } from "./fixtures/decisionScenarios.ts";

describe("backorder recommendation for the shop", () => {
  it("applying all of it: the whole-shop paired profit effect equals the changed product's own (products do not interact here)", async () => {
    // Both products take backorders now; the impatient one is recommended to refuse them.
    const s = parsed(patienceShopJson());
    const r = await recommendBackorders(createInThreadRunner(), s, { runs: 20 });
    expect(decisionCounts(r)).toEqual({ total: 2, allow: 1, cap: 0, deny: 1, changed: 1 });
    expect(recommendationChanges(r.products.impatient)).toBe(true);
    expect(recommendationChanges(r.products.patient)).toBe(false);
    expect(r.shop?.changed).toBe(1);
    // Product figures are the same to the last bit alone or in the shop (streams are named after
    // products and suppliers), so the shop's change is the impatient product's: deny − allow.
    const opts = r.products.impatient.options;
    const current = opts.find((o) => o.backorders.mode === "allow" && !o.backorders.quoteBufferDays)!;
    expect(r.shop!.diff.profit.mean).toBeCloseTo(-current.profitVsDeny.mean, 6);
    expect(r.shop!.diff.profit.ci95[0]).toBeLessThanOrEqual(r.shop!.diff.profit.mean);
    const applied = applyRecommendations(s, r);
    expect(applied.products.map((p) => p.backorders)).toEqual([{ mode: "allow" }, { mode: "deny" }]);
    expect(s.products[1].backorders).toEqual({ mode: "allow" }); // the input is not changed
    // The summary the app and `recommend` print: counts, then the effect in words with its interval.
    const sum = shopSummary(r);
    expect(sum.countsLine).toBe("allow 1 product, cap 0, deny 1; 1 of 2 change from their setting now.");
    expect(sum.effect).toMatch(
      /^Applying all 1 change, simulated for the whole shop against the shop as it is: (it earns \S+ ± \S+ (more|less) profit|no clear difference in profit) over the horizon; .*\(95 % intervals\)\.$/,
    );
    // Nothing changes: said so; cancelled before the shop run: nothing to say yet.
    expect(shopSummary({ ...r, shop: undefined, products: { patient: r.products.patient } }).effect).toBe(
      "Every product's setting is already the recommended one.",
    );
    expect(shopSummary({ ...r, shop: undefined }).effect).toBeNull();
  });

  it("no change, no whole-shop run; shopCheck: false skips it", async () => {
    const s = parsed(patienceShopJson());
    const calls: number[] = [];
    const inner = createInThreadRunner();
    const runner = {
      simulatePaired: (v: Parameters<typeof inner.simulatePaired>[0], o: Parameters<typeof inner.simulatePaired>[1]) => (
        calls.push(v.length),
        inner.simulatePaired(v, o)
      ),
    };
    const r = await recommendBackorders(runner, s, { runs: 5, products: ["patient"] });
    expect(r.shop).toBeUndefined();
    expect(calls).toHaveLength(1);
    calls.length = 0;
    await recommendBackorders(runner, s, { runs: 5, shopCheck: false });
    expect(calls).toHaveLength(2);
  });

  it("publishes each product as it is finished, so a cancel keeps them", async () => {
    const s = parsed(patienceShopJson());
    const seen: RecommendResult[] = [];
    const abort = new AbortController();
    const p = recommendBackorders(createInThreadRunner(), s, {
      runs: 5,
      signal: abort.signal,
      onProduct: (partial) => {
        seen.push(partial);
        abort.abort();
      },
    });
    await expect(p).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0].products)).toEqual(["patient"]);
    expect(decisionCounts(seen[0]).total).toBe(1);
  });
});
