/**
 * `backorder-lab optimize <scenario.json> --product ID|all [--param P] [--objective minCost|maxProfit|"fillRate>=0.97"]
 *  [--target fillRate=0.97] [--grid 4:14[:step] | 4,6,8] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]`
 *
 * Sweeps one product's policy level (or each product's in turn with `--product all`) on common
 * random numbers and reports the best value and how sure that is. `--target fillRate=0.97` is the
 * DESIGN §8 spelling of `--objective "fillRate>=0.97"`. With --json one document
 * `{ product, param, objective, current, guess, runs, seed, grid: [ { value, total, product } ],
 *   best: { value, policy, total, product, confidence }, warnings, stages, summary }`
 * (or `{ products: [ …that, per product ] }` for `--product all`).
 */
import type { Scenario } from "../../engine/scenario.ts";
import { formatMoney, formatNumber, formatPercent } from "../../format/number.ts";
import { parseObjective, type Objective } from "../../analysis/objective.ts";
import { optimizeLevel, parseGrid, type GridSpec, type OptimizeResult } from "../../analysis/optimize.ts";
import { formatLevel } from "../../present/levelWords.ts";
import { CliError } from "../errors.ts";
import { couplingText, optimizeJson, optimizeStageText, optimizeStatement, optimizeWarningText } from "../../present/optimizeWords.ts";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES, loadScenario, printJson, progressLine, refuseTooBig, table, withRunner } from "../decisionCommon.ts";
import { halfWidth } from "../../analysis/summary.ts";

const USAGE =
  'usage: optimize <scenario.json> --product ID|all [--param orderUpTo|reorderPoint|orderQuantity|units|days|serviceLevel] [--objective minCost|maxProfit|"fillRate>=0.97"] [--grid 4:14] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]';

export function renderOptimize(r: OptimizeResult): string {
  const rows = r.grid.map((g) => {
    const s = g.product;
    const mark = g.value === r.best.value ? "◀ best" : g.value === r.current ? "(current)" : "";
    return [
      formatLevel(g.value, r.param),
      `${formatMoney(s.costPerDay.mean, r.currency, 2)} ± ${formatNumber(halfWidth(s.costPerDay), 2)}`,
      `${formatMoney(s.profit.mean, r.currency)} ± ${formatNumber(halfWidth(s.profit), 0)}`,
      `${formatPercent(s.fillRate.mean, 2)} ± ${formatNumber(halfWidth(s.fillRate) * 100, 2)}`,
      `${formatPercent(s.backorderRate.mean, 2)} ± ${formatNumber(halfWidth(s.backorderRate) * 100, 2)}`,
      `${formatNumber(s.avgOnHand.mean, 1)} ± ${formatNumber(halfWidth(s.avgOnHand), 1)}`,
      g.meets ? (g.meets.ci ? "yes" : g.meets.mean ? "on average" : "no") : "",
      mark,
    ];
  });
  const header = [r.param, "cost/day", "profit", "fill rate", "backorder rate", "avg on hand", r.objective.includes("=") ? "meets target" : "", ""];
  return [
    `${r.productName} (${r.product}): ${r.param}, objective ${r.objective}, ${r.runs} runs per value on common random numbers; current ${r.current === null ? "—" : formatLevel(r.current, r.param)}, textbook guess ${formatLevel(r.guess, r.param)}`,
    table(header, rows, ["r", "r", "r", "r", "r", "r", "l", "l"]),
    "means across runs ± half-width of their 95 % confidence interval (percentage points for rates)",
    "",
    optimizeStatement(r),
    ...(r.coupling ? [`note: ${couplingText(r.coupling)}`] : []),
    ...r.warnings.map((w) => `warning: ${optimizeWarningText(w, r)}`),
  ].join("\n");
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(argv, { values: [...COMMON_VALUES, "product", "param", "objective", "target", "grid"], flags: COMMON_FLAGS }, USAGE);
  const o = a.common();
  if (a.positionals.length !== 1) throw new CliError(`optimize takes one scenario file\n${USAGE}`);
  const file = a.positionals[0];
  const productArg = a.value("product");
  if (!productArg) throw new CliError(`--product is required (a product id, or all)\n${USAGE}`);
  const objText = a.value("objective") ?? a.value("target") ?? "minCost";
  const obj = parseObjective(objText);
  if (!obj.ok) throw new CliError(`--objective: ${obj.message}`);
  let grid: GridSpec | number[] | undefined;
  const gridText = a.value("grid");
  if (gridText !== undefined) {
    const g = parseGrid(gridText);
    if (!g.ok) throw new CliError(`--grid: ${g.message}`);
    grid = g.grid;
  }
  const scenario: Scenario = await loadScenario(file, o);
  const ids = productArg === "all" ? scenario.products.map((p) => p.id) : productArg.split(",").map((x) => x.trim());
  const objective: Objective = obj.objective;
  // A search tries about ten levels per product, each with the whole scenario.
  refuseTooBig(scenario, o, 10 * ids.length, "optimize");
  const bar = progressLine("optimize");
  const results = await withRunner(o.workers, async (runner) => {
    const out: OptimizeResult[] = [];
    for (const id of ids) {
      out.push(
        await optimizeLevel(runner, scenario, {
          product: id,
          param: a.value("param"),
          objective,
          grid,
          runs: o.runs ?? scenario.runs,
          onProgress: (p) => bar.update(p.run, `${id}: ${optimizeStageText(p.stageKind)}`),
        }),
      );
    }
    return out;
  });
  bar.done();
  if (o.json) printJson(results.length === 1 && productArg !== "all" ? optimizeJson(results[0]) : { products: results.map(optimizeJson) });
  else process.stdout.write(results.map(renderOptimize).join("\n\n") + "\n");
  return 0;
}
