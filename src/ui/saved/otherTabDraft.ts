/**
 * Another tab's draft, kept in Saved work before this tab's autosave replaces it (or found beside the
 * draft, left there by a page that could not wait: src/ui/state/draftStore.ts), as
 * "<name> (from another tab, 09:41)".
 *
 * Stored as its JSON text with its counts of products and suppliers, the way Saved work keeps a
 * catalogue (savedEntry.ts), and read back lazily: a catalogue's draft (megabytes) is never parsed or
 * written out whole on the page's thread here. Its name and counts come from its shell (a draft in
 * parts) or from a parse a slice of products per task (a long text).
 */
import { parseJsonInSlices } from "../../io/sliceJson.ts";
import { nextTask } from "../nextTask.ts";
import { wholeText, type OtherDraft } from "../state/draftStore.ts";
import { ENTRY_FORMAT, uniqueName, upgradeEntry, type SavedScenario } from "./savedEntry.ts";
import { putStoredEntry } from "./savedWorkDb.ts";

/** A text up to this long is parsed at once (a few milliseconds); a longer one a slice of products per task. */
const PARSE_AT_ONCE_MAX_CHARS = 100_000;

/** The Saved work id of the copy kept from `tab`: one per other tab, replaced by the newer copy as that tab goes on editing. */
export function otherTabEntryId(tab: string): string {
  return `other-tab-${tab}`;
}

/** "09:41" in the page's language. */
function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function countOf(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}

/** Stores `d` in Saved work; `taken` are the names in use there. Rejects when it cannot be stored. */
export async function keepOtherTabDraft(d: OtherDraft, taken: Iterable<string>): Promise<SavedScenario> {
  let text: string;
  let head: { name?: unknown; suppliers?: unknown; products?: unknown };
  let products: number;
  if ("parts" in d.body) {
    // The shell holds everything but the products: small.
    head = JSON.parse(d.body.parts.shell) as typeof head;
    products = d.body.parts.products.length;
    text = wholeText(d.body);
    // Storing megabytes of text is a task of its own (structured clone: 60–80 ms at 4,000 products).
    await nextTask();
  } else {
    text = d.body.text;
    const v = (text.length <= PARSE_AT_ONCE_MAX_CHARS ? JSON.parse(text) : await parseJsonInSlices(text)) as typeof head | null;
    head = v && typeof v === "object" ? v : {};
    products = countOf(head.products);
  }
  const id = otherTabEntryId(d.tab);
  const base = typeof head.name === "string" && head.name.trim() ? head.name.trim() : "Untitled scenario";
  const name = uniqueName(`${base} (from another tab, ${clockTime(d.savedAt)})`, taken);
  const stored = {
    id,
    kind: "scenario",
    format: ENTRY_FORMAT,
    name,
    savedAt: Date.now(),
    draft: null,
    draftText: text,
    rawText: d.settings.rawText,
    counts: { products, suppliers: countOf(head.suppliers) },
  };
  await putStoredEntry(stored);
  return upgradeEntry(stored) as SavedScenario;
}
