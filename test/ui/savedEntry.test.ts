import { describe, expect, it } from "vitest";
import { canonicalJson, describeEntry, draftIsKept, uniqueName, upgradeEntry, ENTRY_FORMAT } from "../../src/ui/saved/savedEntry.ts";

describe("uniqueName", () => {
  it("uniqueName(base, taken) keeps a free name and numbers a taken one", () => {
    expect(uniqueName("Winter", [])).toBe("Winter");
    expect(uniqueName("Winter", ["Winter"])).toBe("Winter (2)");
    expect(uniqueName("Winter", ["Winter", "Winter (2)"])).toBe("Winter (3)");
  });
  it("uniqueName falls back for blank or non-string names", () => {
    expect(uniqueName("  ", [])).toBe("Untitled scenario");
    expect(uniqueName(42, ["Untitled scenario"])).toBe("Untitled scenario (2)");
  });
});

describe("draftIsKept", () => {
  const a = { name: "x", products: [{ id: "p", price: 3 }], runs: 10 };
  it("draftIsKept is true when the draft equals a kept scenario whatever the key order", () => {
    const reordered = { runs: 10, products: [{ price: 3, id: "p" }], name: "x" };
    expect(draftIsKept(reordered, null, [a])).toBe(true);
  });
  it("draftIsKept is false for an edited draft, and whenever unparsed raw text is pending", () => {
    expect(draftIsKept({ ...a, runs: 11 }, null, [a])).toBe(false);
    expect(draftIsKept(a, "{ not json", [a])).toBe(false);
    expect(draftIsKept(a, null, [])).toBe(false);
  });
  it("canonicalJson keeps array order (arrays are data, not sets)", () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });
});

describe("upgradeEntry", () => {
  it("upgradeEntry reads a scenario entry and fills missing fields", () => {
    const e = upgradeEntry({ id: "1", kind: "scenario", name: "A", savedAt: 5, draft: { a: 1 } });
    expect(e).toEqual({ id: "1", kind: "scenario", name: "A", savedAt: 5, format: ENTRY_FORMAT, draft: { a: 1 }, rawText: null });
  });
  it("upgradeEntry rejects values that are not entries", () => {
    expect(upgradeEntry(null)).toBeNull();
    expect(upgradeEntry({ id: 1, kind: "scenario" })).toBeNull();
    expect(upgradeEntry({ id: "1", kind: "other" })).toBeNull();
    expect(upgradeEntry({ id: "1", kind: "result" })).toBeNull();
  });
  it("describeEntry counts products and suppliers of a draft, even an invalid one", () => {
    const e = upgradeEntry({ id: "1", kind: "scenario", name: "A", draft: { products: [{}, {}], suppliers: "oops" }, rawText: "{" })!;
    expect(describeEntry(e)).toBe("scenario · 2 products, 0 suppliers · unparsed JSON text kept");
  });
});
