/**
 * One decision tool's run inside a view (compare, optimise, backorder policy, sensitivity): status,
 * progress, result and error as reactive state, with its own AbortController so leaving it running
 * never blocks the main Run button. Results are kept raw (replaced whole, never deeply proxied).
 */
import { AnalysisInputError } from "../../analysis/inputError.ts";
import { isAbortError } from "../../runner/errors.ts";
import type { Progress } from "../../runner/types.ts";
import { app } from "../state/app.svelte.ts";

export type JobStatus = "idle" | "running" | "done" | "cancelled" | "error";

export class DecisionJob<T> {
  status = $state<JobStatus>("idle");
  progress = $state.raw<Progress | null>(null);
  /** Free text about the current step ("refine, step 1", "sofa (3/12)"). */
  step = $state("");
  result = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  /** Completed runs of this tool (tests wait on it changing). */
  completed = $state(0);
  /**
   * Share of the whole job done, 0–1, when the job can tell (`report`'s third argument; a job of
   * one step reports its runs): drives the time left.
   */
  overall = $state<number | null>(null);
  /** Milliseconds since the job started (updated with progress). */
  elapsedMs = $state(0);
  /** True when the answer on screen is what a cancelled job had finished (some products, not all). */
  partial = $state(false);
  #started = 0;
  /** The latest partial answer the job published, shown if it is cancelled. */
  #partial: T | null = null;
  /**
   * The scenario being edited when the answer on screen was started (`app.scenarioKey`): another one
   * now means the scenario has changed since (`stale`). Null: the answer does not depend on it.
   */
  ranOn = $state<string | null>(null);
  #abort: AbortController | null = null;

  get running(): boolean {
    return this.status === "running";
  }

  /** The answer on screen was worked out before the scenario's latest change. */
  get stale(): boolean {
    return this.result !== null && this.ranOn !== null && this.ranOn !== app.scenarioKey;
  }

  /** Estimated milliseconds left, from the share done so far (null until 2 % and 2 s are done). */
  get etaMs(): number | null {
    const f = this.overall;
    if (f === null || f < 0.02 || this.elapsedMs < 2000 || f >= 1) return null;
    return (this.elapsedMs * (1 - f)) / f;
  }

  /** Fraction done of the current step, 0–1. */
  get fraction(): number {
    const p = this.progress;
    return p && p.runsTotal > 0 ? p.runsDone / p.runsTotal : 0;
  }

  /**
   * Runs `work`, which reports progress; its answer replaces the one on screen. `usesDraft`: whether
   * the answer depends on the scenario being edited (a comparison of examples alone does not).
   * `report(progress, step, overall)`: `overall` is the share of the whole job done (for the time
   * left). `publish(partial)`: an answer so far (products finished), shown if the job is cancelled.
   */
  async run(
    work: (signal: AbortSignal, report: (p: Progress, step?: string, overall?: number) => void, publish: (partial: T) => void) => Promise<T>,
    usesDraft = true,
  ): Promise<void> {
    this.cancel();
    const abort = new AbortController();
    this.#abort = abort;
    this.status = "running";
    this.error = null;
    this.progress = null;
    this.step = "";
    this.overall = null;
    this.elapsedMs = 0;
    this.#started = performance.now();
    this.#partial = null;
    const ranOn = usesDraft ? app.scenarioKey : null;
    this.#ranOn = ranOn;
    try {
      const r = await work(
        abort.signal,
        (p, step, overall) => {
          if (this.#abort !== abort) return;
          this.progress = p;
          if (step !== undefined) this.step = step;
          this.overall = overall ?? null;
          this.elapsedMs = performance.now() - this.#started;
        },
        (partial) => {
          if (this.#abort === abort) this.#partial = partial;
        },
      );
      if (this.#abort !== abort) return;
      this.result = r;
      this.partial = false;
      this.ranOn = ranOn;
      this.status = "done";
      this.completed++;
    } catch (err) {
      if (this.#abort !== abort) return;
      if (abort.signal.aborted || isAbortError(err)) this.status = "cancelled";
      else {
        this.status = "error";
        this.error = err instanceof AnalysisInputError || err instanceof Error ? err.message : String(err);
      }
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  #ranOn: string | null = null;

  /** Stops the job; what it had finished (a published partial answer) stays on screen. */
  cancel(): void {
    if (this.#abort) {
      this.#abort.abort();
      this.#abort = null;
      if (this.status === "running") {
        this.status = "cancelled";
        if (this.#partial !== null) {
          this.result = this.#partial;
          this.partial = true;
          this.ranOn = this.#ranOn;
          this.#partial = null;
        }
      }
    }
  }
}
