/**
 * The JSON scanner on hostile text: its work must grow with the length of the text, whatever the
 * text holds. The sizes below are read in well under a second; a scanner that is quadratic in them
 * (a line count per repeated key, a character-by-character string build, a path copied per value)
 * needs minutes, so these tests fail by their timeout rather than by a timed assertion. The
 * scanner's step count (values, pieces of quoted text, whitespace, line breaks passed) is checked
 * against the size of the input too.
 */
import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/io/issue.ts";
import { jsonScanSteps, MAX_DUPLICATES, readJson } from "../../src/io/jsonText.ts";
import { parseScenarioText } from "../../src/io/parseScenario.ts";
import { validScenario } from "./fixtures.ts";

const BOUND = 30_000;

function messageOf(text: string): string {
  const r = readJson(text);
  if (r.ok) throw new Error("expected an error");
  return r.error.message;
}

describe("readJson on hostile text", () => {
  it(
    "readJson(200,000 repeated keys on 200,000 lines) lists the first ones with their lines and counts the rest",
    () => {
      const n = 200_000;
      const text = "{\n" + Array.from({ length: n }, () => '"a": 1').join(",\n") + "\n}";
      const r = readJson(text);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.duplicates).toHaveLength(MAX_DUPLICATES + 1);
      expect(r.duplicates[0]).toEqual({ path: "a", message: '"a" is written twice in the same object (line 3); only one can count' });
      expect(r.duplicates[MAX_DUPLICATES - 1].message).toContain(`(line ${MAX_DUPLICATES + 2})`);
      expect(r.duplicates[MAX_DUPLICATES].message).toBe(
        `${(n - 1 - MAX_DUPLICATES).toLocaleString("en-US")} more fields are written twice in the same object; only the first ${MAX_DUPLICATES} are listed`,
      );
      // Per key: a value, its key and the value's text, two whitespace characters, a line break.
      expect(jsonScanSteps(text)).toBeLessThanOrEqual(8 * n);
    },
    BOUND,
  );

  it(
    "readJson(100,000 repeated keys in nested objects) reports each with its JSON path",
    () => {
      const text = JSON.stringify({ products: [{ policy: {} }] }).replace(
        "{}",
        "{" + Array.from({ length: 100_000 }, (_, i) => `"k${i % 2}":${i}`).join(",") + "}",
      );
      const r = readJson(text);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.duplicates[0].path).toBe("products[0].policy.k0");
    },
    BOUND,
  );

  it("readJson(keys that differ only in how they are escaped) finds them repeated, as JSON.parse reads them", () => {
    const r = readJson('{"a\\nb": 1, "a\\u000ab": 2, "\\u0041": 3, "A": 4, "\\/": 5, "/": 6}');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.duplicates.map((d) => d.path)).toEqual(['["a\\nb"]', "A", '["/"]']);
  });

  it(
    "readJson(an 8 MB string and a 12 MB string of escapes) reads them",
    () => {
      const text = JSON.stringify({ name: "x".repeat(8_000_000), notes: '\n\t"'.repeat(2_000_000) });
      const r = readJson(text);
      expect(r.ok).toBe(true);
      if (r.ok) expect((r.value as { name: string }).name.length).toBe(8_000_000);
      // A run of plain characters is one step, however long; each escape is one more.
      expect(jsonScanSteps(JSON.stringify({ name: "x".repeat(8_000_000) }))).toBeLessThan(10);
      expect(jsonScanSteps(text)).toBeLessThanOrEqual(6_000_000 + 10);
    },
    BOUND,
  );

  it("readJson(nesting deeper than 256 levels) is refused with its place, not a stack overflow", () => {
    expect(messageOf("[".repeat(100_000) + "]".repeat(100_000))).toBe("not valid JSON (line 1, column 258): nested more than 256 levels deep");
    expect(messageOf('{"a":'.repeat(300) + "1" + "}".repeat(300))).toMatch(/nested more than 256 levels deep/);
  });

  it(
    "readJson(200,000 values at depth 250) reads them",
    () => {
      const text = "[".repeat(250) + Array.from({ length: 200_000 }, (_, i) => String(i)).join(",") + "]".repeat(250);
      expect(readJson(text).ok).toBe(true);
      expect(jsonScanSteps(text)).toBeLessThanOrEqual(200_000 + 251);
    },
    BOUND,
  );

  it("readJson(a 10 MB field name left unclosed) names the place in a short message", () => {
    const m = messageOf('{"' + "k".repeat(10_000_000) + '" 1}');
    expect(m.length).toBeLessThan(200);
    expect(m).toBe('not valid JSON (line 1, column 10000005): expected : after "' + "k".repeat(59) + '… (10,000,000 characters)", got "1"');
  });

  it("readJson(a number of 100,000 digits) reads it", () => {
    expect(readJson("[" + "9".repeat(100_000) + "]").ok).toBe(true);
  });
});

describe("scenario messages quote long values shortened", () => {
  const big = "k".repeat(10_000_000);
  const total = (text: string) => {
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors.map(formatIssue);
  };

  it("parseScenarioText(10 MB unknown field name) names it in under 200 characters", () => {
    const s = validScenario() as Record<string, unknown>;
    s[big] = 1;
    const msgs = total(JSON.stringify(s));
    expect(msgs).toHaveLength(1);
    expect(msgs[0].length).toBeLessThan(200);
    expect(msgs[0]).toContain("unknown field");
    expect(msgs[0]).toContain("(10,000,000 characters)");
  });

  it("parseScenarioText(10 MB identifier-like field name inside a product) keeps the path short", () => {
    const s = validScenario() as { products: Record<string, unknown>[] };
    s.products[0][big] = 1;
    const msgs = total(JSON.stringify(s));
    expect(msgs[0].length).toBeLessThan(220);
    expect(msgs[0].startsWith('products[0]["kkk')).toBe(true);
  });

  it("parseScenarioText(repeated 10 MB product id, unknown 10 MB supplier) quotes each shortened", () => {
    const s = validScenario() as { products: { id: string; sourcing: unknown }[] };
    s.products = [s.products[0], structuredClone(s.products[0])];
    s.products[0].id = big;
    s.products[1].id = big;
    const msgs = total(JSON.stringify(s));
    expect(msgs.join("\n").length).toBeLessThan(400);
    expect(msgs.join("\n")).toContain("duplicate product id");
  });
});
