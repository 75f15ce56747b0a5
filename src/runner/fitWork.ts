/**
 * Fitting a sales history's skus on a pool of workers. What every sku's fit reads of the rest of
 * the file (its format, trading days, the shop's closed days, the outlier lines, the options) goes
 * to each worker once; then batches of skus, each with its own series, go to whichever worker is
 * free. A sku's fit depends only on its series and on those, so the result is the same, product for
 * product and warning for warning, as `fitHistory` in one thread, whatever the worker count or the
 * order in which batches finish. The shop-wide parts (closed days, calendar, baskets) are worked
 * out once, in this thread.
 */
import { droppedNote, fitHistory, type FitHistoryOptions, type HistoryFit } from "../analysis/fitHistory.ts";
import { transfer } from "comlink";
import { isoDay, readHistoryPart, type HistoryPart, type HistoryPartSetup, type HistorySeries, type ParsedHistory } from "../io/history.ts";

/** What every sku's fit reads besides its own series. */
export interface FitShared {
  format: ParsedHistory["format"];
  tradingDays: ParsedHistory["tradingDays"];
  excluded: ParsedHistory["excluded"];
  opts: FitHistoryOptions;
}

/** The fits of one batch of skus. */
export type BatchFit = Pick<HistoryFit, "products" | "dropped">;

/** What a fit worker does. */
export interface FitWorkerApi {
  load(shared: FitShared): void;
  fit(series: Map<string, HistorySeries>): BatchFit;
  /** Reads a part of a sales file (src/runner/readWork.ts), its columns sent back without a copy. */
  readPart(bytes: Uint8Array, setup: HistoryPartSetup): HistoryPart;
}

/** Stands for a curve's actual sales in a batch's fits: the sku's own `units`, held by the caller. */
const HELD = new Float64Array(0);

export function createFitWorkerApi(): FitWorkerApi {
  let shared: FitShared | null = null;
  return {
    load(s) {
      shared = s;
    },
    fit(series) {
      if (!shared) throw new Error("fit worker: nothing loaded");
      const { format, tradingDays, excluded, opts } = shared;
      const fit = fitHistory({ series, format, tradingDays, excluded }, opts);
      // A curve's actual sales are the sku's own series, which the caller holds: not sent back.
      for (const p of fit.products) if (p.curve.actual === series.get(p.id)?.units) p.curve.actual = HELD;
      return { products: fit.products, dropped: fit.dropped };
    },
    readPart(bytes, setup) {
      const part = readHistoryPart(bytes, setup);
      const columns =
        part.kind === "daily"
          ? [part.rDate, part.rSku, part.rUnits, part.rPrice, part.rLine]
          : [part.rDate, part.rSku, part.rOrder, part.rQty, part.rPrice, part.rLine, part.rFlags, part.rCust];
      return transfer(
        part,
        columns.map((a) => a.buffer as ArrayBuffer),
      );
    },
  };
}

/** A worker as the driver sees it: calls may be remote (comlink) or local. */
export interface FitWorkerHandle {
  api: {
    load(shared: FitShared): unknown;
    fit(series: Map<string, HistorySeries>): BatchFit | Promise<BatchFit>;
    /** Reads a part of a sales file; `bytes` may be handed over (no longer usable by the caller). */
    readPart?(bytes: Uint8Array, setup: HistoryPartSetup): HistoryPart | Promise<HistoryPart>;
  };
  terminate(): void;
}

export interface FitProgress {
  /** Skus fitted so far, of `total`. */
  done: number;
  total: number;
}

type Parsed = Pick<ParsedHistory, "series"> & Partial<Pick<ParsedHistory, "format" | "tradingDays" | "baskets" | "excluded">>;

/**
 * Fits the skus of `parsed` (those of `opts.skus`, or all) on `workers`, as `fitHistory` would in
 * this thread (which it does when `workers` is empty). The workers are the caller's: started early
 * (while the file is read) and kept for the next file if it likes.
 */
export async function fitOnWorkers(
  parsed: Parsed,
  opts: FitHistoryOptions,
  workers: readonly FitWorkerHandle[],
  run: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void } = {},
): Promise<HistoryFit> {
  if (workers.length === 0) return fitHistory(parsed, opts);
  const wanted = opts.skus ? new Set(opts.skus) : null;
  const ids = [...parsed.series.keys()].filter((id) => !wanted || wanted.has(id));
  // The shop-wide parts and warnings: a fit of no sku (only the skus asked for that the file lacks, to name them).
  const shop = fitHistory(parsed, { ...opts, skus: opts.skus?.filter((id) => !parsed.series.has(id)) ?? [] });
  const shared: FitShared = {
    format: parsed.format ?? null,
    tradingDays: parsed.tradingDays ?? [],
    excluded: parsed.excluded ?? null,
    opts: { ...opts, skus: undefined, closedDates: undefined, shopClosedDays: shop.closedDays.map(isoDay) },
  };
  const total = ids.length;
  const n = workers.length;
  // Small batches near the end keep every worker busy to the last sku.
  const batchOf = (left: number) => Math.max(1, Math.min(50, Math.ceil(left / (n * 4))));
  const batches: BatchFit[] = [];
  let cursor = 0;
  let done = 0;
  let next = 0;
  await Promise.all(
    workers.map(async (w) => {
      await w.api.load(shared);
      while (cursor < total) {
        run.signal?.throwIfAborted();
        const from = cursor;
        const slice = ids.slice(from, (cursor += batchOf(total - from)));
        const at = next++;
        const fit = await w.api.fit(new Map(slice.map((id) => [id, parsed.series.get(id)!])));
        for (const p of fit.products) if (p.curve.actual.length === 0) p.curve.actual = parsed.series.get(p.id)!.units;
        batches[at] = fit;
        done += slice.length;
        run.onProgress?.({ done, total });
      }
    }),
  );
  run.signal?.throwIfAborted();
  const products = batches.flatMap((b) => b.products);
  const dropped = batches.flatMap((b) => b.dropped ?? []);
  const warnings = [...shop.warnings];
  if (dropped.length > 0) warnings.push(droppedNote(dropped));
  return { ...shop, products, dropped, warnings };
}
