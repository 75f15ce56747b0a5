import { describe, expect, it } from "vitest";
import { BULK_FIELDS, bulkEditOne, bulkValueProblem, undoBulk, type BulkUndo } from "../../src/ui/editor/bulkEdit.ts";

const field = (id: string) => BULK_FIELDS.find((f) => f.id === id)!;
const products = () => [
  { id: "a", price: 10, policy: { kind: "baseStock", orderUpTo: 41, reviewPeriodDays: 1 }, sourcing: { supplier: "s1" } },
  {
    id: "b",
    price: 20,
    policy: { kind: "rQ", reorderPoint: 5, orderQuantity: 12 },
    sourcing: { primary: "s1", backup: "s2" },
    customers: { cancelHazardPerDay: 0.01 },
  },
];

describe("bulk edits of products", () => {
  it("multiplies a price, rounds whole units, and undo puts every value back", () => {
    const ps = products();
    const before = structuredClone(ps);
    const undo: BulkUndo[] = [];
    for (const p of ps) undo.push(bulkEditOne(p, field("price"), "multiply", "1.1")!);
    for (const p of ps) {
      const u = bulkEditOne(p, field("orderUpTo"), "multiply", "1.5");
      if (u) undo.push(u);
    }
    expect(ps.map((p) => p.price)).toEqual([11, 22]);
    // 41 × 1.5 = 61.5 → 62 units; the rQ product has no order-up-to level and is left alone.
    expect(ps[0].policy.orderUpTo).toBe(62);
    expect("orderUpTo" in ps[1].policy).toBe(false);
    undoBulk(undo);
    expect(ps).toEqual(before);
  });

  it("creates a missing holder (customers) and removes it again on undo; sets a single supplier", () => {
    const ps = products();
    const before = structuredClone(ps);
    const undo = ps.map((p) => bulkEditOne(p, field("cancelHazardPerDay"), "set", "0.02")!);
    undo.push(...ps.map((p) => bulkEditOne(p, field("supplier"), "set", "s2")!));
    expect(ps.map((p) => (p as { customers?: { cancelHazardPerDay: number } }).customers?.cancelHazardPerDay)).toEqual([0.02, 0.02]);
    expect(ps.map((p) => p.sourcing)).toEqual([
      { kind: "single", supplier: "s2" },
      { kind: "single", supplier: "s2" },
    ]);
    undoBulk(undo);
    expect(ps).toEqual(before);
  });

  it("says what is wrong with a value", () => {
    expect(bulkValueProblem(field("price"), "set", "abc")).toMatch(/not a number/);
    expect(bulkValueProblem(field("price"), "set", "-1")).toMatch(/0 or more/);
    expect(bulkValueProblem(field("category"), "multiply", "x")).toMatch(/only/);
    expect(bulkValueProblem(field("price"), "add", "-2")).toBeNull();
  });
});
