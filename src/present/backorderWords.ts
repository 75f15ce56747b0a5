/**
 * The backorder recommendation in words (the Backorder policy view, `recommend`, the plan's
 * backorder column and their exports): the reason for each product's choice and the guardrails an
 * option breaks, composed from the figures analysis/recommend.ts returns.
 */
import {
  backordersCode,
  shopOutcome,
  type BackorderReason,
  type GuardrailBreach,
  type RecommendResult,
  type ServiceFigures,
  type ShopOutcome,
} from "../analysis/recommend.ts";
import { describeMoneyDiff, describeRateDiff } from "./describe.ts";
import { isClear } from "../analysis/summary.ts";
import { formatNumber, formatPercent } from "../format/number.ts";
import type { Backorders } from "../engine/scenario.ts";

/** "60 % of the customers asked to wait cancel (limit 10 %)" */
export function breachText(b: GuardrailBreach): string {
  switch (b.kind) {
    case "cancellations":
      return `${formatPercent(b.share, 0)} of the customers asked to wait cancel (limit ${formatPercent(b.limit, 0)})`;
    case "promises":
      return `only ${formatPercent(b.share)} of promised dates kept (need ${formatPercent(b.limit, 0)})`;
    default: {
      const _: never = b;
      return _;
    }
  }
}

const bufferText = (days: number | undefined) => (days ? `, quote +${days} d` : "");

/** A backorder setting in short: "deny", "allow, quote +16 d", "cap 14 d, ≤ 5 units". */
export function backordersText(b: Backorders): string {
  switch (b.mode) {
    case "allow":
      return `allow${bufferText(b.quoteBufferDays)}`;
    case "deny":
      return "deny";
    case "cap":
      return `cap ${b.maxQuotedWaitDays} d${b.maxBacklogUnits !== undefined ? `, ≤ ${b.maxBacklogUnits} units` : ""}${bufferText(b.quoteBufferDays)}`;
    default: {
      const _: never = b;
      return _;
    }
  }
}

/** "allow" when the setting stays, "allow → cap 14 d" when it changes (or "→ cap 14 d" without the current one). */
export function backorderChangeText(b: { current: Backorders; recommended: Backorders }, withCurrent = true): string {
  const to = backordersText(b.recommended);
  if (backordersCode(b.current) === backordersCode(b.recommended)) return to;
  return withCurrent ? `${backordersText(b.current)} → ${to}` : `→ ${to}`;
}

/** Every breach in words, in order. */
export function breachesText(breaches: readonly GuardrailBreach[]): string[] {
  return breaches.map(breachText);
}

/** ", quoting 10 days beyond the expected restock date" */
function bufferPhrase(days: number): string {
  return days > 0 ? `, quoting ${days} day${days === 1 ? "" : "s"} beyond the expected restock date` : "";
}

/** "customers asked to wait get their order after 9 days on average, 3 % of them cancel and 85 % of the dates quoted to them are kept" */
function waitsPhrase(s: ServiceFigures): string {
  return `customers asked to wait get their order after ${formatNumber(s.avgWaitDays, 0)} days on average, ${formatPercent(s.waitingCancel, 0)} of them cancel and ${formatPercent(s.promiseKeptRate, 0)} of the dates quoted to them are kept`;
}

const clearGain = (d: { mean: number; ci95: [number, number] }) => isClear(d) && d.mean > 0;

/** The sentence a manager reads about product `name`'s recommended backorder setting. */
export function backorderReasonText(name: string, r: BackorderReason, currency: string): string {
  switch (r.kind) {
    case "rarelyOutOfStock":
      return `${name} is almost never out of stock (under one order a run waits), so the backorder setting makes no real difference; ${r.refuse ? "refusing" : "keeping"} it is fine.`;
    case "allow": {
      const money = describeMoneyDiff(r.vsRefusing, currency, "profit", ["earning", "earning"]);
      const compared = clearGain(r.vsRefusing) ? `${money} than refusing orders` : `with ${money.replace("earning ", "")} compared with refusing orders`;
      return `Keep selling ${name} on backorder${bufferPhrase(r.bufferDays)}: ${waitsPhrase(r.service)}, ${compared}.`;
    }
    case "cap": {
      const money = describeMoneyDiff(r.vsRefusing, currency, "profit", ["earning", "earning"]);
      const vsAllow = r.allow
        ? `; taking every backorder ${r.allow.withinGuardrails ? "earns less" : `breaks the guardrails (${breachesText(r.allow.breaches).join(", ")})`}`
        : "";
      return `Take backorders for ${name} only when the quoted wait is at most ${r.maxQuotedWaitDays} days${bufferPhrase(r.bufferDays)}: ${waitsPhrase(r.service)}, ${money} than refusing orders${vsAllow}.`;
    }
    case "refuseOnly":
      return `Refuse orders for ${name} when it is out of stock.`;
    case "refusePromises": {
      const gain = describeMoneyDiff(r.gain, currency, "profit", ["earn", "earn"]);
      return `Refuse orders for ${name} when it is out of stock, within the guardrails: backordering would ${gain} and only ${formatPercent(r.waitingCancel, 0)} of the customers asked to wait would cancel, but only ${formatPercent(r.promiseKeptRate)} of quoted restock dates would be kept (guardrail ${formatPercent(r.minPromiseKeptRate, 0)}), even with a quote buffer. A longer buffer, or a lower promise guardrail, would make backorders worth taking.`;
    }
    case "refuseGuardrails": {
      const waitDays = r.waitDays !== null ? `the wait would be ${formatNumber(r.waitDays, 0)} days on average, ` : "";
      const b = r.buffered;
      const later = b
        ? `; quoting ${b.bufferDays} days later, ${formatPercent(b.promiseKeptRate, 0)} of the dates are kept but ${formatPercent(b.waitingCancel, 0)} of the waiting customers still cancel`
        : "";
      const gain = clearGain(r.gain) ? ` (backordering would ${describeMoneyDiff(r.gain, currency, "profit", ["earn", "earn"])})` : "";
      return `Stop selling ${name} when it is out of stock: on backorder ${waitDays}${breachesText(r.breaches).join(", and ")}${later}; capping the quoted wait does not fix it either${gain}.`;
    }
    case "refuseSmallGain": {
      const share = r.share
        ? `, ${formatPercent(r.share.ofProfit, 1)} of the product's profit (backorders are recommended from ${formatPercent(r.share.minProfitGain, 0)})`
        : "";
      const gain = isClear(r.gain)
        ? `would ${describeMoneyDiff(r.gain, currency, "profit", ["earn", "earn"])} than refusing${share}`
        : `would make ${describeMoneyDiff(r.gain, currency, "profit")} compared with refusing`;
      const broken = r.broken ? `; ${r.broken} of ${r.options} backorder options break the guardrails` : "";
      return `Refuse orders for ${name} when it is out of stock: the best backorder option within the guardrails (${backordersText(r.option)}) ${gain} — too little to ask customers to wait ${formatNumber(r.service.avgWaitDays, 0)} days with ${formatPercent(r.service.waitingCancel, 0)} of them cancelling${broken}.`;
    }
    case "refuseLessProfit": {
      const gain = describeMoneyDiff(r.gain, currency, "profit", ["earn", "earn"]);
      const broken = r.broken ? `, and ${r.broken} of ${r.options} backorder options break the guardrails` : "";
      return `Refuse orders for ${name} when it is out of stock: backordering would ${gain.startsWith("no clear") ? "bring " + gain : gain}${broken}, so refusing earns the most within the limits.`;
    }
    default: {
      const _: never = r;
      return _;
    }
  }
}

/**
 * The recommendations as `recommend --json` writes them: each product's `why` also as `reason` in
 * words, and each option's guardrail breaches in words (docs/model.md §8.1).
 */
export function recommendationsInWords(r: RecommendResult) {
  const products = Object.fromEntries(
    Object.entries(r.products).map(([id, p]) => [
      id,
      {
        ...p,
        recommendedLabel: backordersText(p.recommended),
        reason: backorderReasonText(p.name, p.why, r.currency),
        options: p.options.map((o) => ({ ...o, label: backordersText(o.backorders), breaches: breachesText(o.breaches) })),
      },
    ]),
  );
  return { ...r, products };
}

/** The shop-level summary of a recommendation, as the app's Backorder policy view and `recommend` give it. */
export interface ShopSummary {
  /** Products per recommended mode, and how many change. */
  counts: ShopOutcome["counts"];
  /** "allow 3 products, cap 1, deny 6; 4 of 10 change from their setting now." */
  countsLine: string;
  /**
   * The effect of applying every change, simulated for the whole shop, in words with its 95 %
   * intervals; that nothing changes; or null when the whole-shop simulation did not run (cancelled).
   */
  effect: string | null;
}

export function shopSummary(r: Pick<RecommendResult, "products" | "shop" | "currency">): ShopSummary {
  const { counts, effect } = shopOutcome(r);
  const countsLine = `allow ${counts.allow} product${counts.allow === 1 ? "" : "s"}, cap ${counts.cap}, deny ${counts.deny}; ${counts.changed} of ${counts.total} change from their setting now.`;
  return { counts, countsLine, effect: shopEffectText(effect, r.currency) };
}

function shopEffectText(e: ShopOutcome["effect"], currency: string): string | null {
  switch (e.kind) {
    case "simulated": {
      const d = e.diff;
      return `Applying all ${e.changed} change${e.changed === 1 ? "" : "s"}, simulated for the whole shop against the shop as it is: ${describeMoneyDiff(d.profit, currency, "profit", ["it earns", "it earns"])} over the horizon; ${describeRateDiff(d.fillRate, "fillRate")}; ${describeRateDiff(d.lostSalesRate, "lostSalesRate")} (95 % intervals).`;
    }
    case "unchanged":
      return "Every product's setting is already the recommended one.";
    case "notRun":
      return null;
    default: {
      const _: never = e;
      return _;
    }
  }
}
