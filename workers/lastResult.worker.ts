/** Web Worker shell: reads and writes the app's kept last result in IndexedDB off the page's thread (src/ui/state/lastResult.ts). */
import { expose, transfer } from "comlink";
import { clearLastResult, getLastResult, putLastResult, type KeptResultMessage, type LastResult } from "../src/ui/state/lastResultDb.ts";

const api = {
  put: ({ keyBytes, ...rest }: KeptResultMessage) => putLastResult({ ...rest, scenarioKey: new TextDecoder().decode(keyBytes) } as LastResult),
  async get(): Promise<KeptResultMessage | null> {
    const r = await getLastResult();
    // The typed arrays are handed over, not copied, and so is the scenario key, as UTF-8 bytes:
    // a catalogue's key is megabytes of text, whose copy the page would make in one task (about
    // 50 ms at 4,000 products) where decoding the bytes takes a few.
    if (!r) return null;
    const { scenarioKey, ...rest } = r;
    const keyBytes = new TextEncoder().encode(scenarioKey);
    const p = r.packed;
    return transfer({ ...rest, keyBytes }, [
      keyBytes.buffer,
      p.summaries.buffer,
      p.extremes.buffer,
      p.productDaily.buffer,
      ...(p.productCounts ? [p.productCounts.buffer] : []),
    ] as ArrayBuffer[]);
  },
  clear: () => clearLastResult(),
};
export type Api = typeof api;
expose(api);
