/**
 * The one number of a replenishment policy the optimiser and sensitivity tools move ("the level"):
 * `orderUpTo` for base-stock and (s,S) — where s moves with S so the order size S − s stays — the
 * `reorderPoint` for (r,Q), and the safety stock (units, days or service level) for safety-stock
 * policies. Other parameters can be named explicitly (`reorderPoint` of (s,S), `orderQuantity`).
 */
import { policyKindOf, type LevelParam } from "../engine/kinds/policy/index.ts";
import { assertNever, type Policy } from "../engine/scenario.ts";

export type { LevelParam };

export const LEVEL_PARAMS: readonly LevelParam[] = [
  "orderUpTo",
  "reorderPoint",
  "orderQuantity",
  "safetyStock.units",
  "safetyStock.days",
  "safetyStock.serviceLevel",
];

/** The parameter a policy's level is swept by when none is named. */
export function defaultParam(p: Policy): LevelParam {
  return policyKindOf(p).defaultParam(p);
}

/** Parameters a policy of this kind can be swept by. */
export function paramsFor(p: Policy): LevelParam[] {
  return policyKindOf(p).params(p);
}

/** Accepts `units`, `days`, `serviceLevel`, `safetyStock` (the one in use) as short names. */
export function resolveParam(p: Policy, name: string | undefined): { ok: true; param: LevelParam } | { ok: false; message: string } {
  if (name === undefined || name === "") return { ok: true, param: defaultParam(p) };
  let full = name;
  if (name === "safetyStock" && p.kind === "safetyStock") full = defaultParam(p);
  else if (name === "units" || name === "days" || name === "serviceLevel") full = `safetyStock.${name}`;
  const allowed = paramsFor(p);
  if ((allowed as string[]).includes(full)) return { ok: true, param: full as LevelParam };
  return { ok: false, message: `a ${p.kind} policy has no parameter '${name}'; use ${allowed.join(", ")}` };
}

/** Whether the parameter takes whole numbers (units or days); service levels are fractions. */
export function isIntegerParam(param: LevelParam): boolean {
  return param !== "safetyStock.serviceLevel";
}

/** The parameter's current value, or null when the policy states it another way (days instead of units). */
export function getLevel(p: Policy, param: LevelParam): number | null {
  return policyKindOf(p).getLevel(p, param);
}

/** Lowest value the parameter may take (an (s,S) shift keeps s ≥ 0). */
export function minLevel(p: Policy, param: LevelParam): number {
  return policyKindOf(p).minLevel(p, param);
}

export function maxLevel(_p: Policy, param: LevelParam): number {
  return param === "safetyStock.serviceLevel" ? 0.9999 : Infinity;
}

/** A copy of the policy with the parameter set to `value` (the input is not mutated). */
export function withLevel(p: Policy, param: LevelParam, value: number): Policy {
  const changed = policyKindOf(p).withLevel(p, param, value);
  if (changed === null) throw new Error(`a ${p.kind} policy has no parameter ${param}`);
  return changed;
}
