/**
 * The replenishment policy kinds (docs/model.md §3, docs/ADDING-A-KIND.md): one module each,
 * registered here. `Policy` is the union of the modules' types, and POLICY_KINDS must hold a
 * definition for every member of it, so a kind added to the union and not registered (or registered
 * without a part) fails to compile, as does every typed table over the kinds elsewhere.
 */
import { baseStock, type BaseStockPolicy } from "./baseStock.ts";
import type { PolicyKindDef } from "./kind.ts";
import { kindIn } from "../registry.ts";
import { rQ, type RQPolicy } from "./rQ.ts";
import { safetyStock, type SafetyStockPolicy } from "./safetyStock.ts";
import { sS, type SSPolicy } from "./sS.ts";

export type Policy = BaseStockPolicy | SSPolicy | RQPolicy | SafetyStockPolicy;
export type PolicyKind = Policy["kind"];
export type PolicyOfKind<K extends PolicyKind> = Extract<Policy, { kind: K }>;

/** Every kind's definition, in the order the editor lists them. */
export const POLICY_KINDS: { readonly [K in PolicyKind]: PolicyKindDef<PolicyOfKind<K>> } = { baseStock, sS, rQ, safetyStock };

export const POLICY_KIND_NAMES = Object.keys(POLICY_KINDS) as PolicyKind[];

/** The definition of a policy's kind, typed for that policy (one lookup; no switch over kinds). */
export function policyKindOf<P extends Policy>(p: P): PolicyKindDef<P> {
  return kindIn(POLICY_KINDS, p.kind, "policy kind") as unknown as PolicyKindDef<P>;
}

export type {
  CompiledPolicy,
  LevelParam,
  PolicyCsvColumn,
  PolicyCsvValues,
  PolicyKindDef,
  PolicyLevels,
  PolicyWarning,
  ProtectionDemand,
  TextbookLevel,
} from "./kind.ts";
