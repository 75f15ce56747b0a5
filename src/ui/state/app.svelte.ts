/**
 * The app's shared state: one module-level singleton `app` that every view imports.
 *
 * - `app.draft` is the scenario as typed: plain JSON that may hold invalid values (a number field
 *   holds the string the user typed until it parses), so nothing typed is ever lost. It autosaves to
 *   localStorage on every edit and is restored on reload.
 * - `app.parsed` is the draft through the same `parseScenario` the command line uses; `app.issuesAt`
 *   gives the messages for one JSON path, for inline errors next to fields.
 * - `app.run()` / `app.cancel()` drive the worker pool; `app.job` (the app's job state machine,
 *   job.svelte.ts: status, progress, error), `app.result` (partial while running) and
 *   `app.resultScenario` (the scenario the result belongs to) report it.
 *
 * Large results live in `$state.raw` (replaced whole, never deeply proxied); anything sent to a
 * worker is a `$state.snapshot`.
 */
import { nextTask } from "../nextTask.ts";
import { parseJsonInSlices } from "../../io/sliceJson.ts";
import { flushSync, untrack } from "svelte";
import {
  ownWarnings,
  parseProductPart,
  parseScenario,
  parseScenarioFromParts,
  shellWarningContext,
  type PartsParseResult,
  type ProductPart,
} from "../../io/parseScenario.ts";
import { estimateWork, type WorkEstimate } from "../../io/estimate.ts";
import type { Scenario } from "../../engine/scenario.ts";
import type { SimulationResult } from "../../analysis/result.ts";
import type { PrecisionTarget, Progress, Runner } from "../../runner/types.ts";
import { createBrowserRunner } from "../../runner/browserRunner.ts";
import { DEFAULT_EXAMPLE_ID, examples, findExample } from "../examples.ts";
import { getDraftBackup, putDraftBackup } from "../saved/savedWorkDb.ts";
import { DraftStore, parseParts, PRODUCTS_MARK, type DraftParts, type DraftSettings, type KeepOther } from "./draftStore.ts";
import { packedOf, unpackResult } from "../../analysis/packedResult.ts";
import { getLastResult, putLastResult } from "./lastResult.ts";
import { measuredSpeed, recordSpeed } from "./speed.ts";
import { duration } from "../../io/estimate.ts";
import { rememberScenarioText } from "../../runner/scenarioText.ts";
import { Job } from "./job.svelte.ts";

export type Issue = { path: string; message: string };
export type FieldIssue = Issue & { level: "error" | "warning" };

/** The page opens by running its scenario only when that takes about this long or less; a larger one waits for Run. */
export const AUTO_RUN_MAX_SECONDS = 8;
/** A run projected to take longer than this on this browser is refused (seconds). */
export const MAX_RUN_SECONDS = 15 * 60;
/** A run projected to take longer than this says so while it runs (seconds). */
export const WARN_RUN_SECONDS = 60;
/** Without a measured speed, a run the model puts above this many seconds is preceded by a short calibration. */
const CALIBRATE_ABOVE_SECONDS = 3;

export interface RunStats {
  /** Milliseconds from pressing Run to the first partial result on screen. */
  firstPartialMs: number | null;
  totalMs: number | null;
  runs: number;
  stoppedByPrecision: boolean;
  /** Longest time spent drawing one section of a result (partial or final) on the main thread (ms). */
  maxDrawMs: number;
}

const STORAGE_KEY = "backorder-lab:editor:v1";

/**
 * Sections of the Results view (KPIs, each fan chart, histograms, losses, product table). A new
 * result reaches them one section per frame through `app.shown`, because redrawing every chart in
 * one task took 70–200 ms on a loaded 2-core machine, over the 50 ms a page may block.
 */
export const RESULT_SECTIONS = 7;

/** Next frame, or a short timer when the tab is hidden and frames do not come. */
function nextFrame(fn: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    cancelAnimationFrame(raf);
    fn();
  };
  const raf = requestAnimationFrame(run);
  const timer = setTimeout(run, 100);
  return () => {
    done = true;
    clearTimeout(timer);
    cancelAnimationFrame(raf);
  };
}

/** One product of the draft: its plain copy, text and parse, each kept until the product changes. */
class ProductCell {
  /** `part` has been worked out once (later changes of the product re-parse it alone). */
  ready = false;
  raw: unknown;
  text: string;
  part: ProductPart;
  constructor(p: object) {
    this.raw = $derived($state.snapshot(p));
    this.text = $derived(JSON.stringify(this.raw));
    this.part = $derived(parseProductPart(this.raw));
  }
}

/**
 * Time a new draft's products are parsed for in one task (ms); the rest follow in the next tasks.
 * Small, and never in the task that replaced the draft (that one also lays out the editor): on a
 * shared 2-core machine every task stretches two- to threefold, and 25 ms slices ran to 90 ms.
 */
const PARSE_SLICE_MS = 8;

/** The draft's parse; while a new draft's products are still being parsed, `checking` says how far. */
export type AppParse = PartsParseResult & { checking?: { done: number; total: number } };

/** A draft with more products than this autosaves a quarter-second after the last keystroke, not at each. */
const AUTOSAVE_AT_ONCE_MAX_PRODUCTS = 200;
const AUTOSAVE_DELAY_MS = 250;
/** What a user does that may change the draft (a click counts on a button or link). */
const TOUCH_EVENTS = ["input", "change", "paste", "drop", "click"] as const;

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** A tab's own slot beside the draft, `ASIDE_KEY` + the tab's id (draftStore.ts). */
const ASIDE_KEY = `${STORAGE_KEY}:aside:`;

/**
 * Where the draft autosaves: localStorage, or IndexedDB for a catalogue (draftStore.ts). Another tab's
 * copy about to be replaced goes to `keepOther` first (Saved work, in IndexedDB: without it, the
 * draft is written as it was before tabs were told apart).
 */
function draftStore(keepOther: KeepOther): DraftStore {
  const ls = globalThis.localStorage;
  const idb = typeof indexedDB !== "undefined";
  return new DraftStore(
    ls
      ? {
          get: () => ls.getItem(STORAGE_KEY),
          set: (text) => ls.setItem(STORAGE_KEY, text),
          setAside: (tab, text) => ls.setItem(ASIDE_KEY + tab, text),
          asides: () => {
            const out: { tab: string; text: string }[] = [];
            for (let i = 0; i < ls.length; i++) {
              const key = ls.key(i);
              const text = key?.startsWith(ASIDE_KEY) ? ls.getItem(key) : null;
              if (key && text) out.push({ tab: key.slice(ASIDE_KEY.length), text });
            }
            return out;
          },
          removeAside: (tab) => ls.removeItem(ASIDE_KEY + tab),
        }
      : null,
    idb ? { get: getDraftBackup, put: putDraftBackup } : null,
    idb ? { keepOther } : {},
  );
}

export class AppState {
  /** The scenario as typed (plain JSON, possibly invalid). Mutate it in place; it autosaves. */
  draft = $state<any>({});
  /** Which example the draft started from ("default-shop", …) or "custom" after a raw-JSON paste. */
  source = $state(DEFAULT_EXAMPLE_ID);
  /** Raw JSON tab text while it does not parse as JSON (null when the form is the truth). */
  rawText = $state<string | null>(null);
  precision = $state<PrecisionTarget | null>(null);
  /** Id of the visible view (views.ts). */
  view = $state("results");

  /**
   * The run of the scenario: idle, running (with the runner's progress), done, cancelled, or failed
   * with its error; refused runs fail with `reason` "invalid" (the scenario has problems) or
   * "tooBig" (it would take too long here).
   */
  readonly job = new Job<Progress>();
  #result = $state.raw<SimulationResult | null>(null);
  /**
   * `result` as each Results section shows it: `shown[i]` catches up with `result` one section per
   * frame (RESULT_SECTIONS), so a new result never redraws every chart in one task.
   */
  shown = $state.raw<(SimulationResult | null)[]>(Array.from({ length: RESULT_SECTIONS }, () => null));
  #cancelShow: (() => void) | null = null;
  #shownWaiters: (() => void)[] = [];
  /** Longest drawing of one Results section since the current run started (RunStats.maxDrawMs). */
  #maxSectionDrawMs = 0;
  #resultScenario = $state.raw<Scenario | null>(null);
  #resultKey = $state.raw<string | null>(null);
  /** The parsed scenario `result` was computed from (currency, product names, start date). */
  get resultScenario(): Scenario | null {
    return this.#resultScenario;
  }
  set resultScenario(s: Scenario | null) {
    if (s === this.#resultScenario) return;
    this.#resultScenario = s;
    this.#resultKey = null;
  }
  /** `scenarioKey` of `resultScenario`: equal to `scenarioKey` when the result is up to date. */
  get resultKey(): string | null {
    return this.#resultKey ?? (this.#resultScenario ? JSON.stringify(this.#resultScenario) : null);
  }
  /** The result on screen came back from the last session (IndexedDB) rather than from a run of this one. */
  restored = $state.raw<{ savedAt: number; complete: boolean } | null>(null);
  /** True while `result` is a partial result of a running simulation. */
  partial = $state(false);
  /** A note about the run under way: the speed being measured, or that it will be long. */
  estimateMessage = $state<string | null>(null);
  stats = $state.raw<RunStats | null>(null);
  /** Simulations finished so far (a change tells views and tests that a new answer arrived). */
  completedRuns = $state(0);

  /** The draft through the command line's parser. */
  parsed = $derived.by((): AppParse => {
    void this.#parseTick;
    const d = this.draft;
    // Product by product where the draft has a list of products: each product's parse is kept until
    // that product changes, so a keystroke in one of 4,000 re-parses one (parseScenarioFromParts).
    // A new draft's products are parsed a slice per task (PARSE_SLICE_MS), never all in one.
    if (d && typeof d === "object" && !Array.isArray(d) && Array.isArray(d.products)) {
      const shell: Record<string, unknown> = {};
      for (const k of Object.keys(d)) if (k !== "products") shell[k] = $state.snapshot(d[k]);
      const list = d.products as unknown[];
      // A product never parsed is parsed by the slices (#parseSlice), each a task of its own; until
      // every product has been parsed once, the others are not even read.
      let waiting = 0;
      for (let i = 0; i < list.length; i++) {
        const p = list[i];
        // Cells are made by the slices too: counting makes none.
        if (p !== null && typeof p === "object" && !this.#cells.get(p)?.ready) waiting++;
      }
      // A small draft (the examples, a few hundred products) is parsed at once, as it was typed.
      if (waiting > 0 && list.length <= AUTOSAVE_AT_ONCE_MAX_PRODUCTS) {
        for (const p of list) if (p !== null && typeof p === "object") ((this.#cell(p).ready = true), void this.#cell(p).part);
        waiting = 0;
      }
      if (waiting > 0) {
        this.#parseTimer ??= setTimeout(() => this.#parseSlice(list), 0);
        return { ok: false, errors: [], key: null, checking: { done: list.length - waiting, total: list.length } };
      }
      const parts = list.map((p) => (p !== null && typeof p === "object" ? this.#cell(p).part : parseProductPart($state.snapshot(p))));
      this.#releaseConnectors();
      this.#pruneCells(list);
      const result = parseScenarioFromParts(shell, parts);
      // The workers get the scenario as this text, already made (scenarioText.ts).
      if (result.ok && result.key !== null) rememberScenarioText(result.scenario, result.key);
      return result;
    }
    const whole = parseScenario($state.snapshot(d));
    return { ...whole, key: whole.ok ? JSON.stringify(whole.scenario) : null };
  });
  #parseTick = $state(0);
  #parseTimer: ReturnType<typeof setTimeout> | null = null;
  /** Parses products of `list` not yet parsed for PARSE_SLICE_MS, then lets `parsed` count again (and schedule the next slice). */
  #parseSlice(list: unknown[]): void {
    this.#parseTimer = null;
    const t0 = performance.now();
    const cells: ProductCell[] = [];
    untrack(() => {
      // Each product's own warnings are worked out with its parse, in the context the draft's shell
      // reads now: the whole scenario's parse then only checks that context (ownWarnings), where at
      // 4,000 products working them all out took 20-45 ms of its one task.
      const d = this.draft as Record<string, unknown> | null;
      const ctx = d && typeof d === "object" ? shellWarningContext({ horizonDays: d.horizonDays, suppliers: $state.snapshot(d.suppliers) }) : null;
      for (let i = 0; i < list.length && performance.now() - t0 < PARSE_SLICE_MS; i++) {
        const p = list[i];
        if (p === null || typeof p !== "object") continue;
        const c = this.#cell(p);
        if (c.ready) continue;
        if (ctx) ownWarnings(c.part, ctx);
        else void c.part;
        c.ready = true;
        cells.push(c);
      }
    });
    // Read again by an effect of their own: each product's parse is connected to the fields it reads
    // now, a slice at a time. Read first by `parsed`, 4,000 parses never read by an effect were
    // connected in one task (reconnect and is_dirty, 30–40 ms of 80–110 at 4,000 products). Let go
    // once `parsed` holds them.
    this.#connectors.push(
      $effect.root(() => {
        $effect(() => {
          for (const c of cells) void c.part;
        });
      }),
    );
    flushSync();
    this.#parseTick++;
  }
  /** Effects holding products parsed by slices until `parsed` reads them (#parseSlice). */
  #connectors: (() => void)[] = [];
  #releaseConnectors(): void {
    if (this.#connectors.length === 0) return;
    const done = this.#connectors.splice(0);
    setTimeout(() => {
      for (const stop of done) stop();
    }, 0);
  }
  /**
   * Each product's cell, by the product. A Map, not a WeakMap: at 4,000 products the collector marked
   * what a WeakMap's cells hold (every product's copy, text and parse) in its final pause, as
   * ephemerons, 88 ms of one reload's task. Cells of products no longer in the draft are let go
   * once the draft has been parsed whole (#pruneCells).
   */
  #cells = new Map<object, ProductCell>();
  #pruneCells(list: readonly unknown[]): void {
    if (this.#cells.size <= list.length) return;
    const keep = new Map<object, ProductCell>();
    for (const p of list) {
      const c = p !== null && typeof p === "object" ? this.#cells.get(p) : undefined;
      if (c) keep.set(p as object, c);
    }
    this.#cells = keep;
  }
  #cell(p: object): ProductCell {
    let c = this.#cells.get(p);
    if (!c) this.#cells.set(p, (c = new ProductCell(p)));
    return c;
  }
  /**
   * A plain copy of the draft whose products are each product's kept copy (made once per change of
   * that product), shared, not copied again: a catalogue's snapshot took 150–450 ms. Never mutate it;
   * its JSON text is `draftText()`.
   */
  draftSnapshot(): unknown {
    const d = this.draft;
    if (!(d && typeof d === "object" && !Array.isArray(d) && Array.isArray(d.products))) return $state.snapshot(d);
    return untrack(() => {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(d))
        out[k] =
          k === "products"
            ? (d.products as unknown[]).map((p) => (p !== null && typeof p === "object" ? this.#cell(p).raw : $state.snapshot(p)))
            : $state.snapshot(d[k]);
      return out;
    });
  }
  /** JSON text of the draft, from each product's own kept text (what autosave writes). */
  draftText(): string {
    const d = this.draft;
    if (!(d && typeof d === "object" && !Array.isArray(d) && Array.isArray(d.products))) return JSON.stringify($state.snapshot(d));
    const { shell, products } = this.#draftParts();
    return shell.replace(JSON.stringify(PRODUCTS_MARK), () => `[${products.join(",")}]`);
  }
  /**
   * The draft as a file (Download JSON), in pieces that make its text one after the other, to be made
   * into a file a slice at a time: indented; a catalogue's products one to a line (a piece each), each
   * its kept text, so that the file is made without reading every product again (950 ms of the page
   * at 4,000 products when the whole draft was copied and indented) and a product's change is a line's.
   */
  draftFileParts(): string[] {
    const d = this.draft;
    const catalogue = d && typeof d === "object" && !Array.isArray(d) && Array.isArray(d.products) && d.products.length > AUTOSAVE_AT_ONCE_MAX_PRODUCTS;
    if (!catalogue) return [JSON.stringify(this.draftSnapshot(), null, 2) + "\n"];
    const { shell, products } = untrack(() => this.#draftParts());
    const indented = JSON.stringify(JSON.parse(shell), null, 2);
    const mark = JSON.stringify(PRODUCTS_MARK);
    const at = indented.indexOf(mark);
    const parts = [indented.slice(0, at), "[\n    "];
    for (let i = 0; i < products.length; i++) {
      if (i > 0) parts.push(",\n    ");
      parts.push(products[i]!);
    }
    parts.push("\n  ]", indented.slice(at + mark.length), "\n");
    return parts;
  }
  /** The draft (which has a list of products) as its shell's text and each product's kept text. */
  #draftParts(): DraftParts {
    const d = this.draft;
    const products = (d.products as unknown[]).map((p) =>
      p !== null && typeof p === "object" ? this.#cell(p).text : (JSON.stringify($state.snapshot(p)) ?? "null"),
    );
    return { shell: this.#shellText(), products };
  }
  /** The draft's JSON text with PRODUCTS_MARK for its list of products. */
  #shellText(): string {
    const d = this.draft;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(d)) out[k] = k === "products" ? PRODUCTS_MARK : $state.snapshot(d[k]);
    return JSON.stringify(out);
  }
  /**
   * The parsed scenario as text (null while it does not parse): equal texts, equal scenarios, whatever
   * the draft's formatting. Answers keep the key they were worked out from, to tell when they are out of date.
   */
  scenarioKey = $derived(this.parsed.ok ? this.parsed.key : null);
  /** Errors (the run is blocked) and warnings (valid but probably not meant), beside their fields. */
  issues = $derived<FieldIssue[]>(
    this.parsed.ok
      ? this.parsed.warnings.map((i) => ({ ...i, level: "warning" as const }))
      : this.parsed.errors.map((i) => ({ ...i, level: "error" as const })),
  );
  /** Issues by JSON path (e.g. `products[2].policy.orderUpTo`). */
  issueMap = $derived.by(() => {
    const m = new Map<string, FieldIssue[]>();
    for (const i of this.issues) m.set(i.path, [...(m.get(i.path) ?? []), i]);
    return m;
  });

  #runner: Runner | null = null;
  /** Bumped by every run; a run whose number is no longer current must not touch the state. */
  #generation = 0;

  /**
   * Keeps another tab's draft in Saved work before this tab's autosave replaces it; set by Saved work
   * (src/ui/saved/savedWork.svelte.ts). Resolves true once stored.
   */
  keepOtherDraft: KeepOther | null = null;

  /** Where the draft autosaves, and which copy a reload takes. */
  readonly #store = draftStore((d) => (this.keepOtherDraft ? this.keepOtherDraft(d) : Promise.resolve(false)));

  /** Keeps in Saved work the drafts pages left beside this one when they could not wait (draftStore.ts), and removes them there. */
  async keepAsides(): Promise<void> {
    for (const d of this.#store.readAsides()) {
      const kept = this.keepOtherDraft ? await this.keepOtherDraft(d).catch(() => false) : false;
      if (kept) this.#store.removeAside(d.tab);
    }
  }

  /**
   * Resolves once the draft is in place: at once for a draft kept in localStorage, after reading it
   * back from IndexedDB (a slice of products per task) for a catalogue's draft kept there. Until
   * then the example stands in, and nothing autosaves.
   */
  readonly draftLoaded: Promise<void>;

  constructor() {
    const local = this.#store.readLocal();
    if (local && !local.inDb) {
      this.draft = local.draft;
      this.source = local.settings.source;
      this.rawText = local.settings.rawText;
      this.precision = (local.settings.precision as PrecisionTarget | null) ?? null;
    } else {
      this.loadExample(DEFAULT_EXAMPLE_ID);
    }
    // IndexedDB holds a catalogue's draft, or a newer one localStorage refused (quota): take that one.
    // Asked in a task of its own: opening the database took 35–40 ms of the page's first task.
    const found = new Promise<Awaited<ReturnType<DraftStore["readDb"]>>>((ok) => setTimeout(() => void this.#store.readDb(local).then(ok), 0));
    const taken = found.then(async (f) => {
      if (!f) return;
      let draft: unknown;
      try {
        draft = "parts" in f.body ? await parseParts(f.body.parts, PARSE_SLICE_MS) : JSON.parse(f.body.text);
      } catch {
        return;
      }
      this.draft = draft;
      this.source = f.settings.source;
      this.rawText = f.settings.rawText;
      this.precision = (f.settings.precision as PrecisionTarget | null) ?? null;
    });
    this.draftLoaded = local?.inDb ? taken.catch(() => {}) : Promise.resolve();
    if (local?.inDb) void this.draftLoaded.then(() => this.#startAutosave());
    else this.#startAutosave();
    // Until the user acts on the page, the draft is the copy storage holds (see #untouched).
    const doc = globalThis.document;
    if (doc) {
      const touched = (e: Event) => {
        if (e.type === "click" && !(e.target instanceof Element && e.target.closest("button, [role=button], a[href]:not([role=tab])"))) return;
        // Tabs and search fields change what is shown, not the draft.
        if (e.target instanceof Element && e.target.closest("[role=tab], input[type=search]")) return;
        this.#untouched = false;
        for (const t of TOUCH_EVENTS) doc.removeEventListener(t, touched, true);
      };
      for (const t of TOUCH_EVENTS) doc.addEventListener(t, touched, true);
    }
    // Leaving the page (or hiding it, which on a phone may be the last chance) writes what is not yet stored.
    globalThis.addEventListener?.("pagehide", () => this.flushAutosave());
    globalThis.document?.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flushAutosave();
    });
  }

  #startAutosave(): void {
    // Autosave every edit; effects outside components need their own root.
    $effect.root(() => {
      $effect(() => {
        const rest: DraftSettings = { source: this.source, rawText: this.rawText, precision: $state.snapshot(this.precision) };
        const large = Array.isArray(untrack(() => this.draft)?.products) && untrack(() => this.draft.products.length) > AUTOSAVE_AT_ONCE_MAX_PRODUCTS;
        clearTimeout(this.#autosaveTimer);
        this.#saveGeneration++;
        if (!large) {
          // Read here so the effect follows every edit; the text is built from each product's kept text.
          this.#pendingSave = null;
          void this.#store.write({ text: this.draftText() }, rest);
          return;
        }
        // A catalogue: the parse follows every edit (it reads every field); its text is megabytes,
        // gathered a slice of products per task once typing pauses, then written. Leaving the page
        // before that writes it at once.
        this.#pendingSave = () => this.#store.writeNow({ parts: untrack(() => this.#draftParts()) }, rest);
        if (this.parsed.checking) return;
        const generation = this.#saveGeneration;
        this.#autosaveTimer = setTimeout(() => void this.#writeLarge(generation, rest), AUTOSAVE_DELAY_MS);
      });
    });
  }

  #autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  #saveGeneration = 0;

  /** Autosave of a catalogue: each product's text read a slice per task, then one write. A newer edit abandons it. */
  async #writeLarge(generation: number, rest: DraftSettings): Promise<void> {
    const d = this.draft;
    const list = untrack(() => (Array.isArray(d?.products) ? (d.products as unknown[]).slice() : []));
    const texts: string[] = new Array(list.length);
    const SLICE = 250;
    for (let i = 0; i < list.length; i += SLICE) {
      untrack(() => {
        for (let j = i; j < Math.min(list.length, i + SLICE); j++) {
          const p = list[j];
          texts[j] = p !== null && typeof p === "object" ? this.#cell(p).text : (JSON.stringify($state.snapshot(p)) ?? "null");
        }
      });
      await nextTask();
      if (generation !== this.#saveGeneration) return;
    }
    const shell = untrack(() => this.#shellText());
    // From here the store has it: until IndexedDB has committed it, leaving the page writes it to localStorage.
    this.#pendingSave = null;
    void this.#store.write({ parts: { shell, products: texts } }, rest);
  }
  #pendingSave: (() => void) | null = null;

  /**
   * No input, change, paste, drop or button press since the page opened (a tab or a search field
   * aside): the draft is the copy
   * storage gave back, so leaving has nothing to write. A catalogue's autosave stands pending while
   * its products are checked after a reload, and writing it then (on hiding the tab, say) read every
   * product again in one task: 4.9 s at 4,000 products.
   */
  #untouched = true;

  /** Writes a pending autosave now, synchronously (the page is being left). */
  flushAutosave(): void {
    clearTimeout(this.#autosaveTimer);
    this.#saveGeneration++;
    const save = this.#untouched ? null : this.#pendingSave;
    if (save) this.#pendingSave = null;
    if (save) save();
    else this.#store.flush();
  }

  /** Messages for one field path, or for anything below it with `prefix: true`. */
  issuesAt(path: string, prefix = false): FieldIssue[] {
    if (!prefix) return this.issueMap.get(path) ?? [];
    const out: FieldIssue[] = [];
    for (const [p, list] of this.issueMap) if (p === path || p.startsWith(path + ".") || p.startsWith(path + "[")) out.push(...list);
    return out;
  }

  /** Indexes of the products with at least one error: for red dots on the product list (one pass over the issues). */
  productErrors = $derived.by(() => {
    const out = new Set<number>();
    for (const i of this.issues) {
      if (i.level !== "error") continue;
      const m = /^products\[(\d+)\]/.exec(i.path);
      if (m) out.add(Number(m[1]));
    }
    return out;
  });

  /** Errors only, at or below `path`: for red dots on product and supplier lists. */
  errorCount(path: string): number {
    return this.issuesAt(path, true).filter((i) => i.level === "error").length;
  }

  /** Replaces the draft with an example scenario (one click in the picker). */
  loadExample(id: string): void {
    const ex = findExample(id) ?? examples[0];
    if (!ex) return;
    this.draft = clone(ex.json);
    this.source = ex.id;
    this.rawText = null;
  }

  /**
   * Replaces the draft with any JSON value (raw JSON tab, imports, saved work). A catalogue-sized
   * value is taken as it is, not copied (copying 2,000 products blocked the page for 100 ms): such
   * values come freshly read from a file, a link, IndexedDB or a snapshot, never shared.
   */
  setDraft(json: unknown, source = "custom"): void {
    const products = (json as { products?: unknown })?.products;
    this.draft = Array.isArray(products) && products.length > AUTOSAVE_AT_ONCE_MAX_PRODUCTS ? json : clone(json);
    this.source = source;
    this.rawText = null;
  }

  get runner(): Runner {
    this.#runner ??= createBrowserRunner();
    return this.#runner;
  }

  /** The latest result (partial while `partial`); setting it updates `shown` over the next frames. */
  get result(): SimulationResult | null {
    return this.#result;
  }

  set result(r: SimulationResult | null) {
    this.#result = r;
    this.#cancelShow?.();
    let i = 0;
    const step = () => {
      const t = performance.now();
      const next = this.shown.slice();
      next[i++] = r;
      this.shown = next;
      // Drawn now rather than in a microtask, so the drawing time can be reported.
      flushSync();
      this.#maxSectionDrawMs = Math.max(this.#maxSectionDrawMs, performance.now() - t);
      // Named in the browser's performance timeline, so a profile shows which section is slow.
      performance.measure(`draw results section ${i - 1}`, { start: t });
      if (i < RESULT_SECTIONS && r !== null) this.#cancelShow = nextFrame(step);
      else {
        if (r === null) this.shown = next.map(() => null);
        this.#cancelShow = null;
        for (const w of this.#shownWaiters.splice(0)) w();
      }
    };
    this.#cancelShow = nextFrame(step);
  }

  /** Resolves once every Results section shows the current result. */
  whenShown(): Promise<void> {
    return this.#cancelShow === null ? Promise.resolve() : new Promise((ok) => this.#shownWaiters.push(ok));
  }

  get running(): boolean {
    return this.job.running;
  }

  /** Product-days of a run of `scenario` (warm-up included), all runs. */
  #productDays(scenario: Scenario, runs = scenario.runs): number {
    return runs * scenario.products.length * (scenario.horizonDays + scenario.warmupDays);
  }

  /**
   * Seconds a run of `scenario` should take in this browser: from the speed measured here on a
   * catalogue of its size (speed.ts), else from the engine's model (which a busy laptop or a large
   * catalogue can miss several times over). `measured` says which.
   */
  expectedSeconds(scenario: Scenario): { seconds: number; measured: boolean } {
    const speed = measuredSpeed(scenario.products.length, this.runner.workers);
    if (speed) return { seconds: this.#productDays(scenario) / speed.productDaysPerSecond, measured: true };
    return { seconds: this.#estimate(scenario).seconds, measured: false };
  }

  /**
   * Measures this browser's speed on the scenario itself: three short runs per worker over at most
   * 60 days (a few seconds), kept for the next estimates. Only the runs after each worker's first
   * count: loading and compiling the scenario and summarising are paid once per run, however long,
   * and counted against three short runs they made the speed look ten times slower than it is.
   */
  async #calibrate(scenario: Scenario, signal: AbortSignal): Promise<void> {
    const workers = Math.max(1, this.runner.workers);
    const runs = 3 * workers;
    const probe: Scenario = { ...scenario, horizonDays: Math.min(scenario.horizonDays, 60), warmupDays: 0, runs };
    const perRun = this.#productDays(probe, 1);
    const t0 = performance.now();
    let first: { runs: number; at: number } | null = null;
    let last: { runs: number; at: number } | null = null;
    await this.runner.simulate(probe, {
      runs,
      signal,
      chunkRuns: 1,
      onProgress: (p) => {
        const at = performance.now();
        // From the moment every worker has finished its first run.
        if (first === null && p.runsDone >= workers) first = { runs: p.runsDone, at };
        else if (first !== null) last = { runs: p.runsDone, at };
      },
    });
    const f = first as { runs: number; at: number } | null;
    const l = last as { runs: number; at: number } | null;
    if (f && l && l.runs > f.runs && l.at > f.at) recordSpeed(scenario.products.length, this.runner.workers, (l.runs - f.runs) * perRun, l.at - f.at);
    else recordSpeed(scenario.products.length, this.runner.workers, runs * perRun, performance.now() - t0);
  }

  /**
   * The engine's estimate of a run of `scenario` as it is, once per parsed scenario (a new parse is a
   * new object): a pass over every product, 15–40 ms at 4,000, that Run asked for twice.
   */
  #estimate(scenario: Scenario): WorkEstimate {
    const workers = this.runner.workers;
    const kept = this.#estimates.get(scenario);
    if (kept && kept.runs === scenario.runs && kept.horizonDays === scenario.horizonDays && kept.workers === workers) return kept.estimate;
    const estimate = estimateWork(scenario, { runs: scenario.runs, workers });
    this.#estimates.set(scenario, { runs: scenario.runs, horizonDays: scenario.horizonDays, workers, estimate });
    return estimate;
  }
  #estimates = new WeakMap<Scenario, { runs: number; horizonDays: number; workers: number; estimate: WorkEstimate }>();

  /** The refusal for a run expected to take `seconds` here. */
  #tooLong(scenario: Scenario, seconds: number): string {
    const speed = measuredSpeed(scenario.products.length, this.runner.workers);
    const rate = speed ? ` (this browser simulated ${Math.round(speed.productDaysPerSecond).toLocaleString("en")} product-days a second)` : "";
    return `This run would take about ${duration(seconds)} here${rate}, more than the ${duration(MAX_RUN_SECONDS)} an interactive run may take: use fewer runs (or “Stop early”), fewer products or a shorter horizon, or run it on the command line.`;
  }

  /** Runs the current draft. Resolves when done, cancelled or failed; never throws. */
  async run(): Promise<void> {
    // A new catalogue is still being checked a slice at a time: run once that is done.
    while (this.parsed.checking) await new Promise((r) => setTimeout(r, 30));
    const parsed = this.parsed;
    if (!parsed.ok) {
      this.job.refuse(
        `The scenario has ${parsed.errors.length} problem${parsed.errors.length === 1 ? "" : "s"}; fix ${parsed.errors.length === 1 ? "it" : "them"} in the Scenario tab.`,
        "invalid",
      );
      return;
    }
    const scenario = parsed.scenario;
    const key = this.scenarioKey;
    // The workers get the scenario as this text, already made.
    if (key !== null) rememberScenarioText(scenario, key);
    const estimate = this.#estimate(scenario);
    if (estimate.tooBig) {
      this.job.refuse(
        estimate.message ?? `About ${Math.round(estimate.seconds)} s of work (${estimate.productDays.toExponential(2)} product-days): too big to start here.`,
        "tooBig",
      );
      return;
    }
    this.cancel();
    const generation = ++this.#generation;
    const run = this.job.start({ runsDone: 0, runsTotal: scenario.runs, elapsedMs: 0, etaMs: null });
    this.estimateMessage = null;
    this.partial = true;
    let t0 = performance.now();
    this.#maxSectionDrawMs = 0;
    let firstPartialMs: number | null = null;
    let latestProgress: Progress | null = null;
    let progressFrame: (() => void) | null = null;
    this.stats = { firstPartialMs: null, totalMs: null, runs: 0, stoppedByPrecision: false, maxDrawMs: 0 };
    // With a precision target the runs field is the cap: stop early, never run longer than asked.
    const plannedRuns = this.precision ? Math.min(scenario.runs, 200) : scenario.runs;
    try {
      // The size guard, from this browser's own measured speed (a short calibration the first time).
      let expected = this.expectedSeconds(scenario);
      if (!expected.measured && expected.seconds > CALIBRATE_ABOVE_SECONDS) {
        this.estimateMessage = "Measuring this browser's speed on the scenario…";
        await this.#calibrate(scenario, run.signal);
        if (!run.current) return;
        expected = this.expectedSeconds(scenario);
      }
      if (expected.seconds > MAX_RUN_SECONDS) {
        this.partial = false;
        this.estimateMessage = null;
        this.job.refuse(this.#tooLong(scenario, expected.seconds), "tooBig");
        return;
      }
      this.estimateMessage =
        expected.seconds > WARN_RUN_SECONDS ? `A long run: about ${duration(expected.seconds)} on this browser. Cancel keeps the runs finished so far.` : null;
      t0 = performance.now();
      const result = await this.runner.simulate(scenario, {
        runs: plannedRuns,
        precision: this.precision ? { ...$state.snapshot(this.precision), maxRuns: scenario.runs } : undefined,
        signal: run.signal,
        // Partial results arrive summarised and packed (off this thread); twice a second keeps the
        // charts live while each redraw, spread over RESULT_SECTIONS frames, leaves the thread mostly idle.
        // A catalogue's partial result takes the result worker longer to summarise (off this thread,
        // but on a core the simulation shares): a second per 2,000 products.
        partialIntervalMs: Math.max(500, scenario.products.length / 2),
        // Chunks finish many times a frame at the start of a run: the bar follows once per frame.
        onProgress: (p) => {
          latestProgress = p;
          progressFrame ??= nextFrame(() => {
            progressFrame = null;
            if (latestProgress) run.report(latestProgress);
          });
        },
        onPartial: (r) => {
          if (!run.current || !this.partial) return;
          if (firstPartialMs === null) firstPartialMs = performance.now() - t0;
          this.result = r;
          this.resultScenario = scenario;
          this.#resultKey = key;
          this.restored = null;
          this.stats = { ...this.stats!, firstPartialMs, maxDrawMs: this.#maxSectionDrawMs };
        },
      });
      (progressFrame as (() => void) | null)?.();
      if (!run.current) return;
      const totalMs = performance.now() - t0;
      this.result = result;
      this.resultScenario = scenario;
      this.#resultKey = key;
      this.restored = null;
      this.partial = false;
      this.estimateMessage = null;
      recordSpeed(scenario.products.length, this.runner.workers, this.#productDays(scenario, result.runs), totalMs);
      void this.#keep(result, key, true, totalMs);
      // The figures the status line shows are final before it says "done" (it read "0 runs in 0 ms"
      // while the sections were drawn).
      this.stats = {
        firstPartialMs: firstPartialMs ?? totalMs,
        totalMs,
        runs: result.runs,
        stoppedByPrecision: result.precision?.reached ?? false,
        maxDrawMs: this.#maxSectionDrawMs,
      };
      this.job.finish(run);
      // Counted once every section shows the final result, so whoever waits on it reads final figures.
      await this.whenShown();
      if (generation !== this.#generation) return;
      this.stats = { ...this.stats, maxDrawMs: this.#maxSectionDrawMs };
      this.completedRuns++;
    } catch (err) {
      // A newer run replaced this one: its state is not ours to change.
      if (generation !== this.#generation) return;
      this.partial = false;
      // Cancelled or failed (Cancel has already marked the job cancelled).
      this.job.settle(run, err);
      if (this.job.status === "cancelled") {
        this.estimateMessage = null;
        // What finished before Cancel is kept too, marked as cut short.
        if (this.result && this.#resultKey === key) void this.#keep(this.result, key, false, null);
      }
    }
  }

  /** Stores a result as the one a reload brings back. */
  async #keep(result: SimulationResult, key: string | null, complete: boolean, totalMs: number | null): Promise<void> {
    const packed = packedOf(result);
    if (!packed || key === null) return;
    const t = performance.now();
    const written = putLastResult({ scenarioKey: key, packed, complete, totalMs, savedAt: Date.now() });
    performance.measure("hand the result to its store", { start: t });
    await written;
  }

  /**
   * Brings back the result kept from the last session, if any (marked stale when the scenario has
   * changed since). Resolves true when it belongs to the scenario as it is now.
   */
  async restoreLast(): Promise<boolean> {
    const last = await getLastResult();
    // A run started meanwhile has the newer answer (asked again after each task below).
    const overtaken = () => !!this.result || this.running;
    if (!last || overtaken()) return false;
    // Reading the scenario back and unpacking the result each take tens of milliseconds for a
    // catalogue: each has a task of its own, apart from the one that received the record.
    await nextTask();
    if (overtaken()) return false;
    const current = last.scenarioKey === this.scenarioKey && this.parsed.ok;
    let scenario: Scenario;
    try {
      // A stale result's scenario is read back a slice per task: one JSON.parse of a 4,000-product
      // scenario took 30-65 ms of the page.
      scenario = current && this.parsed.ok ? this.parsed.scenario : ((await parseJsonInSlices(last.scenarioKey)) as Scenario);
    } catch {
      return false;
    }
    await nextTask();
    if (overtaken()) return false;
    this.result = unpackResult(last.packed);
    this.resultScenario = scenario;
    this.#resultKey = last.scenarioKey;
    this.restored = { savedAt: last.savedAt, complete: last.complete };
    this.partial = false;
    this.job.show(last.complete ? "done" : "cancelled");
    this.stats = {
      firstPartialMs: null,
      totalMs: last.totalMs,
      runs: last.packed.totals.runs,
      stoppedByPrecision: last.packed.totals.precision?.reached ?? false,
      maxDrawMs: 0,
    };
    return current;
  }

  /**
   * What the page does as it opens: the kept result of this scenario if there is one, else a run
   * when it is quick (a large catalogue waits for Run rather than starting minutes of work by itself).
   */
  async startUp(): Promise<void> {
    const restored = await this.restoreLast();
    if (restored || this.running || !this.parsed.ok) return;
    if (this.expectedSeconds(this.parsed.scenario).seconds <= AUTO_RUN_MAX_SECONDS) await this.run();
  }

  /** Cancels a running simulation; the last partial result stays on screen. */
  cancel(): void {
    if (this.job.cancel()) this.partial = false;
  }
}

export const app = new AppState();
