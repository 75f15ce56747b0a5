/**
 * What a fit of sales history or receipts noted — a day excluded, a profile left out, a choice made
 * for the user — as a code with the figures behind it. The words are composed where they are
 * shown (src/present/fitWords.ts: the app's import view, `backorder-lab fit` and its JSON).
 */
import type { Dist } from "../engine/scenario.ts";
import type { StoppedChoice } from "./fitDemand.ts";

/** A seasonal profile of the demand curve. */
export type ProfileName = "weekly" | "monthly";

/** Notes on one sku's demand fit (its `diagnostics.warnings`). */
export type DemandNote =
  /** Weekdays (e.g. "Sat") with (almost) no trading: a weekly closing day, multiplier 0. */
  | { code: "closedWeekdays"; weekdays: string[] }
  /** Closed or unknown days left out of the fit. */
  | { code: "closedDaysExcluded"; days: number }
  /** A leading run of days without sales taken as before launch, up to ISO date `lastDay`. */
  | { code: "launchTrimmed"; days: number; lastDay: string }
  | { code: "fractionalUnits" }
  /** No sales for `days` days after ISO date `lastSale`, and what the fit does about it. */
  | { code: "salesStopped"; lastSale: string; days: number; choice: StoppedChoice }
  /** Runs of zero sales too long for the fitted demand, excluded as stockouts (longest run: ISO dates, inclusive). */
  | { code: "stockoutRuns"; runs: number; days: number; from: string; to: string }
  /** A negative-binomial dispersion below 1. */
  | { code: "lumpyDemand"; dispersion: number }
  | { code: "noSales" }
  /** A profile whose differences are within noise (χ² p-value). */
  | { code: "profileLeftOut"; profile: ProfileName; p: number }
  /** A noisy profile pulled this share of the way towards flat (James–Stein). */
  | { code: "profileShrunk"; profile: ProfileName; pull: number }
  /** A trend (growth per year, as a fraction) within noise (t statistic). */
  | { code: "trendLeftOut"; perYear: number; t: number }
  /** Asked for, but some calendar months have no usable days. */
  | { code: "monthlyNotFitted" }
  /** Not tried: a full year with 10 usable days in every month is needed. */
  | { code: "monthlyNeedsYear" }
  /** Not tried: 2 years are needed to tell growth from seasonality. */
  | { code: "trendNeedsTwoYears" }
  | { code: "monthlyClamped" }
  /** Order lines: only this many trading days since the first sale. */
  | { code: "shortHistory"; tradingDays: number };

/** Notes on a whole history's fit and import (`HistoryFit.warnings`). */
export type HistoryNote =
  /** Days on which no sku sold anything, taken as shop closed. */
  | { code: "shopClosedDays"; days: number }
  /** A closed date given that is not YYYY-MM-DD. */
  | { code: "badClosedDate"; text: string }
  | { code: "skuNotInFile"; sku: string }
  /** Stopped skus left out, with their last sale (ISO date). */
  | { code: "stoppedDropped"; skus: { id: string; lastSale: string }[] }
  /** A catalogue of `skus` skus is not backtested unless asked (up to `max` it is). */
  | { code: "backtestsSkipped"; skus: number; max: number };

/** Notes on one supplier's fit from receipts (`SupplierFit.warnings`). */
export type ReceiptNote =
  /** Receipts of orders placed in the last `days` days left out while `openLines` lines of that period are open. */
  | { code: "recentReceiptsLeftOut"; receipts: number; days: number; openLines: number }
  /** More delivered than ordered (fraction), taken as 1. */
  | { code: "overDelivered"; delivered: number }
  | { code: "nothingReceived" }
  | { code: "fewReceipts"; receipts: number }
  | { code: "leadTimeUnderOneDay" };

/** Notes on the scenario built from a fit (`fittedScenario`, `fittedProductsToScenarioProducts`). */
export type ScenarioNote =
  /** Skus without a price in the file, given `price`. */
  | { code: "noPrice"; skus: number; price: number }
  /** Skus not in the receipts, sourced from `supplier` with its lead time. */
  | { code: "notInReceipts"; skus: number; supplier: string; leadTime: Dist }
  /** The history's closures repeated in the simulated calendar. */
  | { code: "closuresRepeated"; closures: number }
  /** Baskets on: each product's orders per day divided by the mean product lines per order. */
  | { code: "baskets"; linesPerOrder: number }
  /** Review periods set to each sku's economic order interval: skus per number of weeks. */
  | { code: "economicReview"; skus: { weeks: number; skus: number }[] };

export type FitNote = DemandNote | HistoryNote | ReceiptNote | ScenarioNote;

/** The notes without repeats (the same code with the same figures), in order. */
export function uniqueNotes<N extends FitNote>(notes: readonly N[]): N[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = JSON.stringify(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
