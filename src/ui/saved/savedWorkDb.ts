/**
 * Saved work in IndexedDB (through `idb`): one object store of entries keyed by id, indexed by save
 * time. IndexedDB holds far more than localStorage (results with their daily bands) and survives
 * reloads and crashes once a transaction has completed — every write here awaits `tx.done`.
 */
import type { DBSchema } from "idb";
import { database, write } from "../state/idb.ts";
import { storedEntry, upgradeEntry, type SavedEntry } from "./savedEntry.ts";
import type { DbDraft } from "../state/draftStore.ts";
import { textBlob } from "../textSlices.ts";
import { blobText } from "../../io/blobText.ts";

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

/**
 * A catalogue's text longer than this is stored as a Blob (`draftBlob`), made a slice per task
 * (textBlob): putting a 3-megabyte string into IndexedDB copied it in the page's task, 40–70 ms,
 * where putting a Blob takes under a millisecond. Read back as text, one entry per task.
 */
const BLOB_ABOVE_CHARS = 1 << 18;

type Stored = Record<string, unknown>;

async function withBlob(v: Stored): Promise<Stored> {
  if (typeof v.draftText !== "string" || v.draftText.length <= BLOB_ABOVE_CHARS) return v;
  const { draftText, ...rest } = v;
  return { ...rest, draftBlob: await textBlob([draftText], "application/json") };
}

async function withText(v: unknown): Promise<unknown> {
  const s = v as Stored | null;
  if (!s || typeof s !== "object" || !(s.draftBlob instanceof Blob)) return v;
  const { draftBlob, ...rest } = s;
  try {
    return { ...rest, draftText: await blobText(draftBlob as Blob) };
  } catch {
    // The Blob's bytes are gone (storage cleared underneath): the entry cannot be read.
    return null;
  }
}

/** All entries, newest first; stored values that cannot be read are skipped. */
export async function listEntries(): Promise<SavedEntry[]> {
  const all = await (await db()).getAllFromIndex("entries", "savedAt");
  const out: SavedEntry[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    const e = upgradeEntry(await withText(all[i]));
    if (e !== null) out.push(e);
  }
  return out;
}

export async function putEntry(entry: SavedEntry): Promise<void> {
  // A catalogue goes in as its text (storedEntry); upgradeEntry reads either form back.
  const value = await withBlob(storedEntry(entry) as Stored);
  await write(await db(), "entries", (s) => s.put(value as unknown as SavedEntry));
}

/** Stores a value already in the stored form (a scenario as its text, with its counts: `storedEntry`). */
export async function putStoredEntry(value: object): Promise<void> {
  const stored = await withBlob(value as Stored);
  await write(await db(), "entries", (s) => s.put(stored as unknown as SavedEntry));
}

export async function getEntry(id: string): Promise<SavedEntry | null> {
  return upgradeEntry(await withText(await (await db()).get("entries", id)));
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
  // A catalogue's products' texts go in as a Blob too (BLOB_ABOVE_CHARS), read back as text.
  const j = backup.draftJoined;
  let value: DraftBackup | (Omit<DraftBackup, "draftJoined"> & { draftJoinedBlob: { shell: string; ends: Uint32Array; blob: Blob } }) = backup;
  if (j && j.text.length > BLOB_ABOVE_CHARS) {
    const { draftJoined: _, ...rest } = backup;
    value = { ...rest, draftJoinedBlob: { shell: j.shell, ends: j.ends, blob: await textBlob([j.text], "application/json") } };
  }
  await write(await db(), "drafts", (s) => s.put(value as DraftBackup, DRAFT_KEY));
}

/** The autosave kept here, or null (none, or no IndexedDB); rejects when it cannot be read. */
export async function getDraftBackup(): Promise<DraftBackup | null> {
  if (typeof indexedDB === "undefined") return null;
  const v = (await (await db()).get("drafts", DRAFT_KEY)) as (DraftBackup & { draftJoinedBlob?: { shell: string; ends: Uint32Array; blob: Blob } }) | undefined;
  if (!v) return null;
  const jb = v.draftJoinedBlob;
  if (!jb || !(jb.blob instanceof Blob)) return v;
  const { draftJoinedBlob: _, ...rest } = v;
  // Rejects when the Blob's bytes are gone: the copy cannot be read, as for any unreadable record.
  return { ...rest, draftJoined: { shell: jb.shell, ends: jb.ends, text: await blobText(jb.blob) } };
}
