/**
 * The app's Web Workers. Each URL is written literally in `new Worker(new URL(…, import.meta.url))`
 * so that Vite bundles the worker, and only here. `startWorkersEarly` creates the pool's workers as
 * the page starts, so they fetch and evaluate their code while the page's own modules load (about a
 * second of a first visit); the runner then takes them instead of starting new ones.
 */

const simulationWorker = () => new Worker(new URL("../../workers/simulation.worker.ts", import.meta.url), { type: "module" });
const aggregateWorker = () => new Worker(new URL("../../workers/aggregate.worker.ts", import.meta.url), { type: "module" });
/** A worker for the Plan tab (workers/plan.worker.ts); started when a plan starts, ended when it ends. */
export const planWorker = () => new Worker(new URL("../../workers/plan.worker.ts", import.meta.url), { type: "module" });

const spare = { simulation: [] as Worker[], aggregate: [] as Worker[] };
/** Load failures of early workers, which happen before the runner listens for them. */
const earlyErrors = new WeakMap<Worker, string>();

/** Simulation workers for this machine: one per logical core. */
export function defaultWorkerCount(): number {
  return typeof navigator !== "undefined" && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
}

function early(w: Worker): Worker {
  const onError = (e: ErrorEvent) => {
    e.preventDefault();
    earlyErrors.set(w, e.message || "failed to load");
  };
  w.addEventListener("error", onError);
  return w;
}

/** Starts the default pool's simulation workers and the aggregate worker now. */
export function startWorkersEarly(simulation = defaultWorkerCount()): void {
  if (typeof Worker === "undefined") return;
  for (let i = spare.simulation.length; i < simulation; i++) spare.simulation.push(early(simulationWorker()));
  if (spare.aggregate.length === 0) spare.aggregate.push(early(aggregateWorker()));
}

/** A simulation worker: one started early if any is left, else a new one. */
export function takeSimulationWorker(): Worker {
  return spare.simulation.shift() ?? simulationWorker();
}

export function takeAggregateWorker(): Worker {
  return spare.aggregate.shift() ?? aggregateWorker();
}

/** Why an early worker already failed to load, or null. */
export function earlyFailure(w: Worker): string | null {
  return earlyErrors.get(w) ?? null;
}
