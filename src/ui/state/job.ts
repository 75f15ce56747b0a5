/**
 * The state machine of every long task in the app (a simulation run, a decision tool, a history
 * import): one tagged state, and the transitions between them. `job.svelte.ts` holds it reactively
 * with the task's cancel; these functions are the rules, and are tested without a browser.
 *
 *   idle ──start──▶ running ──finish──▶ done
 *                     │  ▲ report (progress, step, share done)
 *                     ├──cancel──▶ cancelled
 *                     └──fail────▶ failed (error)
 *   any state ──start──▶ running (a new run replaces the one before); refuse ──▶ failed
 */

export type JobStatus = "idle" | "running" | "done" | "cancelled" | "failed";

export type JobState<P> =
  | { status: "idle" }
  | {
      status: "running";
      /** The task's latest progress report, null until the first. */
      progress: P | null;
      /** Free text about the current step ("refine, step 1", "sofa (3/12)"). */
      step: string;
      /** Share of the whole task done, 0–1, when the task can tell: drives the time left. */
      overall: number | null;
      /** performance.now() at the start, and milliseconds since then at the latest report. */
      startedAt: number;
      elapsedMs: number;
    }
  | { status: "done"; elapsedMs: number }
  | { status: "cancelled"; elapsedMs: number | null }
  | {
      status: "failed";
      error: string;
      /** Why, when the task was refused before it started (e.g. "invalid", "tooBig"). */
      reason?: string;
    };

export const IDLE = { status: "idle" } as const;

export function started<P>(now: number, progress: P | null = null): JobState<P> {
  return { status: "running", progress, step: "", overall: null, startedAt: now, elapsedMs: 0 };
}

/** A progress report; only a running task takes one. `step` unchanged when undefined. */
export function reported<P>(s: JobState<P>, now: number, progress: P, step?: string, overall?: number): JobState<P> {
  if (s.status !== "running") return s;
  return { ...s, progress, step: step ?? s.step, overall: overall ?? null, elapsedMs: now - s.startedAt };
}

export function finished<P>(s: JobState<P>, now: number): JobState<P> {
  return { status: "done", elapsedMs: s.status === "running" ? now - s.startedAt : 0 };
}

export function cancelled<P>(s: JobState<P>, now: number): JobState<P> {
  return { status: "cancelled", elapsedMs: s.status === "running" ? now - s.startedAt : null };
}

export function failed<P>(error: string, reason?: string): JobState<P> {
  return reason === undefined ? { status: "failed", error } : { status: "failed", error, reason };
}

/** The message a failure shows: an Error's message, else the thrown value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Estimated milliseconds left from the share done so far; null until 2 % and 2 s are done, and once all is. */
export function timeLeftMs<P>(s: JobState<P>): number | null {
  if (s.status !== "running") return null;
  const f = s.overall;
  if (f === null || f < 0.02 || s.elapsedMs < 2000 || f >= 1) return null;
  return (s.elapsedMs * (1 - f)) / f;
}
