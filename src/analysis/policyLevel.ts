/**
 * The one number of a replenishment policy the optimiser and sensitivity tools move ("the level"):
 * `orderUpTo` for base-stock and (s,S) — where s moves with S so the order size S − s stays — the
 * `reorderPoint` for (r,Q), and the safety stock (units, days or service level) for safety-stock
 * policies. Other parameters can be named explicitly (`reorderPoint` of (s,S), `orderQuantity`).
 */
import { assertNever, type Policy } from "../engine/scenario.ts";

export type LevelParam =
  | "orderUpTo"
  | "reorderPoint"
  | "orderQuantity"
  | "safetyStock.units"
  | "safetyStock.days"
  | "safetyStock.serviceLevel";

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
  switch (p.kind) {
    case "baseStock":
    case "sS":
      return "orderUpTo";
    case "rQ":
      return "reorderPoint";
    case "safetyStock": {
      const ss = p.safetyStock;
      return "units" in ss ? "safetyStock.units" : "days" in ss ? "safetyStock.days" : "safetyStock.serviceLevel";
    }
    default:
      return assertNever(p, "policy");
  }
}

/** Parameters a policy of this kind can be swept by. */
export function paramsFor(p: Policy): LevelParam[] {
  switch (p.kind) {
    case "baseStock":
      return ["orderUpTo"];
    case "sS":
      return ["orderUpTo", "reorderPoint"];
    case "rQ":
      return ["reorderPoint", "orderQuantity"];
    case "safetyStock":
      return ["safetyStock.units", "safetyStock.days", "safetyStock.serviceLevel", "orderQuantity"];
    default:
      return assertNever(p, "policy");
  }
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

/** The parameter in words: "order-up-to level", "safety-stock service level", … */
export function levelParamWords(param: LevelParam): string {
  switch (param) {
    case "orderUpTo":
      return "order-up-to level";
    case "reorderPoint":
      return "reorder point";
    case "orderQuantity":
      return "order quantity";
    case "safetyStock.units":
      return "safety stock (units)";
    case "safetyStock.days":
      return "safety stock (days of demand)";
    case "safetyStock.serviceLevel":
      return "safety-stock service level";
    default: {
      const _: never = param;
      return _;
    }
  }
}

/** The parameter's words as a heading or menu label: "Safety-stock service level". */
export function levelParamLabel(param: LevelParam): string {
  const words = levelParamWords(param);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const LEVEL_PERCENT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** A value of the parameter as people read it: whole units or days, service levels in percent ("99.5 %"). */
export function formatLevel(v: number, param: LevelParam): string {
  if (!Number.isFinite(v)) return "—";
  return isIntegerParam(param) ? new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(v) : `${LEVEL_PERCENT.format(v * 100)} %`;
}

/** Whether the parameter takes whole numbers (units or days); service levels are fractions. */
export function isIntegerParam(param: LevelParam): boolean {
  return param !== "safetyStock.serviceLevel";
}

/** The parameter's current value, or null when the policy states it another way (days instead of units). */
export function getLevel(p: Policy, param: LevelParam): number | null {
  switch (param) {
    case "orderUpTo":
      return p.kind === "baseStock" || p.kind === "sS" ? p.orderUpTo : null;
    case "reorderPoint":
      return p.kind === "sS" || p.kind === "rQ" ? p.reorderPoint : null;
    case "orderQuantity":
      return p.kind === "rQ" ? p.orderQuantity : p.kind === "safetyStock" ? (p.orderQuantity ?? null) : null;
    case "safetyStock.units":
    case "safetyStock.days":
    case "safetyStock.serviceLevel": {
      if (p.kind !== "safetyStock") return null;
      const key = param.slice("safetyStock.".length);
      const v = (p.safetyStock as Record<string, number>)[key];
      return typeof v === "number" ? v : null;
    }
    default:
      return assertNever(param, "parameter");
  }
}

/** Lowest value the parameter may take (an (s,S) shift keeps s ≥ 0). */
export function minLevel(p: Policy, param: LevelParam): number {
  if (param === "orderUpTo" && p.kind === "sS") return p.orderUpTo - p.reorderPoint;
  if (param === "orderQuantity") return 1;
  if (param === "safetyStock.serviceLevel") return 0.5;
  return 0;
}

export function maxLevel(_p: Policy, param: LevelParam): number {
  return param === "safetyStock.serviceLevel" ? 0.9999 : Infinity;
}

/** A copy of the policy with the parameter set to `value` (the input is not mutated). */
export function withLevel(p: Policy, param: LevelParam, value: number): Policy {
  switch (param) {
    case "orderUpTo":
      if (p.kind === "baseStock") return { ...p, orderUpTo: value };
      // Shifting s with S keeps the order size S − s (the fixed-cost trade-off) while the level moves.
      if (p.kind === "sS") return { ...p, orderUpTo: value, reorderPoint: value - (p.orderUpTo - p.reorderPoint) };
      break;
    case "reorderPoint":
      if (p.kind === "rQ") return { ...p, reorderPoint: value };
      if (p.kind === "sS") return { ...p, reorderPoint: value, orderUpTo: Math.max(p.orderUpTo, value + 1) };
      break;
    case "orderQuantity":
      if (p.kind === "rQ" || p.kind === "safetyStock") return { ...p, orderQuantity: value };
      break;
    case "safetyStock.units":
      if (p.kind === "safetyStock") return { ...p, safetyStock: { units: value } };
      break;
    case "safetyStock.days":
      if (p.kind === "safetyStock") return { ...p, safetyStock: { days: value } };
      break;
    case "safetyStock.serviceLevel":
      if (p.kind === "safetyStock") return { ...p, safetyStock: { serviceLevel: value } };
      break;
    default:
      return assertNever(param, "parameter");
  }
  throw new Error(`a ${p.kind} policy has no parameter ${param}`);
}
