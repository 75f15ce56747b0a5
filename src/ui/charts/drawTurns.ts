/**
 * Charts draw in turns, a few milliseconds of them per task, so that a view whose charts all learn
 * their width in the same frame (the Results view, opened on a kept result) is not drawn in one
 * long task. Drawings go before the hidden data tables, which only screen readers read.
 *
 * `inTurn(go)` queues `go`; `go` sets state, and the pump renders it at once (flushSync) so that
 * the time it took counts against the task's budget. Returns a function that takes `go` out of the
 * queue (a chart removed before its turn).
 */
import { flushSync } from "svelte";

/** Time a task of turns may take before the rest wait for the next task (ms). */
const TURN_BUDGET_MS = 12;

const drawings: (() => void)[] = [];
const tables: (() => void)[] = [];
let pumping = false;

export function inTurn(go: () => void, kind: "drawing" | "table" = "drawing"): () => void {
  const queue = kind === "drawing" ? drawings : tables;
  queue.push(go);
  if (!pumping) {
    pumping = true;
    setTimeout(pump, 0);
  }
  return () => {
    const i = queue.indexOf(go);
    if (i >= 0) queue.splice(i, 1);
  };
}

function pump(): void {
  const t0 = performance.now();
  do {
    const go = drawings.shift() ?? tables.shift();
    if (!go) break;
    go();
    flushSync();
  } while (performance.now() - t0 < TURN_BUDGET_MS);
  if (drawings.length > 0 || tables.length > 0) setTimeout(pump, 0);
  else pumping = false;
}
