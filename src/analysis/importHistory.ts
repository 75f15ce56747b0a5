/**
 * The whole history import as one call: a file (Blob) or text → parsed series (src/io/history.ts,
 * read as a stream: a gzipped file is decompressed as it is read, so neither the compressed file,
 * the text nor the rows are ever held whole) → a demand fit, backtest and chart curve per sku
 * (src/analysis/fitHistory.ts). The result is structured-clone safe (Maps and typed arrays), so the
 * same function runs in a Web Worker (workers/history.worker.ts) or, as a fallback, on the main
 * thread, where a yield between pieces and between batches of skus keeps the page responsive.
 *
 * Skus are fitted in batches so progress can be reported; the shop-wide closed days are worked
 * out once, from every sku, and given to each batch. The result's `parsed.series` is
 * emptied (`skuCount` keeps the number): the fits carry what the page shows, and the series would
 * double what crosses from the worker.
 */
import { gzipSizeOf, isoDay, parseHistoryChunked, readAll, readHistoryStream, type ParsedHistory } from "../io/history.ts";
import { droppedNote, fitHistory, type FitHistoryOptions, type HistoryFit } from "./fitHistory.ts";

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
  parsed: ParsedHistory & { skuCount: number };
  /** Empty when the file could not be read (`parsed.error`). */
  fit: HistoryFit;
  /** Milliseconds spent parsing and fitting (where the work ran). */
  parseMs: number;
  fitMs: number;
}

export interface ImportOptions extends FitHistoryOptions {
  /** Characters per parse chunk for text input (default 256 KiB). */
  chunkChars?: number;
  /** Keep `parsed.series` in the result (default false). */
  keepSeries?: boolean;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Skus fitted between progress reports (and, on the main thread, yields). */
const BATCH = 25;
/** Above this many skus the backtest is skipped unless asked for. */
export const BACKTEST_MAX_SKUS = 50;

async function fitAll(
  parsed: ParsedHistory,
  opts: ImportOptions,
  onProgress: ((p: ImportProgress) => void) | undefined,
  signal?: AbortSignal,
): Promise<HistoryFit> {
  const ids = [...parsed.series.keys()].filter((id) => !opts.skus || opts.skus.includes(id));
  const fit: HistoryFit = { products: [], closedDays: [], warnings: [], calendar: null, baskets: null };
  const { chunkChars: _c, keepSeries: _k, ...fitOpts } = opts;
  // A catalogue's backtest (1,000 simulated paths per sku) is asked for explicitly.
  if (fitOpts.holdoutWeeks === undefined && ids.length > BACKTEST_MAX_SKUS) {
    fitOpts.holdoutWeeks = 0;
    if (fitOpts.rolling === undefined) fitOpts.rolling = false;
    fit.warnings.push({ code: "backtestsSkipped", skus: ids.length, max: BACKTEST_MAX_SKUS });
  }
  // The shop-wide parts once (closed days, calendar, baskets and their notes): found from every sku,
  // they were worked out again for each batch, a pass over the whole file per 25 skus.
  const shop = fitHistory(parsed, { ...fitOpts, skus: [] });
  Object.assign(fit, { closedDays: shop.closedDays, calendar: shop.calendar, baskets: shop.baskets });
  fit.warnings.push(...shop.warnings);
  const batchOpts: FitHistoryOptions = { ...fitOpts, closedDates: undefined, shopClosedDays: shop.closedDays.map(isoDay) };
  const dropped: NonNullable<HistoryFit["dropped"]> = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    signal?.throwIfAborted();
    onProgress?.({ stage: "fit", fraction: i / ids.length, done: i, total: ids.length });
    const one = fitHistory(parsed, { ...batchOpts, skus: ids.slice(i, i + BATCH) });
    fit.products.push(...one.products);
    dropped.push(...(one.dropped ?? []));
    await tick();
  }
  if (dropped.length > 0) {
    fit.dropped = dropped;
    fit.warnings.push(droppedNote(dropped));
  }
  onProgress?.({ stage: "fit", fraction: 1, done: ids.length, total: ids.length });
  return fit;
}

function finish(parsed: ParsedHistory, fit: HistoryFit, t0: number, t1: number, keep: boolean | undefined): HistoryImport {
  const now = typeof performance !== "undefined" ? performance.now() : 0;
  const out = { ...parsed, skuCount: parsed.series.size, series: keep ? parsed.series : new Map() };
  return { parsed: out, fit, parseMs: t1 - t0, fitMs: now - t1 };
}

const now = () => (typeof performance !== "undefined" ? performance.now() : 0);

export async function importHistory(text: string, opts: ImportOptions = {}, onProgress?: (p: ImportProgress) => void): Promise<HistoryImport> {
  const t0 = now();
  const parsed = await parseHistoryChunked(text, (fraction, rows) => onProgress?.({ stage: "parse", fraction, done: rows, total: 0 }), {
    chunkChars: opts.chunkChars,
  });
  const t1 = now();
  const fit = parsed.error ? { products: [], closedDays: [], warnings: [] } : await fitAll(parsed, opts, onProgress);
  return finish(parsed, fit, t0, t1, opts.keepSeries ?? true);
}

/**
 * Imports a file as it is read: `blob.stream()`, gunzipped by the web `DecompressionStream` when
 * its first bytes say gzip. Progress of the parse is the share of the file's bytes read (of its
 * decompressed bytes for gzip, whose size the file's last bytes state).
 */
export async function importHistoryFile(
  blob: Blob,
  opts: ImportOptions = {},
  onProgress?: (p: ImportProgress) => void,
  run: { signal?: AbortSignal; yieldBetween?: boolean } = {},
): Promise<HistoryImport> {
  const t0 = now();
  const gunzippedBytes = (await gzipSizeOf(blob)) ?? undefined;
  const stream = readAll(blob.stream() as ReadableStream<Uint8Array>);
  const parsed = await readHistoryStream(stream, {
    totalBytes: blob.size,
    gunzippedBytes,
    signal: run.signal,
    yieldBetween: run.yieldBetween,
    onProgress: (fraction, rows) => onProgress?.({ stage: "parse", fraction, done: rows, total: 0 }),
  });
  const t1 = now();
  const fit = parsed.error ? { products: [], closedDays: [], warnings: [] } : await fitAll(parsed, opts, onProgress, run.signal);
  return finish(parsed, fit, t0, t1, opts.keepSeries);
}
