/**
 * Supplier disruptions (docs/model.md §5). Outages are drawn per run from the supplier's own stream,
 * independent of anything the shop does, as half-open day intervals [start, end): down from `start`,
 * working again on `end`. A new outage can start on any working day with `probabilityPerDay`.
 *
 * Effects on a replenishment order placed at the end of day t with lead time L (nominal arrival t+L):
 * - placed while the supplier is down: it is dispatched when the supplier recovers, as if placed at
 *   the end of the outage's last day (arrival end − 1 + L), for both effects;
 * - `halt`: nothing arrives while down, so an arrival day inside a later outage moves to its end;
 * - `delay`: every order in flight when an outage starts slips by the outage's full length.
 */
import { sampleInt, type CompiledDist } from "./dists.ts";
import { openUniform, type PRNG } from "./random.ts";
import { grown } from "./grow.ts";

export const OutageEffect = { Halt: 0, Delay: 1 } as const;
export type OutageEffect = (typeof OutageEffect)[keyof typeof OutageEffect];

export class OutageSchedule {
  start: Int32Array = new Int32Array(8);
  end: Int32Array = new Int32Array(8);
  count = 0;
  /** Index of the first outage that ends after the current day (advanced by `advance`). */
  cursor = 0;

  clear(): void {
    this.count = 0;
    this.cursor = 0;
  }

  add(start: number, end: number): void {
    if (this.count === this.start.length) {
      this.start = grown(this.start, this.count * 2);
      this.end = grown(this.end, this.count * 2);
    }
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.count++;
  }

  /** Draws outages over days [0, days). Geometric waiting times are exact for a daily probability. */
  generate(rng: PRNG, probabilityPerDay: number, duration: CompiledDist, days: number): void {
    this.clear();
    if (probabilityPerDay <= 0) return;
    let t = geometricGap(rng, probabilityPerDay);
    while (t < days) {
      const len = sampleInt(duration, rng, 1);
      this.add(t, t + len);
      t = t + len + geometricGap(rng, probabilityPerDay);
    }
  }

  /** Moves the cursor to day t; returns whether the supplier is down on day t. */
  advance(t: number): boolean {
    while (this.cursor < this.count && this.end[this.cursor] <= t) this.cursor++;
    return this.cursor < this.count && this.start[this.cursor] <= t;
  }

  /** Day the supplier dispatches an order placed at the end of day t (t itself when working). */
  dispatchDay(t: number): number {
    let k = this.cursor;
    while (k < this.count && this.end[k] <= t) k++;
    return k < this.count && this.start[k] <= t ? this.end[k] - 1 : t;
  }

  /** Actual arrival day of an order placed at the end of day t with lead time L. */
  arrivalDay(t: number, lead: number, effect: OutageEffect): number {
    let k = this.cursor;
    while (k < this.count && this.end[k] <= t) k++;
    let a = t + lead;
    if (k < this.count && this.start[k] <= t) {
      a = this.end[k] - 1 + lead;
      k++;
    }
    for (; k < this.count && this.start[k] <= a; k++) {
      if (effect === OutageEffect.Halt) {
        if (a < this.end[k]) a = this.end[k];
      } else {
        a += this.end[k] - this.start[k];
      }
    }
    return a;
  }
}

/** Days until the first success, counting from 0: P(0) = p (an event may occur on the first day). */
export function geometricGap(rng: PRNG, p: number): number {
  if (p >= 1) return 0;
  return Math.floor(Math.log(openUniform(rng)) / Math.log1p(-p));
}
