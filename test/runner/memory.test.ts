import { describe, expect, it } from "vitest";
import v8 from "node:v8";
import vm from "node:vm";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { tinyScenario } from "./fixtures/tinyScenario.ts";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe("runner memory", () => {
  it("simulate(100 000 runs) holds as much heap after 100 000 runs as after 10 000", async () => {
    // Invariant (docs/model.md §7): accumulators have a fixed size once past the sketches' exact phase.
    const s = tinyScenario({ runs: 100_000 }, 1);
    let at10k = 0;
    let atEnd = 0;
    const res = await createInThreadRunner().simulate(s, {
      chunkRuns: 2_000,
      onProgress: (p) => {
        if (p.runsDone === 10_000) at10k = heapAfterGc();
        if (p.runsDone === p.runsTotal) atEnd = heapAfterGc();
      },
    });
    expect(res.runs).toBe(100_000);
    expect(at10k).toBeGreaterThan(0);
    // Generous bound: 100 000 runs of per-run data would be ≥ 100 000 × 31 metrics × 8 bytes ≈ 25 MB.
    expect(atEnd - at10k).toBeLessThan(4 * 1024 * 1024);
  }, 300_000);
});
