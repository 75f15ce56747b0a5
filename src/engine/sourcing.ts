/**
 * Sourcing kinds (docs/model.md §3): which suppliers a product orders from, by `kind`. Every switch
 * over `Sourcing["kind"]` in the code ends in an exhaustiveness check, so a new kind that is not
 * handled everywhere does not compile.
 *
 * Files written before sourcing had a `kind` hold one of three shapes told apart by their fields;
 * `legacySourcingKind` is the one place that recognises them (used by src/io/migrate.ts when a file
 * is read, and by `withSourcingKind` for scenario objects handed to the engine without parsing).
 */
import type { Sourcing, SourcingKind } from "./scenario.ts";

/** The kinds in the order the editor lists them, with their names for people. */
export const SOURCING_KINDS: Readonly<Record<SourcingKind, { label: string; description: string }>> = {
  single: { label: "One supplier", description: "every replenishment order goes to one supplier" },
  backup: { label: "Primary with backup", description: "orders go to the primary, or to the backup under the expedite rules" },
  split: { label: "Split between suppliers", description: "each order is divided between suppliers by share" },
};

export const SOURCING_KIND_NAMES = Object.keys(SOURCING_KINDS) as SourcingKind[];

/** The kind a sourcing object without `kind` was written as (its fields tell), or undefined. */
export function legacySourcingKind(o: object): SourcingKind | undefined {
  if ("split" in o) return "split";
  if ("primary" in o || "backup" in o) return "backup";
  if ("supplier" in o) return "single";
  return undefined;
}

/**
 * `s` with its `kind`: a parsed scenario always has it; a scenario object written before `kind`
 * existed and handed over without parsing gets it from its fields. An object in no known form is
 * refused with a message naming `where`.
 */
export function withSourcingKind(s: Sourcing, where: string): Sourcing {
  if (s && typeof s === "object" && typeof (s as { kind?: unknown }).kind === "string") {
    if (Object.prototype.hasOwnProperty.call(SOURCING_KINDS, s.kind)) return s;
    throw new Error(`${where}: unknown sourcing kind ${JSON.stringify(s.kind)}; allowed: ${SOURCING_KIND_NAMES.join(", ")}`);
  }
  const kind = s && typeof s === "object" ? legacySourcingKind(s) : undefined;
  if (!kind)
    throw new Error(`${where}: sourcing must be { "kind": ${SOURCING_KIND_NAMES.map((k) => JSON.stringify(k)).join(" | ")}, … }, got ${JSON.stringify(s)}`);
  return { ...s, kind } as Sourcing;
}

/** Ids of every supplier the product may order from (primary and backup both count). */
export function sourcingSupplierIds(s: Sourcing): string[] {
  switch (s.kind) {
    case "single":
      return [s.supplier];
    case "backup":
      return [s.primary, s.backup];
    case "split":
      return s.split.map((x) => x.supplier);
    default: {
      const _: never = s;
      throw new Error(`unknown sourcing kind ${JSON.stringify(_)}`);
    }
  }
}

/** The suppliers a product orders from in normal times, with their shares (the backup is left out). */
export function usualSuppliers(s: Sourcing): { id: string; share: number }[] {
  switch (s.kind) {
    case "single":
      return [{ id: s.supplier, share: 1 }];
    case "backup":
      return [{ id: s.primary, share: 1 }];
    case "split":
      return s.split.map((x) => ({ id: x.supplier, share: x.share }));
    default: {
      const _: never = s;
      throw new Error(`unknown sourcing kind ${JSON.stringify(_)}`);
    }
  }
}

/** A sourcing of `kind` made from the suppliers of `from` (the editor's switch between kinds). */
export function sourcingOfKind(kind: SourcingKind, first: string, other: string): Sourcing {
  switch (kind) {
    case "single":
      return { kind, supplier: first };
    case "backup":
      return { kind, primary: first, backup: other, expedite: { whenPrimaryDisrupted: true } };
    case "split":
      return {
        kind,
        split: [
          { supplier: first, share: 0.8 },
          { supplier: other, share: 0.2 },
        ],
      };
    default: {
      const _: never = kind;
      throw new Error(`unknown sourcing kind ${JSON.stringify(_)}`);
    }
  }
}
