/**
 * `backorder-lab bench [--json] [--workers 1,2,4] [--runs N] [--rounds N]`
 *
 * Simulates scenarios/bench.json on one thread (the in-thread runner) and on 1, 2, … N worker
 * threads (N = cores), and prints product-days per second, scaling efficiency against the single
 * thread, and peak memory (RSS of the whole process, workers included). Each configuration is warmed
 * up first (WARMUP_PRODUCT_DAYS per thread) so worker start-up and JIT compilation are not timed.
 * The configurations are measured in turn for `rounds` rounds (default 5) and each figure is the
 * median of its rounds. With --json: `{ scenario, productDays, rounds, singleThread: {
 * productDaysPerSecond, productDaysPerCpuSecond, cpuPerWall, otherCpuPerWall, samples }, workers:
 * [ { workers, productDaysPerSecond, productDaysPerCpuSecond, efficiency, cpuPerWall,
 * otherCpuPerWall, samples, speedupVsOneWorker } ], peakMemoryMB, cores, cpu, loadAverage }`.
 * productDaysPerCpuSecond is the throughput per core: product-days per CPU second of all the
 * process's threads (main thread and workers). cpuPerWall (CPU seconds of all threads per wall
 * second) shows whether the workers really had a core each; otherCpuPerWall (Linux only, else null)
 * is the CPU other processes used meanwhile, in cores: above ~0.05 the figure was measured on a
 * shared machine and is low.
 *
 * The import figure (`import` in --json): fitting the shared catalogue export
 * (../shared/data/catalogue/online_retail_lines.csv.gz beside the project, or --import-file) —
 * read, parsed and every sku fitted — against a plain papaparse parse of the same file, round by
 * round (src/cli/benchImport.ts), read and fitted on one worker thread per core, kept from round to
 * round (the `fit` command starts its own, and on two cores or fewer fits in its thread). `--only
 * import` or `--only engine` runs one part.
 */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { Scenario } from "../../engine/scenario.ts";
import { projectRoot } from "../../runner/bundleCache.mjs";
import { createInThreadRunner } from "../../runner/inThread.ts";
import { createNodeRunner } from "../../runner/nodeRunner.ts";
import type { Runner } from "../../runner/types.ts";
import { CliError } from "../errors.ts";
import { existsSync } from "node:fs";
import { benchImport, type ImportBench } from "../benchImport.ts";
import { ArgReader, MAX_WORKERS, loadScenario, printJson, table } from "../decisionCommon.ts";
import { estimateWork } from "../../io/estimate.ts";
import { LIMITS } from "../../io/limits.ts";
import { parsePlanTargets } from "../../analysis/plan.ts";
import { summarisePlans } from "../../analysis/planReport.ts";
import { compileScenario } from "../../engine/compile.ts";
import { createRunOutput } from "../../engine/metrics.ts";
import { simulateRun } from "../../engine/simulateRun.ts";
import { standAloneScenario } from "../../engine/standAlone.ts";
import { spawnNodePlanWorker } from "../../runner/nodePlanWorkers.ts";
import { runPlan } from "../../runner/planWork.ts";
import { benchCatalogue } from "../benchCatalogue.ts";

const USAGE =
  "usage: bench [--json] [--workers 1,2,…] [--runs N] [--rounds N] [--scenario F] [--catalogue N (0: skip)] [--catalogue-runs N] [--plan-target T] [--import-file F] [--only engine|import]";
const IMPORT_FILE = join(projectRoot(import.meta.url), "../shared/data/catalogue/online_retail_lines.csv.gz");

/**
 * The catalogue figures: `simulate` and `plan` of a generated catalogue on the same workers and runs,
 * side by side (each after a warm-up of its own), and on one thread the same product-days simulated
 * run after run (every product each run) and product after product (each product's runs back to back).
 */
async function measureCatalogue(base: Scenario, n: number, runs: number, workers: number, target: string, log: (m: string) => void) {
  const s = { ...benchCatalogue(base, n), runs };
  const t = parsePlanTargets(target);
  if (!t.ok) throw new CliError(`--plan-target: ${t.message}`);
  const all = s.products.map((_, i) => i);
  log(`catalogue: ${n} products × ${runs} runs on ${workers} worker${workers === 1 ? "" : "s"}: simulate … `);
  const runner = createNodeRunner({ workers });
  let simulateSeconds: number;
  try {
    await runner.simulate(s, { runs: Math.max(2, workers), firstRun: 1_000_000, dailyBands: false });
    const t0 = performance.now();
    await runner.simulate(s, { runs });
    simulateSeconds = (performance.now() - t0) / 1000;
  } finally {
    runner.dispose();
  }
  log(`${simulateSeconds.toFixed(1)} s, plan … `);
  // Warm-up: the plan workers start and compile on a few products first.
  await runPlan(spawnNodePlanWorker, workers, s, all.slice(0, 2 * workers), t.targets, { runs: 8 });
  const p0 = performance.now();
  const planned = await runPlan(spawnNodePlanWorker, workers, s, all, t.targets, { runs });
  const planSeconds = (performance.now() - p0) / 1000;
  log(`${planSeconds.toFixed(1)} s\n`);
  const summary = summarisePlans(planned.plans);
  // Order of work on one thread, on a tenth of the catalogue (at least the benchmark's 100).
  const k = Math.min(n, Math.max(100, Math.round(n / 10)));
  const part = { ...s, products: s.products.slice(0, k) };
  const orderRuns = Math.max(5, Math.min(runs, 40));
  const whole = compileScenario(part);
  const alone = part.products.map((_, i) => compileScenario(standAloneScenario(part, i)));
  const outWhole = createRunOutput(whole.nProducts, whole.horizonDays);
  const outOne = createRunOutput(1, whole.horizonDays);
  for (let r = 0; r < 5; r++) simulateRun(whole, 1_000_000 + r, outWhole);
  for (const m of alone) simulateRun(m, 1_000_000, outOne);
  const pd = orderRuns * k * whole.totalDays;
  let t1 = performance.now();
  for (let r = 0; r < orderRuns; r++) simulateRun(whole, r, outWhole);
  const runMajor = pd / ((performance.now() - t1) / 1000);
  t1 = performance.now();
  for (const m of alone) for (let r = 0; r < orderRuns; r++) simulateRun(m, r, outOne);
  const productMajor = pd / ((performance.now() - t1) / 1000);
  return {
    products: n,
    runs,
    workers,
    target,
    simulateSeconds: Math.round(simulateSeconds * 100) / 100,
    planSeconds: Math.round(planSeconds * 100) / 100,
    planVsSimulate: Math.round((planSeconds / simulateSeconds) * 100) / 100,
    runsPerProduct: summary.simulatedRuns / n,
    statuses: Object.entries(summary.byStatus)
      .filter(([, c]) => c > 0)
      .map(([st, c]) => `${c} ${st}`)
      .join(", "),
    orderProducts: k,
    runMajorPerSecond: Math.round(runMajor),
    productMajorPerSecond: Math.round(productMajor),
    productMajorGain: Math.round((productMajor / runMajor) * 100) / 100,
  };
}
const BENCH_FILE = join(projectRoot(import.meta.url), "scenarios/bench.json");

interface Measurement {
  productDaysPerSecond: number;
  /** Product-days per CPU second of the whole process (all threads): the throughput per busy core. */
  productDaysPerCpuSecond: number;
  /** CPU seconds used by the whole process (all threads) per wall second: ~workers when each gets a core. */
  cpuPerWall: number;
  /** CPU seconds other processes used per wall second meanwhile (null where /proc/stat is missing). */
  otherCpuPerWall: number | null;
}

/**
 * Warm-up per thread, in product-days (≈ 41 runs of the 100-product benchmark). Every thread compiles
 * its own copy of the engine, and V8 keeps optimising it (last tier-ups and one deopt–reopt) until about
 * the 35th run of that benchmark. After a 2-run warm-up the first quarter of the timed runs took 1.4×
 * as long per run on 1 worker and 2.4× on each of 2 workers (whose compilations share the cores with the
 * other worker instead of an idle core), so the old figures understated 2 workers most.
 */
const WARMUP_PRODUCT_DAYS = 1_500_000;

/** Busy CPU time of the whole machine in ms (Linux), to tell how much other processes used. */
function machineBusyMs(): number | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system (idle iowait) irq softirq steal; USER_HZ is 100 on every Linux Node supports.
    const busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
    return Number.isFinite(busy) ? busy * 10 : null;
  } catch {
    return null;
  }
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** The measurement with the median throughput (the upper middle one for an even count). */
function median(ms: Measurement[]): Measurement {
  const sorted = [...ms].sort((x, y) => x.productDaysPerSecond - y.productDaysPerSecond);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(runner: Runner, s: Scenario, runs: number): Promise<Measurement> {
  const productDaysPerRun = s.products.length * (s.horizonDays + s.warmupDays);
  const threads = Math.max(1, runner.workers);
  // Warm-up: starts the workers and lets each reach optimised code; run indices far from the timed ones.
  const warmRuns = threads * Math.max(2, Math.ceil(WARMUP_PRODUCT_DAYS / Math.max(1, productDaysPerRun)));
  await runner.simulate(s, { runs: warmRuns, firstRun: 1_000_000 });
  const b0 = machineBusyMs();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await runner.simulate(s, { runs });
  const cpu = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  const b1 = machineBusyMs();
  const ownMs = (cpu.user + cpu.system) / 1000;
  const other = b0 === null || b1 === null ? null : Math.max(0, (b1 - b0 - ownMs) / (seconds * 1000));
  return {
    productDaysPerSecond: (runs * productDaysPerRun) / seconds,
    productDaysPerCpuSecond: (runs * productDaysPerRun) / (ownMs / 1000),
    cpuPerWall: Math.round((ownMs / 1000 / seconds) * 100) / 100,
    otherCpuPerWall: other === null ? null : Math.round(other * 100) / 100,
  };
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(
    argv,
    { values: ["workers", "runs", "rounds", "scenario", "catalogue", "catalogue-runs", "plan-target", "import-file", "only"], flags: ["json"] },
    USAGE,
  );
  const cores = availableParallelism();
  const list = (a.value("workers") ?? Array.from({ length: cores }, (_, i) => i + 1).join(",")).split(",").map((x) => Number(x.trim()));
  if (list.some((w) => !Number.isInteger(w) || w < 1 || w > MAX_WORKERS))
    throw new CliError(`--workers: expected a list of whole numbers ≥ 1 such as 1,2,4, got ${JSON.stringify(a.value("workers"))}`);
  const only = a.value("only");
  if (only !== undefined && only !== "engine" && only !== "import") throw new CliError(`--only: engine or import, got ${JSON.stringify(only)}`);
  let importFig: ImportBench | null = null;
  const importFile = a.value("import-file") ?? IMPORT_FILE;
  if (only !== "engine") {
    if (!existsSync(importFile)) {
      if (a.value("import-file") !== undefined || only === "import") throw new CliError(`${importFile}: cannot read file (ENOENT)`);
      if (!a.flag("json")) process.stderr.write(`import figure skipped: ${importFile} not found\n`);
    } else {
      importFig = await benchImport(importFile, a.int("rounds", 1) ?? 5, Math.min(8, cores), (m) => {
        if (!a.flag("json")) process.stderr.write(m);
      });
      if (!a.flag("json"))
        process.stdout.write(
          `\nimport: ${importFig.rows.toLocaleString("en")} rows, ${importFig.skus.toLocaleString("en")} skus — fit ${importFig.importMs} ms (read ${importFig.readMs} + fit ${importFig.fitMs} on ${importFig.workers} worker${importFig.workers === 1 ? "" : "s"}; ${importFig.fitOneThreadMs} in one thread) vs papaparse ${importFig.papaparseMs} ms: ${importFig.ratio.toFixed(2)}× (CPU ${importFig.cpuRatio.toFixed(2)}×; median of ${importFig.rounds} rounds)\n`,
        );
    }
    if (only === "import") {
      if (a.flag("json"))
        printJson({ import: importFig, loadAverage: Math.round(loadavg()[0] * 10) / 10, cores: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown" });
      return 0;
    }
  }
  const s = await loadScenario(a.value("scenario") ?? BENCH_FILE, {});
  const runs = a.int("runs", 1, LIMITS.maxRuns, "the most runs a scenario may ask for") ?? s.runs;
  const productDays = runs * s.products.length * (s.horizonDays + s.warmupDays);
  const log = (msg: string) => {
    if (!a.flag("json")) process.stderr.write(msg);
  };

  const rounds = a.int("rounds", 1, 1000) ?? 5;
  // Every round simulates the runs once on one thread and once per worker count: refuse up front what would take hours.
  const est = estimateWork(s, { runs: runs * rounds * (list.length + 1) });
  if (est.tooBig) throw new CliError(`the benchmark would be too big: ${est.message}`);
  log(
    `${s.name}: ${runs} runs × ${s.products.length} products × ${s.horizonDays + s.warmupDays} days = ${(productDays / 1e6).toFixed(1)} M product-days per measurement, ${rounds} round${rounds === 1 ? "" : "s"}\n`,
  );
  // Rounds interleave the configurations, and each figure is the median of its rounds, so a burst
  // of other work on a shared machine spoils one sample rather than one configuration.
  const inThread = createInThreadRunner();
  const singleSamples: Measurement[] = [];
  const workerSamples = new Map<number, Measurement[]>(list.map((w) => [w, []]));
  for (let round = 1; round <= rounds; round++) {
    log(`round ${round}: single thread … `);
    const m = await measure(inThread, s, runs);
    singleSamples.push(m);
    log(`${(m.productDaysPerSecond / 1e6).toFixed(2)} M/s`);
    for (const w of list) {
      log(`, ${w} worker${w === 1 ? "" : "s"} … `);
      const runner = createNodeRunner({ workers: w });
      try {
        const mw = await measure(runner, s, runs);
        workerSamples.get(w)!.push(mw);
        log(`${(mw.productDaysPerSecond / 1e6).toFixed(2)} M/s`);
      } finally {
        runner.dispose();
      }
    }
    log("\n");
  }
  const singleM = median(singleSamples);
  const single = singleM.productDaysPerSecond;
  const rows = list.map((w) => {
    const samples = workerSamples.get(w)!;
    const m = median(samples);
    const pdps = m.productDaysPerSecond;
    return {
      workers: w,
      productDaysPerSecond: Math.round(pdps),
      productDaysPerCpuSecond: Math.round(m.productDaysPerCpuSecond),
      efficiency: Math.round((pdps / (w * single)) * 1000) / 1000,
      cpuPerWall: m.cpuPerWall,
      otherCpuPerWall: m.otherCpuPerWall,
      samples: samples.map((x) => Math.round(x.productDaysPerSecond)),
      // Against one worker round by round (measured minutes apart at most), then the median: the
      // host's speed drifts between rounds more than within one.
      speedupVsOneWorker: workerSamples.has(1)
        ? Math.round(medianOf(samples.map((x, r) => x.productDaysPerSecond / workerSamples.get(1)![r].productDaysPerSecond)) * 100) / 100
        : null,
    };
  });
  const catalogueSize = a.int("catalogue", 0) ?? 1000;
  const catalogue =
    catalogueSize > 0
      ? await measureCatalogue(s, catalogueSize, a.int("catalogue-runs", 1) ?? 100, Math.max(...list), a.value("plan-target") ?? "fillRate>=0.95", log)
      : null;
  const peakMemoryMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const doc = {
    scenario: s.name,
    productDays,
    singleThread: {
      productDaysPerSecond: Math.round(single),
      productDaysPerCpuSecond: Math.round(singleM.productDaysPerCpuSecond),
      cpuPerWall: singleM.cpuPerWall,
      otherCpuPerWall: singleM.otherCpuPerWall,
      samples: singleSamples.map((x) => Math.round(x.productDaysPerSecond)),
    },
    rounds,
    workers: rows,
    import: importFig,
    catalogue,
    peakMemoryMB,
    cores,
    // Other processes competing for the cores make every figure lower; the load average says how busy the machine was.
    loadAverage: Math.round(loadavg()[0] * 10) / 10,
    cpu: cpus()[0]?.model ?? "unknown",
  };
  if (a.flag("json")) printJson(doc);
  else {
    const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M`;
    const other = (x: number | null) => (x === null ? "–" : x.toFixed(2));
    const shared = [singleM.otherCpuPerWall, ...rows.map((r) => r.otherCpuPerWall)].some((x) => x !== null && x > 0.05);
    const spread = (xs: number[]) => `${(Math.min(...xs) / 1e6).toFixed(2)}–${(Math.max(...xs) / 1e6).toFixed(2)}`;
    process.stdout.write(
      [
        "",
        table(
          ["configuration", "product-days/s", "rounds (M/s)", "per core", "speed-up", "vs 1 worker", "efficiency", "CPU/wall", "other CPU"],
          [
            [
              "single thread (in-thread)",
              fmt(single),
              spread(singleSamples.map((x) => x.productDaysPerSecond)),
              fmt(singleM.productDaysPerCpuSecond),
              "1.00×",
              "–",
              "–",
              singleM.cpuPerWall.toFixed(2),
              other(singleM.otherCpuPerWall),
            ],
            ...rows.map((r) => [
              `${r.workers} worker${r.workers === 1 ? "" : "s"}`,
              fmt(r.productDaysPerSecond),
              spread(r.samples),
              fmt(r.productDaysPerCpuSecond),
              `${(r.productDaysPerSecond / single).toFixed(2)}×`,
              r.speedupVsOneWorker === null ? "–" : `${r.speedupVsOneWorker.toFixed(2)}×`,
              `${Math.round(r.efficiency * 100)} %`,
              r.cpuPerWall.toFixed(2),
              other(r.otherCpuPerWall),
            ]),
          ],
          ["l", "r", "r", "r", "r", "r", "r", "r", "r"],
        ),
        "",
        "per core: product-days per CPU second of all the process's threads (workers and main thread)",
        ...(catalogue
          ? [
              "",
              `${catalogue.products} products × ${catalogue.runs} runs on ${catalogue.workers} worker${catalogue.workers === 1 ? "" : "s"}: simulate ${catalogue.simulateSeconds.toFixed(1)} s, plan (${catalogue.target}) ${catalogue.planSeconds.toFixed(1)} s = ${catalogue.planVsSimulate.toFixed(2)}× simulate (${catalogue.runsPerProduct.toFixed(0)} runs simulated per product; ${catalogue.statuses})`,
              `one thread, ${catalogue.orderProducts} products: runs in turn ${fmt(catalogue.runMajorPerSecond)} product-days/s, each product's runs back to back ${fmt(catalogue.productMajorPerSecond)} (${catalogue.productMajorGain.toFixed(2)}×)`,
            ]
          : []),
        `peak memory (RSS, all threads): ${peakMemoryMB} MB · ${cores} cores · ${doc.cpu} · load average ${doc.loadAverage}`,
        ...(shared ? ["other processes used CPU during a measurement (other CPU, in cores): its figures are low"] : []),
        "",
      ].join("\n"),
    );
  }
  return 0;
}
