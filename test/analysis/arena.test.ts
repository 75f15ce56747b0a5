import { describe, expect, it } from "vitest";
import { Float64Arena } from "../../src/analysis/arena.ts";

describe("Float64Arena", () => {
  it("hands out views that do not overlap, and keeps earlier views when it grows", () => {
    const arena = new Float64Arena(false, 8);
    const views = [3, 4, 5, 20, 1].map((n, k) => arena.f64(n).fill(k + 1));
    views.forEach((v, k) => expect(Array.from(v)).toEqual(new Array(v.length).fill(k + 1)));
    expect(views.map((v) => v.length)).toEqual([3, 4, 5, 20, 1]);
  });

  it("after reset, hands out the same memory again once it is large enough for a round", () => {
    const arena = new Float64Arena(false, 4);
    arena.f64(10);
    arena.f64(30);
    arena.reset();
    const a = arena.f64(10);
    const b = arena.f64(30);
    expect(b.buffer).toBe(a.buffer);
    arena.reset();
    const again = arena.f64(10);
    expect(again.buffer).toBe(a.buffer);
    expect(again.byteOffset).toBe(a.byteOffset);
  });

  it("uses shared memory when asked, so a worker thread's views reach another thread uncopied", () => {
    expect(new Float64Arena(true).f64(2).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(new Float64Arena(false).f64(2).buffer).toBeInstanceOf(ArrayBuffer);
  });
});
