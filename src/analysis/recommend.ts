/**
 * Per-product backorder recommendation. For each product in turn (the rest exactly as in the
 * scenario) it simulates refusing out-of-stock orders, taking every backorder, and taking them only
 * when the quoted wait is short — each backordering option quoting the expected restock date as it
 * is and with a quote buffer — all on common random numbers with refusing as the paired reference.
 * The recommendation is the option with the most profit for that product whose customers stay
 * within the guardrails (of the customers asked to wait, few cancel; the dates quoted to them are
 * mostly kept), with the reason (`why`: the case and its figures; present/backorderWords.ts words it).
 */
import type { Metric } from "../engine/metrics.ts";
import type { Backorders, Product, Scenario } from "../engine/scenario.ts";
import { distSd } from "../engine/dists.ts";
import { usualSuppliers, withSourcingKind } from "../engine/sourcing.ts";
import type { Runner, RunOptions, Progress } from "../runner/types.ts";
import { isClear, type Summary } from "./summary.ts";
import { toMetricDiff, type MetricDiff } from "./compare.ts";
import { applyOverrides } from "./variants.ts";
import { productsStandAlone } from "../engine/productSim.ts";
import { AnalysisInputError, inputError } from "./inputError.ts";

export interface Guardrails {
  /**
   * Highest acceptable share of the customers asked to wait who cancel (`backorderCancellationRate`,
   * not `cancellationRate`, which divides by every order and so hides a wait nobody accepts).
   */
  maxCancellationRate: number;
  /** Lowest acceptable share of backordered orders shipped by the quoted date (`promiseKeptRate`). */
  minPromiseKeptRate: number;
  /**
   * Least gain, over refusing, for asking customers to wait at all: a fraction of the product's profit
   * when refusing (0.01 = 1 %). A gain that is statistically clear but tiny is not worth the trouble
   * of promises, reminders and waiting customers.
   */
  minProfitGain: number;
}

export const DEFAULT_GUARDRAILS: Guardrails = { maxCancellationRate: 0.15, minPromiseKeptRate: 0.8, minProfitGain: 0.01 };

/** The gain over refusing that backordering must reach (currency per run), from the refusing option's profit. */
export function worthwhileGain(options: BackorderOption[], g: Pick<Guardrails, "minProfitGain">): number {
  const deny = options.find((o) => o.backorders.mode === "deny");
  return deny ? (g.minProfitGain ?? 0) * Math.abs(deny.total.profit.mean) : 0;
}

/** Caps tried besides allow and deny (quoted wait in days, buffer included). */
export const DEFAULT_CAPS = [7, 14, 28, 56];

export interface BackorderOption {
  backorders: Backorders;
  /** The setting as a code (the same for the same setting). */
  code: BackordersCode;
  /** This product's metrics under the option (the rest of the scenario as it is). */
  total: Record<Metric, Summary>;
  /** Paired difference of this product's profit vs refusing out-of-stock orders. */
  profitVsDeny: MetricDiff;
  withinGuardrails: boolean;
  /** Guardrails broken, with the figure and the limit (present/backorderWords.ts words them). */
  breaches: GuardrailBreach[];
}

/** A guardrail an option breaks: the share it reaches and the limit. */
export type GuardrailBreach = { kind: "cancellations"; share: number; limit: number } | { kind: "promises"; share: number; limit: number };

/** What customers asked to wait see under an option. */
export interface ServiceFigures {
  avgWaitDays: number;
  /** Share of the customers asked to wait who cancel. */
  waitingCancel: number;
  promiseKeptRate: number;
}

/**
 * Why a product's setting was chosen, with the figures a sentence about it needs (composed where it
 * is shown, by present/backorderWords.ts): `kind` says which case of the choice applied.
 */
export type BackorderReason =
  /** The product is almost never out of stock; every setting is the same shop. */
  | { kind: "rarelyOutOfStock"; refuse: boolean }
  | { kind: "allow"; bufferDays: number; service: ServiceFigures; vsRefusing: MetricDiff }
  | {
      kind: "cap";
      maxQuotedWaitDays: number;
      bufferDays: number;
      service: ServiceFigures;
      vsRefusing: MetricDiff;
      /** Taking every backorder, when it was tried. */
      allow: { withinGuardrails: boolean; breaches: GuardrailBreach[] } | null;
    }
  /** Refusing is the only option tried. */
  | { kind: "refuseOnly" }
  /** Every backorder option breaks the promise guardrail only, while customers would wait and backordering clearly pays. */
  | { kind: "refusePromises"; gain: MetricDiff; waitingCancel: number; promiseKeptRate: number; minPromiseKeptRate: number }
  /** Every backorder option breaks a guardrail: the most profitable one's breaches, and what quoting later does. */
  | {
      kind: "refuseGuardrails";
      gain: MetricDiff;
      /** Average wait of the most profitable option, null when nobody waited. */
      waitDays: number | null;
      breaches: GuardrailBreach[];
      buffered: { bufferDays: number; promiseKeptRate: number; waitingCancel: number } | null;
    }
  /** The best option within the guardrails gains too little (or not clearly) over refusing. */
  | {
      kind: "refuseSmallGain";
      option: Backorders;
      gain: MetricDiff;
      /** The gain as a share of the product's profit when refusing, and the share asked for. */
      share: { ofProfit: number; minProfitGain: number } | null;
      service: ServiceFigures;
      broken: number;
      options: number;
    }
  /** Refusing earns the most within the guardrails. */
  | { kind: "refuseLessProfit"; gain: MetricDiff; broken: number; options: number };

export interface ProductRecommendation {
  name: string;
  category?: string;
  current: Backorders;
  recommended: Backorders;
  why: BackorderReason;
  options: BackorderOption[];
}

export interface RecommendResult {
  runs: number;
  seed: string;
  currency: string;
  guardrails: Guardrails;
  products: Record<string, ProductRecommendation>;
  /**
   * The whole shop with every recommendation applied against the shop as it is, paired on common
   * random numbers (one more simulation of both): the effect of applying all of it, interactions
   * between products included. Absent when nothing changes, when `shopCheck` is false, or when the
   * job was stopped before it.
   */
  shop?: ShopEffect;
}

export interface ShopEffect {
  /** Products whose setting changes. */
  changed: number;
  /** Paired differences, all recommendations applied − as it is, of the scenario totals. */
  diff: Pick<Record<Metric, MetricDiff>, "profit" | "revenue" | "fillRate" | "backorderRate" | "cancellationRate" | "lostSalesRate">;
}

export interface RecommendOptions extends Omit<RunOptions, "onProgress" | "onPartial" | "precision"> {
  guardrails?: Partial<Guardrails>;
  caps?: number[];
  /**
   * Quote buffers (days) tried with allow and every cap. Default per product: 0 and the standard
   * deviation of its supplier's lead time, rounded (`suggestedQuoteBuffer`).
   */
  buffers?: number[];
  /** Only these products (default all). */
  products?: string[];
  /**
   * Progress: `index` of `count` products; the whole-shop check that follows them reports
   * `index === count` with `product` "(whole shop)".
   */
  onProgress?: (p: { product: string; index: number; count: number; run: Progress }) => void;
  /** Called after each product with the recommendations so far (kept by a caller that may cancel). */
  onProduct?: (partial: RecommendResult) => void;
  /** Simulate the shop with every recommendation applied against it as it is (default true). */
  shopCheck?: boolean;
}

/** The scenario with each product's backorder setting replaced by its recommendation. */
export function applyRecommendations(scenario: Scenario, r: Pick<RecommendResult, "products">, only?: readonly string[]): Scenario {
  const pick = only ? new Set(only) : null;
  return {
    ...scenario,
    products: scenario.products.map((p) => {
      const rec = r.products[p.id];
      return rec && (!pick || pick.has(p.id)) ? { ...p, backorders: structuredClone(rec.recommended) } : p;
    }),
  };
}

/** Products per recommended mode, and how many change from their current setting. */
export function decisionCounts(r: Pick<RecommendResult, "products">): { total: number; allow: number; cap: number; deny: number; changed: number } {
  const out = { total: 0, allow: 0, cap: 0, deny: 0, changed: 0 };
  for (const p of Object.values(r.products)) {
    out.total++;
    out[p.recommended.mode]++;
    if (!sameBackorders(p.recommended, p.current)) out.changed++;
  }
  return out;
}

/**
 * What applying every recommended change does for the whole shop: the paired whole-shop figures
 * (`simulated`), nothing to apply (`unchanged`), or not known because the whole-shop simulation did
 * not run (`notRun`, cancelled before it). present/backorderWords.ts words it.
 */
export type ShopEffectCase = ({ kind: "simulated" } & ShopEffect) | { kind: "unchanged" } | { kind: "notRun" };

/** The shop-level side of a recommendation, as the app's Backorder policy view and `recommend` give it. */
export interface ShopOutcome {
  /** Products per recommended mode, and how many change. */
  counts: ReturnType<typeof decisionCounts>;
  effect: ShopEffectCase;
}

export function shopOutcome(r: Pick<RecommendResult, "products" | "shop">): ShopOutcome {
  const counts = decisionCounts(r);
  const effect: ShopEffectCase = r.shop
    ? { kind: "simulated", changed: r.shop.changed, diff: r.shop.diff }
    : counts.changed === 0
      ? { kind: "unchanged" }
      : { kind: "notRun" };
  return { counts, effect };
}

/** Whether a product's recommendation differs from its current setting (a buffer of 0 is none). */
export function recommendationChanges(p: Pick<ProductRecommendation, "recommended" | "current">): boolean {
  return !sameBackorders(p.recommended, p.current);
}

/** A quote buffer in a backorder code: "+16" for 16 days, nothing for none (or 0). */
type BufferCode = "" | `+${number}`;

/**
 * A backorder setting as a short code that equal settings share (a buffer of 0 is none):
 * "deny", "allow", "allow+16" (quote 16 days beyond the restock date), "cap14" (quoted wait at most
 * 14 days), "cap14/5+3" (and at most 5 units waiting, buffer 3). Words: present/backorderWords.ts.
 */
export type BackordersCode = "deny" | `allow${BufferCode}` | `cap${number}${"" | `/${number}`}${BufferCode}`;

const bufferCode = (days: number | undefined): BufferCode => (days ? `+${days}` : "");

export function backordersCode(b: Backorders): BackordersCode {
  switch (b.mode) {
    case "allow":
      return `allow${bufferCode(b.quoteBufferDays)}`;
    case "deny":
      return "deny";
    case "cap":
      return `cap${b.maxQuotedWaitDays}${b.maxBacklogUnits !== undefined ? (`/${b.maxBacklogUnits}` as const) : ""}${bufferCode(b.quoteBufferDays)}`;
    default: {
      const _: never = b;
      return _;
    }
  }
}

/** Same setting: a buffer of 0 is the same as none. */
function sameBackorders(a: Backorders, b: Backorders): boolean {
  const norm = (x: Backorders) => JSON.stringify(x.mode !== "deny" && !x.quoteBufferDays ? { ...x, quoteBufferDays: 0 } : x);
  return norm(a) === norm(b);
}

/**
 * The buffer a shop would quote with a supplier: the lead time's standard deviation, rounded (the
 * largest over the suppliers a product orders from). 0 for a fixed lead time.
 */
export function suggestedQuoteBuffer(scenario: Scenario, p: Product): number {
  const ids = usualSuppliers(withSourcingKind(p.sourcing, `products.${p.id}.sourcing`)).map((x) => x.id);
  let sd = 0;
  for (const id of ids) {
    const sup = scenario.suppliers.find((x) => x.id === id);
    if (sup) sd = Math.max(sd, distSd(sup.leadTimeDays));
  }
  return Number.isFinite(sd) ? Math.round(sd) : 0;
}

/**
 * Deny first (the paired reference), then allow and each cap, each with every quote buffer (0
 * first; a cap only with buffers shorter than itself), plus the product's current setting.
 */
export function backorderOptions(current: Backorders, caps: number[] = DEFAULT_CAPS, buffers: number[] = [0]): Backorders[] {
  const bufs = [...new Set([0, ...buffers])];
  const withBuffer = <T extends Backorders>(b: T, d: number): T => (d > 0 ? { ...b, quoteBufferDays: d } : b);
  const list: Backorders[] = [{ mode: "deny" }];
  for (const d of bufs) list.push(withBuffer({ mode: "allow" }, d));
  // A buffer as long as the cap refuses every order (the quoted wait is at least 1 + buffer): skipped.
  for (const c of caps) for (const d of bufs) if (d === 0 || d < c) list.push(withBuffer({ mode: "cap", maxQuotedWaitDays: c }, d));
  if (!list.some((b) => sameBackorders(b, current))) list.push(current);
  return list;
}

export function guardrailBreaches(s: Record<Metric, Summary>, g: Pick<Guardrails, "maxCancellationRate" | "minPromiseKeptRate">): GuardrailBreach[] {
  const out: GuardrailBreach[] = [];
  // Saved or older results may lack the metric; then the waiting customers' share is worked out.
  const waitingCancel = waitingCancelShare(s);
  if (s.ordersBackordered.mean > 0 && waitingCancel > g.maxCancellationRate)
    out.push({ kind: "cancellations", share: waitingCancel, limit: g.maxCancellationRate });
  if (s.ordersBackordered.mean > 0 && s.promiseKeptRate.mean < g.minPromiseKeptRate)
    out.push({ kind: "promises", share: s.promiseKeptRate.mean, limit: g.minPromiseKeptRate });
  return out;
}

/**
 * Chooses among options already simulated (pure): most profit within the guardrails, where a
 * backordering option must also clearly beat refusing (the 95 % interval of the paired profit
 * difference above 0) by at least the worthwhile gain — asking customers to wait for no clear or a
 * negligible gain is not worth the trouble.
 */
export function chooseOption(options: BackorderOption[], g: Pick<Guardrails, "minProfitGain"> = DEFAULT_GUARDRAILS): BackorderOption {
  const least = worthwhileGain(options, g);
  const ok = options.filter((o) => o.withinGuardrails && (o.backorders.mode === "deny" || (o.profitVsDeny.ci95[0] > 0 && o.profitVsDeny.mean >= least)));
  const pool = ok.length ? ok : options.filter((o) => o.backorders.mode === "deny");
  let best = pool[0] ?? options[0];
  for (const o of pool) if (o.total.profit.mean > best.total.profit.mean) best = o;
  return best;
}

/** Mean share of the customers asked to wait who cancel. */
function waitingCancelShare(t: Record<Metric, Summary>): number {
  if (t.backorderCancellationRate) return t.backorderCancellationRate.mean;
  return t.ordersBackordered.mean > 0 ? t.ordersCancelled.mean / t.ordersBackordered.mean : 0;
}

const service = (t: Record<Metric, Summary>): ServiceFigures => ({
  avgWaitDays: t.avgWaitDays.mean,
  waitingCancel: waitingCancelShare(t),
  promiseKeptRate: t.promiseKeptRate.mean,
});

const bufferOf = (b: Backorders) => (b.mode === "deny" ? 0 : (b.quoteBufferDays ?? 0));

const mostProfitable = (options: BackorderOption[]) =>
  options.reduce<BackorderOption | undefined>((a, o) => (!a || o.total.profit.mean > a.total.profit.mean ? o : a), undefined);

/** Why `chosen` was chosen among `options` (pure): the case, and the figures that decided it. */
export function backorderReason(chosen: BackorderOption, options: BackorderOption[], g: Guardrails): BackorderReason {
  const allow = options.find((o) => o.backorders.mode === "allow");
  const deny = options.find((o) => o.backorders.mode === "deny")!;
  const backordering = allow ?? options.find((o) => o.backorders.mode !== "deny");
  // Nothing is ever out of stock: every option is the same shop.
  if (backordering && backordering.total.ordersBackordered.mean < 0.5 && deny.total.unitsLost.mean < 0.5)
    return { kind: "rarelyOutOfStock", refuse: chosen.backorders.mode === "deny" };
  const b = chosen.backorders;
  switch (b.mode) {
    case "allow":
      return { kind: "allow", bufferDays: bufferOf(b), service: service(chosen.total), vsRefusing: chosen.profitVsDeny };
    case "cap":
      return {
        kind: "cap",
        maxQuotedWaitDays: b.maxQuotedWaitDays,
        bufferDays: bufferOf(b),
        service: service(chosen.total),
        vsRefusing: chosen.profitVsDeny,
        allow: allow ? { withinGuardrails: allow.withinGuardrails, breaches: allow.breaches } : null,
      };
    case "deny": {
      const others = options.filter((o) => o.backorders.mode !== "deny");
      const broken = others.filter((o) => !o.withinGuardrails);
      const bestOther = mostProfitable(others);
      if (!bestOther) return { kind: "refuseOnly" };
      const t = bestOther.total;
      if (broken.length === others.length) {
        const onlyPromises = others.every((o) => o.total.ordersBackordered.mean <= 0 || waitingCancelShare(o.total) <= g.maxCancellationRate);
        if (onlyPromises && isClear(bestOther.profitVsDeny) && bestOther.profitVsDeny.mean > 0) {
          // The customers would wait; what fails is the restock date the shop quotes.
          return {
            kind: "refusePromises",
            gain: bestOther.profitVsDeny,
            waitingCancel: waitingCancelShare(t),
            promiseKeptRate: t.promiseKeptRate.mean,
            minPromiseKeptRate: g.minPromiseKeptRate,
          };
        }
        // What quoting later does: usually keeps the dates but not the customers.
        const buffered = mostProfitable(others.filter((o) => bufferOf(o.backorders) > 0 && o.total.ordersBackordered.mean > 0));
        return {
          kind: "refuseGuardrails",
          gain: bestOther.profitVsDeny,
          waitDays: t.ordersBackordered.mean > 0 ? t.avgWaitDays.mean : null,
          breaches: bestOther.breaches,
          buffered: buffered
            ? {
                bufferDays: bufferOf(buffered.backorders),
                promiseKeptRate: buffered.total.promiseKeptRate.mean,
                waitingCancel: waitingCancelShare(buffered.total),
              }
            : null,
        };
      }
      const bestWithin = mostProfitable(others.filter((o) => o.withinGuardrails));
      if (bestWithin && bestWithin.profitVsDeny.mean > 0) {
        // Within the guardrails, but the gain is not clear of the run-to-run noise, or clear but small.
        const d = bestWithin.profitVsDeny;
        const share =
          g.minProfitGain > 0 && deny.total.profit.mean !== 0 ? { ofProfit: d.mean / Math.abs(deny.total.profit.mean), minProfitGain: g.minProfitGain } : null;
        return {
          kind: "refuseSmallGain",
          option: bestWithin.backorders,
          gain: d,
          share,
          service: service(bestWithin.total),
          broken: broken.length,
          options: others.length,
        };
      }
      return { kind: "refuseLessProfit", gain: bestOther.profitVsDeny, broken: broken.length, options: others.length };
    }
    default: {
      const _: never = b;
      return _;
    }
  }
}

/** Recommends a backorder setting for each product. */
/** Checks guardrail values a user typed. */
export function guardrailProblem(g: Guardrails): string | null {
  if (!(g.maxCancellationRate >= 0 && g.maxCancellationRate <= 1))
    return `maximum cancellation rate must be a fraction 0–1 (0.1 = 10 %); got ${g.maxCancellationRate}`;
  if (!(g.minPromiseKeptRate >= 0 && g.minPromiseKeptRate <= 1))
    return `minimum promise-kept rate must be a fraction 0–1 (0.9 = 90 %); got ${g.minPromiseKeptRate}`;
  if (!(g.minProfitGain >= 0 && g.minProfitGain <= 1))
    return `minimum profit gain must be a fraction 0–1 of the product's profit (0.01 = 1 %); got ${g.minProfitGain}`;
  return null;
}

export async function recommendBackorders(runner: Pick<Runner, "simulatePaired">, scenario: Scenario, opts: RecommendOptions = {}): Promise<RecommendResult> {
  const g: Guardrails = { ...DEFAULT_GUARDRAILS, ...opts.guardrails };
  const bad = guardrailProblem(g);
  if (bad) throw inputError(bad);
  if (opts.caps?.some((c) => !(Number.isInteger(c) && c >= 0))) throw inputError(`caps must be whole days ≥ 0; got ${opts.caps.join(", ")}`);
  if (opts.buffers?.some((c) => !(Number.isInteger(c) && c >= 0))) throw inputError(`quote buffers must be whole days ≥ 0; got ${opts.buffers.join(", ")}`);
  // Totals, products and sampled metrics are read; daily bands are not (they were most of each job's hand-over).
  const runOpts: RunOptions = { runs: opts.runs, firstRun: opts.firstRun, chunkRuns: opts.chunkRuns, signal: opts.signal, dailyBands: false };
  const ids = opts.products ?? scenario.products.map((p) => p.id);
  const products: Record<string, ProductRecommendation> = Object.create(null); // keyed by id: no prototype
  let runs = 0;
  let seed = scenario.seed;
  for (const [k, id] of ids.entries()) {
    const index = scenario.products.findIndex((p) => p.id === id);
    if (index < 0) throw inputError(`no product '${id}' in scenario '${scenario.name}' (products: ${scenario.products.map((x) => x.id).join(", ")})`);
    const p = scenario.products[index];
    const choices = backorderOptions(p.backorders, opts.caps, opts.buffers ?? [suggestedQuoteBuffer(scenario, p)]);
    // Only the product's own figures are read: when products never interact they are simulated with
    // the product alone, the same figures at a fraction of the work.
    const alone = productsStandAlone(scenario);
    const base = alone ? { ...scenario, products: [p] } : scenario;
    const at = alone ? 0 : index;
    const variants = choices.map((b) => {
      const r = applyOverrides(base, [{ path: `products[${at}].backorders`, op: "=", value: b }]);
      if (!r.ok) throw new AnalysisInputError(r.errors);
      return r.scenario;
    });
    const paired = await runner.simulatePaired(variants, {
      ...runOpts,
      onProgress: opts.onProgress ? (run) => opts.onProgress!({ product: id, index: k, count: ids.length, run }) : undefined,
    });
    runs = paired.runs;
    seed = paired.seed;
    const options: BackorderOption[] = choices.map((b, i) => {
      const total = paired.variants[i].products[id];
      const breaches = guardrailBreaches(total, g);
      return {
        backorders: b,
        code: backordersCode(b),
        total,
        profitVsDeny: toMetricDiff(paired.productDiff[i][id].profit),
        withinGuardrails: breaches.length === 0,
        breaches,
      };
    });
    const chosen = chooseOption(options, g);
    products[id] = {
      name: p.name,
      ...(p.category !== undefined ? { category: p.category } : {}),
      current: p.backorders,
      recommended: chosen.backorders,
      why: backorderReason(chosen, options, g),
      options,
    };
    opts.onProduct?.({ runs, seed, currency: scenario.currency, guardrails: g, products: { ...products } });
  }
  const result: RecommendResult = { runs, seed, currency: scenario.currency, guardrails: g, products };
  const changed = decisionCounts(result).changed;
  if (opts.shopCheck !== false && changed > 0) {
    const paired = await runner.simulatePaired([scenario, applyRecommendations(scenario, result)], {
      ...runOpts,
      onProgress: opts.onProgress ? (run) => opts.onProgress!({ product: "(whole shop)", index: ids.length, count: ids.length, run }) : undefined,
    });
    const d = paired.diff[1];
    result.shop = {
      changed,
      diff: {
        profit: toMetricDiff(d.profit),
        revenue: toMetricDiff(d.revenue),
        fillRate: toMetricDiff(d.fillRate),
        backorderRate: toMetricDiff(d.backorderRate),
        cancellationRate: toMetricDiff(d.cancellationRate),
        lostSalesRate: toMetricDiff(d.lostSalesRate),
      },
    };
  }
  return result;
}
