/**
 * What one sourcing kind must provide (docs/ADDING-A-KIND.md). Each kind is one module in this folder
 * exporting an object that satisfies `SourcingKindDef`; the table in index.ts lists them all as a
 * `{ [K in SourcingKind]: SourcingKindDef<…> }`, so a kind missing from the table, or a module missing
 * a part, does not compile. The parts outside the engine are typed tables over the same kinds: the
 * scenario schema (src/io/scenarioSchema.ts) and the editor's per-kind fields
 * (src/ui/editor/sourcingFields.ts).
 *
 * Compiled sourcings run as one of the engine's SourcingCodes (src/engine/replenish.ts), so the
 * simulation loops do not branch on kinds.
 */
import type { SourcingCode } from "../../sourcingCode.ts";

/** The compiled form: the engine's code, supplier indices and shares, and the expedite rules. */
export interface CompiledSourcing {
  code: SourcingCode;
  /** Supplier indices: [supplier] | [primary, backup] | the split's suppliers. */
  suppliers: number[];
  /** Share of each order per supplier (normalised to sum 1 where the kind divides orders). */
  shares: number[];
  /** Order from the second supplier while more units than this are backordered (Infinity: never). */
  backlogAbove: number;
  /** Order from the second supplier while the first is disrupted. */
  whenDisrupted: boolean;
}

/** A supplier the sourcing names, with its path below `sourcing`. */
export interface SupplierRef {
  path: (string | number)[];
  id: string;
}

/** A warning about a parsed sourcing; the path is below the product's `sourcing`. */
export interface SourcingWarning {
  path: (string | number)[];
  message: string;
}

/** The sourcing columns of the product CSV (src/io/catalogCsv.ts); absent: empty cell. */
export interface SourcingCsvCells {
  supplier?: string;
  backupSupplier?: string;
}

/** A kind's CSV cells, and what the flat table cannot hold of it (null: nothing lost). */
export interface SourcingCsvOut {
  cells: SourcingCsvCells;
  lost: string | null;
}

/** Inputs of the test-scenario generator: a uniform draw and the ids of the scenario's suppliers (at least `minSuppliers`, distinct). */
export interface SourcingExampleInput {
  u: () => number;
  supplierIds: readonly string[];
}

export interface SourcingKindDef<S extends { kind: string }> {
  readonly kind: S["kind"];
  /** Name in the editor's list ("Primary with backup"). */
  readonly label: string;
  /** Short words after a product's name ("with backup"). */
  readonly words: string;
  /** One sentence for the editor's help and the docs: where orders go. */
  readonly description: string;

  /** The engine's code, suppliers and shares; `index` turns a supplier id into its index (or throws). */
  compile(s: S, index: (id: string) => number): CompiledSourcing;
  /** Every supplier the product may order from, in the order stated. */
  suppliers(s: S): SupplierRef[];
  /** The suppliers ordered from in normal times, with their shares (a backup is left out). */
  usual(s: S): { id: string; share: number }[];

  warnings(s: S): SourcingWarning[];

  /** The CSV cells of the sourcing and what they leave out. */
  toCsv(s: S): SourcingCsvOut;
  /** The sourcing from a CSV row's cells, or null when the cells do not describe this kind. */
  fromCsv(cells: SourcingCsvCells): S | null;

  /** The sourcing of this kind made from a first supplier and another one (the editor's switch between kinds). */
  fromSuppliers(first: string, other: string): S;
  /** The kind written by its fields alone, as messages about a sourcing in none of the forms show it (`{ "supplier": id }`). */
  readonly writtenForm: string;
  /**
   * Files written before sourcing had a `kind`: the fields whose presence tells this kind (tried in
   * the table's order, first match wins).
   */
  readonly legacyFields: readonly string[];

  /** The fewest distinct suppliers a valid sourcing of this kind names. */
  readonly minSuppliers: number;
  /** A valid sourcing of this kind for generated test scenarios. */
  example(input: SourcingExampleInput): S;
}
