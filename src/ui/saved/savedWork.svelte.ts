/**
 * The "Saved work" list and every way a scenario enters or leaves the app: save / reopen / rename /
 * delete entries, download and upload scenario JSON, share links.
 *
 * Nothing the user typed is lost when the draft is replaced (opening a saved entry, an upload, a
 * share link): unless the draft equals an example or a saved scenario, it is saved first as
 * "<name> (before …)" and a notice says so. Drafts themselves autosave to localStorage on every edit
 * (src/ui/state/app.svelte.ts): a synchronous write that has happened before the next frame, where an
 * IndexedDB transaction in flight can be lost when the tab crashes.
 */
import { nextTask } from "../nextTask.ts";
import { parseJsonInSlices } from "../../io/sliceJson.ts";
import { tick } from "svelte";
import { migrateScenario } from "../../io/migrate.ts";
import { readJson } from "../../io/jsonText.ts";
import { parseScenario, parseScenarioText } from "../../io/parseScenario.ts";
import { decodeShareLink, encodeShareLink } from "../../io/shareLink.ts";
import { gzipText, MAX_SHARE_LINK_CHARS } from "../../io/scenarioFile.ts";
import { downloadBlob } from "../download.ts";
import { fileSlug } from "../charts/chartExport.ts";
import { formatIssue, type Issue } from "../../io/issue.ts";
import { app } from "../state/app.svelte.ts";
import { editor } from "../state/editor.svelte.ts";
import { examples } from "../examples.ts";
import { rememberPlainText, uniqueName, ENTRY_FORMAT, type SavedEntry, type SavedResult, type SavedScenario } from "./savedEntry.ts";
import { deleteEntry, listEntries, newId, putEntry } from "./savedWorkDb.ts";
import { keepDraft, keepThenReplace, type DraftStore } from "../state/keepDraft.ts";
import type { OtherDraft } from "../state/draftStore.ts";
import { keepOtherTabDraft, otherTabEntryId } from "./otherTabDraft.ts";

export const SHARE_PREFIX = "#s=";

/** A scenario file longer than this (about 150 products) is checked by the editor in slices, not at once on upload. */
const LARGE_SCENARIO_CHARS = 100_000;

function isLargeDraft(json: unknown): boolean {
  const products = (json as { products?: unknown })?.products;
  return Array.isArray(products) && products.length > 150;
}

/** Whether the text reads as JSON, as a parse result: errors for bad syntax, else "ok" pending the editor's own check. */
function syntaxOnly(text: string, fileName: string, parses: boolean): { ok: true } | { ok: false; errors: Issue[] } {
  // The browser's own parser has read it (fast); only a file it refused goes through the reader that says where.
  if (parses) return { ok: true };
  const r = readJson(text, fileName);
  if (!r.ok) return { ok: false, errors: [r.error] };
  return r.duplicates.length ? { ok: false, errors: r.duplicates } : { ok: true };
}

export interface Notice {
  level: "info" | "warn" | "error";
  text: string;
  /** Details under the message (e.g. every parse error with its path). */
  details?: string[];
}

class SavedWork {
  entries = $state.raw<SavedEntry[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  #notice = $state<Notice | null>(null);
  /** The message of the last action; setting it hides a share link from an earlier one. */
  get notice(): Notice | null {
    return this.#notice;
  }
  set notice(n: Notice | null) {
    this.#notice = n;
    this.shareUrl = null;
  }
  /** The last share link made (shown for manual copying when the clipboard is not available). */
  shareUrl = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      this.entries = await listEntries();
      this.error = null;
    } catch (e) {
      this.error = (e as Error).message;
    }
    this.loaded = true;
  }

  private names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** Saves the current draft (as typed, raw text included) as a named scenario. */
  async saveDraft(name?: string): Promise<SavedScenario | null> {
    const draft = app.draftSnapshot();
    if (draft && typeof draft === "object") rememberPlainText(draft, app.draftText());
    const entry: SavedScenario = {
      id: newId(),
      kind: "scenario",
      format: ENTRY_FORMAT,
      name: name?.trim() || uniqueName((draft as { name?: unknown })?.name, this.names()),
      savedAt: Date.now(),
      draft,
      rawText: app.rawText,
    };
    return (await this.put(entry)) ? entry : null;
  }

  /** Saves the result on screen with the scenario it came from. */
  async saveResult(name?: string): Promise<SavedResult | null> {
    if (!app.result || !app.resultScenario || app.partial) {
      this.notice = { level: "warn", text: "There is no finished result to save yet: run the scenario first." };
      return null;
    }
    const scenario = $state.snapshot(app.resultScenario);
    const entry: SavedResult = {
      id: newId(),
      kind: "result",
      format: ENTRY_FORMAT,
      name: name?.trim() || uniqueName(`${scenario.name} — ${app.result.runs.toLocaleString("en")} runs`, this.names()),
      savedAt: Date.now(),
      scenario,
      result: $state.snapshot(app.result) as SavedResult["result"],
    };
    return (await this.put(entry)) ? entry : null;
  }

  private async put(entry: SavedEntry): Promise<boolean> {
    try {
      await putEntry(entry);
      // The list gains the entry, newest first, instead of reading every entry back.
      if (this.loaded) this.entries = [entry, ...this.entries.filter((e) => e.id !== entry.id)];
      else await this.refresh();
      this.notice = { level: "info", text: `Saved “${entry.name}”.` };
      return true;
    } catch (e) {
      this.notice = { level: "error", text: `Could not save: ${(e as Error).message}` };
      return false;
    }
  }

  async rename(entry: SavedEntry, name: string): Promise<void> {
    const n = name.trim();
    if (!n || n === entry.name) return;
    await this.put({ ...entry, name: n, savedAt: Date.now() });
  }

  async remove(entry: SavedEntry): Promise<void> {
    try {
      await deleteEntry(entry.id);
      await this.refresh();
      this.notice = { level: "info", text: `Deleted “${entry.name}”.` };
    } catch (e) {
      this.notice = { level: "error", text: `Could not delete: ${(e as Error).message}` };
    }
  }

  /** The draft and Saved work as `keepThenReplace` (src/ui/state/keepDraft.ts) reaches them. */
  readonly draftStore: DraftStore = {
    current: () => {
      // The products' kept copies and texts, shared: nothing of a catalogue is copied or written out again.
      const draft = app.draftSnapshot();
      if (draft && typeof draft === "object") rememberPlainText(draft, app.draftText());
      return { draft, rawText: app.rawText };
    },
    kept: async () => {
      if (!this.loaded) await this.refresh();
      return {
        saved: this.entries.filter((e): e is SavedScenario => e.kind === "scenario" && e.rawText === null).map((e) => e.draft),
        examples: examples.map((e) => e.json),
      };
    },
    names: () => this.names(),
    save: async (name, draft, rawText) => {
      const entry: SavedScenario = { id: newId(), kind: "scenario", format: ENTRY_FORMAT, name, savedAt: Date.now(), draft, rawText };
      await putEntry(entry);
      // The list gains the copy just stored: reading every entry back (each a whole scenario, for a
      // catalogue megabytes) was a long task after every kept copy.
      if (this.loaded) this.entries = [entry, ...this.entries.filter((e) => e.id !== entry.id)];
      else await this.refresh();
      return true;
    },
    replace: (next, source) => app.setDraft(next, source ?? app.source),
  };

  /** Whether the user has been told that another tab's draft was kept (once is enough). */
  #toldOtherTab = false;

  /**
   * Keeps another tab's draft in Saved work: one entry per other tab, the newer copy replacing the
   * one before as that tab goes on editing. The first time, the notice says so. Rejects when it
   * cannot be stored (the autosave then does not replace it).
   */
  async keepOtherTab(d: OtherDraft): Promise<boolean> {
    const id = otherTabEntryId(d.tab);
    const entry = await keepOtherTabDraft(
      d,
      this.entries.filter((e) => e.id !== id).map((e) => e.name),
    );
    if (this.loaded) this.entries = [entry, ...this.entries.filter((e) => e.id !== entry.id)];
    if (!this.#toldOtherTab) {
      this.#toldOtherTab = true;
      this.notice = {
        level: "info",
        text: `This scenario was also changed in another tab: that tab's draft is kept in Saved work as “${entry.name}”.`,
      };
    }
    return true;
  }

  /** Keeps the draft in Saved work unless already there; the copy's name, or null (a failure sets the notice). */
  async keepDraft(reason: string): Promise<{ keptAs: string | null } | null> {
    const k = await keepDraft(this.draftStore, reason);
    if (k.ok) return { keptAs: k.keptAs };
    this.notice = { level: "error", text: k.error };
    return null;
  }

  /**
   * Replaces the draft through `keepThenReplace` (the previous one kept in Saved work unless already
   * there), migrating older formats on the way in. Null when the copy could not be stored: the
   * draft is unchanged and the notice says why.
   */
  async replaceDraft(json: unknown, reason: string, rawText: string | null = null): Promise<{ keptAs: string | null; warnings: Issue[] } | null> {
    // A catalogue is migrated product by product as the editor parses it (its warnings say what was read how).
    const m = isLargeDraft(json) ? { ok: true as const, value: json, warnings: [] } : migrateScenario(json);
    const value = m.ok ? m.value : json;
    const out = await keepThenReplace(this.draftStore, value, reason, { source: "custom" });
    if (!out.replaced) {
      this.notice = { level: "error", text: out.error };
      return null;
    }
    if (rawText !== null) await this.openRaw(rawText);
    return { keptAs: out.keptAs, warnings: m.ok ? m.warnings : [] };
  }

  /** Shows `text` in the raw JSON editor exactly as given (for uploads that do not parse). */
  private async openRaw(text: string | null): Promise<void> {
    app.view = "scenario";
    // Remount the JSON editor so it starts from the new text rather than its own.
    editor.selection = { kind: "shop" };
    await tick();
    if (text !== null) app.rawText = text;
    editor.selection = { kind: "json" };
  }

  async open(entry: SavedEntry): Promise<void> {
    switch (entry.kind) {
      case "scenario": {
        const out = await this.replaceDraft(entry.draft, `opening “${entry.name}”`, entry.rawText);
        if (!out) return;
        const { keptAs, warnings } = out;
        if (entry.rawText === null) {
          app.view = "scenario";
          editor.selection = { kind: "product", index: 0 };
        }
        this.notice = {
          level: "info",
          text: `Opened “${entry.name}”.${keptAs ? ` Your previous scenario is in Saved work as “${keptAs}”.` : ""}`,
          details: warnings.map(formatIssue),
        };
        return;
      }
      case "result": {
        const r = entry.result as Partial<SavedResult["result"]>;
        if (!r?.total || !r.products || !r.daily?.series || !r.samples) {
          this.notice = {
            level: "error",
            text: `“${entry.name}” was saved in a format this version cannot show; its scenario can still be opened with “Edit scenario”.`,
          };
          return;
        }
        const parsed = parseScenario(entry.scenario);
        if (!parsed.ok) {
          this.notice = { level: "error", text: `The scenario of “${entry.name}” no longer reads:`, details: parsed.errors.map(formatIssue) };
          return;
        }
        app.cancel();
        app.result = entry.result;
        app.resultScenario = parsed.scenario;
        app.partial = false;
        app.job.show("done");
        app.view = "results";
        this.notice = { level: "info", text: `Showing the saved result “${entry.name}” (saved ${new Date(entry.savedAt).toLocaleString()}).` };
        return;
      }
      default: {
        const _: never = entry;
        return _;
      }
    }
  }

  /** Loads the scenario a saved result came from into the editor. */
  async openResultScenario(entry: SavedResult): Promise<void> {
    await this.open({ id: entry.id, kind: "scenario", format: ENTRY_FORMAT, name: entry.name, savedAt: entry.savedAt, draft: entry.scenario, rawText: null });
  }

  /**
   * An uploaded scenario file: valid → replaces the draft; valid JSON with scenario errors →
   * replaces the draft and the errors are listed; not JSON → the text opens in the raw editor with
   * its syntax error. The previous draft is kept in Saved work in every case.
   */
  async upload(text: string, fileName: string): Promise<void> {
    // A catalogue-sized file is checked by the editor a slice of products at a time once it is open
    // (its problems then show in the Scenario tab); here only whether it reads as JSON.
    const large = text.length > LARGE_SCENARIO_CHARS;
    let json: unknown;
    try {
      // A catalogue's text is parsed a product at a time, in slices (one JSON.parse took 80–95 ms at 4,000 products).
      json = large ? await parseJsonInSlices(text) : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = large ? syntaxOnly(text, fileName, json !== undefined) : parseScenarioText(text, fileName);
    if (json === undefined) {
      const k = await this.keepDraft(`uploading ${fileName}`);
      if (!k) return;
      const keptAs = k.keptAs;
      await this.openRaw(text);
      this.notice = {
        level: "error",
        text: `${fileName} is not valid JSON; it is open in the raw JSON editor as uploaded so you can fix it.${keptAs ? ` Your previous scenario is in Saved work as “${keptAs}”.` : ""}`,
        details: parsed.ok ? [] : parsed.errors.map(formatIssue),
      };
      return;
    }
    const out = await this.replaceDraft(json, `uploading ${fileName}`);
    if (!out) return;
    const { keptAs, warnings } = out;
    if (parsed.ok) {
      // The new draft's first reactions in one task, the editor's layout in the next.
      if (large) await nextTask();
      app.view = "scenario";
      editor.selection = { kind: "product", index: 0 };
      this.notice = {
        level: "info",
        text: `Loaded ${fileName}.${keptAs ? ` Your previous scenario is in Saved work as “${keptAs}”.` : ""}`,
        details: warnings.map(formatIssue),
      };
    } else {
      await this.openRaw(null);
      this.notice = {
        level: "error",
        text: `${fileName} has ${parsed.errors.length} problem${parsed.errors.length === 1 ? "" : "s"}; it is open in the editor as uploaded so you can fix ${parsed.errors.length === 1 ? "it" : "them"}.${keptAs ? ` Your previous scenario is in Saved work as “${keptAs}”.` : ""}`,
        details: parsed.errors.map(formatIssue),
      };
    }
  }

  /** Makes a share link for the current scenario and tries to copy it to the clipboard. */
  async copyShareLink(): Promise<string | null> {
    const parsed = app.parsed;
    if (!parsed.ok) {
      this.notice = {
        level: "error",
        text: "Fix the scenario's problems before sharing it: a link carries a valid scenario only.",
        details: parsed.errors.map(formatIssue),
      };
      return null;
    }
    const code = await encodeShareLink(parsed.scenario);
    // Far below the 2,000,000 characters a link can hold at all (MAX_LINK_CHARS), a link stops
    // surviving mail and chat: a larger scenario travels as a compressed file.
    const url = `${location.origin}${location.pathname}${location.search}${SHARE_PREFIX}${code}`;
    if (url.length > MAX_SHARE_LINK_CHARS) return this.shareAsFile(parsed.scenario, url.length);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      copied = false;
    }
    this.notice = {
      level: "info",
      text: copied
        ? `Share link copied (${url.length.toLocaleString("en")} characters). Whoever opens it gets this scenario.`
        : "Copy the share link below (the clipboard is not available here).",
    };
    this.shareUrl = url;
    return url;
  }

  /** A scenario too large for a link goes as a compressed file, and the notice says why. */
  private async shareAsFile(scenario: { name: string }, linkChars: number): Promise<null> {
    const bytes = await gzipText(JSON.stringify(scenario, null, 2) + "\n");
    const name = `${fileSlug(scenario.name, "scenario")}.json.gz`;
    downloadBlob(name, new Blob([bytes as BlobPart], { type: "application/gzip" }));
    this.notice = {
      level: "info",
      text: `This scenario is too large for a share link (${linkChars.toLocaleString("en")} characters; mail and chat cut links past ${MAX_SHARE_LINK_CHARS.toLocaleString("en")}). It was downloaded as a compressed file instead, ${name} (${Math.max(1, Math.round(bytes.length / 1000)).toLocaleString("en")} kB): send the file, and open it with Upload JSON.`,
    };
    return null;
  }

  /** Opens the scenario in a share-link hash, keeping the current draft first. Returns true if one was opened. */
  async openShareHash(hash: string): Promise<boolean> {
    if (!hash.startsWith(SHARE_PREFIX)) return false;
    // decodeShareLink never rejects; %-escapes (broken ones too) are its business.
    const decoded = await decodeShareLink(hash.slice(SHARE_PREFIX.length));
    // The link is consumed either way: a reload must not reopen it over later edits.
    history.replaceState(null, "", `${location.pathname}${location.search}#scenario`);
    if (!decoded.ok) {
      this.notice = { level: "error", text: "The share link could not be opened; your scenario is unchanged.", details: decoded.errors.map(formatIssue) };
      app.view = "scenario";
      return false;
    }
    const out = await this.replaceDraft(decoded.scenario, "opening a share link");
    if (!out) return false;
    const { keptAs } = out;
    app.view = "scenario";
    editor.selection = { kind: "product", index: 0 };
    this.notice = {
      level: "info",
      text: `Opened the shared scenario “${decoded.scenario.name}”.${keptAs ? ` Your previous scenario is in Saved work as “${keptAs}”.` : ""}`,
    };
    if (app.parsed.ok) void app.run();
    return true;
  }
}

export const saved = new SavedWork();
app.keepOtherDraft = (d) => saved.keepOtherTab(d);
