import { describe, expect, it } from "vitest";
import { deserializeAccumulator, summarise } from "../../src/analysis/accumulator.ts";
import { packResult, packedDaily, packedMean, packedOf, summarisePacked, unpackResult } from "../../src/analysis/packedResult.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { METRICS } from "../../src/engine/metrics.ts";
import { tinyScenario } from "../runner/fixtures/tinyScenario.ts";

const INFO = { workers: 1, elapsedMs: 1234 };

describe("packed results", () => {
  it("unpack to the very figures summarise gives, key for key and bit for bit", async () => {
    const s = tinyScenario({ runs: 40 }, 3);
    const ser = await createInThreadRunner().simulateAccumulator(s, { runs: 40 });
    const plain = summarise(deserializeAccumulator(structuredClone(ser)), INFO);
    const packed = summarisePacked(deserializeAccumulator(structuredClone(ser)), INFO);
    const unpacked = unpackResult(packed);
    // JSON.stringify reads every lazily built product, in the same key order.
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(plain));
    expect(structuredClone(unpacked)).toEqual(plain);
    expect(packedOf(unpacked)).toBe(packed);
    expect(Object.keys(unpacked.products)).toEqual(["p0", "p1", "p2"]);
    METRICS.forEach((m, k) => expect(packedMean(packed, 2, k)).toBe(plain.products.p2[m].mean));
    expect(Array.from(packedDaily(packed, 1, "onHand"))).toEqual(plain.productDaily.p1.onHand);
  });

  it("pack a result read from a file and unpack it unchanged", async () => {
    const r = await createInThreadRunner().simulate(tinyScenario({ runs: 20 }, 2), { runs: 20 });
    const back = unpackResult(structuredClone(packResult(r)));
    expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(r)));
  });
});
