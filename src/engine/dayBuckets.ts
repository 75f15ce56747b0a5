import { grown } from "./grow.ts";

/**
 * Entries (slot, seq) filed under a day, to be taken out on that day: the cancellation calendar.
 * A linked list per day over a shared pool makes filing and taking O(1), unlike a heap, and the
 * days are known in advance (the run's length).
 */
export class DayBuckets {
  head: Int32Array;
  next = new Int32Array(256);
  slot = new Int32Array(256);
  seq = new Float64Array(256);
  private used = 0;
  private freeHead = -1;

  constructor(days: number) {
    this.head = new Int32Array(days).fill(-1);
  }

  clear(): void {
    this.head.fill(-1);
    this.used = 0;
    this.freeHead = -1;
  }

  add(day: number, slot: number, seq: number): void {
    let e: number;
    if (this.freeHead >= 0) {
      e = this.freeHead;
      this.freeHead = this.next[e];
    } else {
      if (this.used === this.next.length) this.grow();
      e = this.used++;
    }
    this.slot[e] = slot;
    this.seq[e] = seq;
    this.next[e] = this.head[day];
    this.head[day] = e;
  }

  /** Detaches the list of `day` and returns its first entry (−1 if none); walk it with `next`. */
  take(day: number): number {
    const e = this.head[day];
    this.head[day] = -1;
    return e;
  }

  /** Returns an entry taken with `take` to the pool (after reading it). */
  release(e: number): void {
    this.next[e] = this.freeHead;
    this.freeHead = e;
  }

  private grow(): void {
    this.next = grown(this.next);
    this.slot = grown(this.slot);
    this.seq = grown(this.seq);
  }
}
