/**
 * One decision tool's run inside a view (compare, optimise, backorder policy, sensitivity): the
 * app's job state machine (state/job.svelte.ts: status, progress, time left, cancel, error) with the
 * tool's answer. Each tool has its own job, so leaving it running never blocks the main Run button.
 * Results are kept raw (replaced whole, never deeply proxied).
 */
import type { Progress } from "../../runner/types.ts";
import { app } from "../state/app.svelte.ts";
import { Job } from "../state/job.svelte.ts";

export class DecisionJob<T> extends Job<Progress> {
  result = $state.raw<T | null>(null);
  /** True when the answer on screen is what a cancelled job had finished (some products, not all). */
  partial = $state(false);
  /** The latest partial answer the job published, shown if it is cancelled. */
  #partial: T | null = null;
  /**
   * The scenario being edited when the answer on screen was started (`app.scenarioKey`): another one
   * now means the scenario has changed since (`stale`). Null: the answer does not depend on it.
   */
  ranOn = $state<string | null>(null);
  #ranOn: string | null = null;

  /** The answer on screen was worked out before the scenario's latest change. */
  get stale(): boolean {
    return this.result !== null && this.ranOn !== null && this.ranOn !== app.scenarioKey;
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
    const run = this.start();
    this.#partial = null;
    const ranOn = usesDraft ? app.scenarioKey : null;
    this.#ranOn = ranOn;
    try {
      const r = await work(
        run.signal,
        (p, step, overall) => run.report(p, step, overall),
        (partial) => {
          if (run.current) this.#partial = partial;
        },
      );
      if (!run.current) return;
      this.result = r;
      this.partial = false;
      this.ranOn = ranOn;
      this.finish(run);
    } catch (err) {
      this.settle(run, err);
    }
  }

  /** Stops the job; what it had finished (a published partial answer) stays on screen. */
  override cancel(): boolean {
    if (!super.cancel()) return false;
    if (this.#partial !== null) {
      this.result = this.#partial;
      this.partial = true;
      this.ranOn = this.#ranOn;
      this.#partial = null;
    }
    return true;
  }
}
