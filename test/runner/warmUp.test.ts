/**
 * The app's workers warm their code up on a scenario of their own while the page loads: that
 * scenario must be valid and the warm-ups must run through (they swallow errors, being only a
 * speed-up, so a broken warm-up would otherwise go unnoticed).
 */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { compileScenario } from "../../src/engine/compile.ts";
import { WARM_SCENARIO, warmUpAggregate, warmUpSimulation } from "../../src/runner/warmUp.ts";

describe("worker warm-ups", () => {
  it("use a valid scenario with every policy kind and both count laws", () => {
    const parsed = parseScenario(WARM_SCENARIO);
    expect(parsed.ok).toBe(true);
    expect(new Set(WARM_SCENARIO.products.map((p) => p.policy.kind))).toEqual(new Set(["baseStock", "sS", "safetyStock", "rQ"]));
    expect(new Set(WARM_SCENARIO.products.map((p) => p.demand.orderCount.kind))).toEqual(new Set(["poisson", "negativeBinomial"]));
    expect(compileScenario(WARM_SCENARIO).nProducts).toBe(WARM_SCENARIO.products.length);
  });

  it("simulate, fold and pack; unpack, merge and summarise", () => {
    expect(warmUpSimulation()).toBe(true);
    expect(warmUpAggregate()).toBe(true);
  });
});
