/**
 * `backorder-lab compare <a.json> <b.json> [c.json…] [--variant OVERRIDES]… [--runs N] [--seed S]
 *  [--horizon D] [--workers W] [--json]`
 *
 * Compares scenarios on common random numbers (every scenario runs the baseline's seed and run
 * indices), the first file being the baseline. `--variant` adds a variant of the first scenario by
 * overrides separated by ';', e.g. `--variant 'products[*].backorders={"mode":"deny"}'`.
 * With --json: `{ runs, seed, currency, elapsedMs, baseline: { name, total }, variants: [ { name,
 * total, diff: { <metric>: { mean, se, ci95, positive, negative } }, productDiff, summary } ] }`
 * (`summary` in words, composed by present/compareWords.ts).
 */
import { basename } from "node:path";
import type { Metric } from "../../engine/metrics.ts";
import type { Scenario } from "../../engine/scenario.ts";
import { COMPARED_METRICS, compareScenarios, type Comparison } from "../../analysis/compare.ts";
import { comparisonInWords, describeVariant } from "../../present/compareWords.ts";
import { METRIC_INFO, metricHeading, type MetricKind as Kind } from "../../format/metrics.ts";
import { formatMoney, formatNumber, formatPercent } from "../../format/number.ts";
import { makeVariant, parseOverride, type Override } from "../../analysis/variants.ts";
import { splitOverrides } from "../../analysis/overrideList.ts";
import { formatIssue } from "../../io/issue.ts";
import { halfWidth, type Summary } from "../../analysis/summary.ts";
import { CliError } from "../errors.ts";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES, loadScenario, printJson, progressLine, refuseTooBig, table, withRunner } from "../decisionCommon.ts";

const USAGE = "usage: compare <a.json> <b.json> [c.json…] [--variant 'path=value;…']… [--runs N] [--seed S] [--horizon D] [--workers W] [--json]";

const kindOf = (m: Metric): Kind => METRIC_INFO[m].kind;

function fmt(kind: Kind, x: number, currency: string, signed = false): string {
  // Differences that round to zero print as 0, not "-0.0".
  const shown = kind === "rate" ? Math.round(x * 1000) / 1000 : kind === "quantity" || kind === "count" ? Math.round(x * 10) / 10 : x;
  if (shown === 0) x = 0;
  const sign = signed && x > 0 ? "+" : "";
  if (kind === "money") return sign + formatMoney(x, currency, Math.abs(x) < 100 ? 2 : 0);
  if (kind === "rate") return signed ? `${sign}${formatNumber(x * 100, 1)} pts` : formatPercent(x);
  return sign + formatNumber(x, 1);
}

function cell(kind: Kind, s: Pick<Summary, "mean" | "ci95">, currency: string, signed = false): string {
  const hw = halfWidth(s);
  const h = kind === "rate" ? formatNumber(hw * 100, 1) : kind === "money" ? formatNumber(hw, Math.abs(hw) < 100 ? 2 : 0) : formatNumber(hw, 1);
  return `${fmt(kind, s.mean, currency, signed)} ± ${h}`;
}

export function renderComparison(c: Comparison): string {
  const names = [c.baseline.name, ...c.variants.map((v) => v.name)];
  const header = ["metric (mean ± 95 % CI)", ...names.map((n, i) => (i === 0 ? `${n} (baseline)` : n))];
  const rows = COMPARED_METRICS.map((m) => [
    metricHeading(m),
    cell(kindOf(m), c.baseline.total[m], c.currency),
    ...c.variants.map((v) => cell(kindOf(m), v.total[m], c.currency)),
  ]);
  const diffHeader = ["paired difference vs baseline", ...c.variants.map((v) => v.name)];
  const diffRows = COMPARED_METRICS.map((m) => [metricHeading(m), ...c.variants.map((v) => cell(kindOf(m), v.diff[m], c.currency, true))]);
  return [
    `${c.runs} runs per scenario on common random numbers (seed ${JSON.stringify(c.seed)})`,
    "",
    table(header, rows, ["l", ...names.map(() => "r" as const)]),
    "",
    table(diffHeader, diffRows, ["l", ...c.variants.map(() => "r" as const)]),
    "",
    ...c.variants.map((v) => `- ${describeVariant(v.name, c.baseline.name, v.diff, c.currency)}`),
  ].join("\n");
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(argv, { values: [...COMMON_VALUES, "variant"], flags: COMMON_FLAGS }, USAGE);
  const o = a.common();
  const files = a.positionals;
  const variantTexts = a.all("variant");
  if (files.length === 0 || files.length + variantTexts.length < 2) throw new CliError(`compare needs two or more scenarios, or one and a --variant\n${USAGE}`);
  const scenarios: Scenario[] = [];
  const names: string[] = [];
  for (const f of files) {
    scenarios.push(await loadScenario(f, o));
    names.push(scenarios[scenarios.length - 1].name);
  }
  // Files that share a scenario name are told apart by file name.
  if (new Set(names).size < names.length) files.forEach((f, i) => (names[i] = basename(f)));
  for (const text of variantTexts) {
    const overrides: Override[] = [];
    for (const part of splitOverrides(text)) {
      const p = parseOverride(part);
      if (!p.ok) throw new CliError(`--variant: ${p.message}`);
      overrides.push(p.override);
    }
    const v = makeVariant(scenarios[0], { name: text, overrides });
    if (!v.ok) throw new CliError(`--variant ${text}: the variant of ${files[0]} is not valid:\n  ${v.errors.map(formatIssue).join("\n  ")}`);
    scenarios.push(v.scenario);
    names.push(text);
  }
  // Each scenario is checked by the runner; together they are one job per scenario.
  for (const s of scenarios) refuseTooBig(s, o, scenarios.length, "compare");
  const bar = progressLine("compare");
  const result = await withRunner(o.workers, (runner) =>
    compareScenarios(runner, scenarios, { names, runs: o.runs ?? scenarios[0].runs, onProgress: (p) => bar.update(p) }),
  );
  bar.done();
  if (o.json) printJson(comparisonInWords(result));
  else process.stdout.write(renderComparison(result) + "\n");
  return 0;
}
