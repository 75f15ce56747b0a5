/**
 * `backorder-lab simulate <scenario.json> [--runs N] [--seed S] [--horizon D] [--workers W]
 *  [--json] [--out F] [--csv DIR|F.csv] [--shard k/n] [--precision profit=0.01]`
 *
 * Without --shard: runs the scenario and prints the KPI table (or, with --json, the document of
 * docs/model.md §8: `{ scenario, runs, seed, horizonDays, workers, elapsedMs, skuDaysPerSecond,
 * total, products, … }`); --out also writes that document to a file, --csv the result's CSV
 * files (src/cli/writeResultCsv.ts).
 * With --shard k/n: runs the k-th of n contiguous slices of the runs and writes its mergeable
 * accumulator as a shard file (src/io/shardFile.ts: header and checksum) to --out, else stdout;
 * `merge` checks the shards and combines them into the one-shot result.
 */
import { writeFile } from "node:fs/promises";
import { METRICS, type Metric } from "../../engine/metrics.ts";
import type { SimulationResult } from "../../analysis/result.ts";
import { isSimulationLimitError } from "../../engine/limits.ts";
import { SimulationTooBigError } from "../../runner/errors.ts";
import type { Progress, RunOptions } from "../../runner/types.ts";
import { CliError } from "../errors.ts";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES, loadScenario, printJson, withRunner } from "../decisionCommon.ts";
import { renderSimulation } from "../simulationTable.ts";
import { writeResultCsv } from "../writeResultCsv.ts";
import { terminalCell, writeStatus } from "../terminal.ts";
import { shardRange, shardText, type ShardHeader } from "../../io/shardFile.ts";
import type { SerializedAccumulator } from "../../analysis/serializedAccumulator.ts";

/** The kind of shard `simulate --shard` writes and `merge` reads. */
export const SIMULATE_SHARD = "simulate";

/** What a simulate shard carries besides its header: the accumulator of its runs and facts for the report. */
export interface SimulateShardPayload {
  accumulator: SerializedAccumulator;
  currency: string;
  elapsedMs: number;
}

const USAGE =
  "usage: simulate <scenario.json> [--runs N] [--seed S] [--horizon D] [--workers W (0 = in-thread)] [--json] [--out F] [--csv DIR|F.csv] [--shard k/n] [--precision profit=0.01]";

/** `k/n` → the k-th (1-based) of n contiguous slices of [0, runs). */
export function shardSlice(spec: string, runs: number): { k: number; n: number; firstRun: number; runs: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(k >= 1 && k <= n)) throw new CliError(`--shard: expected k/n with 1 ≤ k ≤ n (e.g. 2/8), got ${JSON.stringify(spec)}`);
  const r = shardRange(k, n, runs);
  return { k, n, firstRun: r.firstRun, runs: r.runCount };
}

/** `profit=0.01` or `fillRate=0.5%` → a precision target. */
export function parsePrecision(spec: string): { metric: Metric; relativeHalfWidth: number } {
  const [name, value] = spec.split("=");
  // Names are checked against the metric list, not with `in`, which also finds toString or __proto__.
  if (!value || !(METRICS as readonly string[]).includes(name))
    throw new CliError(
      `--precision: expected <metric>=<relative half-width> with a metric among ${METRICS.join(", ")}; e.g. profit=0.01, got ${JSON.stringify(spec.length > 60 ? spec.slice(0, 57) + "…" : spec)}`,
    );
  const pct = value.trim().endsWith("%");
  const x = Number(pct ? value.trim().slice(0, -1) : value) / (pct ? 100 : 1);
  if (!(x > 0 && x < 1)) throw new CliError(`--precision: the relative half-width must be between 0 and 1 (e.g. 0.01 or 1%), got ${JSON.stringify(value)}`);
  return { metric: name as Metric, relativeHalfWidth: x };
}

/** Progress on stderr: a redrawn bar on a terminal; elsewhere a line at most every 25 % once a run takes over 2 s. */
export function progressReporter(name: string): { update(p: Progress): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  const label = terminalCell(name);
  let lastQuarter = 0;
  let lastTotal = 0;
  return {
    update(p) {
      // Precision mode extends the total batch by batch: count quarters of the current total.
      if (p.runsTotal !== lastTotal) {
        lastTotal = p.runsTotal;
        lastQuarter = Math.floor((p.runsDone / p.runsTotal) * 4);
      }
      const f = p.runsTotal > 0 ? p.runsDone / p.runsTotal : 0;
      const eta = p.etaMs === null ? "" : `, ${Math.ceil(p.etaMs / 1000)} s left`;
      if (tty) {
        const width = 28;
        const bar = "#".repeat(Math.round(f * width)).padEnd(width, ".");
        writeStatus(`\r${label} [${bar}] ${p.runsDone}/${p.runsTotal} runs${eta}   `);
      } else if (p.elapsedMs > 2000 && Math.floor(f * 4) > lastQuarter && p.runsDone < p.runsTotal) {
        lastQuarter = Math.floor(f * 4);
        process.stderr.write(`${label}: ${p.runsDone}/${p.runsTotal} runs${eta}\n`);
      }
    },
    done() {
      if (tty) writeStatus("\r\x1b[K");
    },
  };
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(argv, { values: [...COMMON_VALUES, "out", "csv", "shard", "precision"], flags: COMMON_FLAGS }, USAGE);
  const o = a.common();
  if (a.positionals.length !== 1) throw new CliError(`simulate needs exactly one scenario file\n${USAGE}`);
  const file = a.positionals[0];
  const out = a.value("out");
  const shardSpec = a.value("shard");
  const precisionSpec = a.value("precision");
  if (shardSpec && precisionSpec) throw new CliError("--shard and --precision cannot be combined: a shard runs a fixed slice of the runs");
  const csv = a.value("csv");
  if (shardSpec && csv) throw new CliError("--csv is written by merge, once all shards are in: a shard holds only part of the runs");
  const s = await loadScenario(file, o);
  const progress = progressReporter(s.name);
  const opts: RunOptions = { onProgress: (p) => progress.update(p) };
  if (precisionSpec) opts.precision = { ...parsePrecision(precisionSpec), ...(o.runs !== undefined ? { maxRuns: o.runs } : {}) };

  try {
    if (shardSpec) {
      const slice = shardSlice(shardSpec, s.runs);
      const t0 = performance.now();
      const acc = await withRunner(o.workers, (r) => r.simulateAccumulator(s, { ...opts, firstRun: slice.firstRun, runs: slice.runs }));
      progress.done();
      const header: ShardHeader = {
        kind: SIMULATE_SHARD,
        scenario: s.name,
        scenarioHash: acc.meta.fingerprint,
        seed: s.seed,
        runs: s.runs,
        horizonDays: s.horizonDays,
        shard: { k: slice.k, n: slice.n },
        firstRun: slice.firstRun,
        runCount: slice.runs,
      };
      const payload: SimulateShardPayload = { accumulator: acc, currency: s.currency, elapsedMs: Math.round(performance.now() - t0) };
      const text = await shardText(header, payload);
      if (out) {
        await writeOut(out, text);
        process.stderr.write(
          `shard ${slice.k}/${slice.n} of '${terminalCell(s.name)}': ${slice.runs > 0 ? `runs ${slice.firstRun}–${slice.firstRun + slice.runs - 1}` : "no runs (fewer runs than shards)"} written to ${out}\n`,
        );
      } else process.stdout.write(text);
      return 0;
    }
    const result: SimulationResult = await withRunner(o.workers, (r) => r.simulate(s, opts));
    progress.done();
    if (out) await writeOut(out, JSON.stringify(result, null, 2) + "\n");
    if (csv) await writeCsv(result, csv);
    if (o.json) printJson(result);
    else process.stdout.write(renderSimulation(result, s.currency) + "\n");
    return 0;
  } catch (err) {
    progress.done();
    if (err instanceof SimulationTooBigError || isSimulationLimitError(err)) throw new CliError(`${file}: ${err.message}`);
    if (err instanceof CliError && !err.message.startsWith(file)) throw new CliError(`${file}: ${err.message}`, err.exitCode);
    throw err;
  }
}

/** `--csv DIR|F.csv`: the result's CSV files (KPI summary, daily, per-product daily), formula cells escaped. */
export async function writeCsv(result: SimulationResult, target: string): Promise<void> {
  let paths: string[];
  try {
    paths = await writeResultCsv(result, target, { bom: true });
  } catch (err) {
    throw new CliError(`${target}: cannot write CSV (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  process.stderr.write(`CSV written: ${paths.join(", ")}\n`);
}

async function writeOut(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (err) {
    throw new CliError(`${file}: cannot write file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
