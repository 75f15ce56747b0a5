/**
 * The sourcing kinds (docs/model.md §3, docs/ADDING-A-KIND.md): one module each, registered here.
 * `Sourcing` is the union of the modules' types, and SOURCING_KINDS must hold a definition for every
 * member of it, so a kind added to the union and not registered (or registered without a part) fails
 * to compile, as does every typed table over the kinds elsewhere.
 */
import { backup, type BackupSourcing } from "./backup.ts";
import type { SourcingKindDef } from "./kind.ts";
import { isKindIn, kindIn } from "../registry.ts";
import { single, type SingleSourcing } from "./single.ts";
import { split, type SplitSourcing } from "./split.ts";

export type Sourcing = SingleSourcing | BackupSourcing | SplitSourcing;
export type SourcingKind = Sourcing["kind"];
export type SourcingOfKind<K extends SourcingKind> = Extract<Sourcing, { kind: K }>;

/** Every kind's definition, in the order the editor lists them. */
export const SOURCING_KINDS: { readonly [K in SourcingKind]: SourcingKindDef<SourcingOfKind<K>> } = { single, backup, split };

export const SOURCING_KIND_NAMES = Object.keys(SOURCING_KINDS) as SourcingKind[];

/** Whether `k` names a registered kind. */
export function isSourcingKind(k: unknown): k is SourcingKind {
  return isKindIn(SOURCING_KINDS, k);
}

/** The definition of a sourcing's kind, typed for that sourcing (one lookup; no switch over kinds). */
export function sourcingKindOf<S extends Sourcing>(s: S): SourcingKindDef<S> {
  return kindIn(SOURCING_KINDS, s.kind, "sourcing kind") as unknown as SourcingKindDef<S>;
}

export type { Expedite } from "./backup.ts";
export type { CompiledSourcing, SourcingCsvCells, SourcingKindDef, SourcingWarning, SupplierRef } from "./kind.ts";
