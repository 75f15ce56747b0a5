/**
 * Rolling-origin evaluation of the demand fit on every series file in a data folder (default
 * ../shared/data): for each sku, the last 4 × 4 weeks are forecast each from the history before
 * them, with the plain fit (one level, smooth months, full trend, count noise only: "before") and
 * with the chosen form and widened count law ("after"). Prints the markdown table of docs/model.md
 * §3.2.1; `--json out.json` writes every sku's figures too.
 *
 *   npx tsx scripts/forecast-eval.ts [dataDir] [--json out.json] [--max-skus N]
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { fitDemand, type FitOptions } from "../src/analysis/fitDemand.ts";
import { detectClosedDays } from "../src/analysis/fitHistory.ts";
import { fitForecast, type ForecastFit } from "../src/analysis/forecast/fitForecast.ts";
import { orderLinesToDaily } from "../src/analysis/forecast/orderLines.ts";
import { addSums, emptySums, rollingBacktest, scoresOf, type ForecastScores, type ScoreSums } from "../src/analysis/forecast/rollingOrigin.ts";
import { parseHistory, type HistorySeries } from "../src/io/history.ts";

const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : null;
const maxAt = args.indexOf("--max-skus");
const maxSkus = maxAt >= 0 ? Number(args[maxAt + 1]) : Infinity;
const positional = args.filter((a, i) => !a.startsWith("--") && i !== jsonAt + 1 && i !== maxAt + 1);
const dir = positional[0] ?? join(import.meta.dirname, "../../shared/data");

interface FileResult {
  file: string;
  skus: number;
  before: ForecastScores;
  after: ForecastScores;
  choices: Record<string, number>;
  stopped: number;
  perSku: { id: string; before: ForecastScores; after: ForecastScores; form: string }[];
}

function evaluate(file: string, series: Map<string, HistorySeries>, closed: Set<number>): FileResult {
  let before: ScoreSums = emptySums();
  let after: ScoreSums = emptySums();
  const choices: Record<string, number> = {};
  const perSku: FileResult["perSku"] = [];
  let stopped = 0;
  const opts: FitOptions = { closedDays: closed };
  let i = 0;
  for (const [id, s] of series) {
    if (i++ >= maxSkus) break;
    const b = rollingBacktest(s, (t) => fitDemand(t, opts), { closedDays: closed });
    let lastFit: ForecastFit | null = null;
    const a = rollingBacktest(
      s,
      (t) => {
        lastFit = fitForecast(t, opts);
        return lastFit;
      },
      { closedDays: closed },
    );
    if (!a || !b) continue;
    before = addSums(before, b.sums);
    after = addSums(after, a.sums);
    const full = fitForecast(s, opts);
    const c = full.choice;
    const trend =
      full.diagnostics.logTrendPerYear === 0
        ? "no trend fitted"
        : c.trendDamping === 1
          ? "full trend"
          : c.trendDamping === 0
            ? "trend dropped"
            : "damped trend";
    const form = `${Number.isFinite(c.levelHalfLifeDays) ? `recent level (${c.levelHalfLifeDays / 7} weeks)` : "one level"}, ${full.demand.monthly ? `${c.monthlyShape} months` : "no month profile"}, ${trend}`;
    choices[form] = (choices[form] ?? 0) + 1;
    if (full.diagnostics.stopped) stopped++;
    perSku.push({ id, before: b.scores, after: a.scores, form });
  }
  return { file, skus: perSku.length, before: scoresOf(before), after: scoresOf(after), choices, stopped, perSku };
}

const results: FileResult[] = [];
const t0 = performance.now();
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith(".csv")) continue;
  const text = readFileSync(join(dir, name), "utf8");
  const head = text.slice(0, text.indexOf("\n"));
  if (!/units/.test(head)) continue; // not a daily series file (e.g. a snapshot of stock positions)
  const parsed = parseHistory(text);
  if (parsed.error) continue;
  results.push(evaluate(name, parsed.series, detectClosedDays(parsed.series)));
  process.stderr.write(`${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const catalogue = join(dir, "catalogue", "online_retail_lines.csv.gz");
try {
  const daily = orderLinesToDaily(gunzipSync(readFileSync(catalogue)).toString("utf8"));
  results.push(evaluate("catalogue/online_retail_lines.csv.gz", daily.series, new Set()));
  process.stderr.write(`catalogue: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
} catch (err) {
  process.stderr.write(`${catalogue}: ${(err as Error).message}\n`);
}

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : "–");
const pc = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : "–");
const lines = [
  "| file | skus | MASE before → after | scaled pinball before → after | bias before → after | p10–p90 before → after | p05–p95 before → after | stopped |",
  "|---|---:|---|---|---|---|---|---:|",
];
for (const r of results) {
  const b = r.before;
  const a = r.after;
  lines.push(
    `| ${r.file} | ${r.skus} | ${f(b.mase)} → ${f(a.mase)} | ${f(b.pinball)} → ${f(a.pinball)} | ${pc(b.bias)} → ${pc(a.bias)} | ${f(b.cover80)} → ${f(a.cover80)} | ${f(b.cover90)} → ${f(a.cover90)} | ${r.stopped} |`,
  );
}
lines.push("", "Forms chosen on each sku's whole history (number of skus):", "");
for (const r of results)
  lines.push(
    `- ${r.file}: ${Object.entries(r.choices)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${k} (${v})`)
      .join("; ")}`,
  );
process.stdout.write(lines.join("\n") + "\n");
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 1));
