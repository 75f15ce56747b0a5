/**
 * Reading a product's sourcing (docs/model.md §3): one module per kind in src/engine/kinds/sourcing/,
 * registered in its index.ts; the helpers here look the kind up in that table, so none of them
 * branches on kinds.
 *
 * Files written before sourcing had a `kind` hold one of the kinds' shapes told apart by their fields
 * (each kind's `legacyFields`); `legacySourcingKind` is the one place that recognises them (used by
 * src/io/migrate.ts when a file is read, and by `withSourcingKind` for scenario objects handed to the
 * engine without parsing).
 */
import { isSourcingKind, SOURCING_KIND_NAMES, SOURCING_KINDS, sourcingKindOf, type Sourcing, type SourcingKind } from "./kinds/sourcing/index.ts";

export { SOURCING_KIND_NAMES, SOURCING_KINDS, isSourcingKind, sourcingKindOf };

/** The kind a sourcing object without `kind` was written as (its fields tell), or undefined. */
export function legacySourcingKind(o: object): SourcingKind | undefined {
  return SOURCING_KIND_NAMES.find((k) => SOURCING_KINDS[k].legacyFields.some((f) => Object.prototype.hasOwnProperty.call(o, f)));
}

/**
 * `s` with its `kind`: a parsed scenario always has it; a scenario object written before `kind`
 * existed and handed over without parsing gets it from its fields. An object in no known form is
 * refused with a message naming `where`.
 */
export function withSourcingKind(s: Sourcing, where: string): Sourcing {
  if (s && typeof s === "object" && typeof (s as { kind?: unknown }).kind === "string") {
    if (isSourcingKind(s.kind)) return s;
    throw new Error(`${where}: unknown sourcing kind ${JSON.stringify(s.kind)}; allowed: ${SOURCING_KIND_NAMES.join(", ")}`);
  }
  const kind = s && typeof s === "object" ? legacySourcingKind(s) : undefined;
  if (!kind)
    throw new Error(`${where}: sourcing must be { "kind": ${SOURCING_KIND_NAMES.map((k) => JSON.stringify(k)).join(" | ")}, … }, got ${JSON.stringify(s)}`);
  return { ...s, kind } as Sourcing;
}

/** Ids of every supplier the product may order from (primary and backup both count). */
export function sourcingSupplierIds(s: Sourcing): string[] {
  return sourcingKindOf(s)
    .suppliers(s)
    .map((r) => r.id);
}

/** The suppliers a product orders from in normal times, with their shares (the backup is left out). */
export function usualSuppliers(s: Sourcing): { id: string; share: number }[] {
  return sourcingKindOf(s).usual(s);
}

/** A sourcing of `kind` made from a first supplier and another one (the editor's switch between kinds). */
export function sourcingOfKind(kind: SourcingKind, first: string, other: string): Sourcing {
  return SOURCING_KINDS[kind].fromSuppliers(first, other);
}
