/**
 * Planning a catalogue on a pool of workers (docs/model.md §7, "Planning"): the scenario goes to
 * each worker once, then batches of product indices are handed to whichever worker is free. Every
 * product's plan depends only on the scenario, the options and the product, so the result is the
 * same whatever the worker count or the order batches finish in. Cancelling keeps the products
 * already planned.
 */
import { planProducts, assertPlannable, targetsPerProduct, type PlanOptions, type PlanTargets, type SkuPlan } from "../analysis/plan.ts";
import type { Scenario } from "../engine/scenario.ts";

/** What a plan worker does. */
export interface PlanWorkerApi {
  load(s: Scenario, targets: PlanTargets, o: PlanOptions): void;
  plan(indices: number[]): SkuPlan[];
}

export function createPlanWorkerApi(): PlanWorkerApi {
  let job: { s: Scenario; targets: PlanTargets; o: PlanOptions } | null = null;
  return {
    load(s, targets, o) {
      job = { s, targets, o };
    },
    plan(indices) {
      if (!job) throw new Error("plan worker: no scenario loaded");
      return planProducts(job.s, indices, job.targets, job.o);
    },
  };
}

/** A worker as the driver sees it: calls may be remote (comlink) or local. */
export interface PlanWorkerHandle {
  api: { load(s: Scenario, targets: PlanTargets, o: PlanOptions): unknown; plan(indices: number[]): SkuPlan[] | Promise<SkuPlan[]> };
  terminate(): void;
}

export interface PlanProgress {
  done: number;
  total: number;
  elapsedMs: number;
  /** Time left, from the products planned so far; null before the first batch. */
  etaMs: number | null;
}

export interface PlanRunOptions extends PlanOptions {
  signal?: AbortSignal;
  onProgress?: (p: PlanProgress) => void;
  /** Each batch of plans as it arrives (in any order). */
  onPlans?: (plans: SkuPlan[]) => void;
}

export interface PlanRunResult {
  /** Plans in the order of `indices`; when cancelled, only the products done, still in that order. */
  plans: SkuPlan[];
  cancelled: boolean;
  elapsedMs: number;
}

/**
 * Plans `indices` of the scenario on `workers` workers made by `spawn` (0: in this thread, yielding
 * between products so a page or a progress line stays alive).
 */
export async function runPlan(
  spawn: (() => PlanWorkerHandle) | null,
  workers: number,
  s: Scenario,
  indices: number[],
  targets: PlanTargets,
  o: PlanRunOptions = {},
): Promise<PlanRunResult> {
  assertPlannable(s);
  // Unknown classes and the like are reported before any work starts.
  targetsPerProduct(s, targets);
  const t0 = performance.now();
  const opts: PlanOptions = {
    param: o.param,
    runs: o.runs,
    firstRuns: o.firstRuns,
    firstRun: o.firstRun,
    backorders: o.backorders,
    guardrails: o.guardrails,
    curve: o.curve,
  };
  const results = new Map<number, SkuPlan>();
  const total = indices.length;
  const report = () => {
    const elapsedMs = performance.now() - t0;
    const done = results.size;
    o.onProgress?.({ done, total, elapsedMs, etaMs: done > 0 ? (elapsedMs / done) * (total - done) : null });
  };
  const finish = (cancelled: boolean): PlanRunResult => ({
    plans: indices.filter((i) => results.has(i)).map((i) => results.get(i)!),
    cancelled,
    elapsedMs: performance.now() - t0,
  });
  if (o.signal?.aborted) return finish(true);
  const n = Math.max(0, Math.floor(workers));
  // Small batches near the end keep every worker busy to the last product; one product at a time in-thread.
  const batchOf = (left: number) => (n === 0 ? 1 : Math.max(1, Math.min(16, Math.ceil(left / (n * 6)))));
  let cursor = 0;
  const next = (): number[] | null => {
    if (cursor >= total) return null;
    const b = indices.slice(cursor, cursor + batchOf(total - cursor));
    cursor += b.length;
    return b;
  };
  const take = (plans: SkuPlan[], batch: number[]) => {
    batch.forEach((i, j) => results.set(i, plans[j]));
    o.onPlans?.(plans);
    report();
  };

  if (n === 0) {
    const local = createPlanWorkerApi();
    local.load(s, targets, opts);
    for (let b = next(); b !== null; b = next()) {
      if (o.signal?.aborted) return finish(true);
      take(local.plan(b), b);
      await new Promise((r) => setTimeout(r, 0));
    }
    return finish(false);
  }

  if (!spawn) throw new Error("runPlan: workers requested without a way to start them");
  const handles = Array.from({ length: Math.min(n, Math.max(1, total)) }, () => spawn());
  let cancelled = false;
  const stop = () => {
    cancelled = true;
    for (const h of handles) h.terminate();
  };
  o.signal?.addEventListener("abort", stop, { once: true });
  try {
    await Promise.all(
      handles.map(async (h) => {
        // Each worker's copy of the scenario is made in a task of its own (a page stays responsive).
        await new Promise((r) => setTimeout(r, 0));
        if (cancelled) return;
        await h.api.load(s, targets, opts);
        for (let b = next(); b !== null && !cancelled; b = next()) {
          const plans = await h.api.plan(b);
          if (!cancelled) take(plans, b);
        }
      }),
    ).catch((err) => {
      if (!cancelled) throw err;
    });
  } finally {
    o.signal?.removeEventListener("abort", stop);
    if (!cancelled) for (const h of handles) h.terminate();
  }
  return finish(cancelled);
}
