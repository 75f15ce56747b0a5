/**
 * Growing typed arrays: the engine and the analysis keep records in typed arrays that double when
 * full. One place for the copy, so a grown array is always the same kind of array with the old
 * contents in place.
 */

export type GrowableArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

function like<T extends GrowableArray>(a: T, n: number): T {
  return new (a.constructor as new (length: number) => T)(n);
}

/** A copy of `a` at length n (at least a.length; the default doubles it), its first `keep` values (all) in place, the rest zero. */
export function grown<T extends GrowableArray>(a: T, n = 2 * a.length, keep = a.length): T {
  const b = like(a, n);
  b.set(keep === a.length ? a : a.subarray(0, keep));
  return b;
}

/**
 * A copy of ring buffer `a` (positions taken & mask) at length n, a power of two: the `len` values
 * from position `from` on go to positions (to + i) & (n − 1); `to` defaults to `from`, which keeps
 * entries numbered by an ever-growing counter at their number & (n − 1).
 */
export function grownRing<T extends GrowableArray>(a: T, from: number, len: number, mask: number, n: number, to = from): T {
  const b = like(a, n);
  const m = n - 1;
  for (let i = 0; i < len; i++) b[(to + i) & m] = a[(from + i) & mask];
  return b;
}
