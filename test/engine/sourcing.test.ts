/**
 * Supplier terms and sourcing rules (docs/model.md, suppliers and sourcing) on runs worked by hand:
 * the Poisson sampler is replaced by its mean, so each day brings exactly 3 one-unit orders.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/engine/dists.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/engine/dists.ts")>();
  return { ...actual, orderCountByInversion: (_u: number, lambda: number) => Math.round(lambda) };
});

import { compileScenario } from "../../src/engine/compile.ts";
import type { RawField } from "../../src/engine/metrics.ts";
import type { Scenario } from "../../src/engine/scenario.ts";
import { product, runOnce, scenario, supplier } from "./fixtures.ts";

const run = (s: Scenario) => runOnce(s).g;

// Base stock 3, 3 units of demand a day, lead time 1: each day's review orders 3 for tomorrow.
const base = (over: Partial<Scenario>, sourcing: Scenario["products"][0]["sourcing"]) =>
  scenario([product("a", { unitCost: 10, initialOnHand: 3, policy: { kind: "baseStock", orderUpTo: 3 }, sourcing })], { horizonDays: 4, ...over });

describe("sourcing", () => {
  it("a backup supplier is used while the primary is disrupted; the premium goes to expediteCost", () => {
    const g = run(
      base(
        {
          suppliers: [
            supplier("p", { fixedOrderCost: 5, disruptions: { probabilityPerDay: 1, durationDays: { kind: "fixed", value: 1 }, effect: "halt" } }),
            supplier("b", { fixedOrderCost: 8, unitCostMultiplier: 1.5 }),
          ],
        },
        { kind: "backup", primary: "p", backup: "b", expedite: { whenPrimaryDisrupted: true } },
      ),
    );
    // Orders of 3 on days 0–3 from the backup; 9 units arrive on days 1–3.
    expect(g("replenishmentOrders")).toBe(4);
    expect(g("unitsReceived")).toBe(9);
    expect(g("purchaseCost")).toBe(9 * 10);
    expect(g("orderingCost")).toBe(4 * 5);
    expect(g("expediteCost")).toBe(9 * 5 + 4 * 3);
    expect(g("unitsFromStock")).toBe(12);
  });

  it("the primary is used while it works, and the backup when the backlog is above the threshold", () => {
    const quiet = run(
      base({ suppliers: [supplier("p", { fixedOrderCost: 5 }), supplier("b", { unitCostMultiplier: 2 })] }, { kind: "backup", primary: "p", backup: "b" }),
    );
    expect(quiet("expediteCost")).toBe(0);
    expect(quiet("purchaseCost")).toBe(90);
    // Nothing on hand, (r, nQ) with r = −4, Q = 1, a slow primary and a fast backup used above 2 units of backlog.
    const g = run(
      scenario(
        [
          product("a", {
            unitCost: 10,
            initialOnHand: 0,
            policy: { kind: "rQ", reorderPoint: -4, orderQuantity: 1 },
            sourcing: { kind: "backup", primary: "p", backup: "b", expedite: { whenBacklogUnitsAbove: 2 } },
          }),
        ],
        {
          horizonDays: 3,
          suppliers: [supplier("p", { leadTimeDays: { kind: "fixed", value: 5 } }), supplier("b", { unitCostMultiplier: 2 })],
        },
      ),
    );
    // Day 0: 3 backordered, IP −3 > −4: no order. Day 1: 6 backordered, IP −6 → order 3 from the
    // backup (backlog 6 > 2), arriving day 2 and shipped to the oldest lines.
    expect(g("replenishmentOrders")).toBe(2);
    expect(g("unitsReceived")).toBe(3);
    expect(g("expediteCost")).toBe(3 * 10);
  });

  it("split sourcing divides each order by share, largest remainder first, ties to the first listed", () => {
    const g = run(
      base(
        { suppliers: [supplier("x", { fixedOrderCost: 1 }), supplier("y", { fixedOrderCost: 2 })] },
        {
          kind: "split",
          split: [
            { supplier: "x", share: 0.5 },
            { supplier: "y", share: 0.5 },
          ],
        },
      ),
    );
    // Each review orders 3 = 2 from x + 1 from y.
    expect(g("replenishmentOrders")).toBe(8);
    expect(g("unitsOrdered")).toBe(12);
    expect(g("orderingCost")).toBe(4 * 3);
  });

  it("deliveredFraction delivers round(q × fraction) of each order", () => {
    const g = run(base({ suppliers: [supplier("s", { deliveredFraction: 0.5 })] }, { kind: "single", supplier: "s" }));
    // Orders 3, 4, 5, 5 (IP 0, −1, −2, −2); deliveries 2, 2, 3 on days 1–3; the last is still on order.
    expect(g("unitsOrdered")).toBe(17);
    expect(g("unitsReceived")).toBe(7);
    expect(g("unitsShortDelivered")).toBe(5);
    expect(g("endingOnOrder")).toBe(5);
    expect(g("purchaseCost")).toBe(70);
  });

  it("minOrderQuantity and orderMultiple round each order up", () => {
    const g = run(base({ suppliers: [supplier("s", { minOrderQuantity: 4, orderMultiple: 5 })] }, { kind: "single", supplier: "s" }));
    // Day 0: IP 0 → 3 → at least 4 → multiple of 5: 5. Day 1: 5 − 3 = 2 on hand, IP 2 → 1 → 5.
    // Day 2: 2 + 5 − 3 = 4, IP 4 → none. Day 3: 4 − 3 = 1, IP 1 → 2 → 5.
    expect(g("unitsOrdered")).toBe(15);
    expect(g("replenishmentOrders")).toBe(3);
  });

  it("a halted supplier delivers nothing until it recovers", () => {
    const g = run(
      base(
        { horizonDays: 6, suppliers: [supplier("s", { disruptions: { probabilityPerDay: 1, durationDays: { kind: "fixed", value: 100 }, effect: "halt" } })] },
        { kind: "single", supplier: "s" },
      ),
    );
    expect(g("unitsReceived")).toBe(0);
    expect(g("unitsFromStock")).toBe(3);
  });

  it("a scenario object written before sourcing had a kind runs as the same scenario with it", () => {
    const withKind = base(
      { suppliers: [supplier("p", { fixedOrderCost: 5 }), supplier("b", { unitCostMultiplier: 2 })] },
      { kind: "backup", primary: "p", backup: "b" },
    );
    const old = structuredClone(withKind);
    delete (old.products[0].sourcing as { kind?: string }).kind;
    for (const f of ["unitsOrdered", "orderingCost", "expediteCost", "unitsSold"] as RawField[]) expect(run(old)(f), f).toBe(run(withKind)(f));
  });

  it("an unknown sourcing kind is refused by the compiler, not read as another kind", () => {
    const s = base({}, { kind: "single", supplier: "s" });
    (s.products[0].sourcing as { kind: string }).kind = "dual";
    expect(() => compileScenario(s)).toThrow('products.a.sourcing: unknown sourcing kind "dual"; allowed: single, backup, split');
    s.products[0].sourcing = { vendor: "s" } as never;
    expect(() => compileScenario(s)).toThrow(/products\.a\.sourcing: sourcing must be \{ "kind": "single" \| "backup" \| "split", … \}/);
  });
});
