import { describe, expect, it } from "vitest";
import { compareValues, matchesSearch, searchWords } from "../../src/ui/table/table.ts";

describe("table sorting and search", () => {
  it("sorts numbers by value and text naturally, with missing values last either way", () => {
    const v = [3, NaN, -1, 10];
    expect([...v].sort((a, b) => compareValues(a, b, false))).toEqual([-1, 3, 10, NaN]);
    expect([...v].sort((a, b) => compareValues(a, b, true))).toEqual([10, 3, -1, NaN]);
    expect(["item 10", "", "Item 9", "item 1"].sort((a, b) => compareValues(a, b, false))).toEqual(["item 1", "Item 9", "item 10", ""]);
  });
  it("matches when every word appears, in any case", () => {
    const text = "Catalogue item 12 sku-00012 Garden".toLowerCase();
    expect(searchWords("  GARDEN   12 ")).toEqual(["garden", "12"]);
    expect(matchesSearch(text, searchWords("Garden 12"))).toBe(true);
    expect(matchesSearch(text, searchWords("garden 13"))).toBe(false);
    expect(matchesSearch(text, searchWords(""))).toBe(true);
  });
});
