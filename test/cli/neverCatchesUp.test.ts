/**
 * A backlog that never catches up (customers who wait forever for a product whose supply cannot keep
 * up) is refused up front, by the same work estimate, in every command and in the runner the app
 * uses: exit 2 with a message naming the product and the figures, before any run starts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { SimulationTooBigError } from "../../src/runner/errors.ts";
import { cli } from "./runCli.ts";

const DIR = join(import.meta.dirname, "../../scenarios");

/** supplier-a's first product alone: 60,000 orders a day, base stock 100, a 120-day lead time, no patience limit. */
function stuckScenario(): any {
  const s = JSON.parse(readFileSync(join(DIR, "supplier-a.json"), "utf8"));
  const p = s.products[0];
  s.products = [p];
  p.demand = { ordersPerDay: 60_000, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } };
  p.policy = { kind: "baseStock", orderUpTo: 100 };
  p.backorders = { mode: "allow" };
  delete p.customers;
  s.suppliers = s.suppliers
    .filter((x: any) => x.id === p.sourcing.supplier)
    .map((x: any) => ({ ...x, leadTimeDays: { kind: "fixed", value: 120 }, disruptions: undefined }));
  s.runs = 2;
  return s;
}

const dir = mkdtempSync(join(tmpdir(), "bl-stuck-"));
const file = join(dir, "stuck.json");
writeFileSync(file, JSON.stringify(stuckScenario()));
const NAMED =
  /product "duvet-cover": customers order about 60,000 orders a day and wait as long as it takes .* ≈ 7,259,900 order lines would wait at once \(a run stops beyond 4,194,304\)/;

describe("a backlog that never catches up is refused before it runs", () => {
  it.each([
    ["simulate", file, "--json"],
    ["simulate", file, "--shard", "1/2", "--out", join(dir, "part.json")],
    ["optimize", file, "--product", "duvet-cover"],
    ["recommend", file],
    ["compare", file, file],
    ["sensitivity", file],
    ["plan", file, "--target", "fillRate>=0.9"],
  ])("%s exits 2 naming the product and the figures", async (...args) => {
    const t0 = performance.now();
    const r = await cli(...args, "--workers", "0");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(NAMED);
    expect(r.out).toBe("");
    // Refused by the estimate, not stopped by the run's backstop (4 M waiting lines take seconds and a gigabyte).
    expect(r.err).not.toMatch(/are waiting at once/);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it("the runner the app uses rejects it with the same message", async () => {
    const err = await createInThreadRunner()
      .simulate(stuckScenario())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulationTooBigError);
    expect((err as Error).message).toMatch(NAMED);
  });
});
