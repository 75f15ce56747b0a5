/**
 * Every registered sourcing kind (src/engine/kinds/sourcing/index.ts) on the examples its own
 * generator makes: they parse, compile and run (ordering from the suppliers they name), go through
 * the product CSV as far as the flat table holds them, are recognised without `kind` as older files
 * wrote them, and name their suppliers consistently. A kind added to the table is tested here
 * without a line of test code.
 */
import { readFileSync } from "node:fs";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { SOURCING_KIND_NAMES, SOURCING_KINDS, sourcingKindOf } from "../../src/engine/kinds/sourcing/index.ts";
import { createRunOutput, RAW } from "../../src/engine/metrics.ts";
import type { Sourcing } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";
import { legacySourcingKind, sourcingSupplierIds, usualSuppliers } from "../../src/engine/sourcing.ts";
import { parseProductsCsv, productsToCsv } from "../../src/io/catalogCsv.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { scenarioWarnings } from "../../src/io/warnings.ts";
import { product, scenario, supplier } from "./fixtures.ts";

const SUPPLIERS = ["s0", "s1", "s2"];

function examples(kind: (typeof SOURCING_KIND_NAMES)[number], n = 12): Sourcing[] {
  const u = seedrandom(`sourcing-kind-${kind}`);
  return Array.from({ length: n }, () => {
    const ids = SUPPLIERS.slice(0, Math.max(SOURCING_KINDS[kind].minSuppliers, 1 + Math.floor(u() * SUPPLIERS.length)));
    return SOURCING_KINDS[kind].example({ u, supplierIds: ids });
  });
}

describe("sourcing kinds", () => {
  it("the table names each kind by its own key, with words for people", () => {
    for (const k of SOURCING_KIND_NAMES) {
      const def = SOURCING_KINDS[k];
      expect(def.kind).toBe(k);
      for (const text of [def.label, def.words, def.description]) expect(text.length, k).toBeGreaterThan(3);
      expect(def.minSuppliers).toBeGreaterThanOrEqual(1);
      expect(def.legacyFields.length, k).toBeGreaterThan(0);
    }
  });

  it("docs/model.md describes every kind", () => {
    const model = readFileSync(new URL("../../docs/model.md", import.meta.url), "utf8");
    for (const k of SOURCING_KIND_NAMES) expect(model, k).toContain(`"kind": "${k}"`);
  });

  for (const kind of SOURCING_KIND_NAMES) {
    describe(kind, () => {
      const list = examples(kind);

      it("its examples parse, run (ordering from their usual suppliers) and give no warning", () => {
        for (const sourcing of list) {
          const s = scenario([product("a", { sourcing, policy: { kind: "sS", reorderPoint: 5, orderUpTo: 20 }, initialOnHand: 0 })], {
            horizonDays: 40,
            warmupDays: 0,
            suppliers: SUPPLIERS.map((id) => supplier(id, { leadTimeDays: { kind: "fixed", value: 2 } })),
          });
          const parsed = parseScenario(JSON.parse(JSON.stringify(s)));
          expect(parsed.ok ? [] : parsed.errors, JSON.stringify(sourcing)).toEqual([]);
          if (!parsed.ok) continue;
          expect(
            scenarioWarnings(parsed.scenario).filter((w) => w.path.includes("sourcing")),
            JSON.stringify(sourcing),
          ).toEqual([]);
          const model = compileScenario(parsed.scenario);
          expect([...model.products[0].suppliers].map((i) => SUPPLIERS[i])).toEqual(sourcingSupplierIds(sourcing));
          const out = createRunOutput(model.nProducts, model.horizonDays);
          simulateRun(model, 0, out);
          expect(out.raw[RAW.unitsOrdered], JSON.stringify(sourcing)).toBeGreaterThan(0);
        }
      });

      it("its suppliers: the usual ones are among those named, with shares adding up to 1", () => {
        for (const sourcing of list) {
          const ids = sourcingSupplierIds(sourcing);
          const usual = usualSuppliers(sourcing);
          for (const x of usual) expect(ids).toContain(x.id);
          expect(usual.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 9);
          for (const ref of sourcingKindOf(sourcing).suppliers(sourcing)) {
            // Each reference's path leads to its id inside the sourcing.
            const at = ref.path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], sourcing);
            expect(at).toBe(ref.id);
          }
        }
      });

      it("written without kind, as before sourcing had one, its fields tell the kind", () => {
        for (const sourcing of list) {
          const { kind: _k, ...rest } = sourcing;
          expect(legacySourcingKind(rest)).toBe(kind);
        }
      });

      it("the product CSV: what it holds comes back unchanged, and what it cannot hold is listed as lost", () => {
        const products = list.map((sourcing, i) => product(`p${i}`, { sourcing }));
        const csv = productsToCsv(products);
        const back = parseProductsCsv(csv.text, { supplierIds: SUPPLIERS });
        expect(back.errors).toEqual([]);
        list.forEach((sourcing, i) => {
          const { lost } = sourcingKindOf(sourcing).toCsv(sourcing);
          if (lost === null) expect(back.items[i].sourcing).toEqual(sourcing);
          else {
            expect(csv.lost).toContain(`p${i}: ${lost}`);
            expect(sourcingSupplierIds(back.items[i].sourcing)[0]).toBe(sourcingSupplierIds(sourcing)[0]);
          }
        });
      });

      it("switching to it in the editor keeps the first supplier", () => {
        const s = SOURCING_KINDS[kind].fromSuppliers("s0", "s1");
        expect(s.kind).toBe(kind);
        expect(sourcingSupplierIds(s)[0]).toBe("s0");
      });
    });
  }
});
