/**
 * State of the History import tab, kept at module level so switching tabs keeps the import: the
 * file, the work in progress (parse, then fit, in a Web Worker), the result and the skus ticked for
 * "Add as products".
 */
import type { StoppedChoice } from "../../analysis/fitDemand.ts";
import type { HistoryImport, ImportProgress } from "../../analysis/importHistory.ts";
import { fittedProductsToScenarioProducts } from "../../analysis/fittedProducts.ts";
import { app } from "../state/app.svelte.ts";
import { editor } from "../state/editor.svelte.ts";
import { addFittedProducts } from "./addFittedProducts.ts";
import { importInWorker } from "./historyImporter.ts";

export type ImportStatus = "idle" | "reading" | "working" | "done" | "error" | "cancelled";

/** Files above this are refused before reading (a sales history of this size is a different tool's job). */
export const MAX_HISTORY_BYTES = 200 * 1024 * 1024;

class HistoryImportState {
  fileName = $state<string | null>(null);
  fileBytes = $state(0);
  status = $state<ImportStatus>("idle");
  progress = $state.raw<ImportProgress | null>(null);
  result = $state.raw<HistoryImport | null>(null);
  error = $state<string | null>(null);
  /** Wall time from choosing the file to the fits on screen. */
  elapsedMs = $state<number | null>(null);
  /** Skus ticked for "Add as products". */
  selected = $state<string[]>([]);
  /** Sku whose charts are shown. */
  focus = $state<string | null>(null);
  /** Add options. */
  replaceProducts = $state(false);
  moveStartDate = $state(true);
  /** What to do with each stopped sku (absent: the default, its in-stock rate). */
  stoppedChoice = $state<Record<string, StoppedChoice>>({});

  #abort: AbortController | null = null;

  get working(): boolean {
    return this.status === "reading" || this.status === "working";
  }

  async start(file: Blob & { name?: string }): Promise<void> {
    this.cancel();
    const abort = new AbortController();
    this.#abort = abort;
    this.fileName = file.name ?? "history.csv";
    this.fileBytes = file.size;
    this.result = null;
    this.error = null;
    this.progress = null;
    this.elapsedMs = null;
    if (file.size > MAX_HISTORY_BYTES) {
      this.status = "error";
      this.error = `${this.fileName} is ${(file.size / 1e6).toFixed(0)} MB; the limit here is ${MAX_HISTORY_BYTES / 1024 / 1024} MB. Cut it to the skus you plan for.`;
      return;
    }
    const t0 = performance.now();
    this.status = "reading";
    try {
      const text = await file.text();
      if (abort.signal.aborted) return;
      this.status = "working";
      const res = await importInWorker(text, {}, {
        signal: abort.signal,
        onProgress: (p) => {
          if (this.#abort === abort) this.progress = p;
        },
      });
      if (this.#abort !== abort) return;
      this.result = res;
      this.selected = res.fit.products.filter((p) => p.diagnostics.daysUsed > 0).map((p) => p.id);
      this.stoppedChoice = {};
      this.focus = res.fit.products[0]?.id ?? null;
      this.status = res.parsed.error ? "error" : "done";
      this.error = res.parsed.error;
      this.elapsedMs = performance.now() - t0;
    } catch (e) {
      if (abort.signal.aborted) {
        if (this.#abort === abort || this.#abort === null) this.status = "cancelled";
        return;
      }
      this.status = "error";
      this.error = `The file could not be imported: ${(e as Error)?.message ?? e}`;
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  cancel(): void {
    if (this.#abort) {
      this.#abort.abort();
      this.#abort = null;
      this.status = "cancelled";
    }
  }

  toggle(id: string, on: boolean): void {
    this.selected = on ? [...new Set([...this.selected, id])] : this.selected.filter((s) => s !== id);
  }

  /** Stopped skus still ticked and not left out, with the choice in force. */
  setStopped(id: string, choice: StoppedChoice): void {
    this.stoppedChoice = { ...this.stoppedChoice, [id]: choice };
  }

  /** Turns the ticked fits into products of the current scenario (stopped skus as chosen) and opens the first in the editor. */
  addAsProducts(): { added: string[]; renamed: Record<string, string> } | null {
    const res = this.result;
    if (!res) return null;
    const fits = res.fit.products
      .filter((p) => this.selected.includes(p.id) && this.stoppedChoice[p.id] !== "drop")
      .map((p) => (this.stoppedChoice[p.id] === "recent" && p.recentDemand ? { ...p, demand: p.recentDemand } : p));
    if (fits.length === 0) return null;
    const { products, suppliers, startDate } = fittedProductsToScenarioProducts(fits);
    const out = addFittedProducts($state.snapshot(app.draft), products, suppliers, {
      replace: this.replaceProducts,
      startDate: this.moveStartDate ? startDate : null,
    });
    app.setDraft(out.draft, "custom");
    editor.selection = { kind: "product", index: out.firstIndex };
    app.view = "scenario";
    return { added: out.ids, renamed: out.renamed };
  }
}

export const historyImport = new HistoryImportState();
