/**
 * How fast this browser simulates, measured rather than assumed: a short calibration before the
 * first large run, then every finished run, kept in localStorage by catalogue size (a page with
 * thousands of products does more per product-day than one with a dozen). The run-size guard
 * (app.run) estimates from it.
 */
const KEY = "backorder-lab:speed:v1";

export interface SpeedRecord {
  /** Product-days simulated per second of wall time, all workers together. */
  productDaysPerSecond: number;
  measuredAt: number;
  workers: number;
}

/** Catalogue sizes measured apart: 1–9, 10–99, 100–999, 1,000–9,999 … products. */
export function sizeClass(products: number): number {
  return Math.max(0, Math.floor(Math.log10(Math.max(1, products))));
}

function readAll(): Record<string, SpeedRecord> {
  try {
    const t = globalThis.localStorage?.getItem(KEY);
    const v = t ? JSON.parse(t) : null;
    return v && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
}

/** The measured speed for a catalogue of this size with this many workers, else the nearest size measured, else null. */
export function measuredSpeed(products: number, workers: number): SpeedRecord | null {
  const all = readAll();
  const c = sizeClass(products);
  // A smaller catalogue runs faster per product-day than a larger one: its speed is never carried
  // upwards. Of the others, the nearest size.
  const usable = Object.entries(all)
    .filter(([cls, r]) => Number(cls) >= c && r && r.workers === workers && r.productDaysPerSecond > 0 && Number.isFinite(r.productDaysPerSecond))
    .sort(([a], [b]) => Number(a) - Number(b));
  return usable.length ? usable[0][1] : null;
}

/** Keeps a measurement: a new one counts for half, so one slow moment does not decide the next estimate alone. */
export function recordSpeed(products: number, workers: number, productDays: number, ms: number): void {
  if (!(productDays > 0 && ms > 0)) return;
  const all = readAll();
  const c = String(sizeClass(products));
  const now = (productDays * 1000) / ms;
  const old = all[c];
  const blended = old && old.workers === workers ? Math.sqrt(old.productDaysPerSecond * now) : now;
  all[c] = { productDaysPerSecond: blended, measuredAt: Date.now(), workers };
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage refused: the next run measures again.
  }
}
