/**
 * "Keep, then replace": the one rule every action that replaces the scenario being edited follows
 * (switching examples, uploading a file, importing products, applying a decision, opening saved work
 * or a share link). The draft as it stands is first saved to Saved work as "<name> (before <reason>)"
 * unless an identical copy is already kept there (or is an example, when examples count as kept);
 * only once that copy is safely stored is the draft replaced. When the copy cannot be stored (storage
 * full, blocked), nothing is replaced and the caller is told why.
 *
 * Pure of the app: storage and the draft are reached through a `DraftStore`, so every path is tested
 * with a store in memory (test/ui/keepDraft.test.ts); src/ui/state/keepDraftThenReplace.ts binds it
 * to the app's draft and Saved work.
 */
import { nextTask } from "../nextTask.ts";
import { draftIsKept, uniqueName } from "../saved/savedEntry.ts";

export interface DraftStore {
  /** The draft as typed (a plain snapshot) and any raw JSON text that did not parse. */
  current(): { draft: unknown; rawText: string | null };
  /** Scenarios already safe: saved scenarios, plus the examples when `examplesCount`. */
  kept(): Promise<{ saved: unknown[]; examples: unknown[] }>;
  /** Names in use in Saved work (a new copy gets a name of its own). */
  names(): string[];
  /** Stores a copy; resolves false (or throws) when it could not be stored. */
  save(name: string, draft: unknown, rawText: string | null): Promise<boolean>;
  /** Replaces the draft. */
  replace(next: unknown, source: string | undefined): void;
}

export interface KeepOptions {
  /** Where the new draft comes from (an example id, "custom"); undefined keeps the current one. */
  source?: string;
  /**
   * Whether a draft equal to an example counts as kept (default true: the example picker brings it
   * back). Applying a decision passes false: the scenario before a decision is always in Saved work.
   */
  examplesCount?: boolean;
}

export type KeepOutcome = { replaced: true; keptAs: string | null } | { replaced: false; keptAs: null; error: string };

/** The name of the copy: the scenario's name (or "Untitled scenario") "(before …)", made unique. */
export function keptName(draft: unknown, reason: string, taken: Iterable<string>): string {
  const base = (draft as { name?: unknown } | null)?.name;
  return uniqueName(`${typeof base === "string" && base.trim() ? base.trim() : "Untitled scenario"} (before ${reason})`, taken);
}

/**
 * Saves the current draft to Saved work unless it equals a kept scenario or `incoming` (what is about
 * to replace it). The copy's name, null when nothing needed keeping, or the reason it failed.
 */
export async function keepDraft(
  store: DraftStore,
  reason: string,
  opts: KeepOptions & { incoming?: unknown } = {},
): Promise<{ ok: true; keptAs: string | null } | { ok: false; error: string }> {
  let t = performance.now();
  const { draft, rawText } = store.current();
  performance.measure("keep: take the draft", { start: t });
  // Taking the draft, comparing it and storing it each cost tens of milliseconds on a catalogue of
  // thousands of products: each in a task of its own, so the page answers in between.
  await nextTask();
  const { saved, examples } = await store.kept();
  const kept = [...saved, ...(opts.examplesCount === false ? [] : examples), ...("incoming" in opts ? [opts.incoming] : [])];
  t = performance.now();
  const isKept = draftIsKept(draft, rawText, kept);
  performance.measure("keep: compare with kept copies", { start: t });
  if (isKept) return { ok: true, keptAs: null };
  const name = keptName(draft, reason, store.names());
  let why = "";
  try {
    t = performance.now();
    const stored = store.save(name, draft, rawText);
    performance.measure("keep: store the copy", { start: t });
    if (await stored) return { ok: true, keptAs: name };
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  return {
    ok: false,
    error: `Your scenario could not be copied to Saved work${why ? ` (${why})` : ""}, so it was left as it is. Download it as JSON, or free some space, and try again.`,
  };
}

/**
 * Keeps the current draft unless it is already kept, then replaces it with `next` (a value, or a
 * function of the current draft for edits such as "set this product's policy"). A function that
 * throws leaves everything as it was and reports the message.
 */
export async function keepThenReplace(
  store: DraftStore,
  next: unknown | ((draft: unknown) => unknown),
  reason: string,
  opts: KeepOptions = {},
): Promise<KeepOutcome> {
  let value: unknown;
  try {
    const t = performance.now();
    value = typeof next === "function" ? (next as (d: unknown) => unknown)(store.current().draft) : next;
    performance.measure("keep: make the new draft", { start: t });
  } catch (e) {
    return { replaced: false, keptAs: null, error: e instanceof Error ? e.message : String(e) };
  }
  const k = await keepDraft(store, reason, { ...opts, incoming: value });
  if (!k.ok) return { replaced: false, keptAs: null, error: k.error };
  await nextTask();
  const t = performance.now();
  store.replace(value, opts.source);
  performance.measure("keep: replace the draft", { start: t });
  return { replaced: true, keptAs: k.keptAs };
}

/** The sentence a notice adds about the copy: "" when nothing needed keeping. */
export function keptSentence(keptAs: string | null): string {
  return keptAs ? ` Your previous scenario is in Saved work as “${keptAs}”.` : "";
}
