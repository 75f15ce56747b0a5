import { describe, expect, it } from "vitest";
import type { Demand, Scenario } from "../../src/engine/scenario.ts";
import { demandScale, estimateWork, WORK_MODEL } from "../../src/io/estimate.ts";
import { validScenario } from "./fixtures.ts";

function withProducts(n: number, horizonDays: number, runs: number, warmupDays = 0): Scenario {
  const s = validScenario();
  s.products = Array.from({ length: n }, (_, i) => ({ ...s.products[0], id: `p${i}` }));
  return { ...s, horizonDays, runs, warmupDays };
}

/** Seconds the model gives for single-unit, in-stock products (no baskets, no capacity): the bulk path. */
function bulkSeconds(s: Scenario, runs: number, workers = 1): number {
  const days = s.horizonDays + s.warmupDays;
  const lines = s.products.reduce((a, p) => a + demandScale(p.demand, s.horizonDays, s.warmupDays).mean * days, 0);
  const m = WORK_MODEL;
  return (
    (runs / workers) *
      ((days * s.products.length) / m.productDaysPerSecondPerWorker +
        s.horizonDays * s.products.length * m.foldSecondsPerProductDay +
        lines / m.bulkLinesPerSecondPerWorker) +
    days * s.products.length * m.compileSecondsPerProductDay +
    s.products.length * (m.compileSecondsPerSizeValue + m.summarySecondsPerProduct)
  ); // one order size each
}

describe("demandScale", () => {
  it("demandScale gives the mean and the largest expected orders a day after weekly, monthly, trend and shocks", () => {
    const d: Demand = { ordersPerDay: 10, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 }, weekly: [1, 1, 1, 1, 1, 2, 0] };
    expect(demandScale(d, 365, 0)).toEqual({ mean: 10, peak: 20 });
    // (1 + g)^(t/365) over t in [−365, 365): mean (e^b − e^a)/(b − a) with a = −ln 2, b = ln 2.
    const g = demandScale({ ...d, weekly: undefined, trendPerYear: 1 }, 365, 365);
    expect(g.mean).toBeCloseTo((10 * (2 - 0.5)) / (2 * Math.LN2), 9);
    expect(g.peak).toBeCloseTo(20, 9);
    // A scheduled ×3 over 73 of 365 days: mean × (1 + 2 × 73/365); a random ×5 shock half the time: × 3.
    const sch = demandScale({ ...d, weekly: undefined, shocks: [{ startDay: 0, durationDays: 73, multiplier: 3 }] }, 365, 0);
    expect(sch.mean).toBeCloseTo(10 * 1.4, 9);
    expect(sch.peak).toBe(30);
    const rnd = demandScale(
      { ...d, weekly: undefined, shocks: [{ probabilityPerDay: 1, durationDays: { kind: "fixed", value: 1 }, multiplier: { kind: "fixed", value: 5 } }] },
      365,
      0,
    );
    expect(rnd.mean).toBeCloseTo(10 * 3, 9);
    expect(rnd.peak).toBe(50);
  });
});

describe("estimateWork", () => {
  it("estimateWork(s) counts product-days and order lines over warm-up and horizon, at the modelled speeds", () => {
    const s = withProducts(2, 90, 100, 14);
    const e = estimateWork(s);
    expect(e.productDays).toBe(2 * (90 + 14) * 100);
    const perRun = s.products.reduce((a, p) => a + demandScale(p.demand, 90, 14).mean * 104, 0);
    expect(e.orderLines).toBeCloseTo(perRun, 9);
    expect(e.seconds).toBeCloseTo(bulkSeconds(s, 100), 12);
    expect(e.tooBig).toBe(false);
    expect(e.message).toBeUndefined();
  });

  it("estimateWork(s, {runs, horizonDays, workers}) uses the overrides", () => {
    const s = withProducts(3, 90, 100, 10);
    const e = estimateWork(s, { runs: 1000, horizonDays: 200, workers: 4 });
    expect(e.productDays).toBe(3 * 210 * 1000);
    expect(e.seconds).toBeCloseTo(bulkSeconds({ ...s, horizonDays: 200 }, 1000, 4), 12);
  });

  it("estimateWork flags a run over 15 minutes and says how big it is and what to do", () => {
    const s = withProducts(5000, 3650, 1_000_000);
    const e = estimateWork(s, { workers: 2 });
    expect(e.productDays).toBe(3650 * 5000 * 1_000_000);
    expect(e.tooBig).toBe(true);
    expect(e.message).toMatch(
      /^10 years × 5,000 products × 1,000,000 runs ≈ 1\.8e13 product-days and [\d.]+e\d+ order lines, about [\d,]+ days of computing on 2 workers; /,
    );
    expect(e.message).toMatch(/reduce runs \(precision mode stops early\), products or the horizon$/);
  });

  it("estimateWork flags a run just over the time limit but not one just under", () => {
    const s1 = withProducts(1, 100, 1);
    const perRun = bulkSeconds(s1, 2) - bulkSeconds(s1, 1);
    const fixed = bulkSeconds(s1, 1) - perRun;
    const runsAtLimit = (WORK_MODEL.maxSeconds - fixed) / perRun;
    expect(estimateWork(withProducts(1, 100, Math.floor(runsAtLimit * 0.99))).tooBig).toBe(false);
    const over = estimateWork(withProducts(1, 100, Math.ceil(runsAtLimit * 1.01)));
    expect(over.tooBig).toBe(true);
    expect(over.message).toMatch(
      /^100 days × 1 product × [\d,]+ runs ≈ [\d.]+e\d product-days and [\d.]+e\d+ order lines, about 15 minutes of computing on 1 worker; reduce runs/,
    );
  });

  it("estimateWork memory does not grow with the number of runs (bounded accumulators)", () => {
    const a = estimateWork(withProducts(50, 365, 10_000)).bytes;
    const b = estimateWork(withProducts(50, 365, 5_000_000)).bytes;
    expect(b).toBe(a);
  });

  it("estimateWork memory grows with products, horizon and workers", () => {
    const base = estimateWork(withProducts(50, 365, 1000)).bytes;
    expect(estimateWork(withProducts(100, 365, 1000)).bytes).toBeGreaterThan(base);
    expect(estimateWork(withProducts(50, 730, 1000)).bytes).toBeGreaterThan(base);
    expect(estimateWork(withProducts(50, 365, 1000), { workers: 2 }).bytes).toBeGreaterThan(base);
  });

  it("estimateWork flags a catalogue whose results would not fit in memory, even with few runs", () => {
    const e = estimateWork(withProducts(5000, 7300, 2), { workers: 2 });
    expect(e.seconds).toBeLessThan(WORK_MODEL.maxSeconds);
    expect(e.bytes).toBeGreaterThan(WORK_MODEL.maxBytes);
    expect(e.tooBig).toBe(true);
    expect(e.message).toMatch(/it needs about [\d.]+ GB of memory \(limit about 2\.5 GB\); reduce products or the horizon$/);
    // The command line may use more of a bigger machine, never less than the default.
    expect(estimateWork(withProducts(5000, 7300, 2), { workers: 2, memoryLimitBytes: 64e9 }).tooBig).toBe(false);
    expect(estimateWork(withProducts(5000, 7300, 2), { workers: 2, memoryLimitBytes: 1e6 }).tooBig).toBe(true);
  });

  it("the largest catalogue (5,000 products) is reachable over a year at modest runs, as measured", () => {
    // Measured on 5,000 products over 425 days with 2 workers: 5 runs 1.6 GB and 48 s, 100 runs 2.1 GB and 207 s.
    const s = withProducts(5000, 365, 100, 60);
    for (const runs of [1, 5, 100]) {
      const e = estimateWork(s, { runs, workers: 2 });
      expect(e.tooBig, `${runs} runs: ${e.message}`).toBe(false);
    }
    const at5 = estimateWork(s, { runs: 5, workers: 2 });
    expect(at5.bytes).toBeGreaterThan(1.2e9);
    expect(at5.bytes).toBeLessThan(2.5e9);
  });

  it("the default-sized scenarios are far from the limits", () => {
    const e = estimateWork(withProducts(12, 365, 500, 28), { workers: 2 });
    expect(e.seconds).toBeLessThan(3);
    expect(e.bytes).toBeLessThan(100e6);
  });
});

describe("estimateWork counts orders, units and backlog, not only product-days", () => {
  const one = (edit: (p: any, s: any) => void, runs = 5) => {
    const s = withProducts(1, 365, runs, 60);
    edit(s.products[0], s);
    return estimateWork(s, { workers: 2 });
  };

  it("refuses one product at 1,000,000 orders a day over 1,000 runs (hours of order lines)", () => {
    const e = one((p) => (p.demand.ordersPerDay = 1e6), 1000);
    expect(e.tooBig).toBe(true);
    expect(e.orderLines / (1e6 * 425)).toBeGreaterThan(0.9); // the fixture's seasonality averages a little below 1
    expect(e.message).toMatch(/≈ 425,000 product-days and 4\.\de11 order lines, about \d+ minutes of computing on 2 workers/);
  });

  it("refuses multipliers that compound to more orders a day than a run can handle", () => {
    const e = one((p) => {
      p.demand.ordersPerDay = 1e6;
      p.demand.weekly = [1000, 1, 1, 1, 1, 1, 1];
    });
    expect(e.tooBig).toBe(true);
    expect(e.message).toMatch(/product "p0" expects up to 1\.\de9 orders a day after its multipliers \(limit 1\.0e7\); lower ordersPerDay or the multipliers$/);
  });

  it("refuses shipping capacity of 1 order a day under heavy demand, whose backlog would pile up without bound", () => {
    const e = one((p, s) => {
      p.demand.ordersPerDay = 20_000;
      s.fulfillment = { capacityOrdersPerDay: 1 };
    });
    expect(e.tooBig).toBe(true);
    expect(e.waitingLines).toBeGreaterThan(1e6);
    expect(e.message).toMatch(
      /about [\d,]+ order lines would pile up \(a run stops beyond 4,194,304\); raise capacityOrdersPerDay or the surge, or shorten the horizon$/,
    );
  });

  it("counts the backlog of a 3,000-day lead time at 10,000 orders a day, with baskets and capacity", () => {
    const s = withProducts(4, 365, 5, 3000);
    for (const p of s.products) p.demand.ordersPerDay = 1e4;
    s.suppliers = s.suppliers.map((x: any) => ({ ...x, leadTimeDays: { kind: "fixed", value: 3000 } }));
    s.fulfillment = { capacityOrdersPerDay: 50, splitShipments: true };
    s.baskets = { extraLinesPerOrder: { kind: "poisson", mean: 1 } };
    const e = estimateWork(s, { workers: 2 });
    expect(e.tooBig).toBe(true);
    expect(e.orderLines).toBeCloseTo(4 * 1e4 * 2 * 3365, -6);
  });
});

describe("estimateWork refuses a backlog that never catches up", () => {
  /** One product at `ordersPerDay`, base stock `level`, a fixed lead time, customers who wait forever. */
  const stuck = (ordersPerDay: number, level: number, leadDays: number, edit: (p: any, s: any) => void = () => {}) => {
    const s = withProducts(1, 365, 2, 60) as any;
    const p = s.products[0];
    p.demand = { ordersPerDay, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } };
    p.policy = { kind: "baseStock", orderUpTo: level };
    p.backorders = { mode: "allow" };
    delete p.customers;
    s.suppliers = s.suppliers.map((x: any) => ({ ...x, leadTimeDays: { kind: "fixed", value: leadDays }, disruptions: undefined }));
    edit(p, s);
    return estimateWork(s, { workers: 1 });
  };

  it("refuses 60,000 orders a day against a level of 100 units and a 120-day lead time, naming the product and the figures", () => {
    const e = stuck(60_000, 100, 120);
    expect(e.tooBig).toBe(true);
    // Backordered lines arrive at 60,000 a day and wait the 121 days of lead time and review.
    expect(e.waitingLines).toBe(4_194_304);
    expect(e.message).toContain('product "p0": customers order about 60,000 orders a day and wait as long as it takes');
    expect(e.message).toContain("its policy keeps at most 100 units against 7,260,000 demanded over its 121-day lead time and review");
    expect(e.message).toContain("≈ 7,259,900 order lines would wait at once (a run stops beyond 4,194,304)");
    expect(e.message).toMatch(
      /raise the policy's levels, shorten lead times, deny or cap backorders, give customers a patience \(customers\.willingToWaitDays\), or reduce demand$/,
    );
  });

  it("refuses supply that cannot arrive within the run: lines × every simulated day", () => {
    const e = stuck(15_000, 0, 5_000);
    expect(e.tooBig).toBe(true);
    expect(e.message).toContain(
      "no replenishment can arrive within the 425 days simulated (lead time and review 5,001 days), so about 15,000 backordered lines a day × 425 days ≈ 6,375,000 order lines would wait at once",
    );
  });

  it("counts units per order: the level covers units, the backlog counts lines", () => {
    const e = stuck(40_000, 1_000, 120, (p) => (p.demand.unitsPerOrder = { kind: "fixed", value: 10 }));
    expect(e.tooBig).toBe(true);
    expect(e.message).toContain("customers order about 40,000 orders a day of 10 units");
    // (40,000 × 10 × 121 − 1,000) units short, 10 units a line.
    expect(e.message).toContain("its policy keeps at most 1,000 units against 4.8e7 demanded");
    expect(e.message).toContain("≈ 4,839,900 order lines would wait at once");
  });

  it("does not refuse what keeps up or cannot pile up: a level above the lead-time demand, patience, cancellations, denied or capped backorders", () => {
    expect(stuck(60_000, 8_000_000, 120).tooBig).toBe(false);
    expect(stuck(60_000, 100, 120, (p) => (p.customers = { willingToWaitDays: { kind: "exponential", mean: 3 } })).message ?? "").not.toContain(
      "wait as long as it takes",
    );
    expect(stuck(60_000, 100, 120, (p) => (p.customers = { cancelHazardPerDay: 0.05 })).message ?? "").not.toContain("wait as long as it takes");
    expect(stuck(60_000, 100, 120, (p) => (p.backorders = { mode: "deny" })).message ?? "").not.toContain("wait as long as it takes");
    expect(stuck(60_000, 100, 120, (p) => (p.backorders = { mode: "cap", maxQuotedWaitDays: 14 })).message ?? "").not.toContain("wait as long as it takes");
    // A safety-stock policy sets its level from the demand over the lead time: it keeps up by design.
    expect(stuck(60_000, 100, 120, (p) => (p.policy = { kind: "safetyStock", safetyStock: { serviceLevel: 0.95 } })).message ?? "").not.toContain(
      "wait as long as it takes",
    );
  });

  it("adds the backlogs of every product: two products, each below the stop, together above it", () => {
    const one = stuck(20_000, 0, 120);
    expect(one.tooBig).toBe(false);
    const s = withProducts(2, 365, 2, 60) as any;
    for (const p of s.products) {
      p.demand = { ordersPerDay: 20_000, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } };
      p.policy = { kind: "baseStock", orderUpTo: 0 };
      p.backorders = { mode: "allow" };
      delete p.customers;
    }
    s.suppliers = s.suppliers.map((x: any) => ({ ...x, leadTimeDays: { kind: "fixed", value: 120 }, disruptions: undefined }));
    const e = estimateWork(s, { workers: 1 });
    expect(e.tooBig).toBe(true);
    expect(e.message).toContain("≈ 2,420,000 order lines would wait at once (4,840,000 over every product)");
  });
});
