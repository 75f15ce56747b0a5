/**
 * Lookups in a table of kinds (distribution families, sourcing and policy kinds, order-count laws):
 * whether a value names a registered kind, and a kind's definition or an error naming those allowed.
 */

/** Whether `k` names a kind of `table` (an own key, so "constructor" and the like are not kinds). */
export function isKindIn<T extends object>(table: T, k: unknown): k is keyof T & string {
  return typeof k === "string" && Object.prototype.hasOwnProperty.call(table, k);
}

/** The definition of kind `k` in `table`; an unknown kind throws, naming the kinds allowed ("unknown `what` …; allowed: …"). */
export function kindIn<T extends object>(table: T, k: unknown, what: string): T[keyof T] {
  if (!isKindIn(table, k)) throw new Error(`unknown ${what} ${JSON.stringify(k)}; allowed: ${Object.keys(table).join(", ")}`);
  return table[k];
}
