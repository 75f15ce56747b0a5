/**
 * Every registered policy kind (src/engine/kinds/policy/index.ts) on the examples its own generator
 * makes: they parse, compile and run, round-trip through the product CSV, and their level helpers
 * agree with each other (and give the levels a plan reports and a textbook guess). A kind added to the table is tested here without a line of test code.
 */
import { readFileSync } from "node:fs";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { POLICY_KIND_NAMES, POLICY_KINDS, policyKindOf } from "../../src/engine/kinds/policy/index.ts";
import { createRunOutput, RAW, RAW_COUNT } from "../../src/engine/metrics.ts";
import type { Policy } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { parseProductsCsv, productsToCsv } from "../../src/io/catalogCsv.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { scenarioWarnings } from "../../src/io/warnings.ts";
import { product, scenario, supplier } from "./fixtures.ts";

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), "utf8");

function examples(kind: (typeof POLICY_KIND_NAMES)[number], n = 12): Policy[] {
  const u = seedrandom(`policy-kind-${kind}`);
  return Array.from({ length: n }, () => POLICY_KINDS[kind].example({ u, demandOverProtection: 10 + Math.floor(u() * 60) }));
}

describe("policy kinds", () => {
  it("the table names each kind by its own key, with words for people", () => {
    for (const k of POLICY_KIND_NAMES) {
      const def = POLICY_KINDS[k];
      expect(def.kind).toBe(k);
      for (const text of [def.label, def.words, def.description]) expect(text.length, k).toBeGreaterThan(3);
    }
  });

  it("docs/model.md describes every kind", () => {
    const model = doc("model.md");
    for (const k of POLICY_KIND_NAMES) expect(model, k).toContain(`"kind": "${k}"`);
  });

  for (const kind of POLICY_KIND_NAMES) {
    describe(kind, () => {
      const policies = examples(kind);

      it("its examples parse, run (ordering stock) and give no warning", () => {
        for (const policy of policies) {
          const s = scenario([product("a", { policy, initialOnHand: 0 })], {
            horizonDays: 60,
            warmupDays: 10,
            suppliers: [supplier("s", { leadTimeDays: { kind: "fixed", value: 3 } })],
          });
          const parsed = parseScenario(JSON.parse(JSON.stringify(s)));
          expect(parsed.ok ? [] : parsed.errors, JSON.stringify(policy)).toEqual([]);
          if (!parsed.ok) continue;
          expect(scenarioWarnings(parsed.scenario).filter((w) => w.path.includes("policy"))).toEqual([]);
          const model = compileScenario(parsed.scenario);
          const out = createRunOutput(model.nProducts, model.horizonDays);
          simulateRun(model, 0, out);
          expect(out.raw[RAW.unitsOrdered], JSON.stringify(policy)).toBeGreaterThan(0);
          expect(out.raw.length).toBe(RAW_COUNT);
        }
      });

      it("its examples come back unchanged from the product CSV", () => {
        const products = policies.map((policy, i) => product(`p${i}`, { policy }));
        const back = parseProductsCsv(productsToCsv(products).text, { supplierIds: ["s"] });
        expect(back.errors).toEqual([]);
        expect(back.items.map((p) => p.policy)).toEqual(policies);
      });

      it("its levels: the default parameter is one it has, and setting a parameter is what reading it gives", () => {
        for (const policy of policies) {
          const def = policyKindOf(policy);
          const params = def.params(policy);
          expect(params).toContain(def.defaultParam(policy));
          expect(def.getLevel(policy, def.defaultParam(policy))).not.toBeNull();
          for (const param of params) {
            const value = Math.max(def.minLevel(policy, param), param === "safetyStock.serviceLevel" ? 0.9 : 7);
            const moved = def.withLevel(policy, param, value);
            expect(moved, param).not.toBeNull();
            expect(moved!.kind).toBe(kind);
            expect(def.getLevel(moved!, param), param).toBe(value);
            expect(policy, "the input is not changed").toEqual(examples(kind)[policies.indexOf(policy)]);
          }
        }
      });

      it("its plan levels and textbook guesses: numbers in range, a guess that does not fall as the safety stock wanted rises", () => {
        const d = { mean: 40, sd: 9, unitsPerDay: 5 };
        for (const policy of policies) {
          const def = policyKindOf(policy);
          const lv = def.levels(policy, d);
          expect(Number.isFinite(lv.orderAt)).toBe(true);
          for (const x of [lv.reorderPoint, lv.orderUpTo]) if (x !== null) expect(Number.isInteger(x)).toBe(true);
          const most = def.maxPosition(policy);
          if (most !== null) expect(most).toBeGreaterThanOrEqual(lv.orderAt);
          for (const param of def.params(policy)) {
            const low = def.guessLevel(policy, param, { mean: 40, safety: 2, unitsPerDay: 5, quantile: 0.8 });
            const high = def.guessLevel(policy, param, { mean: 40, safety: 12, unitsPerDay: 5, quantile: 0.8 });
            expect(Number.isFinite(low), param).toBe(true);
            expect(high, param).toBeGreaterThanOrEqual(low);
          }
        }
      });
    });
  }
});
