import { grown } from "./grow.ts";

/**
 * A binary min-heap of (key, slot, seq) triples: cancellation days and the shipping queue. `seq`
 * lets the owner recognise entries whose slot was recycled (lazy deletion instead of search).
 */
export class MinHeap {
  key: Float64Array;
  slot: Int32Array;
  seq: Float64Array;
  size = 0;

  constructor(capacity = 64) {
    this.key = new Float64Array(capacity);
    this.slot = new Int32Array(capacity);
    this.seq = new Float64Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.key[0];
  }

  push(key: number, slot: number, seq: number): void {
    if (this.size === this.key.length) this.grow();
    let i = this.size++;
    const K = this.key;
    const S = this.slot;
    const Q = this.seq;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = K[parent];
      if (pk < key || (pk === key && Q[parent] <= seq)) break;
      K[i] = pk;
      S[i] = S[parent];
      Q[i] = Q[parent];
      i = parent;
    }
    K[i] = key;
    S[i] = slot;
    Q[i] = seq;
  }

  /** Removes the top; read `poppedSlot`/`poppedSeq` afterwards. */
  poppedSlot = -1;
  poppedSeq = -1;
  pop(): void {
    const K = this.key;
    const S = this.slot;
    const Q = this.seq;
    this.poppedSlot = S[0];
    this.poppedSeq = Q[0];
    const n = --this.size;
    if (n === 0) return;
    const key = K[n];
    const slot = S[n];
    const seq = Q[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (K[c + 1] < K[c] || (K[c + 1] === K[c] && Q[c + 1] < Q[c]))) c++;
      if (K[c] > key || (K[c] === key && Q[c] >= seq)) break;
      K[i] = K[c];
      S[i] = S[c];
      Q[i] = Q[c];
      i = c;
    }
    K[i] = key;
    S[i] = slot;
    Q[i] = seq;
  }

  private grow(): void {
    this.key = grown(this.key);
    this.slot = grown(this.slot);
    this.seq = grown(this.seq);
  }
}
