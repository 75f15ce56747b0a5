/**
 * `backorder-lab plan <scenario.json> --target "fillRate>=0.95" [--param P] [--runs N] [--first-runs N]
 *  [--seed S] [--horizon D] [--workers W] [--json] [--csv plan.csv] [--apply planned.json]
 *  [--shard k/n] [--out F]`
 *
 * For every product, the least level of its policy that meets the target (or the least-cost level
 * with `--target minCost`), each product simulated alone (its figures are those it has in the whole
 * scenario), bracketed from the textbook guess and bisected on common random numbers, with runs
 * spent where the answer is still in doubt. Targets by class: `A:fillRate>=0.98,B:fillRate>=0.95,
 * C:fillRate>=0.9` (ABC by expected revenue) or by category (`impulse:…,*:…`).
 *
 * `--csv` writes one row per product (levels, safety stock, figures with their 95 % intervals);
 * `--apply` writes the scenario with the plan applied; `--json` prints the plan document
 * (analysis/planReport.ts). With `--shard k/n` the k-th contiguous slice of the products is planned
 * and its document written to --out (else stdout); `merge` joins the shards into the one-shot plan.
 * `--backorders` also decides each product's backorder setting at its planned level, as `recommend`
 * does (guardrails, reasons), with the profit effect of applying them all.
 */
import { availableParallelism } from "node:os";
import { writeFile } from "node:fs/promises";
import { formatMoney, formatNumber, formatPercent } from "../../format/number.ts";
import { AnalysisInputError } from "../../analysis/inputError.ts";
import { parsePlanTarget, parsePlanTargets, shardSlice } from "../../analysis/plan.ts";
import { aggregatePlan, applyPlan, PLAN_KIND, scenarioHash, summarisePlans, type AggregatePlan, type PlanDocument } from "../../analysis/planReport.ts";
import { describePlanSummary, planCsv } from "../../present/planReport.ts";
import { backorderChangeText } from "../../present/backorderWords.ts";
import { formatLevel } from "../../present/levelWords.ts";
import { spawnNodePlanWorker } from "../../runner/nodePlanWorkers.ts";
import { runPlan } from "../../runner/planWork.ts";
import { CliError } from "../errors.ts";
import { shardText } from "../../io/shardFile.ts";

/** The kind of a plan shard file. */
export const PLAN_SHARD = "plan";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES, loadScenario, printJson, refuseTooBig, table } from "../decisionCommon.ts";
import { isSimulationLimitError } from "../../engine/limits.ts";

const USAGE =
  'usage: plan <scenario.json> --target "fillRate>=0.95" | "A:fillRate>=0.98,B:fillRate>=0.95,C:fillRate>=0.9" | minCost [--param P] [--runs N] [--first-runs N] [--seed S] [--horizon D] [--workers W (0 = in-thread)] [--json] [--csv plan.csv] [--apply planned.json] [--shard k/n] [--out F] [--backorders]';

const pm = (lo: number, hi: number, f: (x: number) => string) => `± ${f((hi - lo) / 2)}`;

export function renderPlan(doc: PlanDocument, limit = 60): string {
  const rows = doc.products.slice(0, limit).map((p) => {
    const k = p.planned_kpis;
    return [
      p.id,
      p.name.length > 28 ? p.name.slice(0, 27) + "…" : p.name,
      p.class === "*" ? "" : p.class,
      p.current === null ? "—" : formatLevel(p.current, p.param),
      formatLevel(p.planned, p.param),
      `${formatNumber(p.safetyStock.units, 0)} / ${formatNumber(p.safetyStock.days, 1)} d`,
      `${formatPercent(k.fillRate.mean, 1)} ${pm(k.fillRate.ci95[0], k.fillRate.ci95[1], (x) => formatNumber(x * 100, 1))}`,
      `${formatPercent(k.backorderRate.mean, 1)} ${pm(k.backorderRate.ci95[0], k.backorderRate.ci95[1], (x) => formatNumber(x * 100, 1))}`,
      `${formatNumber(k.stockoutDays.mean, 1)}`,
      `${formatMoney(k.avgStockValue.mean, doc.currency)}`,
      p.status,
      ...(p.backorders ? [backorderChangeText(p.backorders)] : []),
    ];
  });
  const more = doc.products.length > limit ? [`… ${doc.products.length - limit} more products (--csv or --json for all)`] : [];
  return [
    `${doc.scenario}: ${doc.target}, up to ${doc.runs} runs per level on common random numbers${doc.shard ? `, shard ${doc.shard.k}/${doc.shard.n} (products ${doc.shard.first + 1}–${doc.shard.end} of ${doc.productCount})` : ""}`,
    table(
      [
        "id",
        "name",
        "class",
        "current",
        "planned",
        "safety stock",
        "fill rate",
        "backorder rate",
        "stock-out days",
        "avg stock value",
        "answer",
        ...(doc.products[0]?.backorders ? ["backorders"] : []),
      ],
      rows,
      ["l", "l", "l", "r", "r", "r", "r", "r", "r", "r", "l", "l"],
    ),
    ...more,
    "means across runs ± half-width of their 95 % interval (percentage points for rates); safety stock in units / days of demand",
    "",
    describePlanSummary(doc.summary, doc.currency),
    ...(doc.aggregate ? ["", describeAggregate(doc.aggregate, doc.currency)] : []),
    ...(doc.complete ? [] : ["warning: cancelled; only the products above were planned"]),
  ].join("\n");
}

export function describeAggregate(g: AggregatePlan, currency: string): string {
  const head = g.reached
    ? `Catalogue-wide fill rate ≥ ${formatPercent(g.target)}: the least stock is ${formatMoney(g.stockValue, currency)} at unit cost (fill rate ${formatPercent(g.fillRate, 2)}), stock placed where it buys the most units from stock per unit of value; every product at its own answer needs ${formatMoney(g.perProduct.stockValue, currency)} (fill rate ${formatPercent(g.perProduct.fillRate, 2)}), so the catalogue-wide target saves ${formatMoney(g.saving, currency)}.`
    : `Catalogue-wide fill rate ≥ ${formatPercent(g.target)} is out of reach of the levels traced (at most ${formatPercent(g.fillRate, 2)} with ${formatMoney(g.stockValue, currency)}).`;
  const rows = g.targets.map((t) => [formatPercent(t.fillRate), formatMoney(t.stockValue, currency)]);
  return [
    head,
    "",
    "exchange curve (least stock value for a catalogue-wide fill rate, from the first batch of runs):",
    table(["fill rate", "stock value"], rows, ["r", "r"]),
  ].join("\n");
}

async function writeOut(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (err) {
    throw new CliError(`${file}: cannot write file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(
    argv,
    { values: [...COMMON_VALUES, "target", "param", "csv", "apply", "shard", "out", "first-runs", "aggregate"], flags: [...COMMON_FLAGS, "backorders"] },
    USAGE,
  );
  const o = a.common();
  if (a.positionals.length !== 1) throw new CliError(`plan takes one scenario file\n${USAGE}`);
  const aggText = a.value("aggregate");
  let aggTarget: number | null = null;
  if (aggText !== undefined) {
    const g = parsePlanTarget(aggText);
    if (!g.ok || g.target.kind !== "service" || g.target.metric !== "fillRate")
      throw new CliError(`--aggregate: a catalogue-wide target is a fill rate, e.g. --aggregate "fillRate>=0.95"; got ${JSON.stringify(aggText)}`);
    aggTarget = g.target.target;
  }
  // With only a catalogue-wide target, each product's own answer is planned for the same fill rate (the saving's reference).
  const targetText = a.value("target") ?? aggText;
  if (!targetText) throw new CliError(`--target is required, e.g. --target "fillRate>=0.95"\n${USAGE}`);
  const t = parsePlanTargets(targetText);
  if (!t.ok) throw new CliError(`--target: ${t.message}`);
  const file = a.positionals[0];
  // The file as written (what --apply changes and the shards' fingerprint), and as simulated.
  const original = await loadScenario(file, {});
  const s = await loadScenario(file, o);
  let shard: PlanDocument["shard"] = null;
  const shardSpec = a.value("shard");
  if (shardSpec) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(shardSpec);
    const k = m ? Number(m[1]) : NaN;
    const n = m ? Number(m[2]) : NaN;
    if (!m || !(n >= 1) || !(k >= 1 && k <= n)) throw new CliError(`--shard: expected k/n with 1 ≤ k ≤ n (e.g. 2/8), got ${JSON.stringify(shardSpec)}`);
    shard = { k, n, ...shardSlice(s.products.length, k, n) };
    if (a.value("apply"))
      throw new CliError("--apply needs every product's plan: merge the shards, then apply (merge part-*.json --scenario scenario.json --apply planned.json)");
  }
  const first = shard?.first ?? 0;
  const end = shard?.end ?? s.products.length;
  const indices = Array.from({ length: end - first }, (_, i) => first + i);
  const workers = o.workers ?? Math.max(1, Math.min(availableParallelism(), 8));
  // The products planned here, at the scenario's runs, at least once: what cannot fit once is refused now.
  refuseTooBig({ ...s, products: indices.map((i) => s.products[i]) }, o, 1, "plan");
  const tty = process.stderr.isTTY === true;
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once("SIGINT", onSigint);
  let result;
  try {
    result = await runPlan(workers === 0 ? null : spawnNodePlanWorker, workers, s, indices, t.targets, {
      param: a.value("param"),
      runs: s.runs,
      firstRuns: a.int("first-runs", 1),
      backorders: a.flag("backorders"),
      curve: aggTarget !== null,
      signal: ac.signal,
      onProgress: (p) => {
        if (!tty) return;
        const left = p.etaMs === null ? "" : `, about ${Math.ceil(p.etaMs / 1000)} s left`;
        process.stderr.write(`\rplan: ${p.done} of ${p.total} products${left}   `);
      },
    });
  } catch (err) {
    if (err instanceof AnalysisInputError) throw new CliError(err.message);
    // Stopped by a limit of the model while running (a backlog that outgrew memory): the scenario, not a bug.
    if (isSimulationLimitError(err)) throw new CliError(err.message);
    throw err;
  } finally {
    process.off("SIGINT", onSigint);
    if (tty) process.stderr.write("\r\x1b[K");
  }
  const doc: PlanDocument = {
    kind: PLAN_KIND,
    scenario: s.name,
    scenarioHash: scenarioHash(original),
    horizonDays: s.horizonDays,
    target: targetText.trim(),
    param: a.value("param") ?? null,
    runs: s.runs,
    seed: s.seed,
    currency: s.currency,
    productCount: s.products.length,
    shard,
    aggregateTarget: aggTarget,
    backorders: a.flag("backorders"),
    complete: !result.cancelled,
    elapsedMs: Math.round(result.elapsedMs),
    summary: summarisePlans(result.plans),
    products: result.plans,
  };
  if (aggTarget !== null && !shard && doc.complete) doc.aggregate = aggregatePlan(doc.products, aggTarget);
  if (a.value("csv")) await writeOut(a.value("csv")!, planCsv(doc.products, doc.currency, doc.aggregate));
  if (a.value("apply")) {
    if (!doc.complete) throw new CliError("cancelled before every product was planned: nothing applied");
    await writeOut(a.value("apply")!, JSON.stringify(applyPlan(original, doc.products, doc.aggregate), null, 2) + "\n");
  }
  if (shard) {
    if (!doc.complete) throw new CliError(`shard ${shard.k}/${shard.n} was stopped before its last product: nothing written; run it again`);
    const out = a.value("out");
    // A checksummed shard file (src/io/shardFile.ts); its slice is of products, not runs: the header's
    // "runs" count the products and firstRun/runCount are the slice.
    const text = await shardText(
      {
        kind: PLAN_SHARD,
        scenario: s.name,
        scenarioHash: doc.scenarioHash,
        seed: s.seed,
        runs: s.products.length,
        horizonDays: s.horizonDays,
        shard: { k: shard.k, n: shard.n },
        firstRun: first,
        runCount: end - first,
      },
      doc,
    );
    if (out) {
      await writeOut(out, text);
      process.stderr.write(`plan shard ${shard.k}/${shard.n} of '${s.name}': products ${first + 1}–${end} written to ${out}\n`);
    } else process.stdout.write(text);
    return 0;
  }
  if (a.value("out")) await writeOut(a.value("out")!, JSON.stringify(doc, null, 2) + "\n");
  if (o.json) printJson(doc);
  else process.stdout.write(renderPlan(doc) + "\n");
  return doc.complete ? 0 : 130;
}
