import { describe, expect, it } from "vitest";
import { addFittedProducts } from "../../src/ui/import/addFittedProducts.ts";
import { mergeById } from "../../src/ui/import/mergeCatalog.ts";
import type { Product, Supplier } from "../../src/engine/scenario.ts";
import { product as fixtureProduct } from "../engine/fixtures.ts";

const product = (id: string): Product =>
  fixtureProduct(id, {
    unitCost: 6,
    holdingCostPerUnitDay: 0.01,
    policy: { kind: "baseStock", orderUpTo: 20, reviewPeriodDays: 1 },
    sourcing: { kind: "single", supplier: "default" },
  });
const supplier: Supplier = { id: "default", name: "Default", leadTimeDays: { kind: "fixed", value: 7 } } as Supplier;

describe("addFittedProducts", () => {
  it("addFittedProducts appends products, renames taken ids and adds the supplier once", () => {
    const draft = { name: "s", startDate: "2020-01-01", products: [{ id: "a" }], suppliers: [{ id: "acme" }] };
    const before = JSON.stringify(draft);
    const out = addFittedProducts(draft, [product("a"), product("b")], [supplier], { startDate: "2018-01-01" });
    expect(JSON.stringify(draft)).toBe(before); // input not mutated
    expect((out.draft.products as { id: string }[]).map((p) => p.id)).toEqual(["a", "a-2", "b"]);
    expect(out.ids).toEqual(["a-2", "b"]);
    expect(out.renamed).toEqual({ a: "a-2" });
    expect(out.firstIndex).toBe(1);
    expect((out.draft.suppliers as { id: string }[]).map((s) => s.id)).toEqual(["acme", "default"]);
    expect(out.draft.startDate).toBe("2018-01-01");
    const again = addFittedProducts(out.draft, [product("c")], [supplier]);
    expect((again.draft.suppliers as unknown[]).length).toBe(2);
    expect(again.draft.startDate).toBe("2018-01-01");
  });
  it("addFittedProducts with replace drops the old products and keeps ids as fitted", () => {
    const out = addFittedProducts({ products: [{ id: "a" }, { id: "x" }] }, [product("a")], [supplier], { replace: true });
    expect((out.draft.products as { id: string }[]).map((p) => p.id)).toEqual(["a"]);
    expect(out.renamed).toEqual({});
    expect(out.firstIndex).toBe(0);
  });
  it("addFittedProducts on copies made for it (owned) gives the same draft, built from those very objects", () => {
    const make = () => ({ draft: { name: "s", products: [{ id: "a" }], suppliers: [{ id: "acme" }] }, products: [product("a"), product("b")] });
    const copied = make();
    const owned = make();
    const a = addFittedProducts(copied.draft, copied.products, [supplier], { currency: "GBP" });
    const b = addFittedProducts(owned.draft, owned.products, [supplier], { currency: "GBP", owned: true });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(b.draft).toBe(owned.draft);
    expect((b.draft.products as unknown[])[2]).toBe(owned.products[1]);
    expect((a.draft.products as unknown[])[2]).not.toBe(copied.products[1]);
  });
  it("addFittedProducts starts from an empty object when the draft is not one", () => {
    const out = addFittedProducts("garbage", [product("a")], [supplier]);
    expect(out.draft.products).toHaveLength(1);
    expect(out.draft.suppliers).toHaveLength(1);
  });
});

describe("mergeById", () => {
  it("mergeById updates rows with a known id in place and appends new ones", () => {
    const existing = [{ id: "a", v: 1 }, "junk", { id: "b", v: 2 }];
    const out = mergeById(existing, [
      { id: "b", v: 20 },
      { id: "c", v: 3 },
    ]);
    expect(out.list).toEqual([{ id: "a", v: 1 }, "junk", { id: "b", v: 20 }, { id: "c", v: 3 }]);
    expect(out.added).toEqual(["c"]);
    expect(out.updated).toEqual(["b"]);
    expect(existing[2]).toEqual({ id: "b", v: 2 });
  });
  it("mergeById treats a missing list as empty and a repeated new id as an update of the first", () => {
    const out = mergeById(undefined, [
      { id: "a", v: 1 },
      { id: "a", v: 2 },
    ]);
    expect(out.list).toEqual([{ id: "a", v: 2 }]);
    expect(out.added).toEqual(["a"]);
    expect(out.updated).toEqual(["a"]);
  });
});
