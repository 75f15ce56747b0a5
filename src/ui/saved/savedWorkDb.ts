/**
 * Saved work in IndexedDB (through `idb`): one object store of entries keyed by id, indexed by save
 * time. IndexedDB holds far more than localStorage (results with their daily bands) and survives
 * reloads and crashes once a transaction has completed — every write here awaits `tx.done`.
 */
import type { DBSchema } from "idb";
import { database, write } from "../state/idb.ts";
import { storedEntry, upgradeEntry, type SavedEntry } from "./savedEntry.ts";

const DB_NAME = "backorder-lab";
const DB_VERSION = 2;

/** The editor's autosave, kept here only when localStorage refuses it (quota, disabled). */
export interface DraftBackup {
  savedAt: number;
  draft: unknown;
  /** The draft as JSON text instead (a catalogue's draft is kept as text: no copying of thousands of objects). */
  draftText?: string;
  source?: string;
  rawText?: string | null;
  precision?: unknown;
}

interface Schema extends DBSchema {
  entries: { key: string; value: SavedEntry; indexes: { savedAt: number } };
  drafts: { key: string; value: DraftBackup };
}

const db = database<Schema>(
  DB_NAME,
  DB_VERSION,
  (d) => {
    if (!d.objectStoreNames.contains("entries")) d.createObjectStore("entries", { keyPath: "id" }).createIndex("savedAt", "savedAt");
    if (!d.objectStoreNames.contains("drafts")) d.createObjectStore("drafts");
  },
  (e) => new Error(`saved work is not available in this browser (${(e as Error)?.message ?? e})`),
);

/** All entries, newest first; stored values that cannot be read are skipped. */
export async function listEntries(): Promise<SavedEntry[]> {
  const all = await (await db()).getAllFromIndex("entries", "savedAt");
  return all
    .map(upgradeEntry)
    .filter((e): e is SavedEntry => e !== null)
    .reverse();
}

export async function putEntry(entry: SavedEntry): Promise<void> {
  // A catalogue goes in as its text (storedEntry); upgradeEntry reads either form back.
  await write(await db(), "entries", (s) => s.put(storedEntry(entry) as SavedEntry));
}

export async function getEntry(id: string): Promise<SavedEntry | null> {
  return upgradeEntry(await (await db()).get("entries", id));
}

export async function deleteEntry(id: string): Promise<void> {
  await write(await db(), "entries", (s) => s.delete(id));
}

export function newId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

const DRAFT_KEY = "autosave";

/** Writes the autosave backup; resolves when the transaction has committed. */
export async function putDraftBackup(backup: DraftBackup): Promise<void> {
  await write(await db(), "drafts", (s) => s.put(backup, DRAFT_KEY));
}

/** The autosave backup if it is newer than `than` (the localStorage copy's time), else null. Never throws. */
export async function newerDraftBackup(than: number): Promise<DraftBackup | null> {
  if (typeof indexedDB === "undefined") return null;
  try {
    const b = await (await db()).get("drafts", DRAFT_KEY);
    return b && typeof b.savedAt === "number" && b.savedAt > than && (b.draft !== undefined || typeof b.draftText === "string") ? b : null;
  } catch {
    return null;
  }
}
