import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ownWarnings, parseProductPart, parseScenario, parseScenarioFromParts, shellWarningContext } from "../../src/io/parseScenario.ts";
import { productWarningContext } from "../../src/io/warnings.ts";
import type { Issue } from "../../src/io/issue.ts";

const ROOT = join(import.meta.dirname, "../..");
const examples = readdirSync(join(ROOT, "scenarios"))
  .filter((f) => f.endsWith(".json") && f !== "scenario.schema.json")
  .map((f) => JSON.parse(readFileSync(join(ROOT, "scenarios", f), "utf8")) as Record<string, any>);

const sorted = (list: Issue[] | undefined) => [...(list ?? [])].map((i) => `${i.path}: ${i.message}`).sort();

function incremental(doc: Record<string, any>) {
  const { products, ...shell } = doc;
  return parseScenarioFromParts(shell, (products as unknown[]).map(parseProductPart));
}

/** The product-by-product parse gives what the whole-file parse gives: scenario, key, errors and warnings. */
function expectSame(doc: Record<string, any>) {
  const whole = parseScenario(structuredClone(doc));
  const parts = incremental(structuredClone(doc));
  expect(parts.ok).toBe(whole.ok);
  if (whole.ok && parts.ok) {
    expect(parts.scenario).toEqual(whole.scenario);
    expect(parts.key).toBe(JSON.stringify(whole.scenario));
    expect(sorted(parts.warnings)).toEqual(sorted(whole.warnings));
  } else if (!whole.ok && !parts.ok) {
    expect(sorted(parts.errors)).toEqual(sorted(whole.errors));
  }
}

describe("parsing a scenario product by product", () => {
  it("keeps each product's warnings with its part while the horizon and suppliers stay, and works them out again when those change", () => {
    const doc = structuredClone(examples.find((d) => d.name && d.products.some((p: any) => p.demand.shocks?.some((x: any) => "startDay" in x)))!);
    const { products, ...shell } = doc;
    const parts = (products as unknown[]).map(parseProductPart);
    const shocked = (products as any[]).findIndex((p) => p.demand.shocks?.some((x: any) => "startDay" in x));
    const day = Math.max(...(products[shocked].demand.shocks as any[]).filter((x) => "startDay" in x).map((x) => x.startDay));
    const warningsWith = (over: Record<string, unknown>) => {
      const fromParts = parseScenarioFromParts({ ...shell, ...over }, parts);
      const whole = parseScenario({ ...structuredClone(doc), ...over });
      expect(fromParts.ok && whole.ok).toBe(true);
      expect(sorted(fromParts.warnings)).toEqual(sorted(whole.warnings));
      return sorted(fromParts.warnings);
    };
    const after = new RegExp(`^products\\[${shocked}\\]\\.demand\\.shocks\\[\\d+\\]\\.startDay: day ${day} is after the horizon`);
    expect(warningsWith({}).some((w) => after.test(w))).toBe(false);
    // A horizon that ends before the shock: the same parts now warn about it, at the product's index.
    expect(warningsWith({ horizonDays: day }).some((w) => after.test(w))).toBe(true);
    // A supplier whose units cost far more: every product it supplies sells below its purchase cost.
    const sup = (shell.suppliers as any[]).map((x, i) => (i === 0 ? { ...x, unitCostMultiplier: 50 } : x));
    expect(warningsWith({ suppliers: sup }).filter((w) => /is below the purchase cost/.test(w)).length).toBeGreaterThan(0);
    // And back: nothing kept from the other contexts.
    expect(warningsWith({})).toEqual(warningsWith({}));
    expect(warningsWith({}).some((w) => after.test(w) || /is below the purchase cost/.test(w))).toBe(false);
  });

  it("warnings worked out product by product in the context the shell reads are the ones the whole parse keeps, and a wrong guess is worked out again", () => {
    for (const doc of examples) {
      const { products, ...shell } = structuredClone(doc);
      const whole = parseScenario(structuredClone(doc));
      expect(whole.ok).toBe(true);
      const ctx = shellWarningContext(shell)!;
      // The shell's own reading is the whole parse's context (defaults included).
      expect(ctx.key).toBe(productWarningContext(whole.ok ? whole.scenario : (null as never)).key);
      const parts = (products as unknown[]).map(parseProductPart);
      for (const part of parts) expect(ownWarnings(part, ctx)).toEqual(part.ownWarnings!.issues);
      const kept = parts.map((p) => p.ownWarnings);
      const fromParts = parseScenarioFromParts(shell, parts);
      expect(sorted(fromParts.warnings)).toEqual(sorted(whole.warnings));
      // Kept: the same objects, not worked out again.
      parts.forEach((p, i) => expect(p.ownWarnings).toBe(kept[i]));
    }
    // A guess from another horizon: the whole parse works each product's warnings out again, right.
    const doc = structuredClone(examples[0]);
    const { products, ...shell } = doc;
    const parts = (products as unknown[]).map(parseProductPart);
    const wrong = shellWarningContext({ ...shell, horizonDays: 3 })!;
    for (const part of parts) ownWarnings(part, wrong);
    expect(sorted(parseScenarioFromParts(shell, parts).warnings)).toEqual(sorted(parseScenario(structuredClone(doc)).warnings));
    // Shells that are not plain values give no guess.
    expect(shellWarningContext({ ...shell, horizonDays: "365" })).toBeNull();
    expect(shellWarningContext({ ...shell, suppliers: [{ id: 3 }] })).toBeNull();
    expect(shellWarningContext({ ...shell, suppliers: [{ id: "a", unitCostMultiplier: "2" }] })).toBeNull();
  });

  it("matches the whole-file parse on every example scenario", () => {
    for (const doc of examples) expectSame(doc);
  });

  it("matches it on broken files: bad values, unknown suppliers, duplicate ids, old spellings, no products", () => {
    const base = examples.find((d) => d.products.length >= 3)!;
    const variants: ((d: Record<string, any>) => void)[] = [
      (d) => (d.products[1].price = "12o0"),
      (d) => (d.products[2].sourcing = { supplier: "nobody" }),
      (d) => (d.products[2].id = d.products[0].id),
      (d) => (d.products[0].policy.kind = "base-stock"),
      (d) => {
        d.products[1].backOrders = d.products[1].backorders;
        delete d.products[1].backorders;
      },
      (d) => (d.products[0].colour = "red"),
      (d) => delete d.products[2].demand,
      (d) => (d.products = []),
      (d) => (d.horizonDays = -3),
      (d) => (d.runs = 10),
      (d) => (d.products[0].price = 1e-9),
    ];
    for (const change of variants) {
      const d = structuredClone(base);
      change(d);
      expectSame(d);
    }
  });
});
