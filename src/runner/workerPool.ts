/**
 * A pool of workers behind the Executor interface, for any worker flavour (Node worker threads, Web
 * Workers): one bridge owns their lifecycle. Workers start on first use and stay loaded between jobs;
 * abort or a failure terminates all of them and the next job starts a fresh pool.
 */
import { scenariosPieces, sendText } from "./scenarioText.ts";
import { isSimulationLimitError, SimulationLimitError } from "../engine/limits.ts";
import { transfer, type Remote } from "comlink";
import type { SerializedPairedAccumulator } from "../analysis/pairedAccumulator.ts";
import type { JobLayout } from "../analysis/accumulator.ts";
import type { Scenario } from "../engine/scenario.ts";
import type { WorkerApi } from "./chunkWorker.ts";
import { WorkerFailedError } from "./errors.ts";
import type { Executor } from "./executor.ts";

export interface WorkerHandle {
  api: Remote<WorkerApi>;
  /** Rejects when the worker dies (uncaught error, exit, failed to load). Never resolves. */
  failed: Promise<never>;
  terminate(): void;
  /** Node: keep the process alive only while the worker has work. */
  busy?(busy: boolean): void;
}

interface Live {
  handle: WorkerHandle;
  loadedJob: number;
  loading: Promise<void> | null;
}

/** Chunks queued per worker: one running, one waiting, so a worker never idles while the main thread replies. */
const DEPTH = 2;

export interface PoolExecutorOptions {
  /** Offer collectDirect (workers post their parts on MessagePorts; the browser's pools). */
  direct?: boolean;
}

/** Loads job `jobId`'s scenarios (JSON text, in pieces) into a worker: at once, or a slice per message when long. */
async function sendScenarios(api: Remote<WorkerApi>, jobId: number, pieces: readonly string[], layout: JobLayout): Promise<void> {
  await sendText(
    pieces,
    (text) => api.load(jobId, text, layout),
    (text) => api.slice(jobId, text),
    () => api.load(jobId, null, layout),
  );
}

export function createPoolExecutor(spawn: () => WorkerHandle, size: number, opts: PoolExecutorOptions = {}): Executor {
  const live: (Live | null)[] = Array.from({ length: size }, () => null);
  let scenarios: Scenario[] = [];
  /** The job's scenarios as JSON text (in pieces), made once for every worker that loads them. */
  let scenariosJson: string[] | null = null;
  let layout: JobLayout = {};
  let stop = makeStop();
  /** Set by abort until the next job begins: no new worker may start for a cancelled job. */
  let stopped: Error | null = null;

  function makeStop() {
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => {});
    return { promise, reject };
  }

  const terminateAll = () => {
    live.forEach((w, i) => {
      w?.handle.terminate();
      live[i] = null;
    });
  };

  const wrapError = (err: unknown): Error => {
    if (err instanceof WorkerFailedError || (err instanceof Error && err.name === "AbortError")) return err;
    // A run stopped by a limit of the model (src/engine/limits.ts) is the scenario's fault, not the worker's.
    if (isSimulationLimitError(err)) return new SimulationLimitError(err.message);
    const msg = err instanceof Error ? err.message : String(err);
    return new WorkerFailedError(`simulation worker failed: ${msg}`, { cause: err });
  };

  const race = <T>(w: Live, p: Promise<T>) => Promise.race([p, w.handle.failed, stop.promise]);

  async function ready(i: number, jobId: number): Promise<Live> {
    if (stopped) throw stopped;
    let w = live[i];
    if (!w) w = live[i] = { handle: spawn(), loadedJob: -1, loading: null };
    w.handle.busy?.(true);
    if (w.loadedJob !== jobId) {
      const me = w;
      w.loading ??= race(me, sendScenarios(me.handle.api, jobId, (scenariosJson ??= scenariosPieces(scenarios)), layout)).then(() => {
        me.loadedJob = jobId;
        me.loading = null;
      });
      await w.loading;
    }
    return w;
  }

  return {
    slots: size * DEPTH,
    workers: size,
    begin(_jobId, s, l = {}) {
      scenarios = s;
      scenariosJson = null;
      layout = l;
      stop = makeStop();
      stopped = null;
    },
    async runChunk(slot, jobId, firstRun, runs) {
      try {
        const w = await ready(slot % size, jobId);
        return await race(w, w.handle.api.run(jobId, firstRun, runs));
      } catch (err) {
        throw wrapError(err);
      }
    },
    async collect(jobId) {
      try {
        if (stopped) throw stopped;
        const parts = await Promise.all(live.map((w) => (w && w.loadedJob === jobId ? race(w, w.handle.api.take(jobId)) : null)));
        return parts.filter((p): p is SerializedPairedAccumulator => p !== null);
      } catch (err) {
        throw wrapError(err);
      }
    },
    collectDirect: opts.direct
      ? async (jobId, deliver) => {
          try {
            if (stopped) throw stopped;
            const loaded = live.filter((w): w is Live => w !== null && w.loadedJob === jobId);
            const channels = loaded.map(() => new MessageChannel());
            const sent = loaded.map((w, i) => race(w, w.handle.api.sendTo(jobId, transfer(channels[i].port1, [channels[i].port1]))));
            await Promise.all([...sent, channels.length > 0 ? deliver(channels.map((c) => c.port2)) : undefined]);
          } catch (err) {
            throw wrapError(err);
          }
        }
      : undefined,
    end() {
      for (const w of live) w?.handle.busy?.(false);
    },
    abort(reason) {
      stopped = reason;
      stop.reject(reason);
      terminateAll();
    },
    dispose() {
      // A job still running must not wait forever on workers that are gone.
      const err = new WorkerFailedError("the simulation was stopped because its runner was disposed");
      stopped = err;
      stop.reject(err);
      terminateAll();
    },
  };
}
