import { describe, expect, it } from "vitest";
import { applyOverrides, applyOverridesRaw, formatOverride, parseOverride, scaleDist } from "../../src/analysis/variants.ts";
import { parsed, patienceShopJson } from "./fixtures/decisionScenarios.ts";

const ov = (text: string) => {
  const r = parseOverride(text);
  if (!r.ok) throw new Error(r.message);
  return r.override;
};

describe("parseOverride", () => {
  it("parseOverride(path=json) reads the value as JSON", () => {
    expect(parseOverride("products[scarf].policy.orderUpTo=12")).toEqual({
      ok: true,
      override: { path: "products[scarf].policy.orderUpTo", op: "=", value: 12 },
    });
    expect(parseOverride('products[*].backorders={"mode":"deny"}')).toEqual({
      ok: true,
      override: { path: "products[*].backorders", op: "=", value: { mode: "deny" } },
    });
  });
  it("parseOverride(path=word) reads a bare word as a string", () => {
    expect(parseOverride("products[sofa].sourcing.supplier=fastco")).toEqual({
      ok: true,
      override: { path: "products[sofa].sourcing.supplier", op: "=", value: "fastco" },
    });
  });
  it("parseOverride(path*=x) and (path+=x) need numbers", () => {
    expect(parseOverride("suppliers[*].leadTimeDays*=1.2")).toEqual({ ok: true, override: { path: "suppliers[*].leadTimeDays", op: "*=", value: 1.2 } });
    expect(parseOverride("products[a].price+=-3")).toEqual({ ok: true, override: { path: "products[a].price", op: "+=", value: -3 } });
    expect(parseOverride("products[a].price*=abc").ok).toBe(false);
  });
  it("parseOverride rejects text without an operator, broken JSON and broken paths", () => {
    expect(parseOverride("products[a].price").ok).toBe(false);
    expect(parseOverride('products[a].backorders={"mode":').ok).toBe(false);
    expect(parseOverride("products[a.price=3").ok).toBe(false);
  });
  it("formatOverride round-trips through parseOverride", () => {
    for (const t of [
      "products[scarf].policy.orderUpTo=12",
      'products[*].backorders={"mode":"deny"}',
      "products[sofa].sourcing.supplier=fastco",
      "suppliers[*].leadTimeDays*=1.2",
    ]) {
      expect(formatOverride(ov(t))).toBe(t);
    }
  });
});

describe("applyOverrides", () => {
  const base = parsed(patienceShopJson());

  it("applyOverrides sets a field of the product picked by id and leaves the input untouched", () => {
    const before = JSON.stringify(base);
    const r = applyOverrides(base, [ov("products[impatient].policy.orderUpTo=55")]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.products[1].policy).toEqual({ kind: "baseStock", orderUpTo: 55, reviewPeriodDays: 7 });
    expect(r.scenario.products[0].policy).toEqual(base.products[0].policy);
    expect(JSON.stringify(base)).toBe(before);
  });

  it("applyOverrides with [*] changes every element", () => {
    const r = applyOverrides(base, [ov('products[*].backorders={"mode":"deny"}')]);
    expect(r.ok && r.scenario.products.map((p) => p.backorders)).toEqual([{ mode: "deny" }, { mode: "deny" }]);
  });

  it("applyOverrides picks by index when no id matches, and creates missing blocks", () => {
    const r = applyOverrides(base, [ov('products[0].customers.willingToWaitDays={"kind":"fixed","value":5}'), ov("fulfillment.capacityOrdersPerDay=3")]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.products[0].customers?.willingToWaitDays).toEqual({ kind: "fixed", value: 5 });
    expect(r.scenario.fulfillment?.capacityOrdersPerDay).toBe(3);
  });

  it("applyOverrides *= scales a number and every scale field of a distribution", () => {
    const r = applyOverrides(base, [ov("products[*].demand.ordersPerDay*=1.5"), ov("suppliers[slow].leadTimeDays*=2")]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.products.map((p) => p.demand.ordersPerDay)).toEqual([6, 6]);
    expect(r.scenario.suppliers[0].leadTimeDays).toEqual({ kind: "fixed", value: 20 });
  });

  it("applyOverrides reports an unknown id with the ids that exist", () => {
    const r = applyOverridesRaw(base, [ov("products[sofa].price=3")]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].path).toBe("products[sofa]");
    expect(r.errors[0].message).toMatch(/no element with id 'sofa'.*patient, impatient/);
  });

  it("applyOverrides re-validates: an invalid value comes back as a parser error at its path", () => {
    const r = applyOverrides(base, [ov("products[patient].policy.orderUpTo=-5")]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.path === "products[0].policy.orderUpTo")).toBe(true);
  });

  it("applyOverrides rejects an unknown supplier reference", () => {
    const r = applyOverrides(base, [ov("products[patient].sourcing.supplier=nobody")]);
    expect(r.ok).toBe(false);
  });
});

describe("scaleDist", () => {
  it("scaleDist scales location and spread, not shape parameters", () => {
    expect(scaleDist({ kind: "lognormal", mean: 10, sd: 2 }, 1.5)).toEqual({ kind: "lognormal", mean: 15, sd: 3 });
    expect(scaleDist({ kind: "triangular", min: 1, mode: 2, max: 4 }, 2)).toEqual({ kind: "triangular", min: 2, mode: 4, max: 8 });
    expect(scaleDist({ kind: "empirical", values: [1, 2], weights: [3, 1] }, 3)).toEqual({ kind: "empirical", values: [3, 6], weights: [3, 1] });
  });
});
