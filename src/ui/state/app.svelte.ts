/**
 * The app's shared state: one module-level singleton `app` that every view imports.
 *
 * - `app.draft` is the scenario as typed: plain JSON that may hold invalid values (a number field
 *   holds the string the user typed until it parses), so nothing typed is ever lost. It autosaves to
 *   localStorage on every edit and is restored on reload.
 * - `app.parsed` is the draft through the same `parseScenario` the command line uses; `app.issuesAt`
 *   gives the messages for one JSON path, for inline errors next to fields.
 * - `app.run()` / `app.cancel()` drive the worker pool; `app.progress`, `app.result` (partial while
 *   running), `app.resultScenario` (the scenario the result belongs to) and `app.status` report it.
 *
 * Large results live in `$state.raw` (replaced whole, never deeply proxied); anything sent to a
 * worker is a `$state.snapshot`.
 */
import { flushSync } from "svelte";
import { parseScenario } from "../../io/parseScenario.ts";
import { estimateWork } from "../../io/estimate.ts";
import type { Scenario } from "../../engine/scenario.ts";
import type { SimulationResult } from "../../analysis/result.ts";
import type { PrecisionTarget, Progress, Runner } from "../../runner/types.ts";
import { createBrowserRunner } from "../../runner/browserRunner.ts";
import { DEFAULT_EXAMPLE_ID, examples, findExample } from "../examples.ts";
import { newerDraftBackup, putDraftBackup } from "../saved/savedWorkDb.ts";

export type Issue = { path: string; message: string };
export type FieldIssue = Issue & { level: "error" | "warning" };
export type RunStatus = "idle" | "running" | "done" | "cancelled" | "error" | "tooBig" | "invalid";


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

interface Saved {
  draft: unknown;
  source: string;
  rawText: string | null;
  precision: PrecisionTarget | null;
  /** Date.now() of the write, to tell it from the IndexedDB backup. */
  savedAt?: number;
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function loadSaved(): Saved | null {
  try {
    const text = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!text) return null;
    const saved = JSON.parse(text) as Saved;
    return saved && typeof saved === "object" && "draft" in saved ? saved : null;
  } catch {
    return null;
  }
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

  status = $state<RunStatus>("idle");
  progress = $state.raw<Progress | null>(null);
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
  /** The parsed scenario `result` was computed from (currency, product names, start date). */
  resultScenario = $state.raw<Scenario | null>(null);
  /** True while `result` is a partial result of a running simulation. */
  partial = $state(false);
  error = $state<string | null>(null);
  estimateMessage = $state<string | null>(null);
  stats = $state.raw<RunStats | null>(null);
  /** Simulations finished so far (a change tells views and tests that a new answer arrived). */
  completedRuns = $state(0);

  /** The draft through the command line's parser. */
  parsed = $derived.by(() => parseScenario($state.snapshot(this.draft)));
  /**
   * The parsed scenario as text (null while it does not parse): equal texts, equal scenarios, whatever
   * the draft's formatting. Answers keep the key they were worked out from, to tell when they are out of date.
   */
  scenarioKey = $derived(this.parsed.ok ? JSON.stringify(this.parsed.scenario) : null);
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
  #abort: AbortController | null = null;
  /** Bumped by every run; a run whose number is no longer current must not touch the state. */
  #generation = 0;

  constructor() {
    const saved = loadSaved();
    if (saved) {
      this.draft = saved.draft;
      this.source = saved.source ?? "custom";
      this.rawText = saved.rawText ?? null;
      this.precision = saved.precision ?? null;
    } else {
      this.loadExample(DEFAULT_EXAMPLE_ID);
    }
    // A newer copy in IndexedDB means localStorage refused the last writes (quota): take that one.
    void newerDraftBackup(saved?.savedAt ?? 0).then((b) => {
      if (!b) return;
      this.draft = b.draft;
      this.source = b.source ?? "custom";
      this.rawText = b.rawText ?? null;
      this.precision = (b.precision as PrecisionTarget | null) ?? null;
    });
    // Autosave every edit; effects outside components need their own root.
    $effect.root(() => {
      $effect(() => {
        const saved: Saved = {
          draft: $state.snapshot(this.draft),
          source: this.source,
          rawText: this.rawText,
          precision: $state.snapshot(this.precision),
          savedAt: Date.now(),
        };
        try {
          // localStorage first: the write is synchronous, so it is on disk before the next frame
          // even if the tab crashes right after the keystroke.
          localStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
        } catch {
          // Storage full or disabled: keep the draft in IndexedDB instead (restored on load when newer).
          void putDraftBackup({ ...saved, savedAt: saved.savedAt ?? Date.now() }).catch(() => {});
        }
      });
    });
  }

  /** Messages for one field path, or for anything below it with `prefix: true`. */
  issuesAt(path: string, prefix = false): FieldIssue[] {
    if (!prefix) return this.issueMap.get(path) ?? [];
    const out: FieldIssue[] = [];
    for (const [p, list] of this.issueMap) if (p === path || p.startsWith(path + ".") || p.startsWith(path + "[")) out.push(...list);
    return out;
  }

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

  /** Replaces the draft with any JSON value (raw JSON tab, imports, saved work). */
  setDraft(json: unknown, source = "custom"): void {
    this.draft = clone(json);
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
    return this.status === "running";
  }

  /** Runs the current draft. Resolves when done, cancelled or failed; never throws. */
  async run(): Promise<void> {
    const parsed = this.parsed;
    if (!parsed.ok) {
      this.status = "invalid";
      this.error = `The scenario has ${parsed.errors.length} problem${parsed.errors.length === 1 ? "" : "s"}; fix ${parsed.errors.length === 1 ? "it" : "them"} in the Scenario tab.`;
      return;
    }
    const scenario = parsed.scenario;
    const estimate = estimateWork(scenario, { runs: scenario.runs, workers: this.runner.workers });
    if (estimate.tooBig) {
      this.status = "tooBig";
      this.estimateMessage = estimate.message ?? `About ${Math.round(estimate.seconds)} s of work (${estimate.productDays.toExponential(2)} product-days): too big to start here.`;
      return;
    }
    this.cancel();
    const abort = new AbortController();
    this.#abort = abort;
    const generation = ++this.#generation;
    this.status = "running";
    this.error = null;
    this.estimateMessage = null;
    this.progress = { runsDone: 0, runsTotal: scenario.runs, elapsedMs: 0, etaMs: null };
    this.partial = true;
    const t0 = performance.now();
    this.#maxSectionDrawMs = 0;
    let firstPartialMs: number | null = null;
    let latestProgress: Progress | null = null;
    let progressFrame: (() => void) | null = null;
    this.stats = { firstPartialMs: null, totalMs: null, runs: 0, stoppedByPrecision: false, maxDrawMs: 0 };
    try {
      const result = await this.runner.simulate(scenario, {
        // With a precision target the runs field is the cap: stop early, never run longer than asked.
        runs: this.precision ? Math.min(scenario.runs, 200) : scenario.runs,
        precision: this.precision ? { ...$state.snapshot(this.precision), maxRuns: scenario.runs } : undefined,
        signal: abort.signal,
        // Partial results arrive summarised (off this thread); twice a second keeps the charts live
        // while each redraw, spread over RESULT_SECTIONS frames, leaves the thread mostly idle.
        // A catalogue's partial result takes the result worker longer to summarise (off this thread,
        // but on a core the simulation shares): a second per 2,000 products.
        partialIntervalMs: Math.max(500, scenario.products.length / 2),
        // Chunks finish many times a frame at the start of a run: the bar follows once per frame.
        onProgress: (p) => {
          latestProgress = p;
          progressFrame ??= nextFrame(() => {
            progressFrame = null;
            if (this.#abort === abort && latestProgress) this.progress = latestProgress;
          });
        },
        onPartial: (r) => {
          if (this.#abort !== abort || !this.partial) return;
          if (firstPartialMs === null) firstPartialMs = performance.now() - t0;
          this.result = r;
          this.resultScenario = scenario;
          this.stats = { ...this.stats!, firstPartialMs, maxDrawMs: this.#maxSectionDrawMs };
        },
      });
      (progressFrame as (() => void) | null)?.();
      if (this.#abort !== abort) return;
      const totalMs = performance.now() - t0;
      if (latestProgress) this.progress = latestProgress;
      this.result = result;
      this.resultScenario = scenario;
      this.partial = false;
      // The figures the status line shows are final before it says "done" (it read "0 runs in 0 ms"
      // while the sections were drawn).
      this.stats = {
        firstPartialMs: firstPartialMs ?? totalMs,
        totalMs,
        runs: result.runs,
        stoppedByPrecision: result.precision?.reached ?? false,
        maxDrawMs: this.#maxSectionDrawMs,
      };
      this.status = "done";
      // Counted once every section shows the final result, so whoever waits on it reads final figures.
      await this.whenShown();
      if (generation !== this.#generation) return;
      this.stats = { ...this.stats, maxDrawMs: this.#maxSectionDrawMs };
      this.completedRuns++;
    } catch (err) {
      // A newer run replaced this one: its state is not ours to change.
      if (generation !== this.#generation) return;
      this.partial = false;
      if (abort.signal.aborted) {
        this.status = "cancelled";
      } else {
        this.status = "error";
        this.error = err instanceof Error ? err.message : String(err);
      }
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  /** Cancels a running simulation; the last partial result stays on screen. */
  cancel(): void {
    if (this.#abort) {
      this.#abort.abort();
      this.#abort = null;
      if (this.status === "running") {
        this.status = "cancelled";
        this.partial = false;
      }
    }
  }
}

export const app = new AppState();
