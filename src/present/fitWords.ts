/**
 * The notes of a sales-history or receipts fit in words (src/analysis/fitNotes.ts gives them as
 * codes with their figures), and the chosen model form in words: one wording for the app's import
 * view, `backorder-lab fit` and its JSON.
 */
import type { Dist } from "../engine/scenario.ts";
import { MONTH_NAMES } from "../analysis/demandCurve.ts";
import type { FitNote } from "../analysis/fitNotes.ts";
import type { ModelChoice } from "../analysis/forecast/fitForecast.ts";
import type { ProductFit } from "../analysis/fitHistory.ts";
import type { SupplierFit } from "../analysis/fitReceipts.ts";

const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

/** "3 Mar 2024" from an ISO date. */
function shortDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${Number(d)} ${MONTH_NAMES[Number(m) - 1]} ${y}`;
}

/** A significant-figure rounding as the fit rounds its own figures (0.1234 → 0.123). */
const round = (v: number, sig: number) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(sig)));

/** A lead time in words: "lognormal 14 ± 4 days". */
export function leadTimeText(d: Dist): string {
  switch (d.kind) {
    case "fixed":
      return `${d.value} days`;
    case "lognormal":
    case "gamma":
    case "normal":
      return `${d.kind} ${d.mean} ± ${d.sd} days`;
    default:
      return `${d.kind} lead time`;
  }
}

/** One note in words. */
export function fitNoteText(n: FitNote): string {
  switch (n.code) {
    case "closedWeekdays":
      return `${n.weekdays.join(", ")}: no trading on (almost) any of them; treated as a weekly closing day with multiplier 0`;
    case "closedDaysExcluded":
      return `${n.days} closed or unknown days excluded from the fit`;
    case "launchTrimmed":
      return `first ${n.days} days (to ${n.lastDay}) have no sales: taken as before launch and dropped`;
    case "fractionalUnits":
      return "fractional units: the level keeps the fractional mean; the count-law test uses day totals rounded to whole units";
    case "salesStopped": {
      const what =
        n.choice === "recent"
          ? "forecast at the recent rate, zeros included"
          : n.choice === "drop"
            ? "left out of the products"
            : "forecast at its in-stock rate (the default; or choose the recent rate, or leave it out)";
      return `no sales since ${shortDate(n.lastSale)} (${n.days} days) — delisted, or out of stock? ${what}`;
    }
    case "stockoutRuns":
      return `${n.runs} zero-sales ${plural(n.runs, "run")} (${n.days} days, longest ${n.from} … ${n.to}) too long for the fitted demand: likely stockouts, excluded`;
    case "lumpyDemand":
      return `very lumpy demand (negative-binomial dispersion ${round(n.dispersion, 3)} < 1): a few days carry most sales`;
    case "noSales":
      return "no sales at all: demand set to 0";
    case "profileLeftOut":
      return n.profile === "monthly"
        ? `monthly profile left out: month-to-month differences are within noise (χ² p = ${n.p.toPrecision(2)})`
        : `weekly profile left out: weekday differences are within noise (χ² p = ${n.p.toPrecision(2)})`;
    case "profileShrunk":
      return `${n.profile} profile pulled ${Math.round(n.pull * 100)} % towards flat: the ${n.profile === "monthly" ? "months" : "weekdays"} are noisy (James–Stein shrinkage)`;
    case "trendLeftOut":
      return `trend left out: ${(n.perYear * 100).toFixed(1)} %/year is within noise (t = ${n.t.toFixed(1)})`;
    case "monthlyNotFitted":
      return "monthly profile not fitted: some calendar months have no usable days";
    case "monthlyNeedsYear":
      return "monthly profile not fitted: needs a full year with at least 10 usable days in every month";
    case "trendNeedsTwoYears":
      return "trend not fitted: needs 2 years of history to tell growth from seasonality";
    case "monthlyClamped":
      return "monthly profile: some mid-month points came out negative and were set to 0";
    case "shortHistory":
      return `only ${n.tradingDays} trading ${plural(n.tradingDays, "day")} since its first sale: too short to fit with confidence`;
    case "shopClosedDays":
      return `${n.days} days on which no sku sold anything taken as shop closed and excluded`;
    case "badClosedDate":
      return `closed date ${JSON.stringify(n.text)} is not a YYYY-MM-DD date; ignored`;
    case "skuNotInFile":
      return `sku ${JSON.stringify(n.sku)} is not in the file`;
    case "stoppedDropped":
      return `${n.skus.length} stopped ${plural(n.skus.length, "sku")} left out: ${n.skus.map((d) => `${d.id} (no sales since ${d.lastSale})`).join(", ")}`;
    case "backtestsSkipped":
      return `no backtests for ${n.skus} skus (they run for up to ${n.max})`;
    case "recentReceiptsLeftOut":
      return `${n.receipts} receipts of orders placed in the last ${n.days} days left out of the lead time: with ${n.openLines} lines of that period still open, they would understate it`;
    case "overDelivered":
      return `delivered ${(n.delivered * 100).toFixed(1)} % of what was ordered (over-deliveries); taken as 100 %`;
    case "nothingReceived":
      return "nothing received on any line; delivered fraction set to 1 %";
    case "fewReceipts":
      return `only ${n.receipts} ${plural(n.receipts, "receipt")}: the lead time is a rough guess`;
    case "leadTimeUnderOneDay":
      return "lead times under one day are simulated as one day";
    case "noPrice":
      return `${n.skus} ${plural(n.skus, "sku has", "skus have")} no price in the file: price ${n.price} used`;
    case "notInReceipts":
      return `${n.skus} ${plural(n.skus, "sku is", "skus are")} not in the receipts: sourced from ${n.supplier} (${leadTimeText(n.leadTime)})`;
    case "closuresRepeated":
      return `${n.closures} ${plural(n.closures, "closure")} of the history repeated in the simulated calendar (demand 0 on those days)`;
    case "economicReview":
      return `review periods: each sku's economic order interval √(2 × order cost ÷ (holding cost × demand)) in whole weeks — ${n.skus.map((w) => `${w.weeks} ${plural(w.weeks, "week")} for ${w.skus.toLocaleString("en")} ${plural(w.skus, "sku")}`).join(", ")}`;
    case "baskets":
      return `baskets: ${n.linesPerOrder.toFixed(2)} product lines per order on average; each product's orders per day divided by that, so its lines per day stay as fitted`;
    default: {
      const _: never = n;
      return _;
    }
  }
}

/** Every note in words, in order. */
export function fitNotesText(notes: readonly FitNote[]): string[] {
  return notes.map(fitNoteText);
}

/** The notes as JSON gives them: each with its code, its figures and its words (`text`). */
export function fitNotesJson<N extends FitNote>(notes: readonly N[]): (N & { text: string })[] {
  return notes.map((n) => ({ ...n, text: fitNoteText(n) }));
}

const halfLifeWords = (hl: number) => (Number.isFinite(hl) ? `recent level (half-life ${Math.round(hl / 7)} weeks)` : "one level for the whole history");
const dampWords = (d: number) => (d === 1 ? "full trend" : d === 0 ? "no trend" : `damped trend (${Math.round(d * 100)} % of the fitted growth)`);

/** Why a sku's model form is what it is: "recent level (half-life 4 weeks), smooth months: 3.2 % lower scaled pinball loss …". */
export function modelChoiceText(c: ModelChoice): string {
  switch (c.reason.code) {
    case "notChosen":
      return "plain form (not chosen)";
    case "tooShort":
      return "history too short to compare forms by backtest: one level for the whole history";
    case "backtests": {
      const parts = [halfLifeWords(c.levelHalfLifeDays), c.monthlyShape === "step" ? "months that step" : "smooth months"];
      if (c.candidates.some((x) => x.trendDamping !== 1)) parts.push(dampWords(c.trendDamping));
      const gain = c.reason.gainPercent;
      const why =
        gain >= 0.05
          ? `: ${gain.toFixed(1)} % lower scaled pinball loss than the plain form on ${c.origins} backtests of 4 weeks`
          : `: no other form did better on ${c.origins} backtests of 4 weeks`;
      const band =
        c.extraAlpha > 0
          ? `; count law widened (α + ${c.extraAlpha.toPrecision(2)}) to the backtests' errors`
          : c.alphaScale !== 1
            ? `; count law narrowed (α × ${c.alphaScale}) to the backtests' errors`
            : "";
      return parts.join(", ") + why + band;
    }
    default: {
      const _: never = c.reason;
      return _;
    }
  }
}

/** A sku's fit as JSON gives it: each diagnostic note with its code, figures and words, the model form's reason with its words. */
export function productFitJson<P extends Pick<ProductFit, "diagnostics" | "choice">>(p: P) {
  return {
    ...p,
    diagnostics: { ...p.diagnostics, warnings: fitNotesJson(p.diagnostics.warnings) },
    ...(p.choice ? { choice: { ...p.choice, reason: { ...p.choice.reason, text: modelChoiceText(p.choice) } } } : {}),
  };
}

/** A supplier's fit from receipts as JSON gives it: each note with its code, figures and words. */
export function supplierFitJson(s: SupplierFit) {
  return { ...s, warnings: fitNotesJson(s.warnings) };
}
