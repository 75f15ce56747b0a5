/**
 * `backorder-lab fit <export.csv[.gz]> [--json] [--scenario out.json] [--supplier-receipts po.csv] …`
 *
 * Fits the demand block of every sku in a sales history — daily totals or an order-line export
 * (UCI, Shopify, renamed columns), plain or gzipped, read as a stream — and backtests it on the
 * last weeks (by default only up to 50 skus: a catalogue's backtest is asked for explicitly).
 * Human table on stdout, or with --json one document `{ file, format, rows, tradingDays, calendar,
 * excluded: { cancelled, returns, nonProduct, outliers }, baskets, currency, products: [{ id, name,
 * demand, diagnostics, backtest, price, orders }], closedDays, warnings, badRows }`.
 * Each sku's model form is chosen by rolling-origin backtests (up to 50 skus, or with
 * --holdout-weeks); `--stopped in-stock|recent|drop` says what to do with a sku whose sales stopped.
 * With --scenario, also writes a runnable scenario with every fitted sku (suppliers fitted to
 * --supplier-receipts, or the entered one), stating each choice it made on stderr. Bad rows go to
 * stderr with their line numbers (first 20 and a count). A file that cannot be read exits 2 naming it.
 * A catalogue is fitted on worker threads (--workers), and a large file is read on them too; the
 * result is the same whatever their number.
 */
import { stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { type HistoryFit, type ProductFit } from "../../analysis/fitHistory.ts";
import type { StoppedChoice } from "../../analysis/fitDemand.ts";
import { poolScores } from "../../analysis/forecast/rollingOrigin.ts";
import { fitReceipts, type ReceiptsFit } from "../../analysis/fitReceipts.ts";
import { DEFAULT_CHOICES, DEFAULT_SUPPLIER, ECONOMIC_MAX_WEEKS } from "../../analysis/fittedProducts.ts";
import { fitNotesText, leadTimeText, modelChoiceText, productFitJson, supplierFitJson } from "../../present/fitWords.ts";
import { fittedScenario } from "../../analysis/fittedScenario.ts";
import type { Supplier } from "../../engine/scenario.ts";
import { parseReceipts } from "../../io/receipts.ts";
import { parseScenario } from "../../io/parseScenario.ts";
import { ArgReader } from "../decisionCommon.ts";
import { CliError, readTextFile } from "../errors.ts";
import { PARALLEL_READ_BYTES, readSalesFile } from "../readSalesFile.ts";
import { fitOnWorkers, type FitWorkerHandle } from "../../runner/fitWork.ts";
import { spawnNodeFitWorker } from "../../runner/nodeFitWorkers.ts";

interface Args {
  file: string;
  json: boolean;
  holdoutWeeks: number | undefined;
  skus: string[] | undefined;
  seed: string | undefined;
  scenario: string | undefined;
  receipts: string | undefined;
  currency: string | undefined;
  margin: number | undefined;
  serviceLevel: number | undefined;
  policy: "safetyStock" | "baseStock" | undefined;
  leadTime: number | undefined;
  leadTimeSd: number | undefined;
  orderCost: number | undefined;
  startDate: string | undefined;
  horizon: number | undefined;
  runs: number | undefined;
  baskets: boolean;
  excludeOutliers: boolean;
  noClosures: boolean;
  stopped: StoppedChoice;
  workers: number | undefined;
}

const USAGE = `usage: fit <export.csv[.gz]> [--json] [--holdout-weeks 8] [--sku A,B] [--seed S] [--exclude-outliers]
           [--scenario out.json] [--supplier-receipts po.csv] [--currency GBP] [--margin 50%]
           [--policy safetyStock|baseStock] [--service-level 0.95] [--lead-time 14 --lead-time-sd 4] [--order-cost 50]
           [--start-date YYYY-MM-DD] [--horizon 365] [--runs 200] [--baskets] [--no-closures] [--stopped in-stock|recent|drop]
           [--workers W (0 = in-thread; default: one per core for 100 skus or more, on more than 2 cores)]`;
const STOPPED: Record<string, StoppedChoice> = { "in-stock": "inStock", recent: "recent", drop: "drop" };

function num(a: ArgReader, name: string, min: number): number | undefined {
  const v = a.value(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new CliError(`--${name}: must be a number ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

function parseArgs(args: string[]): Args {
  const a = new ArgReader(
    args,
    {
      values: [
        "stopped",
        "holdout-weeks",
        "sku",
        "seed",
        "scenario",
        "supplier-receipts",
        "currency",
        "margin",
        "service-level",
        "policy",
        "lead-time",
        "lead-time-sd",
        "order-cost",
        "start-date",
        "horizon",
        "runs",
        "workers",
      ],
      flags: ["json", "baskets", "exclude-outliers", "no-closures"],
    },
    USAGE,
  );
  if (a.positionals.length === 0) throw new CliError(USAGE);
  if (a.positionals.length > 1) throw new CliError(`unexpected argument ${JSON.stringify(a.positionals[1])}: fit takes one history file`);
  const sku = a.value("sku");
  const policy = a.value("policy");
  if (policy !== undefined && policy !== "safetyStock" && policy !== "baseStock")
    throw new CliError(`--policy: safetyStock or baseStock, got ${JSON.stringify(policy)}`);
  const sl = a.fraction("service-level");
  if (sl !== undefined && !(sl > 0 && sl < 1)) throw new CliError("--service-level: must lie strictly between 0 and 1");
  const margin = a.fraction("margin");
  const start = a.value("start-date");
  if (start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new CliError(`--start-date: YYYY-MM-DD, got ${JSON.stringify(start)}`);
  const stopped = a.value("stopped") ?? "in-stock";
  if (!(stopped in STOPPED)) throw new CliError(`--stopped must be in-stock, recent or drop (got ${JSON.stringify(stopped)})`);
  const currency = a.value("currency");
  if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency))
    throw new CliError(`--currency: a three-letter code such as GBP, got ${JSON.stringify(currency)}`);
  return {
    file: a.positionals[0],
    json: a.flag("json"),
    holdoutWeeks: a.int("holdout-weeks", 0),
    skus:
      sku === undefined
        ? undefined
        : sku
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
    seed: a.value("seed"),
    scenario: a.value("scenario"),
    receipts: a.value("supplier-receipts"),
    currency: currency?.toUpperCase(),
    margin,
    serviceLevel: sl,
    policy: policy as Args["policy"],
    leadTime: num(a, "lead-time", 1),
    leadTimeSd: num(a, "lead-time-sd", 0),
    orderCost: num(a, "order-cost", 0),
    startDate: start,
    horizon: a.int("horizon", 1),
    runs: a.int("runs", 1),
    baskets: a.flag("baskets"),
    excludeOutliers: a.flag("exclude-outliers"),
    noClosures: a.flag("no-closures"),
    stopped: STOPPED[stopped],
    workers: a.int("workers", 0),
  };
}

const BAD_ROWS_SHOWN = 20;
/** From this many skus the fit runs on worker threads (one per core, at most MAX_FIT_WORKERS) unless --workers says otherwise. */
const FIT_WORKERS_MIN_SKUS = 100;
const MAX_FIT_WORKERS = 8;

/**
 * Fit workers by default for a machine with `cores` cores: one per core, none on two cores or fewer.
 * There the workers' start (a thread each, its code compiled again) costs more than they save: the
 * shared export's `fit --scenario` took 3.3–3.4 s with two workers, 2.4–2.5 s in-thread.
 */
export function defaultFitWorkers(cores: number): number {
  return cores <= 2 ? 0 : Math.min(MAX_FIT_WORKERS, cores);
}
/** Above this many skus the backtest runs only when asked (--holdout-weeks): 1,000 simulated paths per sku. */
const BACKTEST_MAX_SKUS = 50;

function badRowLines(file: string, bad: { line: number; message: string }[]): string {
  const lines = bad.slice(0, BAD_ROWS_SHOWN).map((b) => `${file}:${b.line}: ${b.message}`);
  if (bad.length > BAD_ROWS_SHOWN) lines.push(`… and ${bad.length - BAD_ROWS_SHOWN} more bad rows`);
  return lines.join("\n") + "\n";
}

/** Reads the sales file (on `early` workers, if any) and fits its skus. */
async function readAndFit(args: Args, early: FitWorkerHandle[], perCore: number) {
  const parsed = await readSalesFile(args.file, {}, early);
  // Bad rows first, so a file where every row is bad still says which lines and why.
  if (parsed.badRows.length > 0) process.stderr.write(badRowLines(args.file, parsed.badRows));
  if (parsed.error) throw new CliError(`${args.file}: ${parsed.error}`);
  const missing = args.skus?.filter((s) => !parsed.series.has(s)) ?? [];
  if (missing.length > 0) {
    const has = [...parsed.series.keys()];
    throw new CliError(
      `${args.file}: sku not in the file: ${missing.join(", ")} (has ${has.slice(0, 20).join(", ")}${has.length > 20 ? ` … ${has.length} in all` : ""})`,
    );
  }
  // Receipts are read before the fit, so a bad receipts file fails fast.
  let receipts: ReceiptsFit | null = null;
  if (args.receipts) {
    const text = await readTextFile(args.receipts);
    const pr = parseReceipts(text);
    if (pr.badRows.length > 0) process.stderr.write(badRowLines(args.receipts, pr.badRows));
    if (pr.error) throw new CliError(`${args.receipts}: ${pr.error}`);
    receipts = fitReceipts(pr, args.orderCost !== undefined ? { fixedOrderCost: args.orderCost } : {});
  }
  const nSkus = args.skus?.length ?? parsed.series.size;
  let holdoutWeeks = args.holdoutWeeks;
  const notes: string[] = [];
  if (holdoutWeeks === undefined) {
    holdoutWeeks = nSkus > BACKTEST_MAX_SKUS ? 0 : 8;
    if (holdoutWeeks === 0)
      notes.push(`backtests skipped for ${nSkus} skus (--holdout-weeks 8 runs them: 1,000 simulated paths and 4 rolling origins per sku)`);
  }
  const rolling = args.holdoutWeeks !== undefined || nSkus <= BACKTEST_MAX_SKUS;
  const fitOpts = { skus: args.skus, holdoutWeeks, seed: args.seed, excludeOutliers: args.excludeOutliers, stopped: args.stopped, rolling };
  const wanted = args.workers ?? (nSkus >= FIT_WORKERS_MIN_SKUS ? perCore : 0);
  const workers = wanted === 0 ? [] : early.length > 0 ? early : Array.from({ length: wanted }, spawnNodeFitWorker);
  let fit: HistoryFit;
  try {
    fit = await fitOnWorkers(parsed, fitOpts, workers);
  } finally {
    if (workers !== early) for (const w of workers) w.terminate();
  }
  return { parsed, receipts, notes, fit };
}

/** The file's size on disk, or 0 when it cannot be had (reading it then says why). */
async function sizeOnDisk(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  // A large file is read on the fit workers as well (in parts, with the same result): they start
  // before it is read. The default number is decided after, from the skus read: below
  // FIT_WORKERS_MIN_SKUS the fit runs in this thread.
  const perCore = defaultFitWorkers(availableParallelism());
  const early =
    args.workers !== 0 && (await sizeOnDisk(args.file)) >= PARALLEL_READ_BYTES ? Array.from({ length: args.workers ?? perCore }, spawnNodeFitWorker) : [];
  let fitted: Awaited<ReturnType<typeof readAndFit>>;
  try {
    fitted = await readAndFit(args, early, perCore);
  } finally {
    for (const w of early) w.terminate();
  }
  const { parsed, receipts, notes, fit } = fitted;
  if (parsed.excluded) parsed.excluded.outliers.excluded = args.excludeOutliers;
  const warnings = [...parsed.warnings, ...fitNotesText(fit.warnings)];
  if (args.scenario) notes.push(...(await writeScenario(args, fit, parsed.currency, receipts)));
  if (notes.length > 0) process.stderr.write(notes.map((n) => `note: ${n}`).join("\n") + "\n");
  if (args.json) {
    const doc = {
      file: args.file,
      format: parsed.format,
      rows: parsed.rows,
      tradingDays: parsed.tradingDays.length,
      calendar: fit.calendar ?? null,
      excluded: parsed.excluded,
      baskets: fit.baskets ?? null,
      currency: parsed.currency,
      products: fit.products.map(({ id, name, demand, diagnostics, backtest, price, orders, forecast, choice, recentDemand }) =>
        productFitJson({
          id,
          name: name ?? id,
          demand,
          diagnostics,
          backtest,
          price,
          orders,
          forecast,
          choice,
          recentDemand,
        }),
      ),
      forecast: poolScores(fit.products.map((p) => p.forecast)),
      dropped: fit.dropped ?? [],
      suppliers: receipts ? receipts.suppliers.map(supplierFitJson) : null,
      closedDays: fit.closedDays,
      warnings,
      badRows: parsed.badRows,
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  process.stdout.write(humanReport(args.file, parsed, fit, warnings));
  return 0;
}

async function writeScenario(args: Args, fit: HistoryFit, fileCurrency: string | null, receipts: ReceiptsFit | null): Promise<string[]> {
  const notes: string[] = [];
  let currency = args.currency ?? fileCurrency;
  if (args.currency && fileCurrency && args.currency !== fileCurrency)
    notes.push(`the file states ${fileCurrency}; --currency ${args.currency} used (prices are not converted)`);
  if (!currency) {
    currency = "XXX";
    notes.push("the file does not state its currency: the scenario says XXX (no currency); pass --currency GBP (or yours) to set it");
  }
  const entered: Supplier = {
    ...DEFAULT_SUPPLIER,
    ...(args.leadTime !== undefined || args.leadTimeSd !== undefined
      ? {
          id: "entered",
          name: "Entered supplier",
          leadTimeDays:
            (args.leadTimeSd ?? 0) > 0
              ? { kind: "lognormal" as const, mean: args.leadTime ?? 14, sd: args.leadTimeSd! }
              : { kind: "fixed" as const, value: Math.round(args.leadTime ?? 14) },
        }
      : {}),
    ...(args.orderCost !== undefined ? { fixedOrderCost: args.orderCost } : {}),
  };
  const { scenario, notes: made } = fittedScenario(fit, {
    currency,
    margin: args.margin,
    serviceLevel: args.serviceLevel,
    policy: args.policy,
    supplier: entered,
    suppliers: receipts?.suppliers.map((s) => s.supplier),
    sourcing: receipts?.sourcing,
    startDate: args.startDate,
    horizonDays: args.horizon,
    runs: args.runs,
    seed: args.seed,
    baskets: args.baskets,
    repeatClosures: !args.noClosures,
    name: `Fitted from ${args.file.split("/").pop()}`,
  });
  const check = parseScenario(scenario);
  if (!check.ok)
    throw new CliError(
      `the fitted scenario does not validate (a bug): ${check.errors
        .slice(0, 3)
        .map((e) => `${e.path}: ${e.message}`)
        .join("; ")}`,
    );
  try {
    await writeFile(args.scenario!, JSON.stringify(scenario, null, 2) + "\n");
  } catch (err) {
    throw new CliError(`${args.scenario}: cannot write file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;
  notes.push(
    `wrote ${args.scenario}: ${scenario.products.length} products, currency ${currency}, start ${scenario.startDate} (${args.startDate ? "as given" : "the day after the history"}), ${scenario.horizonDays} days, ${scenario.runs} runs`,
    `choices: margin ${pct(args.margin ?? DEFAULT_CHOICES.margin)}${args.margin === undefined ? " (default)" : ""}, policy ${args.policy ?? DEFAULT_CHOICES.policy} at service level ${pct(args.serviceLevel ?? DEFAULT_CHOICES.serviceLevel)}${args.serviceLevel === undefined ? " (default)" : ""}, each sku reviewed at its economic order interval (1 to ${ECONOMIC_MAX_WEEKS} weeks, from the order cost), backorders allowed`,
    receipts
      ? `suppliers from ${args.receipts}: ${receipts.suppliers.map((s) => `${s.supplier.id} (${leadTimeText(s.supplier.leadTimeDays)}, delivers ${pct(s.supplier.deliveredFraction ?? 1)}, ${s.receipts} receipts)`).join("; ")}`
      : `supplier: ${entered.id} — ${leadTimeText(entered.leadTimeDays)}, ${entered.fixedOrderCost} per order${args.leadTime === undefined ? " (default; --lead-time, --lead-time-sd, --order-cost or --supplier-receipts to set it)" : ""}`,
    ...fitNotesText(made),
  );
  return notes;
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

function humanReport(
  file: string,
  parsed: { rows: number; format: { name: string } | null; tradingDays: number[]; excluded: import("../../io/history.ts").ExcludedLines | null },
  fit: HistoryFit,
  warnings: string[],
): string {
  const products: ProductFit[] = fit.products;
  const out: string[] = [
    `${file}: ${parsed.format?.name ?? "sales history"}, ${parsed.rows.toLocaleString("en")} rows, ${products.length} skus, ${parsed.tradingDays.length} trading days\n`,
  ];
  const ex = parsed.excluded;
  if (ex)
    out.push(
      `not demand: ${ex.cancelled.lines} cancelled lines, ${ex.returns.lines} returns, ${ex.nonProduct.lines} non-product lines (${ex.nonProduct.codes
        .slice(0, 8)
        .map((c) => c.code)
        .join(", ")}); ${ex.outliers.lines} outlier lines ${ex.outliers.excluded ? "excluded" : "kept (--exclude-outliers to leave them out)"}\n`,
    );
  if (fit.calendar)
    out.push(
      `calendar: closed ${fit.calendar.closedWeekdays.join(", ") || "no weekday"}; closures ${fit.calendar.closures.map((c) => (c.from === c.to ? c.from : `${c.from}…${c.to}`)).join(", ") || "none"}\n`,
    );
  const orderLines = products.some((p) => p.orders);
  const head = orderLines
    ? ["sku", "lines/trading day", "units/line", "units/day", "count law", "weekly", "monthly", "days sold", "price", "name"]
    : [
        "sku",
        "orders/day",
        "count law",
        "trend/yr",
        "weekly",
        "monthly",
        "days used",
        "zeros",
        "VMR",
        "WAPE",
        "bias",
        "cover p10–p90",
        "form",
        "MASE",
        "pinball",
        "fc bias",
        "p10–p90",
        "p05–p95",
      ];
  const body = products.map((p) => {
    const d = p.demand;
    const law = d.orderCount.kind === "negativeBinomial" ? `NB k=${f(d.orderCount.dispersion)}` : "Poisson";
    if (p.orders)
      return [
        p.id,
        f(p.orders.ordersPerTradingDay, 3),
        f(p.orders.unitsPerOrder, 1),
        f(p.orders.unitsPerCalendarDay, 2),
        law,
        d.weekly ? "yes" : "–",
        d.monthly ? "yes" : "–",
        `${p.orders.daysWithSales}/${p.orders.tradingDays}`,
        f(p.price),
        (p.name ?? "").slice(0, 34),
      ];
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
  if (all && products.length > 1 && !orderLines) {
    const row = head.map(() => "");
    row[0] = `all ${products.length}`;
    const at = head.indexOf("MASE");
    [row[at], row[at + 1], row[at + 2], row[at + 3], row[at + 4]] = [f(all.mase), f(all.pinball, 3), pct(all.bias), pct(all.cover80), pct(all.cover90)];
    body.push(row);
  }
  out.push(table([head, ...body]));
  if (products.length <= BACKTEST_MAX_SKUS)
    for (const p of products) {
      const d = p.demand;
      const lines: string[] = [];
      if (d.weekly) lines.push(`  weekly  Mon..Sun ${d.weekly.map((v) => f(v)).join(" ")}`);
      if (d.monthly) lines.push(`  monthly Jan..Dec ${d.monthly.map((v) => f(v)).join(" ")}`);
      const t = p.diagnostics.dispersionTest;
      lines.push(`  overdispersion test: t = ${f(t.statistic)}, p = ${t.pValue < 1e-4 ? "<0.0001" : f(t.pValue, 4)} → ${t.chosen}`);
      if (p.choice) lines.push(`  form: ${modelChoiceText(p.choice)}`);
      if (p.forecast)
        lines.push(
          `  rolling backtest (${p.forecast.origins} × 4 weeks, ${p.forecast.days} days): MASE ${f(p.forecast.mase)}, scaled pinball ${f(p.forecast.pinball, 3)}, bias ${pct(p.forecast.bias)}, p10–p90 ${pct(p.forecast.cover80)}, p05–p95 ${pct(p.forecast.cover90)}`,
        );
      for (const w of fitNotesText(p.diagnostics.warnings)) lines.push(`  note: ${w}`);
      out.push(`\n${p.id}\n${lines.join("\n")}\n`);
    }
  if (warnings.length > 0) out.push(`\n${warnings.map((w) => `note: ${w}`).join("\n")}\n`);
  return out.join("");
}
