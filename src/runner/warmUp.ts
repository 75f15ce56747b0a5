/**
 * Warm-ups for the app's workers, run as each worker starts, while the page is still loading its
 * own code (about a second on a first visit). The first job otherwise runs every function of the
 * engine, the accumulators, their packing, merging and summary for the first time: parsed,
 * compiled and interpreted then, the first partial result of the default scenario took about
 * 0.7 s after the run began, a third of it merging the first two parts. Nothing of a warm-up is
 * kept: it uses instances of its own and a scenario of its own.
 */
import { metaForScenario } from "../analysis/accumulator.ts";
import { addPairedRun, createPairedAccumulator, serializePairedAccumulator } from "../analysis/pairedAccumulator.ts";
import { createRunOutput, RAW_COUNT } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import { createChunkWorker } from "./chunkWorker.ts";
import { createJobAggregate } from "./jobAggregate.ts";

/**
 * Products that run short, with the kinds of the example scenarios: random and fixed order sizes,
 * Poisson and negative-binomial counts, weekly and monthly seasons, every policy, patient and
 * impatient customers, lead times of several laws.
 */
export const WARM_SCENARIO: Scenario = {
  version: 1,
  name: "warm-up",
  startDate: "2027-01-04",
  horizonDays: 60,
  warmupDays: 5,
  runs: 4,
  seed: "warm-up",
  currency: "EUR",
  products: [
    {
      id: "a",
      name: "a",
      price: 20,
      unitCost: 8,
      holdingCostPerUnitDay: 0.01,
      backorderCostPerUnitDay: 0.05,
      lostSaleCost: 1,
      demand: {
        ordersPerDay: 6,
        orderCount: { kind: "negativeBinomial", dispersion: 3 },
        unitsPerOrder: { kind: "empirical", values: [1, 2, 3], weights: [0.6, 0.3, 0.1] },
        weekly: [1, 1, 1, 1, 1.2, 1.4, 0.8],
      },
      policy: { kind: "baseStock", orderUpTo: 30, reviewPeriodDays: 2 },
      sourcing: { kind: "single", supplier: "s" },
      backorders: { mode: "allow" },
      customers: { willingToWaitDays: { kind: "lognormal", mean: 10, sd: 4 }, cancelHazardPerDay: 0.01, lateCancelHazardPerDay: 0.05 },
    },
    {
      id: "b",
      name: "b",
      price: 5,
      unitCost: 2,
      holdingCostPerUnitDay: 0.01,
      backorderCostPerUnitDay: 0.02,
      lostSaleCost: 0,
      demand: { ordersPerDay: 3, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
      policy: { kind: "sS", reorderPoint: 3, orderUpTo: 12, reviewPeriodDays: 1 },
      sourcing: { kind: "single", supplier: "s" },
      backorders: { mode: "cap", maxQuotedWaitDays: 5 },
      customers: { willingToWaitDays: { kind: "exponential", mean: 3 }, cancelHazardPerDay: 0.2 },
    },
    {
      id: "c",
      name: "c",
      price: 50,
      unitCost: 20,
      holdingCostPerUnitDay: 0.05,
      backorderCostPerUnitDay: 0.1,
      lostSaleCost: 0,
      demand: {
        ordersPerDay: 2,
        orderCount: { kind: "poisson" },
        unitsPerOrder: { kind: "fixed", value: 2 },
        monthly: [1, 1, 1.2, 1, 1, 1, 1, 1, 1, 1, 1.5, 2],
      },
      policy: { kind: "safetyStock", safetyStock: { serviceLevel: 0.9 }, reviewPeriodDays: 3 },
      sourcing: { kind: "single", supplier: "t" },
      backorders: { mode: "allow" },
      customers: { willingToWaitDays: { kind: "gamma", mean: 20, sd: 8 }, cancelHazardPerDay: 0.002, lateCancelHazardPerDay: 0.02 },
    },
    {
      id: "d",
      name: "d",
      price: 9,
      unitCost: 3,
      holdingCostPerUnitDay: 0.01,
      backorderCostPerUnitDay: 0,
      lostSaleCost: 0.5,
      demand: { ordersPerDay: 4, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "poisson", mean: 1.5 } },
      policy: { kind: "rQ", reorderPoint: 4, orderQuantity: 15 },
      sourcing: { kind: "single", supplier: "u" },
      backorders: { mode: "deny" },
    },
  ],
  suppliers: [
    { id: "s", name: "s", leadTimeDays: { kind: "gamma", mean: 4, sd: 1.5 }, fixedOrderCost: 10 },
    { id: "t", name: "t", leadTimeDays: { kind: "lognormal", mean: 6, sd: 2 }, fixedOrderCost: 10 },
    { id: "u", name: "u", leadTimeDays: { kind: "uniform", min: 2, max: 5 }, fixedOrderCost: 10 },
  ],
};

/** Compiles, simulates, folds and packs a few runs of the warm-up scenario; false if anything failed. */
export function warmUpSimulation(): boolean {
  try {
    const w = createChunkWorker();
    w.load(0, [WARM_SCENARIO]);
    w.run(0, 0, 4);
    return w.take(0) !== null;
  } catch {
    // Only a speed-up.
    return false;
  }
}

/** Unpacks, merges and summarises two parts of made-up runs (enough runs for bucketed quantiles); false if anything failed. */
export function warmUpAggregate(): boolean {
  try {
    const s = WARM_SCENARIO;
    const part = (first: number) => {
      const acc = createPairedAccumulator([metaForScenario(s, {})]);
      const out = createRunOutput(s.products.length, s.horizonDays);
      for (let r = first; r < first + 64; r++) {
        for (let i = 0; i < out.raw.length; i++) out.raw[i] = ((i % RAW_COUNT) + 1) * (1 + ((r * 7919 + i * 104729) % 97) / 97);
        for (let i = 0; i < out.daily.length; i++) out.daily[i] = (r * 31 + i) % 17;
        for (let i = 0; i < out.productDaily.length; i++) out.productDaily[i] = (r * 13 + i) % 11;
        addPairedRun(acc, r, [out]);
      }
      return serializePairedAccumulator(acc, { typed: true });
    };
    const agg = createJobAggregate();
    agg.begin([s]);
    agg.add([part(0), part(64)]);
    return agg.simulation({ workers: 2, elapsedMs: 0 }).runs === 128;
  } catch {
    // Only a speed-up.
    return false;
  }
}
