import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { rememberScenarioText, scenariosPieces, scenariosText, sendText, textSlices, WORKER_TEXT_SLICE } from "../../src/runner/scenarioText.ts";
import type { Scenario } from "../../src/engine/scenario.ts";

const scenarioText = (s: Scenario) => scenariosText([s]).slice(1, -1);
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
    // In pieces: the products' text is one piece of its own, cut out of the lent text.
    const pieces = scenariosPieces([probe]);
    expect(pieces.join("")).toBe(`[${expected}]`);
    expect(pieces).toContain(JSON.stringify(s.products));
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

describe("a long text in slices", () => {
  it("slices of at most the given length, short pieces sharing one, that join to the text, characters outside the BMP across slice ends", () => {
    const pieces = ["[", "ab😀c", "", "d".repeat(10), "é😀", "]"];
    const text = pieces.join("");
    for (const max of [1, 2, 3, 7, 100]) {
      const slices = [...textSlices(pieces, max)];
      expect(slices.join(""), `max ${max}`).toBe(text);
      expect(slices.every((t) => t.length > 0 && t.length <= max)).toBe(true);
      // Every slice but the last is full.
      expect(slices.slice(0, -1).every((t) => t.length === max)).toBe(true);
    }
    expect([...textSlices([], 5)]).toEqual([]);
  });

  it("sendText sends a short text whole, a long one a slice at a time in order, and stops when told", async () => {
    const log: string[] = [];
    const whole = async (t: string) => (log.push(`whole ${t.length}`), "loaded");
    const slice = async (t: string) => void log.push(`slice ${t.length}`);
    const done = async () => (log.push("done"), "loaded");
    expect(await sendText(["[", "x".repeat(10), "]"], whole, slice, done)).toBe("loaded");
    expect(log).toEqual(["whole 12"]);

    log.length = 0;
    const long = ["[", "y".repeat(2 * WORKER_TEXT_SLICE), "]"];
    expect(await sendText(long, whole, slice, done)).toBe("loaded");
    expect(log).toEqual([`slice ${WORKER_TEXT_SLICE}`, `slice ${WORKER_TEXT_SLICE}`, "slice 2", "done"]);

    log.length = 0;
    let sent = 0;
    expect(
      await sendText(
        long,
        whole,
        async (t) => (sent++, slice(t)),
        done,
        () => sent >= 1,
      ),
    ).toBe(false);
    expect(log).toEqual([`slice ${WORKER_TEXT_SLICE}`]);
  });
});
