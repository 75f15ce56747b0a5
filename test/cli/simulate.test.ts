import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { METRICS } from "../../src/engine/metrics.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/backorder-lab.mjs");
const SHOP = join(ROOT, "scenarios/default-shop.json");
const dir = mkdtempSync(join(tmpdir(), "bl-simulate-"));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const SUMMARY_KEYS = ["mean", "sd", "se", "ci95", "p05", "p50", "p95", "min", "max"];

describe("backorder-lab simulate", () => {
  it("simulate default-shop --json prints the documented document", async () => {
    const r = await cli("simulate", SHOP, "--runs", "12", "--workers", "0", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).slice(0, 9)).toEqual(["scenario", "runs", "seed", "horizonDays", "workers", "elapsedMs", "skuDaysPerSecond", "total", "products"]);
    const shop = JSON.parse(readFileSync(SHOP, "utf8"));
    expect(doc).toMatchObject({ scenario: shop.name, runs: 12, seed: shop.seed, horizonDays: shop.horizonDays, workers: 0 });
    expect(Object.keys(doc.total).sort()).toEqual([...METRICS].sort());
    for (const m of METRICS) expect(Object.keys(doc.total[m])).toEqual(SUMMARY_KEYS);
    expect(Object.keys(doc.products)).toEqual(shop.products.map((p: { id: string }) => p.id));
    expect(doc.total.fillRate.min).toBeLessThanOrEqual(doc.total.fillRate.mean);
    expect(doc.total.fillRate.mean).toBeLessThanOrEqual(doc.total.fillRate.max);
    expect(doc.daily.series.onHand.mean).toHaveLength(shop.horizonDays);
  });

  it("simulate's report gives every product figure with the half-width of its interval, matching --json", async () => {
    const [text, json] = await Promise.all([
      cli("simulate", SHOP, "--runs", "12", "--workers", "0"),
      cli("simulate", SHOP, "--runs", "12", "--workers", "0", "--json"),
    ]);
    expect(text.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    const sofa = text.stdout.split("\n").find((l) => l.startsWith("sofa "))!;
    // Six figures, each "mean ±half".
    expect(sofa.match(/±/g)).toHaveLength(6);
    const fill = doc.products.sofa.fillRate;
    const half = ((fill.ci95[1] - fill.ci95[0]) / 2) * 100;
    expect(sofa).toContain(`${(fill.mean * 100).toFixed(1)} % ±${half.toFixed(half < 0.1 ? 2 : 1)}`);
    expect(text.stdout).toMatch(/per product: mean across runs ± half-width of its 95 % confidence interval/);
  });

  it("simulate --shard 1/3, 2/3, 3/3 then merge --json equals the one-shot run on worker threads", async () => {
    const parts = [1, 2, 3].map((k) => join(dir, `part-${k}.json`));
    for (let k = 1; k <= 3; k++) {
      const r = await cli("simulate", SHOP, "--runs", "9", "--workers", "0", "--shard", `${k}/3`, "--out", parts[k - 1]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`shard ${k}/3`);
    }
    const merged = await cli("merge", ...parts.reverse(), "--json");
    expect(merged.code).toBe(0);
    const one = await cli("simulate", SHOP, "--runs", "9", "--workers", "2", "--json");
    expect(one.code).toBe(0);
    const a = JSON.parse(merged.stdout);
    const b = JSON.parse(one.stdout);
    expect(b.workers).toBe(2);
    expect(a.total).toEqual(b.total);
    expect(a.products).toEqual(b.products);
    expect(a.runs).toBe(9);
  });

  it("simulate with a malformed scenario exits 2 naming the file, the JSON path and the reason", async () => {
    const bad = JSON.parse(readFileSync(SHOP, "utf8"));
    bad.products[1].price = -5;
    const file = join(dir, "bad-price.json");
    writeFileSync(file, JSON.stringify(bad, null, 2));
    const r = await cli("simulate", file, "--runs", "5");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain("products[1].price");
    expect(r.stdout).toBe("");

    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{\n  "version": 1,\n  "name": "x",,\n}');
    const s = await cli("simulate", broken);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain(broken);
    expect(s.stderr).toMatch(/line 3/);

    const missing = join(dir, "no-such-file.json");
    const m = await cli("simulate", missing);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain(missing);
  });

  it("simulate refuses a run estimateWork calls too big, with the estimate, before running", async () => {
    const r = await cli("simulate", SHOP, "--runs", "10000000", "--horizon", "3650", "--workers", "0");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(SHOP);
    expect(r.stderr).toMatch(/product-days/);
  });

  it("merge refuses overlapping shards and non-shard files with exit 2", async () => {
    const part = join(dir, "one-part.json");
    expect((await cli("simulate", SHOP, "--runs", "4", "--workers", "0", "--shard", "1/2", "--out", part)).code).toBe(0);
    const twice = await cli("merge", part, part);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/included twice/);
    const notShard = await cli("merge", SHOP);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toContain("not a shard file");
  });
});
