import { describe, expect, it } from "vitest";
import { SCENARIO_VERSION } from "../../src/engine/scenario.ts";
import { formatIssue } from "../../src/io/issue.ts";
import { FIELD_RENAMES, KIND_RENAMES, migrateScenario, VERSION_STEPS } from "../../src/io/migrate.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { validScenario } from "./fixtures.ts";

describe("migrateScenario", () => {
  it("migrateScenario(current version) returns the same object and no warnings", () => {
    const s = validScenario();
    const r = migrateScenario(s);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toBe(s);
      expect(r.warnings).toEqual([]);
      expect(r.fromVersion).toBe(1);
    }
  });

  it("migrateScenario(newer version) is refused with a clear message", () => {
    const r = migrateScenario({ ...validScenario(), version: SCENARIO_VERSION + 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatIssue(r.errors[0])).toMatch(/^version: this scenario was made by a newer Backorder Lab \(format version 2\)/);
  });

  it("migrateScenario(version 0 or 0.5) is refused: no such format was published", () => {
    for (const v of [0, 0.5, 1.5, -1]) {
      const r = migrateScenario({ ...validScenario(), version: v });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].message).toBe(`unknown format version ${v}; Backorder Lab formats start at version 1`);
    }
  });

  it("has a step from every older published version up to the current one", () => {
    // Version 1 is the first public format; when a step is added it must chain up to SCENARIO_VERSION.
    let v = 1;
    for (const step of VERSION_STEPS) {
      expect(step.from).toBe(v);
      expect(step.to).toBe(v + 1);
      v = step.to;
    }
    expect(v).toBe(SCENARIO_VERSION);
  });

  it("migrateScenario(old version) applies each registered step in order and reports it", () => {
    const steps = [
      { from: 1, to: 2, summary: "runs became trials", up: ({ runs, ...rest }: any) => ({ ...rest, trials: runs }) },
      { from: 2, to: 3, summary: "trials moved under montecarlo", up: ({ trials, ...rest }: any) => ({ ...rest, montecarlo: { trials } }) },
    ];
    const input = { version: 1, runs: 7, name: "x" };
    const r = migrateScenario(input, steps, 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({ version: 3, name: "x", montecarlo: { trials: 7 } });
    expect(r.fromVersion).toBe(1);
    expect(r.warnings.map(formatIssue)).toEqual([
      "version: upgraded from format version 1 to 2: runs became trials",
      "version: upgraded from format version 2 to 3: trials moved under montecarlo",
    ]);
    expect(input).toEqual({ version: 1, runs: 7, name: "x" });
    const gap = migrateScenario({ version: 1 }, [steps[1]], 3);
    expect(gap.ok).toBe(false);
    if (!gap.ok) expect(gap.errors[0].message).toBe("format version 1 cannot be upgraded: no migration from it is known");
  });

  it('migrateScenario reads "fulfilment" as "fulfillment" and says so', () => {
    const s = { ...validScenario(), fulfilment: { capacityOrdersPerDay: 50, splitShipments: true } };
    const r = parseScenario(s);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.fulfillment).toEqual({ capacityOrdersPerDay: 50, splitShipments: true });
    expect("fulfilment" in r.scenario).toBe(false);
    expect(r.warnings.map(formatIssue)).toContain('fulfilment: read as "fulfillment" (earlier spelling); save the scenario to update it');
  });

  it("migrateScenario refuses both spellings at once rather than pick one", () => {
    const s = { ...validScenario(), fulfilment: { capacityOrdersPerDay: 50 }, fulfillment: { capacityOrdersPerDay: 60 } };
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(formatIssue)).toEqual(['fulfilment: both "fulfilment" and "fulfillment" are given; keep only "fulfillment"']);
  });

  it("migrateScenario reads kind spellings such as logNormal and negbin, with a warning each", () => {
    const s = validScenario();
    s.suppliers[0].leadTimeDays = { kind: "logNormal", mean: 6, sd: 2 };
    s.products[1].demand.orderCount = { kind: "negbin", dispersion: 4 };
    s.products[0].policy = { kind: "base-stock", orderUpTo: 12 };
    const r = parseScenario(s);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.suppliers[0].leadTimeDays.kind).toBe("lognormal");
    expect(r.scenario.products[1].demand.orderCount.kind).toBe("negativeBinomial");
    expect(r.scenario.products[0].policy.kind).toBe("baseStock");
    expect(r.warnings.map(formatIssue)).toEqual(
      expect.arrayContaining([
        'suppliers[0].leadTimeDays.kind: "logNormal" read as "lognormal" (earlier spelling); save the scenario to update it',
        'products[1].demand.orderCount.kind: "negbin" read as "negativeBinomial" (earlier spelling); save the scenario to update it',
        'products[0].policy.kind: "base-stock" read as "baseStock" (earlier spelling); save the scenario to update it',
      ]),
    );
  });

  it("migrateScenario renames product and supplier fields", () => {
    const s = validScenario();
    s.products[0].backOrders = s.products[0].backorders;
    delete s.products[0].backorders;
    s.suppliers[1].leadTime = s.suppliers[1].leadTimeDays;
    delete s.suppliers[1].leadTimeDays;
    const r = parseScenario(s);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario).toStrictEqual(validScenario());
  });

  it("every registered spelling maps to a name the current format knows", () => {
    const kinds = new Set([
      "fixed",
      "uniform",
      "triangular",
      "normal",
      "lognormal",
      "gamma",
      "exponential",
      "poisson",
      "empirical",
      "negativeBinomial",
      "baseStock",
      "sS",
      "rQ",
      "safetyStock",
    ]);
    for (const to of Object.values(KIND_RENAMES)) expect(kinds.has(to), to).toBe(true);
    for (const r of FIELD_RENAMES) expect(r.from).not.toBe(r.to);
  });

  it("an unregistered misspelling is an error, never silently read", () => {
    const s = { ...validScenario(), fullfilment: { capacityOrdersPerDay: 50 } };
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(formatIssue)).toEqual(['fullfilment: unknown field "fullfilment"; did you mean "fulfillment"?']);
  });

  it("a sourcing written without kind gets the kind its fields tell, without a warning, and is written back with it", () => {
    const s = validScenario();
    for (const p of s.products) delete p.sourcing.kind;
    s.products[0].sourcing = { primary: "local", backup: "overseas" };
    const r = parseScenario(s);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.filter((w) => w.path.includes("sourcing"))).toEqual([]);
    expect(r.scenario.products.map((p) => p.sourcing.kind)).toEqual(["backup", "split"]);
    expect(r.scenario.products[0].sourcing).toEqual({ kind: "backup", primary: "local", backup: "overseas" });
    expect(JSON.parse(JSON.stringify(r.scenario)).products[1].sourcing.kind).toBe("split");
    expect(migrateScenario(s).ok && (s.products[0].sourcing as { kind?: string }).kind).toBe(undefined);
  });

  it("a sourcing with an unknown kind, or in no known form, is refused with the forms allowed", () => {
    const s = validScenario();
    s.products[0].sourcing = { kind: "dual", supplier: "local" };
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(formatIssue)).toEqual(['products[0].sourcing.kind: unknown kind "dual"; allowed: single, backup, split']);
    s.products[0].sourcing = { kind: "single" };
    const missing = parseScenario(s);
    expect(!missing.ok && missing.errors.map(formatIssue)).toEqual(["products[0].sourcing.supplier: is required"]);
  });
});
