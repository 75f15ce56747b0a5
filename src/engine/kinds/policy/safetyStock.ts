/**
 * Safety stock: the reorder point is the forecast demand over lead time plus review period (from the
 * scenario's own demand and supplier) plus a safety stock in units, days of demand or a service level;
 * order up to it, or in multiples of orderQuantity when one is given.
 */
import { PolicyCode } from "../../policyCode.ts";
import type { SafetyStockSpec } from "../../scenario.ts";
import { normalQuantile } from "../../special.ts";
import type { LevelParam, PolicyKindDef } from "./kind.ts";

export type SafetyStockPolicy = {
  kind: "safetyStock";
  safetyStock: SafetyStockSpec;
  reviewPeriodDays?: number;
  orderQuantity?: number;
};

const SPEC_PARAMS = { units: "safetyStock.units", days: "safetyStock.days", serviceLevel: "safetyStock.serviceLevel" } as const;

function specParam(ss: SafetyStockSpec): LevelParam {
  return "units" in ss ? SPEC_PARAMS.units : "days" in ss ? SPEC_PARAMS.days : SPEC_PARAMS.serviceLevel;
}

export const safetyStock: PolicyKindDef<SafetyStockPolicy> = {
  kind: "safetyStock",
  label: "Safety stock",
  words: "safety stock",
  description:
    "the reorder point follows forecast demand over lead time and review period plus a safety stock (units, days of demand or a service level); order up to it, or in multiples of orderQuantity",
  forecastTarget: (p) => p.safetyStock,
  compile: (p, target0) => {
    const withBatch = p.orderQuantity !== undefined && p.orderQuantity > 0;
    const batch = Math.max(1, p.orderQuantity ?? 1);
    return {
      code: withBatch ? PolicyCode.RQ : PolicyCode.OrderUpTo,
      reorderPoint: 0,
      orderUpTo: 0,
      batch,
      initialOnHand: (target0 ?? 0) + (p.orderQuantity ? batch : 0),
    };
  },
  params: () => ["safetyStock.units", "safetyStock.days", "safetyStock.serviceLevel", "orderQuantity"],
  defaultParam: (p) => specParam(p.safetyStock),
  getLevel: (p, param) => {
    if (param === "orderQuantity") return p.orderQuantity ?? null;
    const ss = p.safetyStock as Partial<Record<"units" | "days" | "serviceLevel", number>>;
    if (param === SPEC_PARAMS.units) return ss.units ?? null;
    if (param === SPEC_PARAMS.days) return ss.days ?? null;
    if (param === SPEC_PARAMS.serviceLevel) return ss.serviceLevel ?? null;
    return null;
  },
  withLevel: (p, param, value) => {
    if (param === "orderQuantity") return { ...p, orderQuantity: value };
    if (param === SPEC_PARAMS.units) return { ...p, safetyStock: { units: value } };
    if (param === SPEC_PARAMS.days) return { ...p, safetyStock: { days: value } };
    if (param === SPEC_PARAMS.serviceLevel) return { ...p, safetyStock: { serviceLevel: value } };
    return null;
  },
  minLevel: (_p, param) => (param === "orderQuantity" ? 1 : param === SPEC_PARAMS.serviceLevel ? 0.5 : 0),
  guessLevel: (_p, param, t) =>
    param === "orderQuantity"
      ? Math.max(1, Math.round(t.unitsPerDay * 7))
      : param === SPEC_PARAMS.days
        ? t.unitsPerDay > 0
          ? Math.round(t.safety / t.unitsPerDay)
          : 0
        : param === SPEC_PARAMS.serviceLevel
          ? t.quantile
          : Math.round(t.safety),
  levels: (p, d) => {
    // The rule's safety stock (docs/model.md §3.4) on the mean demand over the protection period.
    const ss = p.safetyStock;
    const orderAt =
      "units" in ss
        ? d.mean + ss.units
        : "days" in ss
          ? d.mean + ss.days * d.unitsPerDay
          : d.mean + normalQuantile(ss.serviceLevel >= 1 ? 1 - 1e-6 : ss.serviceLevel) * d.sd;
    return { orderAt, reorderPoint: Math.round(orderAt), orderUpTo: null };
  },
  // Its level follows the demand over the lead time: it keeps up by design.
  maxPosition: () => null,
  warnings: (p) =>
    "serviceLevel" in p.safetyStock && p.safetyStock.serviceLevel < 0.5
      ? [{ path: ["safetyStock", "serviceLevel"], message: `${p.safetyStock.serviceLevel} is below 0.5, which means negative safety stock` }]
      : [],
  toCsv: (p) => {
    const ss = p.safetyStock;
    return {
      orderQuantity: p.orderQuantity,
      safetyStockUnits: "units" in ss ? ss.units : undefined,
      safetyStockDays: "days" in ss ? ss.days : undefined,
      safetyStockServiceLevel: "serviceLevel" in ss ? ss.serviceLevel : undefined,
    };
  },
  fromCsv: (r) => {
    const v = r.values;
    const given = [v.safetyStockUnits, v.safetyStockDays, v.safetyStockServiceLevel].filter((x) => x !== undefined).length;
    if (given > 1) r.error("safetyStockServiceLevel", "give only one of safetyStockUnits, safetyStockDays, safetyStockServiceLevel");
    const spec: SafetyStockSpec =
      v.safetyStockUnits !== undefined
        ? { units: v.safetyStockUnits }
        : v.safetyStockDays !== undefined
          ? { days: v.safetyStockDays }
          : { serviceLevel: v.safetyStockServiceLevel ?? 0.95 };
    if (given === 0) r.error("safetyStockServiceLevel", "a safetyStock policy needs safetyStockUnits, safetyStockDays or safetyStockServiceLevel");
    return { kind: "safetyStock", safetyStock: spec, ...r.review, ...(v.orderQuantity === undefined ? {} : { orderQuantity: v.orderQuantity }) };
  },
  csvMatches: (v) => v.safetyStockUnits !== undefined || v.safetyStockDays !== undefined || v.safetyStockServiceLevel !== undefined,
  csvGuessOrder: 0,
  example: ({ u, demandOverProtection }) => {
    const pick = u();
    const spec: SafetyStockSpec =
      pick < 1 / 3
        ? { units: Math.round(demandOverProtection * 0.3 * u()) }
        : pick < 2 / 3
          ? { days: Math.round(10 * u()) / 2 }
          : { serviceLevel: 0.5 + Math.round(49 * u()) / 100 };
    return {
      kind: "safetyStock",
      safetyStock: spec,
      reviewPeriodDays: 1 + Math.floor(u() * 7),
      ...(u() < 0.5 ? { orderQuantity: 1 + Math.round(demandOverProtection * u()) } : {}),
    };
  },
};
