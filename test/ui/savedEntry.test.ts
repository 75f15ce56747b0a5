import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  describeEntry,
  draftIsKept,
  storedEntry,
  uniqueName,
  upgradeEntry,
  ENTRY_FORMAT,
  STORED_AS_TEXT_ABOVE,
  type SavedScenario,
} from "../../src/ui/saved/savedEntry.ts";

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
  it("draftIsKept compares a fresh copy product by product: one product changed (even to a text of the same length) is not kept, key order alone is", () => {
    const many = { name: "x", products: Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, price: 3 })) };
    const changed = { ...many, products: many.products.map((p, i) => (i === 7 ? { ...p, price: 4 } : p)) };
    expect(draftIsKept(many, null, [changed])).toBe(false);
    const reordered = { ...many, products: many.products.map((p) => ({ price: p.price, id: p.id })) };
    expect(draftIsKept(many, null, [reordered])).toBe(true);
    expect(draftIsKept(many, null, [{ ...many, name: "y" }])).toBe(false);
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

describe("a saved catalogue is stored as its JSON text", () => {
  const entry = (n: number): SavedScenario => ({
    id: "e1",
    kind: "scenario",
    format: ENTRY_FORMAT,
    name: "Catalogue",
    savedAt: 5,
    rawText: null,
    draft: { name: "c", products: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, price: i + 0.5, tags: ["a"] })) },
  });
  it("above STORED_AS_TEXT_ABOVE products the draft goes in as one string and reads back equal (and still compares as kept)", () => {
    const big = entry(STORED_AS_TEXT_ABOVE + 1);
    const stored = storedEntry(big) as Record<string, unknown>;
    expect(stored.draft).toBeNull();
    expect(stored.draftText).toBe(JSON.stringify(big.draft));
    expect(stored.counts).toEqual({ products: STORED_AS_TEXT_ABOVE + 1, suppliers: 0 });
    const back = upgradeEntry(structuredClone(stored)) as SavedScenario;
    // The list says what the entry holds from the counts stored beside the text; the text is parsed
    // when the draft is first asked for.
    expect(describeEntry(back)).toBe(`scenario · ${STORED_AS_TEXT_ABOVE + 1} products, 0 suppliers`);
    expect({ ...back }).toEqual({ ...big, counts: { products: STORED_AS_TEXT_ABOVE + 1, suppliers: 0 } });
    expect(back.draft).toBe(back.draft);
    expect(draftIsKept(structuredClone(big.draft), null, [back.draft])).toBe(true);
  });
  it("a small draft is stored as it is; a stored text that does not parse reads as an empty scenario", () => {
    const small = entry(3);
    expect(storedEntry(small)).toBe(small);
    const broken = upgradeEntry({ ...small, draft: null, draftText: "{ broken" }) as SavedScenario;
    expect(broken.name).toBe("Catalogue");
    expect(broken.draft).toEqual({});
  });
});
