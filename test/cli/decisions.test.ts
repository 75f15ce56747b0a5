import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cli } from "./runCli.ts";
import { METRICS } from "../../src/engine/metrics.ts";
import { bsPoi1Json, patienceShopJson } from "../analysis/fixtures/decisionScenarios.ts";

let dir: string;
let shop: string;
let shopB: string;
let bs: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "decisions-cli-"));
  const j = patienceShopJson();
  j.runs = 6;
  j.horizonDays = 90;
  shop = join(dir, "shop.json");
  writeFileSync(shop, JSON.stringify(j));
  j.name = "More stock";
  for (const p of j.products) p.policy.orderUpTo = 80;
  shopB = join(dir, "shop-b.json");
  writeFileSync(shopB, JSON.stringify(j));
  const b = bsPoi1Json();
  b.horizonDays = 400;
  b.warmupDays = 10;
  b.runs = 6;
  bs = join(dir, "bs.json");
  writeFileSync(bs, JSON.stringify(b));
});

afterEach(() => vi.restoreAllMocks());

describe("decision commands (--json shapes)", () => {
  it("every command prints its own usage for --help or -h and exits 0 without running", async () => {
    for (const command of ["simulate", "merge", "bench", "compare", "optimize", "recommend", "sensitivity", "fit"]) {
      for (const flag of ["--help", "-h"]) {
        const r = await cli(command, "scenarios/default-shop.json", flag);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(new RegExp(`^usage: ${command} `));
        expect(r.err).toBe("");
      }
    }
    const top = await cli("--help");
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/--shard k\/n/);
    expect(top.out).toMatch(/<command> --help lists all of a command's options/);
  });

  it("compare a.json b.json --json prints baseline, variants with paired diffs and a summary", async () => {
    const r = await cli("compare", shop, shopB, "--workers", "0", "--json");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.baseline.name).toBe("Patience shop");
    expect(Object.keys(doc.baseline.total).sort()).toEqual([...METRICS].sort());
    expect(doc.variants).toHaveLength(1);
    expect(doc.variants[0].name).toBe("More stock");
    expect(doc.variants[0].diff.profit).toEqual({
      mean: expect.any(Number),
      se: expect.any(Number),
      ci95: [expect.any(Number), expect.any(Number)],
      positive: expect.any(Number),
      negative: expect.any(Number),
    });
    expect(typeof doc.variants[0].summary).toBe("string");
  });

  it("compare a.json --variant adds a variant of the first scenario", async () => {
    const r = await cli("compare", shop, "--variant", 'products[*].backorders={"mode":"deny"}', "--workers", "0", "--json", "--runs", "3");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.runs).toBe(3);
    expect(doc.variants[0].name).toBe('products[*].backorders={"mode":"deny"}');
    expect(doc.variants[0].total.lostSalesRate.mean).toBeGreaterThan(0);
  });

  it("optimize --json prints product, param, objective, grid and best with confidence", async () => {
    const r = await cli("optimize", bs, "--product", "item", "--objective", "minCost", "--grid", "6:10", "--workers", "0", "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ product: "item", param: "orderUpTo", objective: "minCost" });
    expect(doc.grid.map((g: { value: number }) => g.value)).toEqual([6, 7, 8, 9, 10]);
    expect(Object.keys(doc.grid[0].total)).toContain("costPerDay");
    expect(doc.best).toMatchObject({
      value: expect.any(Number),
      confidence: { metric: "costPerDay", neighbours: expect.any(Array), statement: expect.any(String) },
    });
  });

  it("recommend --json prints a recommendation and options per product", async () => {
    const r = await cli("recommend", shop, "--workers", "0", "--json", "--runs", "3", "--max-cancel", "15%", "--min-gain", "2%");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.guardrails).toEqual({ maxCancellationRate: 0.15, minPromiseKeptRate: 0.8, minProfitGain: 0.02 });
    expect(Object.keys(doc.products)).toEqual(["patient", "impatient"]);
    const p = doc.products.patient;
    expect(p.recommended).toHaveProperty("mode");
    expect(typeof p.reason).toBe("string");
    expect(p.options[0]).toMatchObject({ backorders: { mode: "deny" }, total: { profit: { mean: expect.any(Number) } } });
    // The whole shop with every change applied, when any changes.
    const changed = Object.values(doc.products as Record<string, { current: unknown; recommended: unknown }>).filter(
      (x) => JSON.stringify(x.current) !== JSON.stringify(x.recommended),
    ).length;
    if (changed > 0)
      expect(doc.shop).toMatchObject({ changed, diff: { profit: { mean: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)] } } });
    else expect(doc.shop).toBeUndefined();
  });

  it("sensitivity --json prints tornado bars", async () => {
    const r = await cli("sensitivity", shop, "--by", "0.1", "--workers", "0", "--json", "--runs", "3");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.by).toBe(0.1);
    expect(doc.inputs).toHaveLength(6);
    expect(doc.inputs[0]).toMatchObject({
      input: expect.any(String),
      low: { factor: 0.9, diff: { profit: { mean: expect.any(Number) } } },
      high: { factor: 1.1 },
    });
  });

  it("the human outputs name the key figures", async () => {
    const r = await cli("optimize", bs, "--product", "item", "--grid", "7:9", "--workers", "0");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/orderUpTo/);
    expect(r.out).toMatch(/◀ best/);
    // Every level's five figures with the half-width of their interval.
    const best = r.out.split("\n").find((l) => l.includes("◀ best"))!;
    expect(best.match(/ ± /g)).toHaveLength(5);
    expect(r.out).toMatch(/means across runs ± half-width of their 95 % confidence interval/);

    const rec = await cli("recommend", shop, "--workers", "0", "--runs", "3");
    expect(rec.code).toBe(0);
    // The refusing option: profit, fill rate and lost sales each with its half-width (nobody waits).
    const deny = rec.out.split("\n").find((l) => /^\s+deny\s/.test(l))!;
    expect(deny.match(/ ± /g)).toHaveLength(3);
    expect(rec.out).toMatch(/means ± the half-width of their 95 % confidence interval/);
    // The shop-level summary first, as the app's Backorder policy view gives it.
    expect(rec.out).toMatch(
      /^For the shop: allow \d+ products?, cap \d+, deny \d+; \d+ of 2 change from their setting now\.\n(Applying all \d+ changes?, simulated for the whole shop against the shop as it is: (it earns \S+ ± \S+ (more|less) profit|no clear difference in profit) over the horizon; .*\(95 % intervals\)\.|Every product's setting is already the recommended one\.)\n/,
    );

    const sens = await cli("sensitivity", shop, "--workers", "0", "--runs", "3");
    expect(sens.code).toBe(0);
    expect(sens.out).toMatch(/^Base: profit \D*[\d,.]+ ± [\d,.]+, backorder rate [\d.]+ % ± [\d.]+ pts \(95 % intervals\)/);
  });
});

describe("decision commands (bad input exits 2 with a message naming the problem)", () => {
  const cases: [string, string[], RegExp][] = [
    ["compare with one file", ["compare", "SHOP"], /two or more scenarios/],
    ["missing file", ["compare", "SHOP", "/nonexistent/x.json"], /\/nonexistent\/x\.json: cannot read file/],
    ["invalid scenario", ["recommend", "BAD"], /bad\.json.*products\[0\]\.price/s],
    ["bad variant path", ["compare", "SHOP", "--variant", "products[sofa].price=3"], /no element with id 'sofa'/],
    ["unknown product", ["optimize", "SHOP", "--product", "sofa"], /no product 'sofa'/],
    ["bad objective", ["optimize", "SHOP", "--product", "patient", "--objective", "cheapest"], /objective must be/],
    ["bad parameter", ["optimize", "SHOP", "--product", "patient", "--param", "orderQuantity"], /no parameter 'orderQuantity'/],
    ["bad grid", ["optimize", "SHOP", "--product", "patient", "--grid", "9:3"], /--grid/],
    ["bad guardrail", ["recommend", "SHOP", "--max-cancel", "3"], /--max-cancel/],
    ["bad quote buffers", ["recommend", "SHOP", "--buffers", "0,2.5"], /--buffers/],
    ["bad minimum gain", ["recommend", "SHOP", "--min-gain", "150%"], /--min-gain/],
    ["bad --by", ["sensitivity", "SHOP", "--by", "2"], /--by/],
    ["unknown option", ["sensitivity", "SHOP", "--bogus"], /unknown option --bogus/],
    ["bad runs", ["compare", "SHOP", "SHOP", "--runs", "0"], /--runs/],
  ];
  for (const [title, args, message] of cases) {
    it(`${title} → exit 2`, async () => {
      const bad = join(dir, "bad.json");
      const j = patienceShopJson();
      j.products[0].price = -5;
      writeFileSync(bad, JSON.stringify(j));
      const r = await cli(...args.map((a) => (a === "SHOP" ? shop : a === "BAD" ? bad : a)), "--workers", "0");
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
    });
  }
});
