import { describe, expect, it } from "vitest";
import { buffersIn } from "../../src/runner/transferables.ts";

describe("buffersIn", () => {
  it("finds every distinct non-empty buffer under typed arrays in nested objects and arrays, once", () => {
    const shared = new Float64Array(8);
    const own = new Uint8Array(3);
    const msg = { a: shared.subarray(0, 2), b: [shared.subarray(4), { c: own, d: [1, 2], e: null }], f: new Float64Array(0), g: "text" };
    const found = buffersIn(msg);
    expect([...found]).toHaveLength(2);
    expect(found.has(shared.buffer as ArrayBuffer)).toBe(true);
    expect(found.has(own.buffer as ArrayBuffer)).toBe(true);
  });
});
