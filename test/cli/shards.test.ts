/**
 * Shard files as a batch scheduler leaves them: edited, cut off, mixed up between jobs, given twice.
 * Each kind of damage is its own case; every one must be refused with exit 2 naming the file and
 * what is wrong, and honest shards must still merge into exactly the one-shot result.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkShardSet, readShard, shardRange, shardText, ShardError, type ShardHeader } from "../../src/io/shardFile.ts";
import { cli } from "./runCli.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHOP = join(ROOT, "scenarios/default-shop.json");
const WOOLIES = join(ROOT, "scenarios/winter-woolies.json");
const dir = mkdtempSync(join(tmpdir(), "bl-shards-"));
const OPTS = ["--runs", "6", "--horizon", "40", "--workers", "0"];

type Doc = {
  format: string;
  header: ShardHeader;
  payload: { accumulator: { meta: Record<string, unknown>; runRanges: number[][]; body: Record<string, any> }; currency: string; elapsedMs: number };
  checksum: string;
};

const part = (k: number) => join(dir, `part-${k}.json`);
const read = (file: string): Doc => JSON.parse(readFileSync(file, "utf8"));
let n = 0;
function write(doc: Doc | string): string {
  const file = join(dir, `edited-${++n}.json`);
  writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc) + "\n");
  return file;
}

async function shard(file: string, k: number, of: number, ...extra: string[]): Promise<string> {
  const out = join(dir, `${file}-${k}-of-${of}-${extra.join("_").replace(/[^a-z0-9]/gi, "")}.json`);
  const r = await cli("simulate", file === "woolies" ? WOOLIES : SHOP, ...OPTS, ...extra, "--shard", `${k}/${of}`, "--out", out);
  expect(r.code, r.err).toBe(0);
  return out;
}

beforeAll(async () => {
  for (let k = 1; k <= 3; k++) {
    const r = await cli("simulate", SHOP, ...OPTS, "--shard", `${k}/3`, "--out", part(k));
    expect(r.code, r.err).toBe(0);
  }
}, 120_000);

async function refused(files: string[], ...expected: (string | RegExp)[]): Promise<string> {
  const r = await cli("merge", ...files, "--json");
  expect(r.out).toBe("");
  expect(r.code, r.err).toBe(2);
  for (const e of expected) expect(r.err).toMatch(e);
  return r.err;
}

describe("merge of honest shards", () => {
  it("merge(shards in any order) prints byte for byte what one simulate prints, but for timing", async () => {
    const merged = await cli("merge", part(3), part(1), part(2), "--json");
    expect(merged.code, merged.err).toBe(0);
    expect(merged.err).toBe("");
    const one = await cli("simulate", SHOP, ...OPTS, "--json");
    const strip = (text: string) => {
      const d = JSON.parse(text);
      delete d.elapsedMs;
      delete d.skuDaysPerSecond;
      return JSON.stringify(d, null, 2);
    };
    expect(strip(merged.out)).toBe(strip(one.out));
  });

  it("merge(a shard re-indented by an editor, content unchanged) is accepted", async () => {
    const pretty = write(JSON.stringify(read(part(2)), null, 2));
    const r = await cli("merge", part(1), pretty, part(3), "--json");
    expect(r.code, r.err).toBe(0);
  });

  it("merge(two of three shards) warns which shard and runs are missing", async () => {
    const r = await cli("merge", part(1), part(3), "--json");
    expect(r.code).toBe(0);
    expect(r.err).toContain("shard 2/3 (runs 2–3) is missing");
    expect(JSON.parse(r.out).runs).toBe(4);
  });
});

/** Edits of a shard's content: each must fail the checksum. */
const EDITS: [string, (d: Doc) => void][] = [
  ["an edited sum of the totals", (d) => (d.payload.accumulator.body.total.sum.first[0] += 1)],
  ["an edited sum of squares", (d) => (d.payload.accumulator.body.total.sumSq.first[0] += 1)],
  ["an edited product sum", (d) => (d.payload.accumulator.body.products[1].sum.first[0] += 100)],
  ["an edited quantile sketch value", (d) => (d.payload.accumulator.body.total.sketches[0].exact[0] += 1)],
  ["an edited sketch minimum", (d) => (d.payload.accumulator.body.total.sketches[0].min = -1)],
  ["an edited run count in the body", (d) => (d.payload.accumulator.body.n = 3)],
  ["an edited run count of a product", (d) => (d.payload.accumulator.body.products[0].n = 1)],
  ["edited run ranges", (d) => (d.payload.accumulator.runRanges = [[0, 3]])],
  ["an edited sample run", (d) => (d.payload.accumulator.body.sample.runs[0].metrics[0] = 0)],
  ["a removed sample run", (d) => d.payload.accumulator.body.sample.runs.pop()],
  ["an edited daily sum", (d) => (d.payload.accumulator.body.daily.first[5] += 1)],
  ["an edited wait histogram", (d) => (d.payload.accumulator.body.wait.first[1] += 1)],
  ["an edited product id", (d) => ((d.payload.accumulator.meta.productIds as string[])[0] = "sofa-2")],
  ["an edited seed in the accumulator", (d) => (d.payload.accumulator.meta.seed = "other")],
  ["an edited seed in the header", (d) => (d.header.seed = "other")],
  ["an edited horizon in the header", (d) => (d.header.horizonDays = 41)],
  ["an edited horizon in the accumulator", (d) => (d.payload.accumulator.meta.horizonDays = 41)],
  ["edited total runs in the header", (d) => (d.header.runs = 8)],
  ["an edited shard number", (d) => (d.header.shard.k = 2)],
  ["an edited scenario hash", (d) => (d.header.scenarioHash = "0000000000000000")],
  ["an edited currency", (d) => (d.payload.currency = "XXX")],
  ["an edited elapsed time", (d) => (d.payload.elapsedMs = 1)],
  ["an edited checksum", (d) => (d.checksum = d.checksum.replace(/.$/, (c) => (c === "0" ? "1" : "0")))],
  ["another shard's checksum", (d) => (d.checksum = read(part(2)).checksum)],
];

describe("merge refuses an edited shard, naming the file", () => {
  it.each(EDITS)("merge(shard 1 with %s) exits 2: content does not match its checksum", async (_, edit) => {
    const d = read(part(1));
    edit(d);
    const file = write(d);
    await refused([file, part(2), part(3)], file, "does not match its checksum", "run the shard again");
  });

  it("merge(shard without a checksum) exits 2", async () => {
    const d = read(part(1)) as Partial<Doc>;
    delete d.checksum;
    const file = write(d as Doc);
    await refused([file, part(2)], file, "has no checksum");
  });
});

describe("merge refuses a cut-off or foreign file, naming it", () => {
  it.each([
    ["half of it", (t: string) => t.slice(0, t.length >> 1)],
    ["all but the last byte of JSON", (t: string) => t.trimEnd().slice(0, -1)],
    ["its first 100 bytes", (t: string) => t.slice(0, 100)],
  ])("merge(shard cut to %s) exits 2: the file is cut off", async (_, cut) => {
    const file = write(cut(readFileSync(part(2), "utf8")));
    await refused([part(1), file, part(3)], file, "cut off");
  });

  it("merge(an empty file) exits 2: not a shard file", async () => {
    const file = write("");
    await refused([file], file, "not a shard file");
  });

  it("merge(a scenario file) exits 2: not a shard file", async () => {
    await refused([SHOP], SHOP, "not a shard file");
  });

  it("merge(an accumulator written before shards had checksums) asks for the shard to be run again", async () => {
    const d = read(part(1));
    const file = write(JSON.stringify({ ...d.payload.accumulator, shard: { k: 1, n: 3, runsTotal: 6 } }));
    await refused([file], file, "earlier Backorder Lab, without a checksum");
  });
});

describe("merge refuses shards of different jobs, naming both files and what differs", () => {
  it("merge(shards run with different --seed) exits 2: the seeds differ", async () => {
    const other = await shard("shop", 2, 3, "--seed", "another-seed");
    await refused([part(1), other, part(3)], other, part(1), "the seeds differ", '"another-seed" here');
  });

  it("merge(shards run with different --horizon) exits 2: the horizons differ", async () => {
    const other = await shard("shop", 2, 3, "--horizon", "50");
    await refused([part(1), other], other, "the horizons differ");
  });

  it("merge(shards run with different --runs) exits 2: the total runs differ", async () => {
    const other = await shard("shop", 2, 3, "--runs", "9");
    await refused([part(1), other], other, "the total runs differ");
  });

  it("merge(shards of different scenarios) exits 2: the scenarios differ", async () => {
    const other = await shard("woolies", 2, 3, "--seed", "default-shop");
    await refused([part(1), other], other, /the scenarios \('Home & gifts shop' and '.+'\) differ/);
  });

  it("merge(shards split different ways) exits 2: the shard counts differ", async () => {
    const other = await shard("shop", 2, 2);
    await refused([part(1), other], other, "the shard counts differ");
  });

  it("merge(the same shard twice) exits 2: included twice", async () => {
    await refused([part(1), part(1)], "shard 1/3 is included twice");
    const copy = write(readFileSync(part(2), "utf8"));
    await refused([part(2), part(1), copy], copy, `shard 2/3 is included twice (also in ${part(2)})`);
  });
});

describe("shard headers and payloads that disagree (a writer's fault, checksum recomputed)", () => {
  async function resealed(edit: (d: Doc) => void): Promise<string> {
    const d = read(part(1));
    edit(d);
    return write(await shardText(d.header, d.payload));
  }

  it("merge(a header whose runs are not its slice) exits 2: header inconsistent", async () => {
    const file = await resealed((d) => (d.header.runCount = 3));
    await refused([file], file, "its header is inconsistent: shard 1/3 of 6 runs covers runs 0–1, but it says 0–2");
  });

  it("merge(shard 2's accumulator under shard 1's header) exits 2: runs do not match the header", async () => {
    const file = await resealed((d) => (d.payload.accumulator = read(part(2)).payload.accumulator));
    await refused([file], file, "the shard's runs do not match its header");
  });

  it("merge(a header with another seed than its accumulator) exits 2", async () => {
    const file = await resealed((d) => (d.header.seed = "x"));
    await refused([file], file, "another seed");
  });

  it("merge(a shard of another kind) exits 2", async () => {
    const file = await resealed((d) => (d.header.kind = "plan"));
    await refused([file], file, "a shard of 'plan', not of 'simulate'");
  });
});

describe("shardFile module", () => {
  const header = (k: number, n = 4, runs = 10): ShardHeader => ({
    kind: "test",
    scenario: "s",
    scenarioHash: "h",
    seed: "x",
    runs,
    horizonDays: 5,
    shard: { k, n },
    ...shardRange(k, n, runs),
  });

  it("shardRange(k, n, runs) tiles [0, runs) exactly", () => {
    for (const [n, runs] of [
      [1, 5],
      [3, 10],
      [7, 3],
      [16, 20000],
    ]) {
      let next = 0;
      for (let k = 1; k <= n; k++) {
        const r = shardRange(k, n, runs);
        expect(r.firstRun).toBe(next);
        next += r.runCount;
      }
      expect(next).toBe(runs);
    }
  });

  it("readShard(shardText(h, p)) gives h and p back; checkShardSet lists missing shards", async () => {
    const doc = await readShard(await shardText(header(2), { any: [1, "two", null] }), "test");
    expect(doc.header).toEqual(header(2));
    expect(doc.payload).toEqual({ any: [1, "two", null] });
    expect(
      checkShardSet([
        { file: "a", header: header(1) },
        { file: "b", header: header(3) },
      ]).missing,
    ).toEqual(["shard 2/4 (runs 2–4)", "shard 4/4 (runs 7–9)"]);
  });

  it("readShard throws ShardError, never anything else, on any single-character edit", async () => {
    const text = await shardText(header(1), { v: [1.5, -2, "é"] });
    for (let i = 0; i < text.length - 1; i++) {
      const c = text[i] === "1" ? "2" : "1";
      const edited = text.slice(0, i) + c + text.slice(i + 1);
      await expect(readShard(edited, "test"), `edit at ${i}`).rejects.toBeInstanceOf(ShardError);
    }
  });
});
