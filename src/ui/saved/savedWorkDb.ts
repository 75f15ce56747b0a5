/**
 * Saved work in IndexedDB (through `idb`): one object store of entries keyed by id, indexed by save
 * time. IndexedDB holds far more than localStorage (results with their daily bands) and survives
 * reloads and crashes once a transaction has completed — every write here awaits `tx.done`.
 */
import type { DBSchema } from "idb";
import { database, write } from "../state/idb.ts";
import { storedEntry, upgradeEntry, type SavedEntry } from "./savedEntry.ts";
import type { DbDraft } from "../state/draftStore.ts";

const DB_NAME = "backorder-lab";
const DB_VERSION = 2;

/**
 * The editor's autosave when it is kept here: a catalogue's draft (in parts), or any draft
 * localStorage refused (quota, disabled). Which copy a reload takes: src/ui/state/draftStore.ts.
 */
export type DraftBackup = DbDraft;

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

/** Stores a value already in the stored form (a scenario as its text, with its counts: `storedEntry`). */
export async function putStoredEntry(value: object): Promise<void> {
  await write(await db(), "entries", (s) => s.put(value as SavedEntry));
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

/** The autosave kept here, or null (none, or no IndexedDB); rejects when it cannot be read. */
export async function getDraftBackup(): Promise<DraftBackup | null> {
  if (typeof indexedDB === "undefined") return null;
  return (await (await db()).get("drafts", DRAFT_KEY)) ?? null;
}
