/**
 * Textbook cases (shared/validation/textbook-cases.json): every case runs as given through
 * compileScenario + simulateRun (runs × horizonDays = 1,000,000 product-days after warm-up), and the
 * mean over runs of each expected metric must fall within the case's tolerance (5 standard errors of
 * the exact value, computed independently of this code). costPerDay is the metric of deriveMetrics:
 * (holdingCost + penaltyCost + orderingCost) / horizonDays.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, deriveMetrics, M, METRIC_COUNT, type Metric } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";

interface Case {
  id: string;
  title: string;
  scenario: Scenario;
  expected: Record<string, { value: number; tolerance: number }>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// shared/ sits next to the clone (in CI and locally).
const file = resolve(repoRoot, "../shared/validation/textbook-cases.json");
if (!existsSync(file)) throw new Error(`textbook cases not found: ${file} (expected ../shared/validation next to the repository)`);
const cases: Case[] = JSON.parse(readFileSync(file, "utf8")).cases;

describe("textbook cases", () => {
  it("the file has cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    it(`${c.id}: ${c.title}`, () => {
      const model = compileScenario(c.scenario);
      const out = createRunOutput(model.nProducts, model.horizonDays);
      const metrics = new Float64Array(METRIC_COUNT);
      const names = Object.keys(c.expected) as Metric[];
      for (const n of names) expect(M[n], `unknown metric ${n}`).toBeTypeOf("number");
      const sums = new Float64Array(names.length);
      for (let r = 0; r < c.scenario.runs; r++) {
        simulateRun(model, r, out);
        deriveMetrics(out.raw, 0, metrics);
        names.forEach((n, i) => (sums[i] += metrics[M[n]]));
      }
      const got = Object.fromEntries(names.map((n, i) => [n, sums[i] / c.scenario.runs]));
      for (const n of names) {
        const { value, tolerance } = c.expected[n];
        expect(Math.abs(got[n] - value), `${c.id} ${n}: got ${got[n]}, expected ${value} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
      }
    });
  }
});
