/**
 * Float64Arrays carved one after another out of one buffer that is used again: a worker that
 * serialises its accumulator into the same arena job after job writes to memory it has touched
 * before. Fresh memory is dear — on some virtual machines the first write to a page costs ~4 ms per
 * MB, which made handing over a 100-product job's results cost more than merging them.
 *
 * With `shared`, the buffer is a SharedArrayBuffer: a Node worker thread posts views of it and the
 * receiver reads them in place, with nothing copied or allocated in between. The views are only
 * valid until the next `reset`, so a receiver copies what it keeps (see SerializedPairedAccumulator's
 * `transient`).
 */
export class Float64Arena {
  private buf: Float64Array;
  private used = 0;
  /** Doubles handed out since the last reset, across buffers: the size the next buffer needs. */
  private round = 0;
  readonly shared: boolean;

  constructor(shared: boolean, initialDoubles = 1 << 15) {
    this.shared = shared;
    this.buf = this.make(initialDoubles);
  }

  private make(n: number): Float64Array {
    return new Float64Array(this.shared ? new SharedArrayBuffer(8 * n) : new ArrayBuffer(8 * n));
  }

  /** Hands out the whole buffer again; views handed out before must no longer be read. */
  reset(): void {
    this.used = 0;
    this.round = 0;
  }

  /**
   * A view of n doubles with unspecified contents (callers write every element). When the buffer is
   * full, a new one twice the round's size so far takes over; earlier views keep the old one.
   */
  f64 = (n: number): Float64Array => {
    if (this.used + n > this.buf.length) {
      this.buf = this.make(Math.max(2 * this.buf.length, 2 * (this.round + n)));
      this.used = 0;
    }
    const view = this.buf.subarray(this.used, this.used + n);
    this.used += n;
    this.round += n;
    return view;
  };
}

/** Allocates a Float64Array for a serialised part: from an arena, or new. */
export type F64Alloc = (n: number) => Float64Array;

export const newF64: F64Alloc = (n) => new Float64Array(n);

/** A copy of `src` in memory from `alloc`. */
export function copyF64(alloc: F64Alloc, src: ArrayLike<number>): Float64Array {
  const out = alloc(src.length);
  out.set(src);
  return out;
}
