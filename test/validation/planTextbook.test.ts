/**
 * Textbook optima (shared/validation/textbook-cases.json) found by plan as by optimize: the cases
 * whose level is the textbook's least-cost policy — newsvendor S = 8 (BS-POI-1), (r, Q) = (3, 5)
 * (RQ-POI-1), (s, S) = (4, 10) (SS-1, S moving with s), lost-sales S = 12 (LS-Z-L1) — on 20 runs of
 * 2,000 days each (the cost differences between neighbouring levels are 10–50 standard errors there).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { optimizeLevel } from "../../src/analysis/optimize.ts";
import { parsePlanTargets, planProducts } from "../../src/analysis/plan.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";

const file = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/validation/textbook-cases.json");
if (!existsSync(file)) throw new Error(`textbook cases not found: ${file}`);
const cases: { id: string; scenario: Scenario }[] = JSON.parse(readFileSync(file, "utf8")).cases;
const OPTIMA = ["BS-POI-1", "RQ-POI-1", "SS-1", "LS-Z-L1"];

describe("textbook optima by plan and by optimize", () => {
  for (const id of OPTIMA) {
    it(`${id}: plan --target minCost and optimize minCost both find the textbook level`, async () => {
      const c = cases.find((x) => x.id === id)!;
      const s: Scenario = { ...c.scenario, horizonDays: 2000, runs: 20 };
      const t = parsePlanTargets("minCost");
      if (!t.ok) throw new Error(t.message);
      const [plan] = planProducts(s, [0], t.targets);
      const opt = await optimizeLevel(createInThreadRunner(), s, { product: s.products[0].id, objective: { kind: "minCost" } });
      expect(plan.current).not.toBeNull();
      expect(plan.planned, `${id}: plan`).toBe(plan.current);
      expect(opt.best.value, `${id}: optimize`).toBe(plan.current);
    });
  }
});
