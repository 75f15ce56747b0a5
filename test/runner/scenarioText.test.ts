import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { rememberScenarioText, scenarioText, scenariosText } from "../../src/runner/scenarioText.ts";
import type { Scenario } from "../../src/engine/scenario.ts";

const load = () => JSON.parse(readFileSync(new URL("../../scenarios/default-shop.json", import.meta.url), "utf8")) as Scenario;

describe("scenario texts handed to the workers", () => {
  it("a lent text is used as it is; a variant sharing the product list is written around the same products text, equal to JSON.stringify", () => {
    const s = load();
    const text = JSON.stringify(s);
    rememberScenarioText(s, text);
    expect(scenarioText(s)).toBe(text);
    // Count how often the products are serialised from here on.
    let serialised = 0;
    const p0 = s.products[0] as unknown as Record<string, unknown>;
    Object.defineProperty(p0, "toJSON", { value: () => (serialised++, { ...p0 }), enumerable: false });
    const probe: Scenario = { ...s, horizonDays: 60, warmupDays: 0, runs: 6 };
    const expected = JSON.stringify({ ...s, horizonDays: 60, warmupDays: 0, runs: 6, products: JSON.parse(JSON.stringify(load().products)) });
    serialised = 0;
    expect(scenarioText(probe)).toBe(expected);
    expect(scenariosText([probe, s])).toBe(`[${expected},${text}]`);
    expect(serialised).toBe(0);
  });

  it("without a lent text, or with another product list, it is JSON.stringify", () => {
    const s = load();
    expect(scenarioText(s)).toBe(JSON.stringify(s));
    const t = load();
    rememberScenarioText(t, JSON.stringify(t));
    const other: Scenario = { ...t, products: t.products.slice(0, 2) };
    expect(scenarioText(other)).toBe(JSON.stringify(other));
    // A text that does not match its scenario's shape is not cut.
    const u = load();
    rememberScenarioText(u, "{}");
    const v: Scenario = { ...u, runs: 3 };
    expect(scenarioText(v)).toBe(JSON.stringify(v));
  });
});
