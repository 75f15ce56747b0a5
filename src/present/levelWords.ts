/**
 * A policy level as people read it: the parameter's name in words, a value of it (whole units or
 * days, service levels in percent) and the units a safety stock stated otherwise stands for.
 */
import { isIntegerParam, type LevelParam } from "../analysis/policyLevel.ts";
import type { SafetyStockUnits } from "../analysis/safetyStockUnits.ts";

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

/** "≈ 14 units (9–21 over the season)" / "≈ 14 units". */
export function formatSafetyStockUnits(u: SafetyStockUnits | null): string {
  if (!u) return "";
  const r = (v: number) => Math.round(v).toLocaleString("en");
  return Math.round(u.min) === Math.round(u.max) ? `≈ ${r(u.mean)} units` : `≈ ${r(u.mean)} units (${r(u.min)}–${r(u.max)} over the season)`;
}

/** The same inside parentheses of a sentence: "≈ 14 units, 9–21 over the season". */
export function safetyStockUnitsPhrase(u: SafetyStockUnits | null): string {
  return formatSafetyStockUnits(u).replace(/ \((.*)\)$/, ", $1");
}
