/**
 * `backorder-lab recommend <scenario.json> [--max-cancel 0.1] [--min-promise 0.9] [--caps 7,14,28]
 *  [--product ID,…] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]`
 *
 * For every product: refuse, allow, or cap backorders by quoted wait, one product at a time on
 * common random numbers; recommends the most profitable option within the guardrails. With --json:
 * `{ runs, seed, currency, guardrails, products: { <id>: { name, current, recommended,
 *   recommendedLabel, reason, options: [ { backorders, label, total, profitVsDeny, withinGuardrails, breaches } ] } } }`.
 */
import { formatMoney, formatNumber, formatPercent } from "../../analysis/describe.ts";
import { backordersLabel, recommendBackorders, type RecommendResult } from "../../analysis/recommend.ts";
import { CliError } from "../errors.ts";
import { ArgReader, COMMON_FLAGS, COMMON_VALUES, loadScenario, printJson, progressLine, table, withRunner } from "../decisionCommon.ts";

const USAGE = "usage: recommend <scenario.json> [--max-cancel 0.1] [--min-promise 0.9] [--caps 7,14,28] [--product ID,…] [--runs N] [--seed S] [--horizon D] [--workers W] [--json]";

export function renderRecommendation(r: RecommendResult): string {
  const rows = Object.entries(r.products).map(([id, p]) => [id, p.category ?? "", backordersLabel(p.current), p.recommendedLabel, p.recommendedLabel === backordersLabel(p.current) ? "" : "change"]);
  const detail = Object.entries(r.products).map(([id, p]) => {
    const opts = p.options.map((o) => {
      const t = o.total;
      return [
        o.label,
        formatMoney(t.profit.mean, r.currency),
        o.backorders.mode === "deny" ? "—" : `${o.profitVsDeny.mean >= 0 ? "+" : ""}${formatMoney(o.profitVsDeny.mean, r.currency)} ± ${formatNumber((o.profitVsDeny.ci95[1] - o.profitVsDeny.ci95[0]) / 2)}`,
        formatPercent(t.fillRate.mean),
        formatPercent(t.lostSalesRate.mean),
        formatPercent(t.cancellationRate.mean),
        t.ordersBackordered.mean > 0 ? formatPercent(t.promiseKeptRate.mean) : "—",
        t.ordersBackordered.mean > 0 ? formatNumber(t.avgWaitDays.mean, 1) : "—",
        (o.withinGuardrails ? "" : "✗ ") + (o.backorders === p.recommended || o.label === p.recommendedLabel ? "◀" : ""),
      ];
    });
    return [`${p.name} (${id})`, `  ${p.reason}`, table(["option", "profit", "vs deny ± 95 % CI", "fill rate", "lost sales", "cancelled", "promises kept", "avg wait (d)", ""], opts, ["l", "r", "r", "r", "r", "r", "r", "r", "l"]).replace(/^/gm, "  ")].join("\n");
  });
  return [
    `Guardrails: cancellations ≤ ${formatPercent(r.guardrails.maxCancellationRate, 0)}, promises kept ≥ ${formatPercent(r.guardrails.minPromiseKeptRate, 0)}; ${r.runs} runs per option on common random numbers (✗ = breaks a guardrail).`,
    "",
    table(["product", "category", "current", "recommended", ""], rows),
    "",
    ...detail.flatMap((d) => [d, ""]),
  ].join("\n");
}

export async function run(argv: string[]): Promise<number> {
  const a = new ArgReader(argv, { values: [...COMMON_VALUES, "max-cancel", "min-promise", "caps", "product"], flags: COMMON_FLAGS }, USAGE);
  const o = a.common();
  if (a.positionals.length !== 1) throw new CliError(`recommend takes one scenario file\n${USAGE}`);
  const maxCancel = a.fraction("max-cancel");
  const minPromise = a.fraction("min-promise");
  let caps: number[] | undefined;
  const capsText = a.value("caps");
  if (capsText !== undefined) {
    caps = capsText.split(",").filter((x) => x.trim() !== "").map(Number);
    if (caps.some((c) => !Number.isInteger(c) || c < 0)) throw new CliError(`--caps: whole days ≥ 0 separated by commas, got ${JSON.stringify(capsText)}`);
  }
  const scenario = await loadScenario(a.positionals[0], o);
  const products = a.value("product")?.split(",").map((x) => x.trim());
  const bar = progressLine("recommend");
  const result = await withRunner(o.workers, (runner) =>
    recommendBackorders(runner, scenario, {
      runs: o.runs ?? scenario.runs,
      caps,
      products,
      guardrails: { ...(maxCancel !== undefined ? { maxCancellationRate: maxCancel } : {}), ...(minPromise !== undefined ? { minPromiseKeptRate: minPromise } : {}) },
      onProgress: (p) => bar.update(p.run, `${p.product} (${p.index + 1}/${p.count})`),
    }),
  );
  bar.done();
  if (o.json) printJson(result);
  else process.stdout.write(renderRecommendation(result));
  return 0;
}
