import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { getLevel } from "../../src/analysis/policyLevel.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/backorder-lab.mjs");
const SHOP = join(ROOT, "scenarios/default-shop.json");
const RESTOCK = join(ROOT, "scenarios/restock-surge.json");
const dir = mkdtempSync(join(tmpdir(), "bl-plan-"));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const COMMON = ["--runs", "16", "--horizon", "120"];
const EXTRA = ["--backorders", "--aggregate", "fillRate>=0.92"];

describe("backorder-lab plan", () => {
  it("plan --shard 1/3 … 3/3 then merge gives exactly the one-shot plan (on worker threads), its CSV and the scenario with the plan applied", async () => {
    const parts = [1, 2, 3].map((k) => join(dir, `plan-${k}.json`));
    const shards = await Promise.all(
      [1, 2, 3].map((k) => cli("plan", SHOP, "--target", "fillRate>=0.9", ...COMMON, ...EXTRA, "--workers", "0", "--shard", `${k}/3`, "--out", parts[k - 1])),
    );
    shards.forEach((r, k) => {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`plan shard ${k + 1}/3`);
    });
    const csv = join(dir, "plan.csv");
    const applied = join(dir, "planned.json");
    const [merged, one] = await Promise.all([
      cli("merge", ...[...parts].reverse(), "--json", "--csv", csv, "--scenario", SHOP, "--apply", applied),
      cli("plan", SHOP, "--target", "fillRate>=0.9", ...COMMON, ...EXTRA, "--workers", "2", "--json"),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(one.code, one.stderr).toBe(0);
    const a = JSON.parse(merged.stdout);
    const b = JSON.parse(one.stdout);
    expect(a.products).toEqual(b.products);
    expect(a.summary).toEqual(b.summary);
    expect(a.aggregate).toEqual(b.aggregate);
    expect(b.aggregate.reached).toBe(true);
    expect(b.aggregate.fillRate).toBeGreaterThanOrEqual(0.92);
    expect(b.summary.backorders.allow + b.summary.backorders.cap + b.summary.backorders.deny).toBe(12);
    expect(b.products).toHaveLength(12);
    for (const p of b.products) {
      expect(["settled", "close", "minimum", "unreachable"]).toContain(p.status);
      expect(p.planned_kpis.runs).toBe(16);
      if (p.status === "settled" || p.status === "close") expect(p.planned_kpis.fillRate.mean).toBeGreaterThanOrEqual(0.9);
    }
    // One CSV row per product, with its name and the planned level.
    const rows = Papa.parse<Record<string, string>>(readFileSync(csv, "utf8").replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.id)).toEqual(b.products.map((p: { id: string }) => p.id));
    expect(rows.map((r) => Number(r.planned_level))).toEqual(b.products.map((p: { planned: number }) => p.planned));
    expect(rows[0].name).toBe(b.products[0].name);
    // The scenario with the plan applied is a valid scenario carrying every planned policy.
    const parsed = parseScenario(JSON.parse(readFileSync(applied, "utf8")));
    expect(parsed.ok).toBe(true);
    // … with the catalogue-wide answer's levels and the recommended backorder settings.
    if (parsed.ok)
      b.products.forEach((p: { id: string; param: string; backorders: { recommended: unknown } }) => {
        const got = parsed.scenario.products.find((x) => x.id === p.id)!;
        const level = b.aggregate.levels.find((x: { id: string }) => x.id === p.id).value;
        expect(getLevel(got.policy, p.param as never), p.id).toBe(level);
        expect(got.backorders).toEqual(p.backorders.recommended);
      });
    expect(rows[0].aggregate_level).toBe(String(b.aggregate.levels[0].value));
  });

  it("refuses bad targets, coupled scenarios and gaps between shards with a clear message", async () => {
    const bad = await cli("plan", SHOP, "--target", "fillRate<=0.9", "--workers", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fillRate>=/);
    const coupled = await cli("plan", RESTOCK, "--target", "fillRate>=0.9", "--workers", "0", "--runs", "2");
    expect(coupled.code).toBe(2);
    expect(coupled.stderr).toMatch(/do not interact.*optimize/s);
    const cls = await cli("plan", SHOP, "--target", "nosuch:fillRate>=0.9", "--workers", "0", "--runs", "2");
    expect(cls.code).toBe(2);
    expect(cls.stderr).toMatch(/no target for 12 products/);
    const part = join(dir, "gap-1.json");
    expect(
      (await cli("plan", SHOP, "--target", "fillRate>=0.9", "--runs", "4", "--horizon", "60", "--workers", "0", "--shard", "1/3", "--out", part)).code,
    ).toBe(0);
    const gap = await cli("merge", part);
    expect(gap.code).toBe(2);
    expect(gap.stderr).toMatch(/in no shard/);
    // A plan shard is a checksummed shard file: an edited one is refused before any figure is used.
    const edited = join(dir, "edited-1.json");
    writeFileSync(
      edited,
      readFileSync(part, "utf8").replace(/"planned":(\d+)/, (_m, v) => `"planned":${Number(v) + 1}`),
    );
    const bad2 = await cli("merge", edited);
    expect(bad2.code).toBe(2);
    expect(bad2.stderr).toMatch(/checksum/);
  });
});
