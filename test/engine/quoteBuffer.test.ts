/**
 * The quote buffer (docs/model.md §4, "The quote"): allow/cap may quote the restock date plus
 * `quoteBufferDays`. Checked by hand on the run of docs/model.md §12, by direction on a shop with
 * random lead times (paired runs, margins from the standard error of the paired differences), and
 * for the default path: a buffer of 0 gives bit for bit the output of a scenario without the field.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/engine/dists.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/engine/dists.ts")>();
  // Only the hand-worked scenario has a Poisson count of exactly 3 a day; the others use negative
  // binomial counts and pass through.
  return {
    ...actual,
    orderCountByInversion: (u: number, lambda: number, k: number, a: number, pa: number, below: number, ratios: Float64Array) =>
      lambda === 3 && k === Infinity ? 3 : actual.orderCountByInversion(u, lambda, k, a, pa, below, ratios),
  };
});

import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, deriveMetrics, M, METRIC_COUNT, RAW, type RunOutput } from "../../src/engine/metrics.ts";
import type { Backorders, Product, Scenario } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { handWorkedScenario, lumpyProduct } from "./fixtures.ts";

function fnv(arrays: Float64Array[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** A shop with random lead times, lumpy demand, patience and both cancel hazards, allow and cap. */
function golden(b0: Backorders, b1: Backorders): Scenario {
  const product = (id: string, ordersPerDay: number, backorders: Backorders): Product =>
    lumpyProduct(id, ordersPerDay, {
      policy: { kind: "sS", reorderPoint: 15, orderUpTo: 45, reviewPeriodDays: 3 },
      backorders,
      customers: { willingToWaitDays: { kind: "gamma", mean: 12, sd: 6 }, cancelHazardPerDay: 0.02, lateCancelHazardPerDay: 0.2 },
    });
  return {
    version: 1,
    name: "quote buffer",
    startDate: "2027-03-01",
    horizonDays: 200,
    warmupDays: 20,
    runs: 4,
    seed: "quote buffer",
    currency: "EUR",
    products: [product("a", 4, b0), product("b", 2.5, b1)],
    suppliers: [{ id: "acme", name: "Acme", leadTimeDays: { kind: "gamma", mean: 9, sd: 4 }, fixedOrderCost: 20 }],
  };
}

function runAll(s: Scenario): RunOutput[] {
  const model = compileScenario(s);
  return Array.from({ length: s.runs }, (_, r) => {
    const out = createRunOutput(model.nProducts, model.horizonDays);
    simulateRun(model, r, out);
    return out;
  });
}

const outputHash = (outs: RunOutput[]) => fnv(outs.flatMap((o) => [o.raw, o.daily, o.productDaily, o.waitHist]));

/** docs/model.md §12: 3 one-unit orders a day, (r, nQ) r = 2, Q = 6, lead time 2 days, 4 on hand. */
const handWorked = (backorders: Backorders, patienceDays?: number): Scenario => handWorkedScenario({ backorders, patienceDays });

describe("quote buffer", () => {
  it("quotes the restock date plus the buffer: worked by hand on the run of docs/model.md §12", () => {
    // Buffer 1, patience 2.5 days. Day 1: two short orders, restock expected day 2, quoted day 3
    // (wait 2 ≤ 2.5): both backordered, shipped day 2, a day before the quote. Days 3 and 5 alike
    // (quotes 5 and 7). Same shipments as without a buffer; every promise kept.
    const one = runAll(handWorked({ mode: "allow", quoteBufferDays: 1 }, 2.5))[0].raw;
    expect([one[RAW.ordersBackordered], one[RAW.backorderedShipped], one[RAW.promisesKept], one[RAW.unitsLost], one[RAW.unitsShipped]]).toEqual([
      6, 4, 4, 0, 16,
    ]);

    // Buffer 2: the same day-1 orders are quoted day 4, a 3-day wait > 2.5, so both walk away.
    //  day 0: 3 from stock, on hand 1; IP 1 ≤ 2 → order 6 (arrives day 2)
    //  day 1: 1 from stock, 2 balk (quote 2 + 2 = day 4); IP 0 + 6 = 6 → none
    //  day 2: receive 6, 3 from stock, on hand 3; IP 3 → none
    //  day 3: 3 from stock, on hand 0; IP 0 → order 6 (arrives day 5)
    //  day 4: 3 balk (quote 5 + 2 = day 7, wait 3); IP 6 → none
    //  day 5: receive 6, 3 from stock, on hand 3
    const two = runAll(handWorked({ mode: "allow", quoteBufferDays: 2 }, 2.5))[0].raw;
    expect({
      ordersPlaced: two[RAW.ordersPlaced],
      ordersBackordered: two[RAW.ordersBackordered],
      unitsFromStock: two[RAW.unitsFromStock],
      unitsLost: two[RAW.unitsLost],
      unitsShipped: two[RAW.unitsShipped],
      unitsReceived: two[RAW.unitsReceived],
      replenishmentOrders: two[RAW.replenishmentOrders],
      onHandDaySum: two[RAW.onHandDaySum],
      stockoutDays: two[RAW.stockoutDays],
    }).toEqual({
      ordersPlaced: 13,
      ordersBackordered: 0,
      unitsFromStock: 13,
      unitsLost: 5,
      unitsShipped: 13,
      unitsReceived: 12,
      replenishmentOrders: 2,
      onHandDaySum: 7,
      stockoutDays: 2,
    });

    // A cap counts the buffer in the quoted wait: restock 1 day away + buffer 2 = 3 > cap 2.
    const capped = runAll(handWorked({ mode: "cap", maxQuotedWaitDays: 2, quoteBufferDays: 2 }))[0].raw;
    expect([capped[RAW.ordersBackordered], capped[RAW.unitsLost]]).toEqual([0, 5]);
    const capOk = runAll(handWorked({ mode: "cap", maxQuotedWaitDays: 3, quoteBufferDays: 2 }))[0].raw;
    expect([capOk[RAW.ordersBackordered], capOk[RAW.unitsLost]]).toEqual([6, 0]);
  });

  it("a longer buffer keeps more promises and turns more impatient customers away (paired runs)", () => {
    // Lead time gamma(9, 4): the expected arrival is often missed, so buffer 0 breaks many promises.
    const runs = 60;
    const metricsOf = (b: Backorders) =>
      runAll({ ...golden(b, b), runs }).map((o) => {
        const m = new Float64Array(METRIC_COUNT);
        deriveMetrics(o.raw, 0, m);
        return {
          promise: m[M.promiseKeptRate],
          lost: o.raw[RAW.unitsLost],
          lateCancel: o.raw[RAW.ordersCancelled] / Math.max(1, o.raw[RAW.ordersBackordered]),
        };
      });
    const b0 = metricsOf({ mode: "allow" });
    const b7 = metricsOf({ mode: "allow", quoteBufferDays: 7 });
    const pairedClearlyAbove = (d: number[]) => {
      const n = d.length;
      const mean = d.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      return mean - 3 * (sd / Math.sqrt(n));
    };
    expect(pairedClearlyAbove(b7.map((x, i) => x.promise - b0[i].promise))).toBeGreaterThan(0);
    expect(pairedClearlyAbove(b7.map((x, i) => x.lost - b0[i].lost))).toBeGreaterThan(0);
    // The late-cancel hazard (0.2 a day) starts later, so a smaller share of those who wait cancel.
    expect(pairedClearlyAbove(b0.map((x, i) => x.lateCancel - b7[i].lateCancel))).toBeGreaterThan(0);
  });

  it("buffer 0 is the DESIGN §4 quote exactly: same output bit for bit as without the field", () => {
    const mixed = (buffer?: number): Scenario =>
      golden(buffer === undefined ? { mode: "allow" } : { mode: "allow", quoteBufferDays: buffer }, {
        mode: "cap",
        maxQuotedWaitDays: 10,
        ...(buffer === undefined ? {} : { quoteBufferDays: buffer }),
      });
    const without = outputHash(runAll(mixed()));
    expect(outputHash(runAll(mixed(0)))).toBe(without);
    expect(outputHash(runAll(mixed(3)))).not.toBe(without);
  });
});
