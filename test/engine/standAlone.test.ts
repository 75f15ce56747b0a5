import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, RAW_COUNT } from "../../src/engine/metrics.ts";
import type { Policy, Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { productsStandAlone, standAloneScenario, withProductPolicy } from "../../src/engine/standAlone.ts";
import { scenarioArbitrary } from "./scenarioArbitrary.ts";
import { readFileSync } from "node:fs";

const scenarioFile = (name: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), "utf8")) as Scenario;

function rawOf(s: Scenario | ReturnType<typeof compileScenario>, run: number): number[] {
  const m = "products" in s && "nProducts" in s ? s : compileScenario(s as Scenario);
  const out = createRunOutput(m.nProducts, m.horizonDays);
  simulateRun(m, run, out);
  return Array.from(out.raw);
}

describe("a product simulated alone", () => {
  it("has, with only its own suppliers, the figures it has in the whole scenario", () => {
    const check = (s: Scenario) => {
      if (!productsStandAlone(s)) return;
      for (let r = 0; r < Math.min(2, s.runs); r++) {
        const whole = rawOf(s, r);
        s.products.forEach((_, i) => expect(rawOf(standAloneScenario(s, i), r)).toEqual(whole.slice(i * RAW_COUNT, (i + 1) * RAW_COUNT)));
      }
    };
    fc.assert(fc.property(scenarioArbitrary({ maxProducts: 3 }), check), { numRuns: 80, seed: 20261206 });
    check(scenarioFile("winter-woolies"));
  });

  it("at another level (a typed change of the compiled product) runs as the scenario written with that level", () => {
    const s = scenarioFile("bench");
    const change = (p: Policy): Policy | null => {
      switch (p.kind) {
        case "baseStock":
          return { ...p, orderUpTo: p.orderUpTo + 7 };
        case "sS":
          return { ...p, orderUpTo: p.orderUpTo + 5, reorderPoint: p.reorderPoint + 5 };
        case "rQ":
          return { ...p, reorderPoint: p.reorderPoint - 3, orderQuantity: p.orderQuantity + 2 };
        default:
          return null;
      }
    };
    let checked = 0;
    for (let i = 0; i < s.products.length && checked < 12; i++) {
      const alone = standAloneScenario({ ...s, horizonDays: 120 }, i);
      const policy = change(alone.products[0].policy);
      if (!policy || policy.kind === "safetyStock") continue;
      const typed = withProductPolicy(compileScenario(alone), 0, policy, null);
      const written = { ...alone, products: [{ ...alone.products[0], policy }] };
      expect(rawOf(typed, 3), s.products[i].id).toEqual(rawOf(written, 3));
      checked++;
    }
    expect(checked).toBe(12);
  });
});
