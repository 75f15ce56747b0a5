/**
 * `backorder-lab fit <history.csv> [--json] [--holdout-weeks 8] [--sku A,B] [--seed S] [--stopped in-stock|recent|drop]`
 *
 * Fits the demand block of every sku in a daily sales history, choosing its model form by
 * rolling-origin backtests, and backtests it on the last weeks. `--stopped` says what to do with a
 * sku whose sales stopped (default in-stock: forecast at the rate it sold while in stock).
 * Human table on stdout, or with --json one document `{ file, rows, products: [{ id, demand,
 * diagnostics, backtest, price }], closedDays, warnings, badRows }`. Bad rows go to stderr with
 * their line numbers (first 20 and a count). A file that cannot be read exits 2 naming it.
 */
import { readFile } from "node:fs/promises";
import { fitHistory, type ProductFit } from "../../analysis/fitHistory.ts";
import type { StoppedChoice } from "../../analysis/fitDemand.ts";
import { poolScores } from "../../analysis/forecast/rollingOrigin.ts";
import { parseHistory } from "../../io/history.ts";
import { ArgReader } from "../decisionCommon.ts";
import { CliError } from "../errors.ts";

interface Args {
  file: string;
  json: boolean;
  holdoutWeeks: number;
  skus: string[] | undefined;
  seed: string | undefined;
  stopped: StoppedChoice;
}

const USAGE = "usage: fit <history.csv> [--json] [--holdout-weeks 8] [--sku A,B] [--seed S] [--stopped in-stock|recent|drop]";
const STOPPED: Record<string, StoppedChoice> = { "in-stock": "inStock", recent: "recent", drop: "drop" };

function parseArgs(args: string[]): Args {
  const a = new ArgReader(args, { values: ["holdout-weeks", "sku", "seed", "stopped"], flags: ["json"] }, USAGE);
  if (a.positionals.length === 0) throw new CliError(USAGE);
  if (a.positionals.length > 1) throw new CliError(`unexpected argument ${JSON.stringify(a.positionals[1])}: fit takes one history file`);
  const sku = a.value("sku");
  const stopped = a.value("stopped") ?? "in-stock";
  if (!(stopped in STOPPED)) throw new CliError(`--stopped must be in-stock, recent or drop (got ${JSON.stringify(stopped)})`);
  return {
    file: a.positionals[0],
    json: a.flag("json"),
    holdoutWeeks: a.int("holdout-weeks", 0) ?? 8,
    skus: sku === undefined ? undefined : sku.split(",").map((s) => s.trim()).filter(Boolean),
    seed: a.value("seed"),
    stopped: STOPPED[stopped],
  };
}

const BAD_ROWS_SHOWN = 20;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  let text: string;
  try {
    text = await readFile(args.file, "utf8");
  } catch (err) {
    throw new CliError(`${args.file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const parsed = parseHistory(text);
  // Bad rows first, so a file where every row is bad still says which lines and why.
  if (parsed.badRows.length > 0) {
    const lines = parsed.badRows.slice(0, BAD_ROWS_SHOWN).map((b) => `${args.file}:${b.line}: ${b.message}`);
    if (parsed.badRows.length > BAD_ROWS_SHOWN) lines.push(`… and ${parsed.badRows.length - BAD_ROWS_SHOWN} more bad rows`);
    process.stderr.write(lines.join("\n") + "\n");
  }
  if (parsed.error) throw new CliError(`${args.file}: ${parsed.error}`);
  const missing = args.skus?.filter((s) => !parsed.series.has(s)) ?? [];
  if (missing.length > 0) throw new CliError(`${args.file}: sku not in the file: ${missing.join(", ")} (has ${[...parsed.series.keys()].join(", ")})`);
  const fit = fitHistory(parsed, { skus: args.skus, holdoutWeeks: args.holdoutWeeks, seed: args.seed, stopped: args.stopped });
  const warnings = [...parsed.warnings, ...fit.warnings];
  if (args.json) {
    const doc = {
      file: args.file,
      rows: parsed.rows,
      products: fit.products.map(({ id, demand, diagnostics, backtest, price, forecast, choice, recentDemand }) => ({
        id,
        demand,
        diagnostics,
        backtest,
        price,
        forecast,
        choice,
        recentDemand,
      })),
      forecast: poolScores(fit.products.map((p) => p.forecast)),
      dropped: fit.dropped ?? [],
      closedDays: fit.closedDays,
      warnings,
      badRows: parsed.badRows,
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  process.stdout.write(humanReport(args.file, parsed.rows, fit.products, warnings));
  return 0;
}

const f = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(digits));
const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : `${(v * 100).toFixed(1)}%`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n") + "\n";
}

/** The chosen form in a few characters: level (all / 12w / 4w), month shape, trend share. */
function formShort(c: NonNullable<ProductFit["choice"]>): string {
  const level = Number.isFinite(c.levelHalfLifeDays) ? `${Math.round(c.levelHalfLifeDays / 7)}w` : "all";
  const trend = c.trendDamping === 1 ? "" : c.trendDamping === 0 ? " no-trend" : " damped";
  return `${level}${c.monthlyShape === "step" ? " step" : ""}${trend}`;
}

function humanReport(file: string, rows: number, products: ProductFit[], warnings: string[]): string {
  const out: string[] = [`${file}: ${rows} rows, ${products.length} skus\n`];
  const head = ["sku", "orders/day", "count law", "trend/yr", "weekly", "monthly", "days used", "zeros", "VMR", "WAPE", "bias", "cover p10–p90", "form", "MASE", "pinball", "fc bias", "p10–p90", "p05–p95"];
  const body = products.map((p) => {
    const d = p.demand;
    const law = d.orderCount.kind === "negativeBinomial" ? `NB k=${f(d.orderCount.dispersion)}` : "Poisson";
    return [
      p.id,
      f(d.ordersPerDay, 3),
      law,
      d.trendPerYear === undefined ? "–" : pct(d.trendPerYear),
      d.weekly ? "yes" : "–",
      d.monthly ? "yes" : "–",
      `${p.diagnostics.daysUsed}/${p.diagnostics.days}`,
      pct(p.diagnostics.zeroFraction),
      f(p.diagnostics.varianceToMean),
      pct(p.backtest?.wape),
      pct(p.backtest?.bias),
      p.backtest ? `${pct(p.backtest.coverage)} (model ${pct(p.backtest.expectedCoverage)})` : "–",
      p.choice ? formShort(p.choice) : "–",
      f(p.forecast?.mase),
      f(p.forecast?.pinball, 3),
      pct(p.forecast?.bias),
      pct(p.forecast?.cover80),
      pct(p.forecast?.cover90),
    ];
  });
  const all = poolScores(products.map((p) => p.forecast));
  if (all && products.length > 1) {
    const row = head.map(() => "");
    row[0] = `all ${products.length}`;
    const at = head.indexOf("MASE");
    [row[at], row[at + 1], row[at + 2], row[at + 3], row[at + 4]] = [f(all.mase), f(all.pinball, 3), pct(all.bias), pct(all.cover80), pct(all.cover90)];
    body.push(row);
  }
  out.push(table([head, ...body]));
  for (const p of products) {
    const d = p.demand;
    const lines: string[] = [];
    if (d.weekly) lines.push(`  weekly  Mon..Sun ${d.weekly.map((v) => f(v)).join(" ")}`);
    if (d.monthly) lines.push(`  monthly Jan..Dec ${d.monthly.map((v) => f(v)).join(" ")}`);
    const t = p.diagnostics.dispersionTest;
    lines.push(`  overdispersion test: t = ${f(t.statistic)}, p = ${t.pValue < 1e-4 ? "<0.0001" : f(t.pValue, 4)} → ${t.chosen}`);
    if (p.choice?.reason) lines.push(`  form: ${p.choice.reason}`);
    if (p.forecast)
      lines.push(
        `  rolling backtest (${p.forecast.origins} × 4 weeks, ${p.forecast.days} days): MASE ${f(p.forecast.mase)}, scaled pinball ${f(p.forecast.pinball, 3)}, bias ${pct(p.forecast.bias)}, p10–p90 ${pct(p.forecast.cover80)}, p05–p95 ${pct(p.forecast.cover90)}`,
      );
    for (const w of p.diagnostics.warnings) lines.push(`  note: ${w}`);
    out.push(`\n${p.id}\n${lines.join("\n")}\n`);
  }
  if (warnings.length > 0) out.push(`\n${warnings.map((w) => `note: ${w}`).join("\n")}\n`);
  return out.join("");
}
