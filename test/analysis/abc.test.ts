import { describe, expect, it } from "vitest";
import { abcClasses } from "../../src/analysis/abc.ts";

describe("ABC classes by revenue", () => {
  it("A makes the first 80 % of revenue, B the next 15 %, C the rest and every product without revenue", () => {
    // Revenue 50, 30, 10, 6, 4 of 100: 50 starts at 0 %, 30 at 50 % (A), 10 at 80 % (B), 6 at 90 % (B), 4 at 96 % (C).
    expect(abcClasses([10, 50, 4, 30, 6, 0, NaN])).toEqual(["B", "A", "C", "A", "B", "C", "C"]);
  });
  it("puts everything in C when nothing sells, and ties keep catalogue order", () => {
    expect(abcClasses([0, 0])).toEqual(["C", "C"]);
    expect(abcClasses([1, 1, 1, 1, 1])).toEqual(["A", "A", "A", "A", "B"]);
  });
});
