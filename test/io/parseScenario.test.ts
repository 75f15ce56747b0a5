import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/io/issue.ts";
import { parseScenario, parseScenarioText } from "../../src/io/parseScenario.ts";
import { exampleScenarios, TEXTBOOK_FILE, validScenario } from "./fixtures.ts";

/** Parses a broken copy of the fixture and returns its formatted errors (failing if it parsed). */
function errorsOf(mutate: (s: any) => void): string[] {
  const s = validScenario();
  mutate(s);
  const r = parseScenario(s);
  if (r.ok) throw new Error("expected the scenario to be rejected");
  return r.errors.map(formatIssue);
}

function warningsOf(mutate: (s: any) => void): string[] {
  const s = validScenario();
  mutate(s);
  const r = parseScenario(s);
  if (!r.ok) throw new Error("expected the scenario to parse: " + r.errors.map(formatIssue).join("; "));
  return r.warnings.map(formatIssue);
}

describe("parseScenario(valid)", () => {
  it("parseScenario(valid) returns exactly the input, with no defaults filled in", () => {
    const input = validScenario();
    const r = parseScenario(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario).toStrictEqual(validScenario());
    expect(r.scenario.products[0].initialOnHand).toBeUndefined();
    expect("initialOnHand" in r.scenario.products[0]).toBe(false);
    expect(r.warnings).toEqual([]);
  });

  it("parseScenario(x) does not mutate its input", () => {
    const input = validScenario();
    input.fulfilment = { capacityOrdersPerDay: 50 };
    input.products[0].demand.unitsPerOrder = { kind: "logNormal", mean: 1.5, sd: 0.5 };
    const before = structuredClone(input);
    parseScenario(input);
    expect(input).toStrictEqual(before);
  });

  it("every example scenario in scenarios/ parses, has a description and no warnings", () => {
    const files = exampleScenarios();
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const [name, text] of files) {
      const r = parseScenarioText(text, name);
      expect(r.ok ? [] : r.errors.map(formatIssue), name).toEqual([]);
      if (!r.ok) continue;
      expect(r.scenario.description?.length ?? 0, name).toBeGreaterThan(40);
      expect(r.warnings.map(formatIssue), name).toEqual([]);
    }
  });

  it("every textbook validation case's scenario parses (its kind-less sourcing read as kind single)", () => {
    const cases = JSON.parse(readFileSync(TEXTBOOK_FILE, "utf8")).cases as { id: string; scenario: { products: { sourcing: object }[] } }[];
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const r = parseScenario(c.scenario);
      expect(r.ok ? [] : r.errors.map(formatIssue), c.id).toEqual([]);
      const expected = { ...c.scenario, products: c.scenario.products.map((p) => ({ ...p, sourcing: { kind: "single", ...p.sourcing } })) };
      if (r.ok) expect(r.scenario).toStrictEqual(expected);
    }
  });
});

describe("parseScenario(broken) names the path and the problem", () => {
  const cases: [string, (s: any) => void, string][] = [
    ["negative order-up-to", (s) => (s.products[1].policy = { kind: "baseStock", orderUpTo: -5 }), "products[1].policy.orderUpTo: must be ≥ 0, got -5"],
    [
      "unknown distribution kind",
      (s) => (s.products[0].demand.unitsPerOrder = { kind: "weibull", shape: 2 }),
      'products[0].demand.unitsPerOrder.kind: unknown kind "weibull"; allowed: fixed, uniform, triangular, normal, lognormal, gamma, exponential, poisson, empirical',
    ],
    [
      "unknown policy kind",
      (s) => (s.products[0].policy.kind = "minMax"),
      'products[0].policy.kind: unknown kind "minMax"; allowed: baseStock, sS, rQ, safetyStock',
    ],
    ["missing kind", (s) => delete s.products[0].policy.kind, "products[0].policy.kind: is required; one of baseStock, sS, rQ, safetyStock"],
    [
      "unknown supplier",
      (s) => (s.products[0].sourcing = { supplier: "acme" }),
      'products[0].sourcing.supplier: unknown supplier "acme"; known suppliers: local, overseas',
    ],
    [
      "unknown supplier in a split",
      (s) => (s.products[1].sourcing.split[1].supplier = "fastco"),
      'products[1].sourcing.split[1].supplier: unknown supplier "fastco"; known suppliers: local, overseas',
    ],
    [
      "unknown backup supplier",
      (s) => (s.products[0].sourcing = { primary: "local", backup: "nope" }),
      'products[0].sourcing.backup: unknown supplier "nope"; known suppliers: local, overseas',
    ],
    ["duplicate product id", (s) => (s.products[1].id = "sofa"), 'products[1].id: duplicate product id "sofa" (already used by products[0])'],
    ["duplicate supplier id", (s) => (s.suppliers[1].id = "local"), 'suppliers[1].id: duplicate supplier id "local" (already used by suppliers[0])'],
    ["negative price", (s) => (s.products[0].price = -1), "products[0].price: must be ≥ 0, got -1"],
    ["negative holding cost", (s) => (s.products[1].holdingCostPerUnitDay = -0.01), "products[1].holdingCostPerUnitDay: must be ≥ 0, got -0.01"],
    ["NaN", (s) => (s.products[0].unitCost = NaN), "products[0].unitCost: must be a finite number, got NaN"],
    ["Infinity", (s) => (s.products[0].demand.ordersPerDay = Infinity), "products[0].demand.ordersPerDay: must be a finite number, got Infinity"],
    ["empty product list", (s) => (s.products = []), "products: must list at least one product"],
    ["horizon 0", (s) => (s.horizonDays = 0), "horizonDays: must be ≥ 1, got 0"],
    ["fractional horizon", (s) => (s.horizonDays = 90.5), "horizonDays: must be a whole number, got 90.5"],
    ["sS with s > S", (s) => (s.products[0].policy.reorderPoint = 25), "products[0].policy.reorderPoint: must be ≤ orderUpTo (20), got 25"],
    [
      "uniform min > max",
      (s) => (s.suppliers[1].disruptions.durationDays = { kind: "uniform", min: 9, max: 3 }),
      "suppliers[1].disruptions.durationDays.min: must be ≤ max (3), got 9",
    ],
    [
      "triangular mode outside min..max",
      (s) => (s.suppliers[0].leadTimeDays = { kind: "triangular", min: 2, mode: 12, max: 10 }),
      "suppliers[0].leadTimeDays.mode: must lie between min (2) and max (10), got 12",
    ],
    [
      "triangular min > max",
      (s) => (s.suppliers[0].leadTimeDays = { kind: "triangular", min: 12, mode: 12, max: 10 }),
      "suppliers[0].leadTimeDays.min: must be ≤ max (10), got 12",
    ],
    [
      "weekly with 5 numbers",
      (s) => (s.products[0].demand.weekly = [1, 1, 1, 1, 1]),
      "products[0].demand.weekly: must list exactly 7 numbers (Monday to Sunday), got 5",
    ],
    [
      "monthly with 13 numbers",
      (s) => (s.products[0].demand.monthly = Array(13).fill(1)),
      "products[0].demand.monthly: must list exactly 12 numbers (January to December), got 13",
    ],
    ["negative weekly multiplier", (s) => (s.products[0].demand.weekly[6] = -0.5), "products[0].demand.weekly[6]: must be ≥ 0, got -0.5"],
    ["probability above 1", (s) => (s.products[0].customers.cancelHazardPerDay = 1.2), "products[0].customers.cancelHazardPerDay: must be ≤ 1, got 1.2"],
    ["negative probability", (s) => (s.suppliers[1].disruptions.probabilityPerDay = -0.1), "suppliers[1].disruptions.probabilityPerDay: must be ≥ 0, got -0.1"],
    ["service level 1", (s) => (s.products[1].policy.safetyStock = { serviceLevel: 1 }), "products[1].policy.safetyStock.serviceLevel: must be < 1, got 1"],
    ["split shares not summing to 1", (s) => (s.products[1].sourcing.split[1].share = 0.3), "products[1].sourcing.split: shares must add up to 1, got 1.1"],
    ["negative fixed lead time", (s) => (s.suppliers[0].leadTimeDays = { kind: "fixed", value: -3 }), "suppliers[0].leadTimeDays.value: must be ≥ 0, got -3"],
    [
      "normal lead time with mean 0",
      (s) => (s.suppliers[0].leadTimeDays = { kind: "normal", mean: 0, sd: 2 }),
      "suppliers[0].leadTimeDays.mean: must be > 0, got 0",
    ],
    [
      "uniform lead time below 0",
      (s) => (s.suppliers[0].leadTimeDays = { kind: "uniform", min: -2, max: 5 }),
      "suppliers[0].leadTimeDays.min: must be ≥ 0, got -2",
    ],
    ["startDate 30 February", (s) => (s.startDate = "2027-02-30"), "startDate: 2027-02-30 is not a calendar date (February 2027 has 28 days)"],
    ["startDate month 13", (s) => (s.startDate = "2027-13-01"), 'startDate: month must be 01–12, got "2027-13-01"'],
    ["startDate in another format", (s) => (s.startDate = "04/01/2027"), 'startDate: must be a date written YYYY-MM-DD, got "04/01/2027"'],
    [
      "newer version",
      (s) => (s.version = 2),
      "version: this scenario was made by a newer Backorder Lab (format version 2); this one reads format version 1. Update Backorder Lab to open it",
    ],
    ["missing version", (s) => delete s.version, 'version: is required; add "version": 1 (the scenario format this Backorder Lab reads)'],
    ["version as text", (s) => (s.version = "1"), 'version: must be 1, got "1"'],
    ["missing field", (s) => delete s.products[0].demand.orderCount, "products[0].demand.orderCount: is required"],
    ["wrong type", (s) => (s.runs = "many"), 'runs: must be a number, got "many"'],
    ["seed as a number", (s) => (s.seed = 42), 'seed: must be text, got 42; write it in quotes: "42"'],
    ["misspelt field", (s) => (s.products[0].prise = 5), 'products[0].prise: unknown field "prise"; did you mean "price"?'],
    [
      "negative quote buffer",
      (s) => (s.products[0].backorders = { mode: "allow", quoteBufferDays: -2 }),
      "products[0].backorders.quoteBufferDays: must be ≥ 0, got -2",
    ],
    [
      "fractional quote buffer",
      (s) => (s.products[0].backorders = { mode: "cap", maxQuotedWaitDays: 28, quoteBufferDays: 2.5 }),
      "products[0].backorders.quoteBufferDays: must be a whole number, got 2.5",
    ],
    [
      "quote buffer when denying",
      (s) => (s.products[0].backorders = { mode: "deny", quoteBufferDays: 7 }),
      'products[0].backorders.quoteBufferDays: field "quoteBufferDays" does not apply here when mode is "deny"',
    ],
    [
      "unknown backorder mode",
      (s) => (s.products[0].backorders = { mode: "maybe" }),
      'products[0].backorders.mode: unknown mode "maybe"; allowed: allow, deny, cap',
    ],
    [
      "sourcing in no known form",
      (s) => (s.products[0].sourcing = { vendor: "local" }),
      'products[0].sourcing: must be { "supplier": id }, { "primary": id, "backup": id } or { "split": [{ "supplier": id, "share": 0.8 }, …] }',
    ],
    [
      "sourcing with a wrongly typed supplier",
      (s) => (s.products[0].sourcing = { supplier: 7 }),
      'products[0].sourcing.supplier: must be text, got 7; write it in quotes: "7"',
    ],
    [
      "backup equal to primary",
      (s) => (s.products[0].sourcing = { primary: "local", backup: "local" }),
      'products[0].sourcing.backup: must differ from primary ("local")',
    ],
    ["disruption effect", (s) => (s.suppliers[1].disruptions.effect = "stop"), 'suppliers[1].disruptions.effect: must be one of "halt", "delay", got "stop"'],
    [
      "empirical weights mismatch",
      (s) => (s.products[1].demand.unitsPerOrder.weights = [1]),
      "products[1].demand.unitsPerOrder.weights: must have one weight per value (2), got 1",
    ],
    [
      "negative dispersion",
      (s) => (s.products[1].demand.orderCount.dispersion = -1),
      "products[1].demand.orderCount.dispersion: must be ≥ 0.001, got -1 (at least 0.001; smaller makes a day's orders all or nothing)",
    ],
    [
      "an order rate beyond its range",
      (s) => (s.products[0].demand.ordersPerDay = 1e9),
      "products[0].demand.ordersPerDay: must be ≤ 1,000,000, got 1,000,000,000 (the most orders a day one product can have)",
    ],
    [
      "a multiplier of 1e308",
      (s) => (s.products[0].demand.weekly = [1, 1, 1e308, 1, 1, 1, 1]),
      "products[0].demand.weekly[2]: must be ≤ 1000, got 1e+308 (the largest demand multiplier)",
    ],
    [
      "a lead time of 1e308 days",
      (s) => (s.suppliers[0].leadTimeDays = { kind: "fixed", value: 1e308 }),
      "suppliers[0].leadTimeDays.value: must be ≤ 3,650 days (ten years), got 1e+308",
    ],
    [
      "a review period of 2^53 − 1 days",
      (s) => (s.products[0].policy.reviewPeriodDays = 2 ** 53 - 1),
      "products[0].policy.reviewPeriodDays: must be ≤ 3650, got 9,007,199,254,740,991 (at least one review every ten years)",
    ],
    ["a price of 1e308", (s) => (s.products[0].price = 1e308), "products[0].price: must be ≤ 1,000,000,000, got 1e+308"],
    [
      "Poisson order sizes of mean 1e308",
      (s) => (s.products[0].demand.unitsPerOrder = { kind: "poisson", mean: 1e308 }),
      "products[0].demand.unitsPerOrder.mean: must be ≤ 1,000,000 units per order line, got 1e+308",
    ],
    [
      "an empirical distribution of 100,000 values",
      (s) => (s.products[0].demand.unitsPerOrder = { kind: "empirical", values: Array.from({ length: 100_000 }, (_, i) => i + 1) }),
      "products[0].demand.unitsPerOrder.values: must list at most 10,000 items, got 100,000",
    ],
    [
      "surge without a capacity",
      (s) => (s.fulfillment = { surge: { extraOrdersPerDay: 5, costPerOrder: 1, whenBacklogOrdersAbove: 3 } }),
      "fulfillment.surge: adds to capacityOrdersPerDay, which is absent (unlimited); state the capacity or remove the surge",
    ],
    ["too many runs", (s) => (s.runs = 20_000_000), "runs: must be ≤ 10,000,000, got 20,000,000; use precision mode to stop once results are precise enough"],
    ["too long a horizon", (s) => (s.horizonDays = 10_000), "horizonDays: must be ≤ 7300, got 10,000; simulate at most 20 years"],
    ["too long a warm-up", (s) => (s.warmupDays = 4000), "warmupDays: must be ≤ 3650, got 4000; a warm-up of a few lead times is enough"],
    ["not an object", (s) => (s.products[0].demand = 5), "products[0].demand: must be an object { … }, got 5"],
  ];
  for (const [title, mutate, expected] of cases) {
    it(`rejects ${title}`, () => {
      expect(errorsOf(mutate)).toContain(expected);
    });
  }

  it("rejects more than 5,000 products", () => {
    const errors = errorsOf((s) => {
      s.products = Array.from({ length: 5001 }, (_, i) => ({ ...s.products[0], id: `p${i}` }));
    });
    expect(errors).toEqual(["products: must list at most 5,000 products, got 5,001; split the catalogue into several scenarios"]);
  });

  it("reports every problem at once, structural and cross-file alike", () => {
    const errors = errorsOf((s) => {
      s.horizonDays = 0;
      s.products[0].price = -3;
      s.products[0].sourcing = { supplier: "acme" };
      s.products[1].policy = { kind: "sS", reorderPoint: 9, orderUpTo: 4 };
      s.suppliers[0].leadTimeDays = { kind: "fixed", value: -3 };
      s.suppliers[1].id = "local";
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        "horizonDays: must be ≥ 1, got 0",
        "products[0].price: must be ≥ 0, got -3",
        'products[0].sourcing.supplier: unknown supplier "acme"; known suppliers: local',
        "products[1].policy.reorderPoint: must be ≤ orderUpTo (4), got 9",
        "suppliers[0].leadTimeDays.value: must be ≥ 0, got -3",
        'suppliers[1].id: duplicate supplier id "local" (already used by suppliers[0])',
        'products[1].sourcing.split[1].supplier: unknown supplier "overseas"; known suppliers: local',
      ]),
    );
    expect(errors).toHaveLength(7);
  });

  it("rejects a scenario that is not an object", () => {
    for (const v of [null, 3, "3", "[]", [], undefined]) {
      const r = parseScenario(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].message).toMatch(/^a scenario must be a JSON object/);
    }
  });
});

describe("parseScenario warnings", () => {
  it("warns when price is below unit cost", () => {
    expect(warningsOf((s) => (s.products[0].price = 300))).toContain("products[0].price: price 300 is below unit cost 400: every unit sold loses money");
  });
  it("warns when price is below cost after the supplier's multiplier", () => {
    expect(warningsOf((s) => (s.products[0].price = 420))).toContain(
      "products[0].price: price 420 is below the purchase cost 440 after the supplier's unitCostMultiplier",
    );
  });
  it("warns when weekly multipliers average far from 1", () => {
    expect(warningsOf((s) => (s.products[0].demand.weekly = [1.5, 1.5, 1.5, 1.5, 1.5, 2, 1.7]))).toContain(
      "products[0].demand.weekly: weekly multipliers average 1.6, so demand runs about 60 % above ordersPerDay; normalise them to average 1 if ordersPerDay is already the average",
    );
  });
  it("warns about a normal lead time with much mass below zero", () => {
    const w = warningsOf((s) => (s.suppliers[0].leadTimeDays = { kind: "normal", mean: 3, sd: 3 }));
    // P(Z < -1) = 0.1587 → 16 %.
    expect(w).toContain(
      "suppliers[0].leadTimeDays: a normal with mean 3 and sd 3 puts 16 % of draws below 0, which are clamped; a lognormal or gamma keeps the mean",
    );
  });
  it("warns about an unused supplier and few runs", () => {
    const w = warningsOf((s) => {
      s.products[1].sourcing = { supplier: "local" };
      s.runs = 10;
    });
    expect(w).toContain('suppliers[1].id: no product is sourced from supplier "overseas"');
    expect(w).toContain("runs: only 10 runs: spreads and confidence intervals will be rough (30 or more recommended)");
  });
  it("warns about a scheduled event after the horizon", () => {
    expect(warningsOf((s) => (s.products[1].demand.shocks[0].startDay = 120))).toContain(
      "products[1].demand.shocks[0].startDay: day 120 is after the horizon (90 days): this event never happens",
    );
  });
});

describe("parseScenarioText", () => {
  it("parseScenario(text) parses JSON text too", () => {
    const r = parseScenario(JSON.stringify(validScenario()));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario).toStrictEqual(validScenario());
    const bad = parseScenario("{ oops");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].message).toBe('not valid JSON (line 1, column 3): expected a field name in double quotes, got "o"');
  });

  it("parseScenarioText(text) parses a JSON scenario", () => {
    const r = parseScenarioText(JSON.stringify(validScenario(), null, 2), "shop.json");
    expect(r.ok).toBe(true);
  });
  it("parseScenarioText(text) reports JSON syntax errors with file, line and column", () => {
    const r = parseScenarioText('{\n  "version": 1,\n  "name": "x",\n}', "shop.json");
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { path: "", message: "not valid JSON (shop.json, line 4, column 1): a comma before } (trailing commas are not allowed in JSON)" },
      ]);
  });
  it("parseScenarioText(text) points at a missing comma", () => {
    const r = parseScenarioText('{\n  "version": 1\n  "name": "x"\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatIssue(r.errors[0])).toBe('not valid JSON (line 3, column 3): expected , or } after the value of "version", got "\\""');
  });
  it("parseScenarioText(text) explains NaN, comments, single quotes and truncation", () => {
    const msg = (t: string) => {
      const r = parseScenarioText(t);
      return r.ok ? "" : r.errors[0].message;
    };
    expect(msg('{"a": NaN}')).toBe("not valid JSON (line 1, column 7): NaN is not a number JSON allows");
    expect(msg('{"a": 1 // x\n}')).toBe("not valid JSON (line 1, column 9): comments are not allowed in JSON");
    expect(msg("{'a': 1}")).toBe('not valid JSON (line 1, column 2): expected a field name in double quotes, got "\'"');
    expect(msg('{"a": [1, 2')).toBe("not valid JSON (line 1, column 12): expected , or ] in the list, got end of text");
    expect(msg("")).toBe("not valid JSON (line 1, column 1): the text ends where a value was expected");
  });
  it("parseScenarioText(text) rejects a field written twice", () => {
    const text = JSON.stringify(validScenario(), null, 2).replace('"runs": 100,', '"runs": 100,\n  "runs": 5,');
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(formatIssue)).toEqual(['runs: "runs" is written twice in the same object (line 9); only one can count']);
  });
  it("parseScenarioText(text) accepts a byte-order mark", () => {
    expect(parseScenarioText("\ufeff" + JSON.stringify(validScenario())).ok).toBe(true);
  });
});
