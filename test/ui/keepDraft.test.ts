import { describe, expect, it } from "vitest";
import { keepDraft, keepThenReplace, keptName, keptSentence, type DraftStore } from "../../src/ui/state/keepDraft.ts";

/** Saved work and the draft in memory. */
function memoryStore(
  draft: unknown,
  opts: { rawText?: string | null; saved?: { name: string; draft: unknown }[]; examples?: unknown[]; failSave?: "false" | "throw" } = {},
) {
  const state = {
    draft,
    rawText: opts.rawText ?? null,
    source: "custom" as string | undefined,
    saved: [...(opts.saved ?? [])].map((e) => ({ ...e, rawText: null as string | null })),
  };
  const store: DraftStore = {
    current: () => ({ draft: state.draft, rawText: state.rawText }),
    kept: async () => ({ saved: state.saved.map((e) => e.draft), examples: opts.examples ?? [] }),
    names: () => state.saved.map((e) => e.name),
    save: async (name, d, rawText) => {
      if (opts.failSave === "throw") throw new Error("QuotaExceededError");
      if (opts.failSave === "false") return false;
      state.saved.push({ name, draft: structuredClone(d), rawText });
      return true;
    },
    replace: (next, source) => {
      state.draft = next;
      state.rawText = null;
      state.source = source;
    },
  };
  return { store, state };
}

const example = { name: "Default shop", products: [{ id: "sofa", price: 900 }] };
const imported = {
  name: "Default shop",
  products: [
    { id: "sofa", price: 900 },
    { id: "scarf", price: 39 },
  ],
};
const other = { name: "Furniture", products: [{ id: "bed", price: 500 }] };

describe("keepThenReplace: the scenario being edited is never lost", () => {
  it("switching examples with imported products: the draft is copied to Saved work, then replaced", async () => {
    const { store, state } = memoryStore(imported, { examples: [example, other] });
    const out = await keepThenReplace(store, other, "switching to “Furniture”", { source: "furniture" });
    expect(out).toEqual({ replaced: true, keptAs: "Default shop (before switching to “Furniture”)" });
    expect(state.saved).toHaveLength(1);
    expect(state.saved[0].draft).toEqual(imported);
    expect(state.draft).toBe(other);
    expect(state.source).toBe("furniture");
  });

  it("an unedited example is not copied (the picker brings it back), and neither is a saved scenario", async () => {
    const a = memoryStore(structuredClone(example), { examples: [example, other] });
    expect(await keepThenReplace(a.store, other, "switching")).toEqual({ replaced: true, keptAs: null });
    expect(a.state.saved).toHaveLength(0);
    const b = memoryStore(structuredClone(imported), { saved: [{ name: "Mine", draft: { products: imported.products, name: "Default shop" } }] });
    expect(await keepThenReplace(b.store, other, "uploading x.json")).toEqual({ replaced: true, keptAs: null });
    expect(b.state.saved).toHaveLength(1);
  });

  it("applying a decision keeps the scenario even when it is an unedited example (examplesCount: false)", async () => {
    const { store, state } = memoryStore(structuredClone(example), { examples: [example] });
    const out = await keepThenReplace(
      store,
      (d: unknown) => ({ ...(d as object), products: [{ id: "sofa", price: 900, backorders: { mode: "deny" } }] }),
      "applying the backorder recommendation",
      {
        examplesCount: false,
      },
    );
    expect(out.keptAs).toBe("Default shop (before applying the backorder recommendation)");
    expect(state.saved[0].draft).toEqual(example);
    expect((state.draft as typeof example).products[0]).toEqual({ id: "sofa", price: 900, backorders: { mode: "deny" } });
  });

  it("raw JSON text that does not parse is always copied, with its text", async () => {
    const { store, state } = memoryStore(structuredClone(example), { examples: [example], rawText: '{"name": "half typed' });
    const out = await keepThenReplace(store, other, "uploading other.json");
    expect(out.replaced).toBe(true);
    expect(state.saved[0].rawText).toBe('{"name": "half typed');
  });

  it("a draft equal to the incoming scenario needs no copy", async () => {
    const { store, state } = memoryStore(structuredClone(other));
    expect(await keepThenReplace(store, structuredClone(other), "opening “Furniture”")).toEqual({ replaced: true, keptAs: null });
    expect(state.saved).toHaveLength(0);
  });

  it("when the copy cannot be stored, the draft is left as it is and the reason is given", async () => {
    for (const failSave of ["false", "throw"] as const) {
      const { store, state } = memoryStore(imported, { failSave });
      const out = await keepThenReplace(store, other, "switching");
      expect(out.replaced).toBe(false);
      expect(state.draft).toBe(imported);
      if (!out.replaced)
        expect(out.error).toMatch(
          failSave === "throw" ? /could not be copied to Saved work \(QuotaExceededError\)/ : /could not be copied to Saved work, so it was left/,
        );
    }
  });

  it("an edit that throws (a product no longer in the scenario) changes nothing and stores nothing", async () => {
    const { store, state } = memoryStore(imported);
    const out = await keepThenReplace(
      store,
      () => {
        throw new Error("There is no product “mattress” in the scenario any more.");
      },
      "applying",
    );
    expect(out).toEqual({ replaced: false, keptAs: null, error: "There is no product “mattress” in the scenario any more." });
    expect(state.saved).toHaveLength(0);
    expect(state.draft).toBe(imported);
  });

  it("copies get names of their own, and a nameless draft is an untitled scenario", async () => {
    expect(keptName(imported, "x", ["Default shop (before x)"])).toBe("Default shop (before x) (2)");
    expect(keptName({ products: [] }, "uploading a.json", [])).toBe("Untitled scenario (before uploading a.json)");
    expect(keptSentence(null)).toBe("");
    expect(keptSentence("A (before b)")).toBe(" Your previous scenario is in Saved work as “A (before b)”.");
  });

  it("keepDraft alone (a file that is not JSON opens in the raw editor): the draft is copied, nothing replaced", async () => {
    const { store, state } = memoryStore(imported);
    expect(await keepDraft(store, "uploading bad.json")).toEqual({ ok: true, keptAs: "Default shop (before uploading bad.json)" });
    expect(state.draft).toBe(imported);
  });
});
