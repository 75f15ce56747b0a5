/** Web Worker shell: reads and writes the app's kept last result in IndexedDB off the page's thread (src/ui/state/lastResult.ts). */
import { expose, transfer } from "comlink";
import { clearLastResult, getLastResult, putLastResult, type LastResult } from "../src/ui/state/lastResultDb.ts";

const api = {
  put: (r: LastResult) => putLastResult(r),
  async get(): Promise<LastResult | null> {
    const r = await getLastResult();
    // The typed arrays are handed over, not copied.
    if (!r) return null;
    const p = r.packed;
    return transfer(r, [p.summaries.buffer, p.extremes.buffer, p.productDaily.buffer, ...(p.productCounts ? [p.productCounts.buffer] : [])] as ArrayBuffer[]);
  },
  clear: () => clearLastResult(),
};
export type Api = typeof api;
expose(api);
