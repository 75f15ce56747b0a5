/**
 * `backorder-lab merge <shard.json…> [--json] [--out F]`
 *
 * Combines the accumulators written by `simulate --shard k/n --out part-k.json` into the result a
 * single `simulate` of all runs would print (identical total and products: the sums are exact and
 * the quantile sketches merge exactly). Shards from different scenarios, seeds or horizons, and
 * shards that overlap, are refused; missing runs are reported.
 */
import { readFile, writeFile } from "node:fs/promises";
import { deserializeAccumulator, mergeAccumulators, summarise, type Accumulator } from "../../analysis/accumulator.ts";
import { CliError } from "../errors.ts";
import { ArgReader, printJson } from "../decisionCommon.ts";
import { renderSimulation } from "../simulationTable.ts";

const USAGE = "usage: merge <shard.json…> [--json] [--out F]";

interface ShardExtras {
  shard?: { k: number; n: number; runsTotal: number };
  elapsedMs?: number;
  currency?: string;
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(argv, { values: ["out"], flags: ["json"] }, USAGE);
  const files = a.positionals;
  if (files.length === 0) throw new CliError(`merge needs at least one shard file\n${USAGE}`);
  let acc: Accumulator | null = null;
  let elapsedMs = 0;
  let runsTotal: number | undefined;
  let currency: string | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      throw new CliError(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new CliError(`${file}: not valid JSON (${(err as Error).message})`);
    }
    let part: Accumulator;
    try {
      part = deserializeAccumulator(json);
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
    const extras = json as ShardExtras;
    elapsedMs += typeof extras.elapsedMs === "number" ? extras.elapsedMs : 0;
    if (extras.shard) runsTotal ??= extras.shard.runsTotal;
    if (typeof extras.currency === "string") currency ??= extras.currency;
    try {
      acc = acc === null ? part : mergeAccumulators(acc, part);
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
  }
  const merged = acc!;
  const missing = missingRuns(merged, runsTotal);
  if (missing) process.stderr.write(`merge: warning: ${missing}; the result covers only the runs present\n`);
  // elapsedMs is the shards' summed wall time, so skuDaysPerSecond reads as per-machine speed.
  const result = summarise(merged, { workers: 0, elapsedMs });
  if (a.value("out")) {
    const out = a.value("out")!;
    try {
      await writeFile(out, JSON.stringify(result, null, 2) + "\n");
    } catch (err) {
      throw new CliError(`${out}: cannot write file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (a.flag("json")) printJson(result);
  else process.stdout.write(renderSimulation(result, currency ?? "USD") + "\n");
  return 0;
}

function missingRuns(acc: Accumulator, runsTotal: number | undefined): string | null {
  const gaps: string[] = [];
  let next = 0;
  for (const [s, e] of acc.runRanges) {
    if (s > next) gaps.push(`${next}–${s - 1}`);
    next = e;
  }
  if (runsTotal !== undefined && next < runsTotal) gaps.push(`${next}–${runsTotal - 1}`);
  return gaps.length > 0 ? `runs ${gaps.join(", ")} are missing (is a shard file left out?)` : null;
}
