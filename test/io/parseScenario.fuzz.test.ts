import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, parseScenarioText } from "../../src/io/parseScenario.ts";
import { validScenario } from "./fixtures.ts";

/**
 * Invariant: whatever it is given, the parser returns a result — ok with a scenario, or not ok with
 * at least one error, each with a string path and a non-empty message — and never throws.
 */
function checkResult(r: ReturnType<typeof parseScenario>): void {
  if (r.ok) {
    expect(typeof r.scenario).toBe("object");
    expect(Array.isArray(r.warnings)).toBe(true);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(typeof e.path).toBe("string");
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/internal error/);
    }
  }
}

/** All paths to values inside a JSON-like document. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function setAt(doc: any, path: (string | number)[], value: unknown, remove: boolean): any {
  if (path.length === 0) return value;
  const copy = structuredClone(doc);
  let o = copy;
  for (const s of path.slice(0, -1)) o = o[s];
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = value;
  return copy;
}

const BASE = validScenario();
const BASE_PATHS = paths(BASE);

const interesting = fc.oneof(
  fc.anything(),
  fc.constantFrom(-1, 0, 0.5, 1, 1.0000001, 7, 1e300, -0, NaN, Infinity, -Infinity, "", "1", "fixed", null, true, [], {}),
  fc.double(),
  fc.integer({ min: -10, max: 10 }),
);

describe("parseScenario never throws", () => {
  it("parseScenario(anything) returns ok or errors", () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true }),
        (v) => {
          checkResult(parseScenario(v));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("parseScenario(valid scenario with one value replaced or removed) returns ok or errors", () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASE_PATHS), interesting, fc.boolean(), (path, value, remove) => {
        checkResult(parseScenario(setAt(BASE, path, value, remove)));
      }),
      { numRuns: 1500 },
    );
  });

  it("parseScenario(valid scenario with several values replaced) returns ok or errors", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...BASE_PATHS.filter((p) => p.length > 0)), interesting), { minLength: 2, maxLength: 6 }), (edits) => {
        let doc = BASE;
        for (const [path, value] of edits) {
          try {
            doc = setAt(doc, path, value, false);
          } catch {
            // an earlier edit removed this path's parent; skip it
          }
        }
        checkResult(parseScenario(doc));
      }),
      { numRuns: 500 },
    );
  });

  it("parseScenarioText(any text, or valid JSON cut short) returns ok or errors", () => {
    const text = JSON.stringify(BASE, null, 2);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
          fc.json(),
        ),
        (t) => {
          checkResult(parseScenarioText(t));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("parseScenarioText(deeply nested JSON) reports it instead of overflowing the stack", () => {
    const r = parseScenarioText("[".repeat(100_000) + "]".repeat(100_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/nested more than 256 levels deep/);
  });
});
