import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseProductPart, parseScenario, parseScenarioFromParts } from "../../src/io/parseScenario.ts";
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
