/**
 * The whole history import as one call: CSV text → parsed series (src/io/history.ts) → a demand fit,
 * backtest and chart curve per sku (src/analysis/fitHistory.ts). The result is structured-clone
 * safe (Maps and typed arrays), so the same function runs in a Web Worker (workers/history.worker.ts)
 * or, as a fallback, on the main thread, where the chunked parse and a yield between skus keep the
 * page responsive.
 *
 * Skus are fitted one at a time so progress can be reported per sku; the shop-wide closed-day
 * detection is repeated per call (it is linear in the file) and gives the same set every time.
 */
import { parseHistoryChunked, type ParsedHistory } from "../io/history.ts";
import { fitHistory, type FitHistoryOptions, type HistoryFit } from "./fitHistory.ts";

export type ImportStage = "parse" | "fit";

export interface ImportProgress {
  stage: ImportStage;
  /** 0–1 within the stage. */
  fraction: number;
  /** Data rows read (parse) or skus fitted so far (fit). */
  done: number;
  total: number;
}

export interface HistoryImport {
  parsed: ParsedHistory;
  /** Empty when the file could not be read (`parsed.error`). */
  fit: HistoryFit;
  /** Milliseconds spent parsing and fitting (where the work ran). */
  parseMs: number;
  fitMs: number;
}

export interface ImportOptions extends FitHistoryOptions {
  /** Characters per parse chunk (default 256 KiB). */
  chunkChars?: number;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function importHistory(text: string, opts: ImportOptions = {}, onProgress?: (p: ImportProgress) => void): Promise<HistoryImport> {
  const now = () => (typeof performance !== "undefined" ? performance.now() : 0);
  const t0 = now();
  const parsed = await parseHistoryChunked(text, (fraction, rows) => onProgress?.({ stage: "parse", fraction, done: rows, total: 0 }), {
    chunkChars: opts.chunkChars,
  });
  const t1 = now();
  const ids = [...parsed.series.keys()].filter((id) => !opts.skus || opts.skus.includes(id));
  const fit: HistoryFit = { products: [], closedDays: [], warnings: [] };
  const { chunkChars: _, ...fitOpts } = opts;
  for (let i = 0; i < ids.length; i++) {
    onProgress?.({ stage: "fit", fraction: i / ids.length, done: i, total: ids.length });
    const one = fitHistory(parsed, { ...fitOpts, skus: [ids[i]] });
    fit.products.push(...one.products);
    if (i === 0) {
      fit.closedDays = one.closedDays;
      fit.warnings.push(...one.warnings);
    }
    await tick();
  }
  onProgress?.({ stage: "fit", fraction: 1, done: ids.length, total: ids.length });
  return { parsed, fit, parseMs: t1 - t0, fitMs: now() - t1 };
}
