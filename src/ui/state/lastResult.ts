/**
 * The app's kept last result (the record and its IndexedDB store are in ./lastResultDb.ts), read and
 * written by a worker of its own: serialising a catalogue's result for IndexedDB held the page for
 * 190 ms on writing and longer on reading, where handing it to a worker copies its typed arrays
 * (writing) or takes them over (reading). The scenario key (a catalogue's JSON text, megabytes)
 * crosses as UTF-8 bytes, handed over both ways. Without workers (tests in Node), directly.
 */
import { nextTask } from "../nextTask.ts";
import { decodeInSlices } from "../textSlices.ts";
import { transfer, wrap, type Remote } from "comlink";
import type { Api } from "../../../workers/lastResult.worker.ts";
import * as direct from "./lastResultDb.ts";
import type { LastResult } from "./lastResultDb.ts";

export type { LastResult } from "./lastResultDb.ts";

let remote: Remote<Api> | null = null;
/** Rejects when the worker fails (it could not load, or threw outside a call): a call waiting on it gives up. */
let broken: Promise<never> = new Promise(() => {});
let failed = false;
function store(): Remote<Api> | null {
  if (failed || typeof Worker === "undefined") return null;
  if (!remote) {
    try {
      const worker = new Worker(new URL("../../../workers/lastResult.worker.ts", import.meta.url), { type: "module" });
      broken = new Promise((_, reject) =>
        worker.addEventListener("error", () => {
          failed = true;
          remote = null;
          reject(new Error("the result store's worker failed"));
        }),
      );
      broken.catch(() => {});
      remote = wrap<Api>(worker);
    } catch {
      failed = true;
      return null;
    }
  }
  return remote;
}

/** Values copied per task (2 MB): a few milliseconds. */
const COPY_SLICE = 1 << 18;

/** A copy of `a`, a slice per task. */
async function copyInSlices(a: Float64Array): Promise<Float64Array> {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i += COPY_SLICE) {
    if (i > 0) await nextTask();
    out.set(a.subarray(i, Math.min(a.length, i + COPY_SLICE)), i);
  }
  return out;
}

/** Replaces the kept result; resolves when written. Never throws (nothing is lost but the copy). */
export async function putLastResult(r: LastResult): Promise<boolean> {
  const s = store();
  if (!s) return direct.putLastResult(r);
  try {
    // The page keeps its arrays: it hands over copies, made a block at a time with a task between
    // blocks. Posting the arrays themselves cloned them in one task (240 ms for a 4,000-product result).
    const p = r.packed;
    const copy = {
      ...p,
      summaries: await copyInSlices(p.summaries),
      extremes: await copyInSlices(p.extremes),
      productDaily: await copyInSlices(p.productDaily),
      ...(p.productCounts ? { productCounts: await copyInSlices(p.productCounts) } : {}),
    };
    // The scenario key goes as UTF-8 bytes too: posting megabytes of text copies them in the page's task.
    const { scenarioKey, ...rest } = r;
    const keyBytes = new TextEncoder().encode(scenarioKey);
    const buffers = [
      keyBytes.buffer,
      copy.summaries.buffer,
      copy.extremes.buffer,
      copy.productDaily.buffer,
      ...(copy.productCounts ? [copy.productCounts.buffer] : []),
    ];
    return await Promise.race([s.put(transfer({ ...rest, keyBytes, packed: copy }, buffers as ArrayBuffer[])), broken]);
  } catch {
    return false;
  }
}

/** The kept result, or null (none, unreadable, or no IndexedDB). Never throws. */
export async function getLastResult(): Promise<LastResult | null> {
  const s = store();
  if (!s) return direct.getLastResult();
  try {
    const m = await Promise.race([s.get(), broken]);
    if (!m) return null;
    const { keyBytes, ...rest } = m;
    return { ...rest, scenarioKey: await decodeInSlices(keyBytes) };
  } catch {
    return null;
  }
}

export async function clearLastResult(): Promise<void> {
  const s = store();
  if (!s) return direct.clearLastResult();
  try {
    await Promise.race([s.clear(), broken]);
  } catch {
    // Nothing to clear.
  }
}
