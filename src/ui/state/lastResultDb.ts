/**
 * The last result the app computed, kept in IndexedDB so that a reload shows it again instead of
 * simulating again (minutes for a catalogue). One record: the packed result (its per-product figures
 * are typed arrays, stored and read back as blocks of bytes), the scenario it belongs to as the app's
 * scenario key (its JSON text), and the run's figures. A database of its own, so it never competes
 * with Saved work's versions.
 *
 * Reading and writing a catalogue's record (tens of megabytes) costs 100–400 ms of serialising: the
 * app does it in a worker (workers/lastResult.worker.ts, through ./lastResult.ts), never on its page.
 */
import type { DBSchema } from "idb";
import type { PackedSimulationResult } from "../../analysis/packedResult.ts";
import { database, write } from "./idb.ts";

const DB_NAME = "backorder-lab-last-result";
const STORE = "last" as const;
const RECORD = "result";

export interface LastResult {
  /** JSON text of the parsed scenario the result was computed from (AppState.scenarioKey). */
  scenarioKey: string;
  packed: PackedSimulationResult;
  /** Finished (true) or stopped early by Cancel (false). */
  complete: boolean;
  totalMs: number | null;
  savedAt: number;
}

/** The record as the result store's worker hands it to the page: the scenario key as UTF-8 bytes. */
export type KeptResultMessage = Omit<LastResult, "scenarioKey"> & { keyBytes: Uint8Array };

interface Schema extends DBSchema {
  last: { key: string; value: LastResult };
}

const db = database<Schema>(DB_NAME, 1, (d) => {
  if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE);
});

/** Replaces the kept result; resolves when written. Never throws (nothing is lost but the copy). */
export async function putLastResult(r: LastResult): Promise<boolean> {
  if (typeof indexedDB === "undefined") return false;
  try {
    await write(await db(), STORE, (s) => s.put(r, RECORD));
    return true;
  } catch {
    return false;
  }
}

/** The kept result, or null (none, unreadable, or no IndexedDB). Never throws. */
export async function getLastResult(): Promise<LastResult | null> {
  if (typeof indexedDB === "undefined") return null;
  try {
    const r = await (await db()).get(STORE, RECORD);
    if (!r || typeof r.scenarioKey !== "string" || !r.packed || !(r.packed.summaries instanceof Float64Array)) return null;
    return r;
  } catch {
    return null;
  }
}

export async function clearLastResult(): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  try {
    await write(await db(), STORE, (s) => s.delete(RECORD));
  } catch {
    // Nothing to clear.
  }
}
