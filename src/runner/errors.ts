/** Errors the runner rejects with; callers tell them apart with instanceof or `name`. */

/** The scenario would take too long or too much memory; `message` is estimateWork's explanation. */
export class SimulationTooBigError extends Error {
  constructor(
    message: string,
    readonly productDays: number,
    readonly seconds: number,
  ) {
    super(message);
    this.name = "SimulationTooBigError";
  }
}

/** A worker threw, crashed or exited while simulating; the run is abandoned and the pool replaced. */
export class WorkerFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WorkerFailedError";
  }
}

/** The standard AbortError (as fetch rejects with), so `err.name === "AbortError"` works everywhere. */
export function abortError(signal?: AbortSignal): Error {
  const reason = signal?.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The simulation was cancelled", "AbortError");
}

export function isAbortError(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { name?: unknown }).name === "AbortError";
}
