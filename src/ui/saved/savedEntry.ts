/**
 * What "Saved work" keeps: named scenarios (the draft exactly as typed, so an invalid draft can be
 * saved and reopened too) and past results (the scenario that produced them plus the summarised
 * result — bounded in size whatever the run count). Pure helpers; storage is in savedWorkDb.ts.
 */
import type { SimulationResult } from "../../analysis/result.ts";

/** Bumped when the stored shape changes; older entries are upgraded on read (`upgradeEntry`). */
export const ENTRY_FORMAT = 1;

interface EntryBase {
  id: string;
  name: string;
  /** Milliseconds since 1970 (Date.now()) of the last save or rename. */
  savedAt: number;
  format: number;
}

export interface SavedScenario extends EntryBase {
  kind: "scenario";
  /** Scenario JSON as typed (may be invalid); it goes through migrate + parse when reopened. */
  draft: unknown;
  /** Raw-JSON text that did not parse, kept so nothing typed is lost. */
  rawText: string | null;
  /** Its products and suppliers, counted when a catalogue was stored as text (the list shows them without reading the text). */
  counts?: { products: number; suppliers: number };
}

export interface SavedResult extends EntryBase {
  kind: "result";
  /** The scenario the result was computed from. */
  scenario: unknown;
  result: SimulationResult;
}

export type SavedEntry = SavedScenario | SavedResult;

/** One line describing an entry in the list. */
export function describeEntry(e: SavedEntry): string {
  switch (e.kind) {
    case "scenario": {
      const d = e.counts ? null : (e.draft as { products?: unknown[]; suppliers?: unknown[]; horizonDays?: unknown } | null);
      const np = e.counts?.products ?? (Array.isArray(d?.products) ? d!.products.length : 0);
      const ns = e.counts?.suppliers ?? (Array.isArray(d?.suppliers) ? d!.suppliers.length : 0);
      return `scenario · ${np} product${np === 1 ? "" : "s"}, ${ns} supplier${ns === 1 ? "" : "s"}${e.rawText !== null ? " · unparsed JSON text kept" : ""}`;
    }
    case "result": {
      const r = e.result;
      return `result · ${r.runs.toLocaleString("en")} runs, ${r.horizonDays} days, seed “${r.seed}”`;
    }
    default: {
      const _: never = e;
      return _;
    }
  }
}

/** A name for a new entry: the scenario's name, or a fallback, made unique among `taken`. */
export function uniqueName(base: unknown, taken: Iterable<string>, fallback = "Untitled scenario"): string {
  const b = typeof base === "string" && base.trim() !== "" ? base.trim() : fallback;
  const set = new Set(taken);
  if (!set.has(b)) return b;
  for (let i = 2; ; i++) if (!set.has(`${b} (${i})`)) return `${b} (${i})`;
}

/** Stable JSON text (object keys sorted) to compare drafts regardless of key order. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/**
 * True when replacing the draft loses nothing: it equals one of `kept` (examples, saved scenarios,
 * the scenario being opened) and no unparsed raw text is pending.
 */
export function draftIsKept(draft: unknown, rawText: string | null, kept: Iterable<unknown>): boolean {
  if (rawText !== null) return false;
  // Cheap tests first, so a catalogue-sized draft is not sorted and compared with every copy: a copy
  // with another number of products differs; the same text as written is equal; key order does not
  // change a text's length, so only texts of equal length are compared with their keys sorted.
  const count = productCount(draft);
  let d: string | null = null;
  for (const k of kept) {
    if (productCount(k) !== count) continue;
    // A copy whose text is not known yet (what is about to replace the draft, made a moment ago) is
    // compared product by product first: the first product that differs settles it, where writing
    // out a 4,000-product copy took 85 ms.
    if (count > 0 && !plainCache.has(k as object) && productsDiffer(draft, k)) continue;
    const plain = plainText(draft);
    const kp = plainText(k);
    if (kp === plain) return true;
    if (kp.length !== plain.length) continue;
    d ??= canonicalJson(draft);
    if (canonicalJson(k) === d) return true;
  }
  return false;
}

/** True when some product of `a` differs from the same product of `b` (both have lists of the same length). */
function productsDiffer(a: unknown, b: unknown): boolean {
  const pa = (a as { products: unknown[] }).products;
  const pb = (b as { products: unknown[] }).products;
  for (let i = 0; i < pa.length; i++) {
    if (pa[i] === pb[i]) continue;
    const ta = plainText(pa[i]);
    const tb = plainText(pb[i]);
    if (ta !== tb && (ta.length !== tb.length || canonicalJson(pa[i]) !== canonicalJson(pb[i]))) return true;
  }
  return false;
}

function productCount(v: unknown): number {
  const p = (v as { products?: unknown } | null)?.products;
  return Array.isArray(p) ? p.length : -1;
}

/** JSON text of kept copies, remembered per object (examples and saved entries do not change). */
const plainCache = new WeakMap<object, string>();
/** Records that `text` is JSON.stringify(v), for a value that is never changed (a snapshot, a stored copy). */
export function rememberPlainText(v: object, text: string): void {
  plainCache.set(v, text);
}
/** JSON.stringify(v), remembered per object. */
export function plainText(v: unknown): string {
  if (!v || typeof v !== "object") return JSON.stringify(v) ?? "";
  let t = plainCache.get(v);
  if (t === undefined) plainCache.set(v, (t = JSON.stringify(v) ?? ""));
  return t;
}

/** A saved scenario with more products than this is stored as its JSON text (`draftText`) rather than as objects. */
export const STORED_AS_TEXT_ABOVE = 200;

/** The value stored for an entry: a catalogue's draft as one string (storing thousands of objects held the page 100–200 ms). */
export function storedEntry(entry: SavedEntry): unknown {
  if (entry.kind !== "scenario" || productCount(entry.draft) <= STORED_AS_TEXT_ABOVE) return entry;
  const { draft, ...rest } = entry;
  const suppliers = (draft as { suppliers?: unknown } | null)?.suppliers;
  const counts = { products: productCount(draft), suppliers: Array.isArray(suppliers) ? suppliers.length : 0 };
  return { ...rest, draft: null, draftText: plainText(draft), counts };
}

/** Reads a stored value as an entry of the current format, or null when it is not one. */
export function upgradeEntry(v: unknown): SavedEntry | null {
  if (!v || typeof v !== "object") return null;
  const e = v as Partial<SavedEntry> & Record<string, unknown>;
  if (typeof e.id !== "string" || (e.kind !== "scenario" && e.kind !== "result")) return null;
  const base = {
    id: e.id,
    name: typeof e.name === "string" ? e.name : "Untitled",
    savedAt: typeof e.savedAt === "number" ? e.savedAt : 0,
    format: ENTRY_FORMAT,
  };
  if (e.kind === "scenario") {
    const rawText = typeof e.rawText === "string" ? e.rawText : null;
    // A catalogue is stored as its JSON text (STORED_AS_TEXT_ABOVE): one string to store and read
    // back, parsed when its draft is first asked for. Reading Saved work parsed every catalogue kept
    // there, megabytes each, in the task that listed them.
    if (typeof e.draftText === "string") {
      const text = e.draftText;
      const c = e.counts as { products?: unknown; suppliers?: unknown } | undefined;
      const counts =
        c && Number.isInteger(c.products) && Number.isInteger(c.suppliers) ? { products: c.products as number, suppliers: c.suppliers as number } : undefined;
      const entry = { ...base, kind: "scenario", rawText, ...(counts ? { counts } : {}) } as SavedScenario;
      let draft: unknown;
      Object.defineProperty(entry, "draft", {
        enumerable: true,
        get() {
          if (draft === undefined) {
            try {
              draft = JSON.parse(text);
            } catch {
              // Stored by this app, so never seen; an empty scenario rather than a thrown read.
              draft = {};
            }
            if (draft && typeof draft === "object") rememberPlainText(draft, text);
          }
          return draft;
        },
      });
      return entry;
    }
    return { ...base, kind: "scenario", draft: e.draft ?? {}, rawText };
  }
  if (!e.result || typeof e.result !== "object") return null;
  return { ...base, kind: "result", scenario: e.scenario ?? {}, result: e.result as SimulationResult };
}
