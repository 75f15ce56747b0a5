import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectedOrders, monthlyMeans } from "../../src/analysis/demandCurve.ts";
import { fitHistory, type HistoryFit, type ProductFit } from "../../src/analysis/fitHistory.ts";
import { economicReviewDays, fittedProductsToScenarioProducts } from "../../src/analysis/fittedProducts.ts";
import { fitNotesText } from "../../src/present/fitWords.ts";
import { isoDay, parseHistory } from "../../src/io/history.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";

const DATA = "/work/shared/data";
const fitFile = (f: string, holdoutWeeks = 0): HistoryFit =>
  fitHistory(parseHistory(readFileSync(`${DATA}/${f}`, "utf8")), { holdoutWeeks, simulations: 300, rolling: false });
const byId = (fit: HistoryFit, id: string): ProductFit => fit.products.find((p) => p.id === id)!;
const argmax = (a: readonly number[]) => a.indexOf(Math.max(...a));
const argmin = (a: readonly number[]) => a.indexOf(Math.min(...a));

describe("fitHistory on pharma.csv", () => {
  const fit = fitFile("pharma.csv");
  it("finds the 26 days on which no drug sold (holidays) and excludes them for every sku", () => {
    // 26 all-zero days counted directly in the file (README: "~26 all-zero days are holidays").
    expect(fit.closedDays.length).toBe(26);
    expect(fit.closedDays).toContain("2015-01-01");
    for (const p of fit.products) expect(p.diagnostics.closedDays).toBe(26);
  });
  it("detects fractional units on every sku", () => {
    for (const p of fit.products) expect(p.diagnostics.fractionalUnits).toBe(true);
  });
  it("R03 peaks in winter and dips in summer (README: Dec peak, Jul low)", () => {
    const m = monthlyMeans(byId(fit, "R03").demand.monthly!);
    const winter = (m[11] + m[0] + m[1]) / 3;
    const summer = (m[5] + m[6] + m[7]) / 3;
    expect(argmin(m)).toBe(6);
    expect(winter / summer).toBeGreaterThan(1.8);
  });
});

describe("fitHistory on m5.csv (intermittent)", () => {
  const fit = fitFile("m5.csv");
  it("drops the pre-launch zero runs (first sale on day 1270, 636 and 901, counted in the file)", () => {
    expect(byId(fit, "FOODS_2_033_TX_1").diagnostics.launchTrimmedDays).toBe(1270);
    expect(byId(fit, "FOODS_2_323_WI_1").diagnostics.launchTrimmedDays).toBe(636);
    expect(byId(fit, "HOBBIES_1_001_CA_1").diagnostics.launchTrimmedDays).toBe(901);
    expect(byId(fit, "FOODS_1_001_CA_3").diagnostics.launchTrimmedDays).toBe(0);
  });
  it("marks no day closed: all-zero days are ordinary for five slow sellers", () => {
    expect(fit.closedDays).toEqual([]);
  });
  it("chooses the negative binomial exactly where the overdispersion test rejects Poisson", () => {
    for (const p of fit.products) {
      const t = p.diagnostics.dispersionTest;
      expect(p.demand.orderCount.kind).toBe(t.pValue < 0.05 && t.alphaMoments > 0 ? "negativeBinomial" : "poisson");
    }
    // FOODS_1_001_CA_3: variance 5.5 on mean 1.2 over the raw days, far beyond Poisson.
    expect(byId(fit, "FOODS_1_001_CA_3").demand.orderCount.kind).toBe("negativeBinomial");
  });
  it("reports zero fractions of an intermittent seller", () => {
    for (const p of fit.products) expect(p.diagnostics.zeroFraction).toBeGreaterThan(0.2);
  });
});

describe("fitHistory on online_retail.csv (no Saturdays)", () => {
  const fit = fitFile("online_retail.csv");
  it("treats Saturday as a weekly closing day: multiplier 0, weekly mean 1", () => {
    for (const p of fit.products) {
      expect(p.diagnostics.closedWeekdays).toEqual(["Sat"]);
      expect(p.demand.weekly![5]).toBe(0);
      expect(p.demand.weekly!.reduce((a, b) => a + b, 0) / 7).toBeCloseTo(1, 3);
    }
  });
  it("counts the Christmas closure and other missing trading days as closed (374 days − 53 Saturdays − 305 trading days = 16)", () => {
    for (const p of fit.products) {
      expect(p.diagnostics.closedDays).toBe(16);
      expect(p.diagnostics.daysUsed).toBe(305);
    }
  });
  it("keeps the week's demand: the fitted curve's units over the days the level weighs match the units sold (Saturdays closed, not lost)", () => {
    for (const p of fit.products) {
      // The level's own weighting of the days: equal, or halving every half-life back from the end.
      const hl = p.choice!.levelHalfLifeDays;
      const { actual, used, start } = p.curve;
      const n = actual.length;
      const curve = expectedOrders(p.demand, isoDay(start), n, isoDay(start) + n);
      let sold = 0;
      let fitted = 0;
      for (let i = 0; i < n; i++) {
        const w = Number.isFinite(hl) ? Math.pow(0.5, (n - 1 - i) / hl) : 1;
        if (used[i]) sold += w * actual[i];
        if (used[i]) fitted += w * curve[i];
      }
      // Equal by construction up to the 4 significant digits the demand block is rounded to.
      expect(Math.abs(fitted / sold - 1)).toBeLessThan(0.005);
    }
  });
  it("takes the price from the price column", () => {
    for (const p of fit.products) expect(p.price).toBeGreaterThan(0);
  });
});

describe("fitHistory on store_item.csv (known seasonality)", () => {
  const fit = fitFile("store_item.csv");
  for (const id of ["item_05", "item_08", "item_23", "item_31", "item_32"]) {
    it(`${id}: Sunday highest, Monday lowest, Sun/Mon ≈ 1.5 within 4 SE of the data's noise`, () => {
      const p = byId(fit, id);
      const w = p.demand.weekly!;
      expect(argmax(w)).toBe(6);
      expect(argmin(w)).toBe(0);
      // Each weekday multiplier has relative SE √(φ / (n_d μ)), φ the Pearson dispersion; a ratio √2 of that.
      const g = p.diagnostics;
      const rel = Math.sqrt(g.varianceToMean / ((g.daysUsed / 7) * g.meanPerDay));
      expect(Math.abs(w[6] / w[0] - 1.5)).toBeLessThan(4 * 1.5 * Math.SQRT2 * rel);
    });
    it(`${id}: July highest, January lowest month, Jul/Jan ≈ 1.9 within 4 SE`, () => {
      const p = byId(fit, id);
      const m = monthlyMeans(p.demand.monthly!, 2023, p.demand.monthlyShape);
      expect(argmax(m)).toBe(6);
      expect(argmin(m)).toBe(0);
      // The mid-month points themselves also peak in July. (December's point sits below January's:
      // the data steps down from November to December and the smooth curve must dip to match it.)
      expect(argmax(p.demand.monthly!)).toBe(6);
      // The README's 1.9 is July over January within a year of the file, so the model's figure is
      // seasonality × the trend over the 181 days from mid-January to mid-July.
      const ratio = (m[6] / m[0]) * Math.pow(1 + p.demand.trendPerYear!, 181 / 365);
      const g = p.diagnostics;
      const rel = Math.sqrt(g.varianceToMean / ((g.daysUsed / 12) * g.meanPerDay));
      expect(Math.abs(ratio - 1.9)).toBeLessThan(4 * 1.9 * Math.SQRT2 * rel);
    });
  }
  it("fits a positive trend (yearly means rise every year in the file)", () => {
    for (const p of fit.products) expect(p.demand.trendPerYear).toBeGreaterThan(0.03);
  });
});

describe("fitHistory options", () => {
  it("excludes closed dates the user lists (e.g. Christmas) and warns about unreadable ones", () => {
    const parsed = parseHistory(readFileSync(`${DATA}/m5.csv`, "utf8"));
    const fit = fitHistory(parsed, { holdoutWeeks: 0, skus: ["FOODS_1_001_CA_3"], closedDates: ["2011-12-25", "2012-12-25", "25/12/2013"] });
    expect(fit.products.length).toBe(1);
    expect(fit.closedDays).toEqual(["2011-12-25", "2012-12-25"]);
    expect(fit.products[0].diagnostics.closedDays).toBe(2);
    expect(fit.warnings).toContainEqual({ code: "badClosedDate", text: "25/12/2013" });
    expect(fitNotesText(fit.warnings).some((w) => w.includes("25/12/2013"))).toBe(true);
  });
});

describe("fittedProductsToScenarioProducts", () => {
  it("turns every fitted sku into a product that parses as a scenario", () => {
    const fit = fitFile("online_retail.csv");
    const { products, suppliers, startDate } = fittedProductsToScenarioProducts(fit, { unitCostShare: 0.5 });
    expect(startDate).toBe("2011-12-10");
    expect(products.map((p) => p.id)).toEqual(fit.products.map((p) => p.id));
    expect(products[0].price).toBe(Math.round(fit.products[0].price! * 100) / 100);
    expect(Math.abs(products[0].unitCost - products[0].price * 0.5)).toBeLessThanOrEqual(0.005 + 1e-9);
    // Reviewed at its economic order interval √(2K / (h D)) in whole weeks (1 to 13), K = 50 per order.
    const h = products[0].holdingCostPerUnitDay;
    const eoi = Math.sqrt((2 * 50) / (h * fit.products[0].diagnostics.meanPerDay));
    expect(products[0].policy).toEqual({
      kind: "safetyStock",
      safetyStock: { serviceLevel: 0.95 },
      reviewPeriodDays: 7 * Math.min(13, Math.max(1, Math.round(eoi / 7))),
    });
    expect(fittedProductsToScenarioProducts(fit, { unitCostShare: 0.5, reviewPeriodDays: 7 }).products[0].policy).toEqual({
      kind: "safetyStock",
      safetyStock: { serviceLevel: 0.95 },
      reviewPeriodDays: 7,
    });
    expect(products[0].sourcing).toEqual({ kind: "single", supplier: suppliers[0].id });
    const parsed = parseScenario({
      version: 1,
      name: "fitted",
      startDate,
      horizonDays: 365,
      warmupDays: 0,
      runs: 100,
      seed: "x",
      currency: "GBP",
      products,
      suppliers,
    });
    expect(parsed.ok).toBe(true);
  });
  it("reviews each sku at its economic order interval, in whole weeks from 1 to 13, and says how many got which", () => {
    // Hand-worked: K = 50, h = 0.01 a unit-day, D = 2 units a day: √(2 × 50 / (0.01 × 2)) = √5000 = 70.7 days → 10 weeks.
    expect(economicReviewDays(50, 0.01, 2)).toBe(70);
    expect(economicReviewDays(50, 0.01, 200)).toBe(7); // 7.07 days → 1 week
    expect(economicReviewDays(50, 0.0001, 0.5)).toBe(91); // 1,414 days: capped at 13 weeks
    expect(economicReviewDays(0, 0.01, 2)).toBe(7); // no order cost: weekly
    expect(economicReviewDays(50, 0.01, 0)).toBe(91); // no demand: the longest
    const fit = fitFile("online_retail.csv");
    const { products, notes } = fittedProductsToScenarioProducts(fit);
    const weeks = new Map<number, number>();
    for (const p of products) {
      const w = (p.policy.reviewPeriodDays ?? 0) / 7;
      weeks.set(w, (weeks.get(w) ?? 0) + 1);
    }
    expect(notes).toContainEqual({ code: "economicReview", skus: [...weeks].sort((a, b) => a[0] - b[0]).map(([w, n]) => ({ weeks: w, skus: n })) });
  });
  it("does not share demand objects with the fit (editing a product leaves the fit alone)", () => {
    const fit = fitFile("store_item.csv");
    const { products } = fittedProductsToScenarioProducts(fit.products.slice(0, 1));
    products[0].demand.weekly![0] = 99;
    expect(fit.products[0].demand.weekly![0]).not.toBe(99);
    expect(products[0].price).toBe(10);
  });
});

describe("fitCurve", () => {
  it("fitCurve(fit) lists every history day, then the forecast continuing from the day after", async () => {
    const { fitCurve } = await import("../../src/analysis/fitCurve.ts");
    const fit = fitFile("online_retail.csv");
    const p = fit.products[0];
    const pts = fitCurve(p, 30);
    expect(pts.length).toBe(374 + 30);
    expect(pts[0].date).toBe("2010-12-01");
    expect(pts[3].actual).toBeNull(); // 2010-12-04, a Saturday
    expect(pts[374].date).toBe("2011-12-10");
    expect(pts[374].forecast).toBe(true);
    // 2011-12-10 is a Saturday: forecast 0 there; the next Monday's forecast is the level × Monday × December.
    expect(pts[374].expected).toBe(0);
    for (const q of pts.slice(374)) expect(q.expected).toBeGreaterThanOrEqual(0);
    // Fitted expectation averages to the actual mean over the used days (ratio-of-sums fit).
    const usedPts = pts.filter((q) => q.used);
    const sa = usedPts.reduce((a, q) => a + q.actual!, 0);
    const se = usedPts.reduce((a, q) => a + q.expected!, 0);
    expect(se / sa).toBeCloseTo(1, 2);
  });
});
