/**
 * Engine throughput on a scenario file (default scenarios/bench.json): product-days simulated per
 * second of CPU time, in this thread, after warm-up runs. CPU time rather than wall time so a
 * busy machine does not distort the figure as much.
 *
 *   npx tsx bench/engineThroughput.ts [scenario.json] [runs]
 */
import { readFileSync } from "node:fs";
import { compileScenario } from "../src/engine/compile.ts";
import { createRunOutput } from "../src/engine/metrics.ts";
import type { Scenario } from "../src/engine/scenario.ts";
import { simulateRun } from "../src/engine/simulateRun.ts";

const file = process.argv[2] ?? new URL("../scenarios/bench.json", import.meta.url).pathname;
const scenario = JSON.parse(readFileSync(file, "utf8")) as Scenario;
const runs = Number(process.argv[3] ?? 50);
const model = compileScenario(scenario);
const out = createRunOutput(model.nProducts, model.horizonDays);
// Warm-up long enough for V8 to finish optimising the engine (about 1.5 M product-days), on run
// indices the timed runs do not use.
const warmRuns = Math.max(5, Math.ceil(1_500_000 / (model.nProducts * model.totalDays)));
for (let r = 0; r < warmRuns; r++) simulateRun(model, 1_000_000 + r, out);
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let r = 0; r < runs; r++) simulateRun(model, r, out);
const wall = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const productDays = runs * model.nProducts * model.totalDays;
console.log(
  `${scenario.name}: ${runs} runs × ${model.nProducts} products × ${model.totalDays} days = ${(productDays / 1e6).toFixed(2)} M product-days; ` +
    `${(productDays / cpuMs / 1000).toFixed(2)} M/s per CPU-second, ${(productDays / wall / 1000).toFixed(2)} M/s wall`,
);
