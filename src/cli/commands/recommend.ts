/**
 * `backorder-lab recommend <scenario.json> [--max-cancel 0.15] [--min-promise 0.8] [--min-gain 0.01] [--caps 7,14,28,56]
 *  [--buffers 0,10] [--product ID,…] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]`
 *
 * For every product: refuse, allow, or cap backorders by quoted wait, each quoting the expected
 * restock date as it is or with a quote buffer, one product at a time on common random numbers;
 * recommends the most profitable option within the guardrails: of the customers asked to wait, at
 * most --max-cancel cancel (backorderCancellationRate), and at least --min-promise of the dates
 * quoted to them are kept (promiseKeptRate); backordering must clearly earn at least --min-gain of
 * the product's profit more than refusing. With --json:
 * `{ runs, seed, currency, guardrails, products: { <id>: { name, current, recommended,
 *   recommendedLabel, reason, options: [ { backorders, code, label, total, profitVsDeny, withinGuardrails, breaches } ] } },
 *   shop?: { changed, diff: { profit, revenue, fillRate, backorderRate, cancellationRate, lostSalesRate } } }`.
 * Both outputs open with the shop-level summary the app's Backorder policy view shows: products per
 * decision, and the effect of applying every change, the whole shop simulated with and without them.
 */
import { backorderReasonText, backordersText, recommendationsInWords, shopSummary } from "../../present/backorderWords.ts";
import { formatMoney, formatNumber, formatPercent } from "../../format/number.ts";
import { backorderOptions, backordersCode, recommendBackorders, type RecommendResult } from "../../analysis/recommend.ts";
import { RANGES } from "../../io/limits.ts";

/** Caps or buffers tried per product: each is a simulation. */
const MAX_CHOICES = 20;
import { CliError } from "../errors.ts";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES, loadScenario, printJson, progressLine, refuseTooBig, table, withRunner } from "../decisionCommon.ts";
import { halfWidth } from "../../analysis/summary.ts";

const USAGE = [
  "usage: recommend <scenario.json> [--max-cancel 0.15] [--min-promise 0.8] [--min-gain 0.01] [--caps 7,14,28,56] [--buffers 0,10] [--product ID,…] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]",
  "  --max-cancel   most of the customers asked to wait who may cancel (fraction or %, default 15 %)",
  "  --min-promise  least share of the dates quoted to waiting customers that must be kept (default 80 %)",
  "  --min-gain     least extra profit, as a share of the product's profit when refusing, for backorders to be worth it (default 1 %)",
  "  --caps         longest quoted waits to try, in days, buffer included (default 7,14,28,56)",
  "  --buffers      days added to the expected restock date when quoting (default: 0 and the lead time's sd, rounded)",
].join("\n");

/** The mean ± the half-width of its 95 % confidence interval (percentage points for rates). */
function pm(s: { mean: number; ci95: [number, number] }, kind: "money" | "rate" | "num", currency: string): string {
  const h = halfWidth(s);
  const mean = kind === "money" ? formatMoney(s.mean, currency) : kind === "rate" ? formatPercent(s.mean) : formatNumber(s.mean, 1);
  if (!Number.isFinite(h)) return mean;
  return `${mean} ± ${kind === "money" ? formatNumber(h) : kind === "rate" ? formatNumber(h * 100, 1) : formatNumber(h, 1)}`;
}

export function renderRecommendation(r: RecommendResult): string {
  const rows = Object.entries(r.products).map(([id, p]) => [
    id,
    p.category ?? "",
    backordersText(p.current),
    backordersText(p.recommended),
    backordersCode(p.recommended) === backordersCode(p.current) ? "" : "change",
  ]);
  const detail = Object.entries(r.products).map(([id, p]) => {
    const opts = p.options.map((o) => {
      const t = o.total;
      return [
        backordersText(o.backorders),
        pm(t.profit, "money", r.currency),
        o.backorders.mode === "deny"
          ? "—"
          : `${o.profitVsDeny.mean >= 0 ? "+" : ""}${formatMoney(o.profitVsDeny.mean, r.currency)} ± ${formatNumber(halfWidth(o.profitVsDeny))}`,
        pm(t.fillRate, "rate", r.currency),
        pm(t.lostSalesRate, "rate", r.currency),
        t.ordersBackordered.mean <= 0
          ? "—"
          : t.backorderCancellationRate
            ? pm(t.backorderCancellationRate, "rate", r.currency)
            : formatPercent(t.ordersCancelled.mean / t.ordersBackordered.mean),
        t.ordersBackordered.mean > 0 ? pm(t.promiseKeptRate, "rate", r.currency) : "—",
        t.ordersBackordered.mean > 0 ? pm(t.avgWaitDays, "num", r.currency) : "—",
        (o.withinGuardrails ? "" : "✗ ") + (o.backorders === p.recommended || o.code === backordersCode(p.recommended) ? "◀" : ""),
      ];
    });
    return [
      `${p.name} (${id})`,
      `  ${backorderReasonText(p.name, p.why, r.currency)}`,
      table(["option", "profit", "vs deny ± 95 % CI", "fill rate", "lost sales", "waiting who cancel", "promises kept", "avg wait (d)", ""], opts, [
        "l",
        "r",
        "r",
        "r",
        "r",
        "r",
        "r",
        "r",
        "l",
      ]).replace(/^/gm, "  "),
    ].join("\n");
  });
  const summary = shopSummary(r);
  return [
    `For the shop: ${summary.countsLine}`,
    ...(summary.effect ? [summary.effect] : []),
    "",
    `Guardrails: of the customers asked to wait at most ${formatPercent(r.guardrails.maxCancellationRate, 0)} cancel, and at least ${formatPercent(r.guardrails.minPromiseKeptRate, 0)} of the dates quoted to them are kept; backorders must earn at least ${formatPercent(r.guardrails.minProfitGain ?? 0, 0)} more than refusing; ${r.runs} runs per option on common random numbers; figures are means ± the half-width of their 95 % confidence interval (percentage points for rates); ✗ = breaks a guardrail.`,
    "",
    table(["product", "category", "current", "recommended", ""], rows),
    "",
    ...detail.flatMap((d) => [d, ""]),
  ].join("\n");
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(
    argv,
    { values: [...COMMON_VALUES, "max-cancel", "min-promise", "min-gain", "caps", "buffers", "product"], flags: COMMON_FLAGS },
    USAGE,
  );
  const o = a.common();
  if (a.positionals.length !== 1) throw new CliError(`recommend takes one scenario file\n${USAGE}`);
  const maxCancel = a.fraction("max-cancel");
  const minPromise = a.fraction("min-promise");
  const minGain = a.fraction("min-gain");
  let caps: number[] | undefined;
  const capsText = a.value("caps");
  if (capsText !== undefined) {
    caps = capsText
      .split(",")
      .filter((x) => x.trim() !== "")
      .map(Number);
    if (caps.length > MAX_CHOICES || caps.some((c) => !Number.isInteger(c) || c < 0 || c > RANGES.patienceDays))
      throw new CliError(
        `--caps: at most ${MAX_CHOICES} whole days from 0 to ${RANGES.patienceDays.toLocaleString("en-US")} separated by commas, got ${JSON.stringify(capsText.length > 60 ? capsText.slice(0, 57) + "…" : capsText)}`,
      );
  }
  let buffers: number[] | undefined;
  const buffersText = a.value("buffers");
  if (buffersText !== undefined) {
    buffers = buffersText
      .split(",")
      .filter((x) => x.trim() !== "")
      .map(Number);
    if (buffers.length === 0 || buffers.length > MAX_CHOICES || buffers.some((c) => !Number.isInteger(c) || c < 0 || c > RANGES.quoteDays))
      throw new CliError(
        `--buffers: at most ${MAX_CHOICES} whole days from 0 to ${RANGES.quoteDays.toLocaleString("en-US")} separated by commas, got ${JSON.stringify(buffersText.length > 60 ? buffersText.slice(0, 57) + "…" : buffersText)}`,
      );
  }
  const scenario = await loadScenario(a.positionals[0], o);
  const products = a
    .value("product")
    ?.split(",")
    .map((x) => x.trim());
  // Every product is tried with each backorder option (alone when products never interact).
  const options = backorderOptions(scenario.products[0].backorders, caps, buffers ?? [0]).length;
  // … then the whole shop with and without every change (the shop-level summary).
  refuseTooBig(scenario, o, (options * (products?.length ?? scenario.products.length)) / scenario.products.length + 2, "recommend");
  const bar = progressLine("recommend");
  const result = await withRunner(o.workers, (runner) =>
    recommendBackorders(runner, scenario, {
      runs: o.runs ?? scenario.runs,
      caps,
      buffers,
      products,
      guardrails: {
        ...(maxCancel !== undefined ? { maxCancellationRate: maxCancel } : {}),
        ...(minPromise !== undefined ? { minPromiseKeptRate: minPromise } : {}),
        ...(minGain !== undefined ? { minProfitGain: minGain } : {}),
      },
      onProgress: (p) => bar.update(p.run, p.index < p.count ? `${p.product} (${p.index + 1}/${p.count})` : "the whole shop with every change applied"),
    }),
  );
  bar.done();
  if (o.json) printJson(recommendationsInWords(result));
  else process.stdout.write(renderRecommendation(result));
  return 0;
}
