/**
 * The order-count laws (docs/model.md §3.2): how the number of orders on a day varies around the
 * day's expectation. `OrderCount` is the union of the laws, and ORDER_COUNTS must hold a definition
 * for every member of it, so a law added to the union and not registered (or registered without a
 * part) does not compile. The engine (src/engine/compile.ts), the product CSV (src/io/catalogCsv.ts)
 * and the demand editor read the laws from this table; the scenario schema must produce the same
 * union (src/io/scenarioSchema.ts checks it).
 */
import { isKindIn, kindIn } from "./registry.ts";

export type PoissonCount = { kind: "poisson" };
/** Variance = mean + mean² / dispersion. */
export type NegativeBinomialCount = { kind: "negativeBinomial"; dispersion: number };

export type OrderCount = PoissonCount | NegativeBinomialCount;
export type OrderCountKind = OrderCount["kind"];
export type OrderCountOfKind<K extends OrderCountKind> = Extract<OrderCount, { kind: K }>;

export interface OrderCountDef<C extends OrderCount> {
  readonly kind: C["kind"];
  /** Name in the editor's list ("Negative binomial"). */
  readonly label: string;
  /** Other spellings a CSV cell may use, lower case without separators ("nb"). */
  readonly csvAliases: readonly string[];
  /** The dispersion k of the law (Infinity: Poisson), before the engine's Poisson limit. */
  dispersion(c: C): number;
  /** The CSV's `dispersion` cell (undefined: empty). */
  csvDispersion(c: C): number | undefined;
  /** The law from a CSV row's `dispersion` cell; `needsDispersion` says the law cannot do without it. */
  fromCsv(dispersion: number | undefined): C;
  readonly needsDispersion: boolean;
  /** The law a product gets when the editor switches it to this one. */
  fresh(): C;
}

const poisson: OrderCountDef<PoissonCount> = {
  kind: "poisson",
  label: "Poisson",
  csvAliases: [],
  dispersion: () => Infinity,
  csvDispersion: () => undefined,
  fromCsv: () => ({ kind: "poisson" }),
  needsDispersion: false,
  fresh: () => ({ kind: "poisson" }),
};

const negativeBinomial: OrderCountDef<NegativeBinomialCount> = {
  kind: "negativeBinomial",
  label: "Negative binomial",
  csvAliases: ["nb", "negbin"],
  dispersion: (c) => c.dispersion,
  csvDispersion: (c) => c.dispersion,
  fromCsv: (dispersion) => ({ kind: "negativeBinomial", dispersion: dispersion ?? 1 }),
  needsDispersion: true,
  fresh: () => ({ kind: "negativeBinomial", dispersion: 5 }),
};

/** Every law's definition, in the order the editor lists them. */
export const ORDER_COUNTS: { readonly [K in OrderCountKind]: OrderCountDef<OrderCountOfKind<K>> } = { poisson, negativeBinomial };

export const ORDER_COUNT_KIND_NAMES = Object.keys(ORDER_COUNTS) as OrderCountKind[];

/** Whether `k` names a registered law. */
export function isOrderCountKind(k: unknown): k is OrderCountKind {
  return isKindIn(ORDER_COUNTS, k);
}

/** The definition of a law, typed for it (one lookup; no switch over laws). */
export function orderCountOf<C extends OrderCount>(c: C): OrderCountDef<C> {
  return kindIn(ORDER_COUNTS, c.kind, "order count") as unknown as OrderCountDef<C>;
}
