/**
 * One long task of the app, reactive: its state (job.ts: idle, running with progress, done,
 * cancelled, failed with its error), its time left, and its cancel. Each start gets its own
 * AbortController and `JobRun`; a run that was cancelled or replaced by a newer one can no longer
 * change the job (`run.current` is false and its reports are dropped), so leaving a task running
 * never blocks the next one.
 *
 *   const run = job.start();
 *   try {
 *     const answer = await work(run.signal, (p) => run.report(p));
 *     if (!run.current) return;
 *     …keep the answer…
 *     job.finish(run);
 *   } catch (err) {
 *     job.settle(run, err);   // cancelled if it was stopped, else failed with the error's message
 *   }
 */
import { isAbortError } from "../../runner/errors.ts";
import { cancelled, errorMessage, failed, finished, IDLE, reported, started, timeLeftMs, type JobState, type JobStatus } from "./job.ts";

export type { JobState, JobStatus } from "./job.ts";

export interface JobRun<P> {
  readonly signal: AbortSignal;
  /** Still the job's run: neither cancelled nor replaced by a newer one. */
  readonly current: boolean;
  /** A progress report; `overall` is the share of the whole task done (for the time left). */
  report(progress: P, step?: string, overall?: number): void;
}

export class Job<P> {
  state = $state.raw<JobState<P>>(IDLE);
  /** Runs finished so far (a change tells views and tests that a new answer arrived). */
  completed = $state(0);
  #abort: AbortController | null = null;

  get status(): JobStatus {
    return this.state.status;
  }
  get running(): boolean {
    return this.state.status === "running";
  }
  get progress(): P | null {
    return this.state.status === "running" ? this.state.progress : null;
  }
  get step(): string {
    return this.state.status === "running" ? this.state.step : "";
  }
  get overall(): number | null {
    return this.state.status === "running" ? this.state.overall : null;
  }
  /** Milliseconds the latest run took (so far, while it runs); null when none ran. */
  get elapsedMs(): number | null {
    const s = this.state;
    return s.status === "running" || s.status === "done" || s.status === "cancelled" ? s.elapsedMs : null;
  }
  get error(): string | null {
    return this.state.status === "failed" ? this.state.error : null;
  }
  /** Estimated milliseconds left (null until the task can tell). */
  get etaMs(): number | null {
    return timeLeftMs(this.state);
  }

  /** Starts a run, cancelling the one before. */
  start(progress: P | null = null): JobRun<P> {
    this.cancel();
    const abort = new AbortController();
    this.#abort = abort;
    this.state = started(performance.now(), progress);
    const job = this;
    return {
      signal: abort.signal,
      get current() {
        return job.#abort === abort;
      },
      report(p, step, overall) {
        if (job.#abort === abort) job.state = reported(job.state, performance.now(), p, step, overall);
      },
    };
  }

  /** The run finished: done. False (and nothing changes) when it is no longer current. */
  finish(run: JobRun<P>): boolean {
    if (!run.current) return false;
    this.#abort = null;
    this.state = finished(this.state, performance.now());
    this.completed++;
    return true;
  }

  /** The run threw: cancelled when it was stopped, else failed with the error's message. */
  settle(run: JobRun<P>, err: unknown, describe: (err: unknown) => string = errorMessage): void {
    if (!run.current) return;
    this.#abort = null;
    this.state = run.signal.aborted || isAbortError(err) ? cancelled(this.state, performance.now()) : failed(describe(err));
  }

  /** Refuses to start (bad input, too big): failed with `error`; a run in progress is cancelled. */
  refuse(error: string, reason?: string): void {
    this.#abort?.abort();
    this.#abort = null;
    this.state = failed(error, reason);
  }

  /** Shows the outcome of a run made elsewhere (a result kept from the last session). */
  show(status: "done" | "cancelled"): void {
    this.#abort?.abort();
    this.#abort = null;
    this.state = status === "done" ? finished(this.state, performance.now()) : cancelled(this.state, performance.now());
  }

  /** Stops the current run. True when one was running. */
  cancel(): boolean {
    const abort = this.#abort;
    if (!abort) return false;
    abort.abort();
    this.#abort = null;
    if (this.state.status === "running") this.state = cancelled(this.state, performance.now());
    return true;
  }
}
