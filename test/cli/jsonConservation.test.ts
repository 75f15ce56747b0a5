/**
 * `simulate --json` carries every count the conservation identities of docs/model.md §6 need, as
 * exact sums over runs (`counts`), in total and per product; the four identities (units, stock,
 * replenishment pipeline, order lines) hold on them exactly, for every shipped example.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COUNT_FIELDS, identityBreaks, type CountField } from "../../src/engine/metrics.ts";
import { cli } from "./runCli.ts";

const DIR = join(import.meta.dirname, "../../scenarios");
const EXAMPLES = readdirSync(DIR).filter((f) => f.endsWith(".json") && f !== "scenario.schema.json" && f !== "bench.json");

type Counts = Record<CountField, number>;

function checkCounts(c: Counts, where: string): void {
  expect(Object.keys(c), where).toEqual([...COUNT_FIELDS]);
  for (const f of COUNT_FIELDS) {
    expect(Number.isInteger(c[f]), `${f} is a whole number, ${where}`).toBe(true);
    expect(c[f], `${f} ≥ 0, ${where}`).toBeGreaterThanOrEqual(0);
  }
  expect(
    identityBreaks((f) => c[f]),
    where,
  ).toEqual([]);
}

describe("simulate --json: the counts of the conservation identities", () => {
  it.each(EXAMPLES)(
    "%s: units, stock, pipeline and order-line identities hold exactly on the JSON counts",
    async (file) => {
      const r = await cli("simulate", join(DIR, file), "--runs", "7", "--workers", "0", "--json");
      expect(r.code, r.err).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.counts, "counts in --json").toBeDefined();
      checkCounts(doc.counts.total, `${file} total`);
      const ids = Object.keys(doc.products);
      expect(Object.keys(doc.counts.products)).toEqual(ids);
      for (const id of ids) checkCounts(doc.counts.products[id], `${file} ${id}`);
      // The total is the sum of the products, and the counts that are also metrics agree with their means.
      for (const f of COUNT_FIELDS) expect(doc.counts.total[f], f).toBe(ids.reduce((a, id) => a + doc.counts.products[id][f], 0));
      for (const f of [
        "unitsDemanded",
        "unitsShipped",
        "unitsLost",
        "unitsCancelled",
        "startingWaitingUnits",
        "endingWaitingUnits",
        "ordersPlaced",
        "endingOnHand",
      ] as const)
        expect(doc.total[f].mean, f).toBeCloseTo(doc.counts.total[f] / doc.runs, 9);
      // Something moved: the identities are not satisfied by zeros alone.
      expect(doc.counts.total.unitsDemanded).toBeGreaterThan(0);
      expect(doc.counts.total.unitsReceived).toBeGreaterThan(0);
    },
    60_000,
  );

  it("worker threads carry the same counts as the in-thread run", async () => {
    const file = join(DIR, "split-vs-hold-hold.json");
    const a = JSON.parse((await cli("simulate", file, "--runs", "9", "--workers", "0", "--json")).out);
    const b = JSON.parse((await cli("simulate", file, "--runs", "9", "--workers", "2", "--json")).out);
    expect(b.counts).toEqual(a.counts);
  }, 60_000);
});
