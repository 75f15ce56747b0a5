/** `simulate --csv` and `merge --csv`: the result's CSV files, with hostile product ids escaped. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { validScenario } from "../io/fixtures.ts";
import { cli } from "./runCli.ts";

const dir = mkdtempSync(join(tmpdir(), "bl-csv-"));
const IDS = [" =1+1", '\u00a0=HYPERLINK("http://x")'];

function cells(file: string): string[] {
  const text = readFileSync(file, "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  return Papa.parse<string[]>(text.slice(1).trimEnd(), { newline: "\r\n" }).data.flat();
}

/** A cell a spreadsheet would run: first non-blank character a formula sign, and not a plain number. */
const runs = (c: string) => /^[ \u00a0]*[=+\-@＝＋－＠\t\r\n]/.test(c) && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(c);

describe("command-line CSV exports", () => {
  it("simulate --csv F.csv and merge --csv DIR write the three files with formula-like ids escaped", async () => {
    const s = validScenario();
    s.horizonDays = 20;
    s.warmupDays = 0;
    s.runs = 4;
    s.products[0].id = IDS[0];
    s.products[1].id = IDS[1];
    const file = join(dir, "hostile.json");
    writeFileSync(file, JSON.stringify(s));
    const r = await cli("simulate", file, "--workers", "0", "--csv", join(dir, "run.csv"));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("CSV written");
    for (const f of ["run.csv", "run.daily.csv", "run.product-daily.csv"]) expect(cells(join(dir, f)).filter(runs), f).toEqual([]);
    const summary = cells(join(dir, "run.csv"));
    for (const id of IDS) expect(summary).toContain("'" + id);

    for (const k of [1, 2]) expect((await cli("simulate", file, "--workers", "0", "--shard", `${k}/2`, "--out", join(dir, `p${k}.json`))).code).toBe(0);
    const m = await cli("merge", join(dir, "p1.json"), join(dir, "p2.json"), "--csv", join(dir, "merged"));
    expect(m.code, m.err).toBe(0);
    expect(readFileSync(join(dir, "merged", "summary.csv"), "utf8")).toBe(readFileSync(join(dir, "run.csv"), "utf8"));
    expect(cells(join(dir, "merged", "product-daily.csv")).filter(runs)).toEqual([]);
  });

  it("simulate --shard with --csv is refused: a shard holds part of the runs", async () => {
    const r = await cli("simulate", join(dir, "hostile.json"), "--shard", "1/2", "--csv", join(dir, "x.csv"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("--csv is written by merge");
  });
});
