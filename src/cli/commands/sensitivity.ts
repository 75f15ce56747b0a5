/**
 * `backorder-lab sensitivity <scenario.json> [--by 0.2] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]`
 *
 * Tornado data: profit and service when each key input (demand, lead time, customer patience,
 * policy level, price, unit cost) moves by ±by, on common random numbers. With --json:
 * `{ by, runs, seed, currency, base: { profit, backorderRate, fillRate, cancellationRate },
 *   inputs: [ { input, label, description, applicable, low: { factor, diff, total }, high: {…} } ] }`.
 */
import { formatMoney, formatNumber } from "../../format/number.ts";
import { sensitivity, SENSITIVITY_INPUTS, type SensitivityResult } from "../../analysis/sensitivity.ts";
import type { MetricDiff } from "../../analysis/compare.ts";
import { CliError } from "../errors.ts";
import { SENSITIVITY_INPUT_LABELS, sensitivityDescription, sensitivityJson } from "../../present/sensitivityWords.ts";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES, loadScenario, printJson, progressLine, refuseTooBig, table, withRunner } from "../decisionCommon.ts";
import { halfWidth } from "../../analysis/summary.ts";

const USAGE = "usage: sensitivity <scenario.json> [--by 0.2] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]";

function money(d: MetricDiff, currency: string): string {
  const hw = halfWidth(d);
  return `${d.mean > 0 ? "+" : ""}${formatMoney(d.mean, currency)} ± ${formatNumber(hw)}`;
}

function pts(d: MetricDiff): string {
  const hw = halfWidth(d) * 100;
  const m = Math.round(d.mean * 1000) / 10;
  return `${m > 0 ? "+" : ""}${formatNumber(m === 0 ? 0 : m, 1)} ± ${formatNumber(hw, 1)}`;
}

export function renderSensitivity(r: SensitivityResult): string {
  const pc = formatNumber(r.by * 100, 0);
  const rows = r.inputs.map((b) =>
    b.applicable
      ? [
          SENSITIVITY_INPUT_LABELS[b.input],
          money(b.low.diff.profit, r.currency),
          money(b.high.diff.profit, r.currency),
          pts(b.low.diff.backorderRate),
          pts(b.high.diff.backorderRate),
        ]
      : [SENSITIVITY_INPUT_LABELS[b.input], "n/a", "n/a", "n/a", "n/a"],
  );
  const notes = r.inputs.filter((b) => !b.applicable).map((b) => `${SENSITIVITY_INPUT_LABELS[b.input]}: ${sensitivityDescription(b)}`);
  return [
    `Base: profit ${formatMoney(r.base.profit.mean, r.currency)} ± ${formatNumber(halfWidth(r.base.profit))}, backorder rate ${formatNumber(r.base.backorderRate.mean * 100, 1)} % ± ${formatNumber(halfWidth(r.base.backorderRate) * 100, 1)} pts (95 % intervals); ${r.runs} runs per variant on common random numbers.`,
    "",
    table(["input", `profit −${pc} %`, `profit +${pc} %`, `backorder rate −${pc} % (pts)`, `backorder rate +${pc} % (pts)`], rows, ["l", "r", "r", "r", "r"]),
    ...(notes.length ? ["", ...notes.map((n) => `n/a — ${n}`)] : []),
    "",
  ].join("\n");
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(argv, { values: [...COMMON_VALUES, "by"], flags: COMMON_FLAGS }, USAGE);
  const o = a.common();
  if (a.positionals.length !== 1) throw new CliError(`sensitivity takes one scenario file\n${USAGE}`);
  const byText = a.value("by");
  const by = byText === undefined ? 0.2 : byText.trim().endsWith("%") ? Number(byText.trim().slice(0, -1)) / 100 : Number(byText);
  if (!(by > 0 && by < 1)) throw new CliError(`--by: a fraction between 0 and 1 (0.2 = ±20 %), got ${JSON.stringify(byText)}`);
  const scenario = await loadScenario(a.positionals[0], o);
  refuseTooBig(scenario, o, 2 * SENSITIVITY_INPUTS.length + 1, "sensitivity");
  const bar = progressLine("sensitivity");
  const result = await withRunner(o.workers, (runner) =>
    sensitivity(runner, scenario, { by, runs: o.runs ?? scenario.runs, onProgress: (p) => bar.update(p) }),
  );
  bar.done();
  if (o.json) printJson(sensitivityJson(result));
  else process.stdout.write(renderSensitivity(result));
  return 0;
}
