/**
 * `backorder-lab merge <shard.json…> [--json] [--out F] [--csv DIR|F.csv]`
 *
 * Combines the shard files written by `simulate --shard k/n --out part-k.json` into the result a
 * single `simulate` of all runs would print (identical total and products: the sums are exact and
 * the quantile sketches merge exactly). Every file is checked before any of its numbers is used
 * (src/io/shardFile.ts): its checksum (edited or cut-off files are refused), that all shards come
 * from one job (scenario, seed, runs, horizon, shard count), that no shard is given twice, and that
 * the accumulator inside agrees with its header. Missing shards are reported; the result then
 * covers the runs present.
 *
 * Plan shards (`plan --shard k/n --out F`, shard files whose slice is of products) merge into the
 * plan one `plan` of every product would write (`--csv` writes its rows; `--scenario s.json --apply
 * planned.json` writes the scenario with it applied); overlaps, gaps and shards of another plan are refused.
 */
import { readFile, writeFile } from "node:fs/promises";
import { deserializeAccumulator, mergeAccumulators, summarise, type Accumulator } from "../../analysis/accumulator.ts";
import type { SerializedAccumulator } from "../../analysis/serializedAccumulator.ts";
import { readShard, ShardError, ShardSet, type ShardFile } from "../../io/shardFile.ts";
import { CliError, readTextFile } from "../errors.ts";
import { ArgReader, loadScenario, printJson } from "../decisionCommon.ts";
import { applyPlan, mergePlans, PLAN_KIND, scenarioHash, type PlanDocument } from "../../analysis/planReport.ts";
import { planCsv } from "../../present/planReport.ts";
import { PLAN_SHARD, renderPlan } from "./plan.ts";
import { renderSimulation } from "../simulationTable.ts";
import { SIMULATE_SHARD, writeCsv, type SimulateShardPayload } from "./simulate.ts";

const USAGE = "usage: merge <shard.json…> [--json] [--out F] [--csv DIR|F.csv] [--scenario s.json --apply planned.json (plan shards)]";

/** Whether a file says it is a plan shard holding a plan, without checking it (readShard checks). */
async function isPlanShard(file: string): Promise<boolean> {
  try {
    const doc = JSON.parse(await readFile(file, "utf8")) as { header?: { kind?: unknown }; payload?: { kind?: unknown } };
    return doc?.header?.kind === PLAN_SHARD && doc?.payload?.kind === PLAN_KIND;
  } catch {
    return false;
  }
}

/** Plan shards (`plan --shard k/n --out F`): checked as shard files, joined into the one-shot plan. */
async function mergePlanShards(files: string[], a: ArgReader): Promise<number> {
  const set = new ShardSet();
  const docs: { name: string; doc: PlanDocument }[] = [];
  for (const file of files) {
    const text = await readTextFile(file);
    try {
      const shard = await readShard<PlanDocument>(text, PLAN_SHARD);
      set.add(file, shard.header);
      const d = shard.payload;
      if (!d || d.kind !== PLAN_KIND || !d.shard || d.shard.first !== shard.header.firstRun || d.shard.end !== shard.header.firstRun + shard.header.runCount)
        throw new ShardError("the plan inside does not match its header; run the shard again");
      docs.push({ name: file, doc: d });
    } catch (err) {
      if (err instanceof ShardError) throw new CliError(err.message.startsWith(file) ? err.message : `${file}: ${err.message}`);
      throw err;
    }
  }
  let merged: PlanDocument;
  try {
    merged = mergePlans(docs);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const write = async (file: string, text: string) => {
    try {
      await writeFile(file, text);
    } catch (err) {
      throw new CliError(`${file}: cannot write file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  };
  if (a.value("out")) await write(a.value("out")!, JSON.stringify(merged, null, 2) + "\n");
  if (a.value("csv")) await write(a.value("csv")!, planCsv(merged.products, merged.currency, merged.aggregate));
  const apply = a.value("apply");
  if (apply) {
    const file = a.value("scenario");
    if (!file) throw new CliError("--apply needs the scenario the plan was made for: --scenario scenario.json");
    const s = await loadScenario(file, {});
    if (scenarioHash(s) !== merged.scenarioHash) throw new CliError(`${file}: not the scenario these shards planned (its content differs)`);
    await write(apply, JSON.stringify(applyPlan(s, merged.products, merged.aggregate), null, 2) + "\n");
  }
  if (a.flag("json")) printJson(merged);
  else process.stdout.write(renderPlan(merged) + "\n");
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(argv, { values: ["out", "csv", "apply", "scenario"], flags: ["json"] }, USAGE);
  const files = a.positionals;
  if (files.length === 0) throw new CliError(`merge needs at least one shard file\n${USAGE}`);
  if (await isPlanShard(files[0])) return mergePlanShards(files, a);
  if (a.value("apply") || a.value("scenario")) throw new CliError("--apply and --scenario are for plan shards; simulation shards merge into a result");
  // Each file is checked, folded in and let go: memory stays that of one shard and the sum.
  // The sums are exact and the sketches merge exactly, so the files' order does not matter.
  const set = new ShardSet();
  let acc: Accumulator | null = null;
  let elapsedMs = 0;
  let currency = "USD";
  for (const file of files) {
    const text = await readTextFile(file);
    let doc: ShardFile<SimulateShardPayload>;
    try {
      doc = await readShard<SimulateShardPayload>(text, SIMULATE_SHARD);
      set.add(file, doc.header);
    } catch (err) {
      if (err instanceof ShardError) throw new CliError(err.message.startsWith(file) ? err.message : `${file}: ${err.message}`);
      throw err;
    }
    const part = accumulatorOf(file, doc);
    if (acc === null) currency = doc.payload.currency;
    elapsedMs += doc.payload.elapsedMs;
    try {
      acc = acc === null ? part : mergeAccumulators(acc, part);
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
  }
  const missing = set.missing();
  const merged = acc!;
  if (missing.length > 0)
    process.stderr.write(
      `merge: warning: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing (is a shard file left out?); the result covers only the runs present\n`,
    );
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
  const csv = a.value("csv");
  if (csv) await writeCsv(result, csv);
  if (a.flag("json")) printJson(result);
  else process.stdout.write(renderSimulation(result, currency) + "\n");
  return 0;
}

/**
 * The accumulator in a checked shard, after making sure it is the one its header describes: the
 * same scenario, seed and horizon, exactly the runs of its slice. The checksum already rules out
 * edits; this rules out a writer that put the wrong accumulator under a header.
 */
function accumulatorOf(file: string, doc: ShardFile<SimulateShardPayload>): Accumulator {
  const h = doc.header;
  const p = doc.payload as Partial<SimulateShardPayload> | null;
  const bad = (what: string) => new CliError(`${file}: the shard's runs do not match its header (${what}); run shard ${h.shard.k}/${h.shard.n} again`);
  if (!p || typeof p !== "object" || typeof p.currency !== "string" || typeof p.elapsedMs !== "number") throw bad("its payload is incomplete");
  const acc = p.accumulator as SerializedAccumulator | undefined;
  let part: Accumulator;
  try {
    part = deserializeAccumulator(acc);
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
  const m = part.meta;
  if (m.fingerprint !== h.scenarioHash) throw bad("another scenario");
  if (m.seed !== h.seed) throw bad("another seed");
  if (m.horizonDays !== h.horizonDays) throw bad("another horizon");
  const want = h.runCount > 0 ? [[h.firstRun, h.firstRun + h.runCount]] : [];
  if (JSON.stringify(part.runRanges) !== JSON.stringify(want) || part.n !== h.runCount)
    throw bad(`it holds ${part.n} runs in ${JSON.stringify(part.runRanges)}, not runs ${h.firstRun}–${h.firstRun + h.runCount - 1}`);
  return part;
}
