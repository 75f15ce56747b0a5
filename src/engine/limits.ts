/**
 * What a run refuses to do while it runs (docs/model.md §3.3): limits the work estimate cannot see
 * in advance, because they depend on how the shop responds. The engine throws SimulationLimitError;
 * runners pass it on by name, and the command line and the app report its message as bad input.
 */

/**
 * Order lines that may wait at once in one run (for stock or shipping capacity): about 1 GB of
 * order and line records. A backlog that outgrows it grows without bound (demand above capacity,
 * replenishment that never catches up), so the run stops with a message instead of exhausting memory.
 */
export const MAX_WAITING_LINES = 1 << 22;

export class SimulationLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationLimitError";
  }
}

/** The run stops when its backlog outgrows memory; the message names the product with the most waiting. */
export function backlogError(productId: string, warmupDays: number, runIndex: number, t: number): SimulationLimitError {
  const when = t >= warmupDays ? `day ${t - warmupDays + 1}` : `warm-up day ${t + 1}`;
  return new SimulationLimitError(
    `run ${runIndex + 1}, ${when}: more than ${MAX_WAITING_LINES.toLocaleString("en-US")} order lines are waiting at once (most of them for product ${JSON.stringify(productId)}); ` +
      "the backlog grows without bound and would exhaust memory: shorten lead times, raise shipping capacity, deny or cap backorders, or reduce demand",
  );
}

export function isSimulationLimitError(err: unknown): err is Error {
  return err instanceof Error && err.name === "SimulationLimitError";
}
