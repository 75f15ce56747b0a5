/**
 * Every registered distribution family (src/engine/kinds/distribution/index.ts) on the examples its
 * own generator makes: they parse in every field that takes a distribution, compile, run, and their
 * moments, CDF, quantiles and samples agree with each other; a lead time stated by a mean and sd
 * goes through the supplier CSV. A family added to the table is tested here without a line of test code.
 */
import { readFileSync } from "node:fs";
import { scaleDist } from "../../src/analysis/variants.ts";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { compileDist, distCdf, distMean, distPreview, distQuantile, distSd, integerPmf, quantileFunction, sample } from "../../src/engine/dists.ts";
import { DIST_FAMILIES, DIST_KIND_NAMES } from "../../src/engine/kinds/distribution/index.ts";
import { createRunOutput, RAW } from "../../src/engine/metrics.ts";
import type { Dist } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { parseSuppliersCsv, suppliersToCsv } from "../../src/io/catalogCsv.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { product, scenario, supplier } from "./fixtures.ts";

function examples(kind: (typeof DIST_KIND_NAMES)[number], lo: number, hi: number, n = 10): Dist[] {
  const u = seedrandom(`dist-family-${kind}-${lo}-${hi}`);
  return Array.from({ length: n }, () => DIST_FAMILIES[kind].example({ u, lo, hi }));
}

describe("distribution families", () => {
  it("the table names each family by its own key, with words for people", () => {
    for (const k of DIST_KIND_NAMES) {
      const def = DIST_FAMILIES[k];
      expect(def.kind).toBe(k);
      for (const text of [def.label, def.description]) expect(text.length, k).toBeGreaterThan(3);
      expect(def.fields.length + def.lists.length, k).toBeGreaterThan(0);
    }
  });

  it("docs/model.md describes every family", () => {
    const model = readFileSync(new URL("../../docs/model.md", import.meta.url), "utf8");
    for (const k of DIST_KIND_NAMES) expect(model, k).toContain(`{kind:"${k}"`);
  });

  for (const kind of DIST_KIND_NAMES) {
    describe(kind, () => {
      const family = DIST_FAMILIES[kind];

      it("its examples parse as units per order, lead time, patience and shock multiplier, and run", () => {
        for (const d of examples(kind, 1, 6)) {
          const s = scenario(
            [
              product("a", {
                demand: {
                  ordersPerDay: 3,
                  orderCount: { kind: "poisson" },
                  unitsPerOrder: d,
                  shocks: [{ probabilityPerDay: 0.05, multiplier: d, durationDays: d }],
                },
                customers: { willingToWaitDays: d },
                policy: { kind: "sS", reorderPoint: 10, orderUpTo: 30 },
              }),
            ],
            { horizonDays: 60, warmupDays: 5, suppliers: [supplier("s", { leadTimeDays: d })] },
          );
          const parsed = parseScenario(JSON.parse(JSON.stringify(s)));
          expect(parsed.ok ? [] : parsed.errors, JSON.stringify(d)).toEqual([]);
          if (!parsed.ok) continue;
          expect(family.problems(d as never)).toEqual([]);
          const model = compileScenario(parsed.scenario);
          const out = createRunOutput(model.nProducts, model.horizonDays);
          simulateRun(model, 0, out);
          expect(out.raw[RAW.unitsDemanded], JSON.stringify(d)).toBeGreaterThan(0);
        }
      });

      it("its moments, CDF and quantiles agree, and its samples have its mean", () => {
        const rng = seedrandom(`dist-family-draws-${kind}`);
        for (const d of examples(kind, 1, 6, 6)) {
          const m = distMean(d);
          const sd = distSd(d);
          expect(Number.isFinite(m) && sd >= 0, JSON.stringify(d)).toBe(true);
          // The median's CDF is at least ½, and just below it less (or the same value for a discrete family).
          const med = distQuantile(d, 0.5);
          expect(distCdf(d, med)).toBeGreaterThanOrEqual(0.5 - 1e-9);
          const cd = compileDist(d);
          const N = 20_000;
          let s = 0;
          for (let i = 0; i < N; i++) s += sample(cd, rng);
          // Five standard errors of the mean.
          expect(Math.abs(s / N - m), JSON.stringify(d)).toBeLessThanOrEqual(5 * (sd / Math.sqrt(N)) + 1e-9);
          // The lazily drawn quantile function maps ½ near the median.
          const q = quantileFunction(d)(0.5);
          expect(distCdf(d, q) + 1e-6).toBeGreaterThanOrEqual(0.5 - 0.01);
          // Integer use: masses add up to 1; the preview has finite points.
          const pmf = integerPmf(d, 1);
          expect(pmf.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
          const pv = distPreview(d, 40);
          expect(pv.x.length).toBeGreaterThan(0);
          expect([...pv.y].every(Number.isFinite)).toBe(true);
        }
      });

      it("scaled (sensitivity of lead times and patience), its mean scales by the same factor", () => {
        for (const d of examples(kind, 1, 6, 4)) expect(distMean(scaleDist(d, 1.5))).toBeCloseTo(1.5 * distMean(d), 9);
      });

      it("switching to it in the editor keeps the centre, and every field it shows is a number", () => {
        const d = family.fromCentre(21, 5) as Record<string, unknown>;
        expect(d.kind).toBe(kind);
        expect(distMean(d as Dist)).toBeCloseTo(21, 6);
        for (const f of family.fields) expect(typeof d[f.key]).toBe("number");
      });

      it("as a lead time in the supplier CSV: stated by mean and sd when it can be, else listed as lost", () => {
        const lead = examples(kind, 2, 20, 4);
        const suppliers = lead.map((leadTimeDays, i) => supplier(`s${i}`, { leadTimeDays }));
        const csv = suppliersToCsv(suppliers);
        const back = parseSuppliersCsv(csv.text);
        expect(back.errors).toEqual([]);
        lead.forEach((d, i) => {
          const got = back.items[i].leadTimeDays;
          if (family.fromMeanSd(1, 0) === null) expect(csv.lost.join("\n")).toContain(`s${i}: ${kind} lead time`);
          else expect(got.kind).toBe(kind);
          expect(distMean(got)).toBeCloseTo(distMean(d), 6);
        });
      });
    });
  }
});
