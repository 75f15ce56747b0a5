import { describe, expect, it } from "vitest";
import { textShows, textToValue, valueToText } from "../../src/ui/editor/fieldValue.ts";

describe("textToValue", () => {
  // Invariant: what was typed is kept — numbers become numbers, anything else stays the same text.
  it.each([
    ["12", 12],
    [" 3.5 ", 3.5],
    ["-5", -5],
    ["1e3", 1000],
    [".5", 0.5],
    ["1.", 1],
    ["12o0", "12o0"],
    ["1,5", "1,5"],
    ["NaN", "NaN"],
    ["Infinity", "Infinity"],
    ["0x10", "0x10"],
  ])("textToValue(%j) is %j", (text, value) => {
    expect(textToValue(text)).toBe(value);
  });

  it("textToValue of empty or blank text is undefined (the field is cleared)", () => {
    expect(textToValue("")).toBeUndefined();
    expect(textToValue("   ")).toBeUndefined();
  });
});

describe("valueToText and textShows", () => {
  it("valueToText shows numbers, strings as typed and nothing for absent values", () => {
    expect(valueToText(40)).toBe("40");
    expect(valueToText("12o0")).toBe("12o0");
    expect(valueToText(undefined)).toBe("");
    expect(valueToText(null)).toBe("");
  });

  it("textShows keeps a half-typed number such as '1.' when the model holds 1", () => {
    expect(textShows("1.", 1)).toBe(true);
    expect(textShows("1.0", 1)).toBe(true);
    expect(textShows("2", 1)).toBe(false);
    expect(textShows("", undefined)).toBe(true);
    expect(textShows("abc", "abc")).toBe(true);
  });
});
