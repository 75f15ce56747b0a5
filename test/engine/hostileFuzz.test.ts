/**
 * Hostile input, mutated at random (seeded): every example scenario with a field deleted, the wrong
 * type, 0, −0, 1e308, 2^53, 5e-324, a negative number, an empty list, a duplicate id, an unknown
 * supplier, a huge string or odd unicode. Each outcome must be one of:
 *   - a refusal by the parser, every problem with a sentence and at least one with a JSON path;
 *   - a refusal by the work estimate, with its message;
 *   - a finished small run whose every figure is finite, every rate in [0, 1], and whose counts obey
 *     the conservation identities of docs/model.md §6 — or a run stopped by a limit of the model
 *     with its message (never another exception);
 * and each within a time bound. Runs are shortened (2 runs, at most 40 + 20 days) to keep the suite
 * fast; what would take longer than a few seconds even then counts as refused by the estimate.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { isSimulationLimitError } from "../../src/engine/limits.ts";
import { createRunOutput, deriveMetrics, identityBreaks, M, METRIC_COUNT, METRICS, RAW, RAW_COUNT, sumRaw, type RawField } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { estimateWork } from "../../src/io/estimate.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { loadExamples, mutantArbitrary, mutate, RATES } from "../hostile/mutants.ts";

const EXAMPLES = loadExamples({ bench: true });

/** Runs a parsed mutant briefly and checks every figure; returns what happened. */
function runChecked(s: Scenario): "ran" | "tooBig" | "stopped" {
  const short: Scenario = { ...s, runs: 2, horizonDays: Math.min(s.horizonDays, 40), warmupDays: Math.min(s.warmupDays, 20) };
  const est = estimateWork(short, { runs: 2 });
  if (est.tooBig || est.seconds > 3) {
    if (est.tooBig) expect(est.message).toMatch(/product-days/);
    return "tooBig";
  }
  const model = compileScenario(short);
  const out = createRunOutput(model.nProducts, model.horizonDays);
  const metrics = new Float64Array(METRIC_COUNT);
  const total = new Float64Array(RAW_COUNT);
  for (let run = 0; run < short.runs; run++) {
    try {
      simulateRun(model, run, out);
    } catch (err) {
      if (isSimulationLimitError(err)) return "stopped";
      throw err;
    }
    for (let p = 0; p <= model.nProducts; p++) {
      const whole = p === model.nProducts;
      if (whole) sumRaw(out.raw, model.nProducts, total);
      const raw = whole ? total : out.raw.subarray(p * RAW_COUNT, (p + 1) * RAW_COUNT);
      const g = (f: RawField) => raw[RAW[f]];
      const where = `${whole ? "total" : `product ${p}`}, run ${run}`;
      // All four identities (units, stock, pipeline, order lines), exactly.
      expect(identityBreaks(g), where).toEqual([]);
      deriveMetrics(raw, 0, metrics);
      METRICS.forEach((name, i) => expect(Number.isFinite(metrics[i]), `${name} finite, ${where}`).toBe(true));
      for (const r of RATES) {
        expect(metrics[M[r]], `${r}, ${where}`).toBeGreaterThanOrEqual(0);
        expect(metrics[M[r]], `${r}, ${where}`).toBeLessThanOrEqual(1);
      }
    }
  }
  return "ran";
}

describe("hostile scenarios (seeded fuzz of the examples)", () => {
  it("every mutant of every example is refused with a path, refused by the estimate, or runs with finite figures, rates in [0, 1] and conservation", () => {
    const seen = { refused: 0, tooBig: 0, ran: 0, stopped: 0 };
    fc.assert(
      fc.property(mutantArbitrary(EXAMPLES.length), ([e, pick, m]) => {
        const mutant = mutate(EXAMPLES[e].json, pick, m);
        const t0 = performance.now();
        const r = parseScenario(mutant);
        if (!r.ok) {
          seen.refused++;
          expect(r.errors.length).toBeGreaterThan(0);
          for (const issue of r.errors) expect(issue.message.length).toBeGreaterThan(0);
          expect(
            r.errors.some((i) => i.path !== ""),
            JSON.stringify(r.errors).slice(0, 300),
          ).toBe(true);
        } else seen[runChecked(r.scenario)]++;
        // A generous bound: a hang fails here (or at the test's timeout), not in a user's tab.
        expect(performance.now() - t0, `${EXAMPLES[e].file} ${JSON.stringify(m).slice(0, 80)}`).toBeLessThan(15_000);
      }),
      { numRuns: 900, seed: 19_2026 },
    );
    // The fuzz reaches every outcome it is meant to test.
    expect(seen.refused).toBeGreaterThan(50);
    expect(seen.ran).toBeGreaterThan(100);
  }, 120_000);
});
