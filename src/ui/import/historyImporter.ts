/**
 * Runs a history import in a module Web Worker (one worker per import, ended when it is done or
 * aborted, so a cancelled import stops at once). The worker gets the File itself and reads it as
 * a stream (gunzipping a .gz as it goes): the page never holds the file's text. Where workers are
 * unavailable it runs on the main thread, yielding between pieces and between batches of skus.
 */
import { proxy, wrap } from "comlink";
import type { Api } from "../../../workers/history.worker.ts";
import { importHistoryFile, type HistoryImport, type ImportOptions, type ImportProgress } from "../../analysis/importHistory.ts";

/** Product fits per message from the worker. */
const SLICE = 200;

export interface ImportRun {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
}

export async function importInWorker(file: Blob, opts: ImportOptions = {}, run: ImportRun = {}): Promise<HistoryImport> {
  run.signal?.throwIfAborted();
  if (typeof Worker === "undefined") return importHistoryFile(file, opts, run.onProgress, { signal: run.signal, yieldBetween: true });
  const worker = new Worker(new URL("../../../workers/history.worker.ts", import.meta.url), { type: "module" });
  try {
    const api = wrap<Api>(worker);
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener("error", (e) => reject(new Error(`the import worker failed: ${e.message || "it could not start"}`)));
      run.signal?.addEventListener("abort", () => reject(run.signal!.reason ?? new DOMException("aborted", "AbortError")), { once: true });
    });
    const onProgress = run.onProgress ? proxy(run.onProgress) : undefined;
    const { head, products } = await Promise.race([api.importFileHead(file, opts, onProgress), failed]);
    // The fits come over in slices, each its own message: no single long task on the page.
    for (let i = 0; i < products; i += SLICE) {
      run.signal?.throwIfAborted();
      head.fit.products.push(...(await Promise.race([api.takeProducts(i, i + SLICE), failed])));
    }
    return head;
  } finally {
    worker.terminate();
  }
}
