/** (s, S): when the inventory position is at or below s, order up to S. */
import { PolicyCode } from "../../policyCode.ts";
import type { PolicyKindDef } from "./kind.ts";

export type SSPolicy = { kind: "sS"; reorderPoint: number; orderUpTo: number; reviewPeriodDays?: number };

export const sS: PolicyKindDef<SSPolicy> = {
  kind: "sS",
  label: "Min–max (s, S)",
  words: "(s, S)",
  description: "when the inventory position is at or below s, order up to S",
  forecastTarget: () => null,
  compile: (p) => ({ code: PolicyCode.SS, reorderPoint: p.reorderPoint, orderUpTo: p.orderUpTo, batch: 1, initialOnHand: p.orderUpTo }),
  params: () => ["orderUpTo", "reorderPoint"],
  defaultParam: () => "orderUpTo",
  getLevel: (p, param) => (param === "orderUpTo" ? p.orderUpTo : param === "reorderPoint" ? p.reorderPoint : null),
  withLevel: (p, param, value) => {
    // Shifting s with S keeps the order size S − s (the fixed-cost trade-off) while the level moves.
    if (param === "orderUpTo") return { ...p, orderUpTo: value, reorderPoint: value - (p.orderUpTo - p.reorderPoint) };
    if (param === "reorderPoint") return { ...p, reorderPoint: value, orderUpTo: Math.max(p.orderUpTo, value + 1) };
    return null;
  },
  minLevel: (p, param) => (param === "orderUpTo" ? p.orderUpTo - p.reorderPoint : param === "orderQuantity" ? 1 : 0),
  // S sits S − s above the point it orders at, as the order size is kept when S moves.
  guessLevel: (p, param, t) =>
    param === "reorderPoint" ? Math.max(0, Math.round(t.mean + t.safety - 1)) : Math.round(t.mean + t.safety + (p.orderUpTo - p.reorderPoint)),
  levels: (p) => ({ orderAt: p.reorderPoint, reorderPoint: p.reorderPoint, orderUpTo: p.orderUpTo }),
  maxPosition: (p) => p.orderUpTo,
  warnings: (p) =>
    p.reorderPoint < 0
      ? [{ path: ["reorderPoint"], message: `is negative: orders are placed only once more than ${-p.reorderPoint} units are backordered` }]
      : [],
  toCsv: (p) => ({ reorderPoint: p.reorderPoint, orderUpTo: p.orderUpTo }),
  fromCsv: (r) => ({ kind: "sS", reorderPoint: r.need("reorderPoint"), orderUpTo: r.need("orderUpTo"), ...r.review }),
  csvMatches: (v) => v.reorderPoint !== undefined && v.orderUpTo !== undefined,
  csvGuessOrder: 1,
  example: ({ u, demandOverProtection }) => {
    const s = Math.round(demandOverProtection * (0.6 + 0.6 * u()));
    return { kind: "sS", reorderPoint: s, orderUpTo: s + 1 + Math.round(demandOverProtection * u()), reviewPeriodDays: 1 + Math.floor(u() * 7) };
  },
};
