/**
 * State of the History import tab, kept at module level so switching tabs keeps the import: the
 * file, the work in progress (read as a stream, parsed and fitted in a Web Worker), the result, the
 * skus ticked for "Add as products", and the choices the fit cannot make (currency, margin,
 * supplier, policy, calendar), each with its default, shown before anything is applied.
 */
import type { StoppedChoice } from "../../analysis/fitDemand.ts";
import type { HistoryImport, ImportProgress } from "../../analysis/importHistory.ts";
import { fitReceipts, type ReceiptsFit } from "../../analysis/fitReceipts.ts";
import { DEFAULT_CHOICES, DEFAULT_SUPPLIER, fittedProductsToScenarioProducts } from "../../analysis/fittedProducts.ts";
import { fitNotesText } from "../../present/fitWords.ts";
import type { Supplier } from "../../engine/scenario.ts";
import { isoDate, isoDay } from "../../io/history.ts";
import { parseReceipts, type ParsedReceipts } from "../../io/receipts.ts";
import { app } from "../state/app.svelte.ts";
import { editor } from "../state/editor.svelte.ts";
import { Job } from "../state/job.svelte.ts";
import { addFittedProducts } from "./addFittedProducts.ts";
import { importInWorker } from "./historyImporter.ts";

/** Files above this are refused before reading (a sales history of this size is a different tool's job). */
export const MAX_HISTORY_BYTES = 500 * 1024 * 1024;

/** What becomes of the fit: every choice with its default. */
export interface ImportChoices {
  /** Three-letter code; the file's when it states one. */
  currency: string;
  /** Gross margin in % of price. */
  marginPct: number;
  policy: "safetyStock" | "baseStock";
  serviceLevelPct: number;
  /** Entered supplier (used for skus the receipts do not cover, or all without receipts). */
  leadTimeMean: number;
  leadTimeSd: number;
  fixedOrderCost: number;
  /** "after": start the day after the history; "keep": the scenario's start date. */
  calendar: "after" | "keep";
  repeatClosures: boolean;
  excludeOutliers: boolean;
}

export const defaultChoices = (currency: string): ImportChoices => ({
  currency,
  marginPct: DEFAULT_CHOICES.margin * 100,
  policy: DEFAULT_CHOICES.policy,
  serviceLevelPct: DEFAULT_CHOICES.serviceLevel * 100,
  leadTimeMean: (DEFAULT_SUPPLIER.leadTimeDays as { mean: number }).mean,
  leadTimeSd: (DEFAULT_SUPPLIER.leadTimeDays as { sd: number }).sd,
  fixedOrderCost: DEFAULT_SUPPLIER.fixedOrderCost ?? 0,
  calendar: "after",
  repeatClosures: true,
  excludeOutliers: false,
});

class HistoryImportState {
  fileName = $state<string | null>(null);
  fileBytes = $state(0);
  /** Reading and fitting the file (in a worker): status, progress, cancel, error. */
  job = new Job<ImportProgress>();
  result = $state.raw<HistoryImport | null>(null);
  /** Skus ticked for "Add as products". */
  selected = $state.raw<string[]>([]);
  /** Sku whose charts are shown. */
  focus = $state<string | null>(null);
  /** Add options. */
  replaceProducts = $state(false);
  /** What to do with each stopped sku (absent: the default, its in-stock rate). */
  stoppedChoice = $state<Record<string, StoppedChoice>>({});
  choices = $state<ImportChoices>(defaultChoices("EUR"));
  /** True once the user has confirmed or typed a currency the file does not state. */
  currencyConfirmed = $state(false);
  receiptsName = $state<string | null>(null);
  receipts = $state.raw<{ parsed: ParsedReceipts; fit: ReceiptsFit } | null>(null);
  receiptsError = $state<string | null>(null);

  #file: Blob | null = null;

  /** The scenario's currency (the default when the file states none). */
  scenarioCurrency(): string {
    const c = (app.draft as { currency?: unknown })?.currency;
    return typeof c === "string" && c ? c : "EUR";
  }

  async start(file: Blob & { name?: string }, opts: { excludeOutliers?: boolean } = {}): Promise<void> {
    this.#file = file;
    this.fileName = file.name ?? "history.csv";
    this.fileBytes = file.size;
    this.result = null;
    if (file.size > MAX_HISTORY_BYTES) {
      this.job.refuse(
        `${this.fileName} is ${(file.size / 1e6).toFixed(0)} MB; the limit here is ${MAX_HISTORY_BYTES / 1024 / 1024} MB. Cut it to the skus you plan for.`,
      );
      return;
    }
    const run = this.job.start();
    try {
      const res = await importInWorker(file, { excludeOutliers: opts.excludeOutliers ?? false }, { signal: run.signal, onProgress: (p) => run.report(p) });
      if (!run.current) return;
      this.result = res;
      this.selected = res.fit.products.filter((p) => p.diagnostics.daysUsed > 0).map((p) => p.id);
      this.stoppedChoice = {};
      this.focus = res.fit.products[0]?.id ?? null;
      const keepOutliers = this.choices.excludeOutliers;
      this.choices = { ...defaultChoices(res.parsed.currency ?? this.scenarioCurrency()), excludeOutliers: opts.excludeOutliers ?? keepOutliers };
      this.currencyConfirmed = res.parsed.currency !== null;
      // A file with an error is still shown as far as it was read, with the error.
      if (res.parsed.error) this.job.settle(run, new Error(res.parsed.error));
      else this.job.finish(run);
    } catch (e) {
      this.job.settle(run, e, (err) => `The file could not be imported: ${(err as Error)?.message ?? err}`);
    }
  }

  /** Fits the same file again with the outlier lines left out (or back in). */
  async refitOutliers(exclude: boolean): Promise<void> {
    if (!this.#file) return;
    this.choices.excludeOutliers = exclude;
    await this.start(this.#file as Blob & { name?: string }, { excludeOutliers: exclude });
  }

  async loadReceipts(file: Blob & { name?: string }): Promise<void> {
    this.receiptsName = file.name ?? "receipts.csv";
    this.receiptsError = null;
    this.receipts = null;
    const parsed = parseReceipts(await file.text());
    if (parsed.error) {
      this.receiptsError = `${this.receiptsName}: ${parsed.error}${parsed.badRows.length ? ` (first bad row: line ${parsed.badRows[0].line}: ${parsed.badRows[0].message})` : ""}`;
      return;
    }
    this.receipts = { parsed, fit: fitReceipts(parsed, { fixedOrderCost: this.choices.fixedOrderCost }) };
  }

  clearReceipts(): void {
    this.receipts = null;
    this.receiptsName = null;
    this.receiptsError = null;
  }

  toggle(id: string, on: boolean): void {
    this.selected = on ? [...new Set([...this.selected, id])] : this.selected.filter((s) => s !== id);
  }

  /** What to do with a stopped sku. */
  setStopped(id: string, choice: StoppedChoice): void {
    this.stoppedChoice = { ...this.stoppedChoice, [id]: choice };
  }

  /** The entered supplier, from the choices. */
  enteredSupplier(): Supplier {
    const c = this.choices;
    return {
      ...DEFAULT_SUPPLIER,
      leadTimeDays:
        c.leadTimeSd > 0 ? { kind: "lognormal", mean: c.leadTimeMean, sd: c.leadTimeSd } : { kind: "fixed", value: Math.max(1, Math.round(c.leadTimeMean)) },
      fixedOrderCost: c.fixedOrderCost,
    };
  }

  /** The start date the products would get: the day after the history, or the scenario's. */
  startDateFor(): { after: string | null; current: string | null } {
    const res = this.result;
    const last =
      res?.fit.calendar?.lastDay ??
      res?.fit.products
        .map((p) => p.diagnostics.origin)
        .sort()
        .pop() ??
      null;
    const after = res?.fit.calendar ? isoDate(isoDay(res.fit.calendar.lastDay) + 1) : last;
    const cur = (app.draft as { startDate?: unknown })?.startDate;
    return { after, current: typeof cur === "string" ? cur : null };
  }

  /** What adding would do, in sentences, before it is done. */
  preview(): string[] {
    const res = this.result;
    if (!res) return [];
    const c = this.choices;
    const out: string[] = [];
    const draft = app.draft as { products?: unknown[]; suppliers?: { id?: string }[]; currency?: string; startDate?: string; horizonDays?: number };
    const existing = Array.isArray(draft.products) ? draft.products.length : 0;
    out.push(
      this.replaceProducts
        ? `Replaces the scenario's ${existing} product${existing === 1 ? "" : "s"} with ${this.selected.length} fitted ones (the scenario as it was is kept in Saved work first).`
        : `Adds ${this.selected.length} product${this.selected.length === 1 ? "" : "s"} to the scenario's ${existing} (the scenario as it was is kept in Saved work first).`,
    );
    if (draft.currency !== c.currency)
      out.push(
        `Sets the scenario's currency from ${draft.currency ?? "none"} to ${c.currency}${existing > 0 && !this.replaceProducts ? ` — for the ${existing} products already there too (amounts are not converted)` : ""}.`,
      );
    const { after, current } = this.startDateFor();
    if (c.calendar === "after" && after && after !== current)
      out.push(
        `Moves the scenario's start date from ${current ?? "none"} to ${after}${existing > 0 && !this.replaceProducts ? `: the weekly and monthly calendar of the ${existing} products already there moves with it` : ""}.`,
      );
    const ids = new Set((draft.suppliers ?? []).map((s) => s?.id));
    const sups = this.receipts ? this.receipts.fit.suppliers.map((s) => s.supplier.id) : [];
    const newSups = [...sups, "default"].filter((id) => !ids.has(id));
    const reused = [...sups, "default"].filter((id) => ids.has(id));
    if (newSups.length) out.push(`Adds supplier${newSups.length > 1 ? "s" : ""} ${newSups.join(", ")}.`);
    if (reused.length) out.push(`Supplier${reused.length > 1 ? "s" : ""} ${reused.join(", ")} already in the scenario: used as they are there.`);
    out.push("Nothing else in the scenario changes.");
    return out;
  }

  /** Turns the ticked fits into products of the current scenario and opens the first in the editor. */
  addAsProducts(): { added: string[]; renamed: Record<string, string>; notes: string[] } | null {
    const res = this.result;
    if (!res) return null;
    const chosen = new Set(this.selected);
    const fits = res.fit.products
      .filter((p) => chosen.has(p.id) && this.stoppedChoice[p.id] !== "drop")
      .map((p) => (this.stoppedChoice[p.id] === "recent" && p.recentDemand ? { ...p, demand: p.recentDemand } : p));
    if (fits.length === 0) return null;
    const c = this.choices;
    const { after, current } = this.startDateFor();
    const startDate = c.calendar === "after" ? after : current;
    const horizon = Number((app.draft as { horizonDays?: unknown })?.horizonDays) || 365;
    const { products, suppliers, notes } = fittedProductsToScenarioProducts(fits, {
      margin: c.marginPct / 100,
      serviceLevel: c.serviceLevelPct / 100,
      policy: c.policy,
      supplier: this.enteredSupplier(),
      suppliers: this.receipts?.fit.suppliers.map((s) => s.supplier),
      sourcing: this.receipts?.fit.sourcing,
      closures: c.repeatClosures && res.fit.calendar && startDate ? { calendar: res.fit.calendar, startDate, horizonDays: horizon } : null,
    });
    const out = addFittedProducts($state.snapshot(app.draft), products, suppliers, {
      replace: this.replaceProducts,
      startDate: c.calendar === "after" ? startDate : null,
      currency: c.currency,
      // A snapshot and products made just now: nothing else holds them.
      owned: true,
    });
    app.setDraft(out.draft, "custom");
    editor.selection = { kind: "product", index: out.firstIndex };
    app.view = "scenario";
    return { added: out.ids, renamed: out.renamed, notes: fitNotesText(notes) };
  }
}

export const historyImport = new HistoryImportState();
