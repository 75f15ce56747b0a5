import { describe, expect, it } from "vitest";
import { createCloneRunner, createInThreadRunner } from "../../src/runner/inThread.ts";
import { createNodeRunner } from "../../src/runner/nodeRunner.ts";
import { tinyScenario } from "./fixtures/tinyScenario.ts";

describe("RunOptions.dailyBands = false", () => {
  it("gives the same totals, products, samples and daily means, with no daily bands, on every runner", async () => {
    const s = tinyScenario({ runs: 30 });
    const full = await createInThreadRunner().simulate(s);
    const node = createNodeRunner({ workers: 2 });
    try {
      for (const runner of [createInThreadRunner(), createCloneRunner(), node]) {
        const lean = await runner.simulate(s, { dailyBands: false, chunkRuns: 4 });
        expect(lean.total).toEqual(full.total);
        expect(lean.products).toEqual(full.products);
        expect(lean.samples).toEqual(full.samples);
        expect(lean.productDaily).toEqual(full.productDaily);
        expect(lean.daily.sampleRuns).toBe(0);
        for (const [name, band] of Object.entries(lean.daily.series)) {
          expect(band.mean).toEqual(full.daily.series[name as keyof typeof full.daily.series].mean);
          expect(band.p50.every(Number.isNaN)).toBe(true);
        }
      }
    } finally {
      node.dispose();
    }
  });

  it("paired runs without daily bands give the same paired differences", async () => {
    const a = tinyScenario({ runs: 20 });
    const b = { ...a, products: a.products.map((p) => ({ ...p, price: p.price * 1.1 })) };
    const runner = createCloneRunner();
    const full = await runner.simulatePaired([a, b]);
    const lean = await runner.simulatePaired([a, b], { dailyBands: false });
    expect(lean.diff).toEqual(full.diff);
    expect(lean.productDiff).toEqual(full.productDiff);
    expect(lean.variants.map((v) => v.total)).toEqual(full.variants.map((v) => v.total));
  });
});
