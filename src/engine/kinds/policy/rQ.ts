/** (r, nQ): when the inventory position is at or below r, order the smallest multiple of Q lifting it above r. */
import { PolicyCode } from "../../policyCode.ts";
import type { PolicyKindDef } from "./kind.ts";

export type RQPolicy = { kind: "rQ"; reorderPoint: number; orderQuantity: number; reviewPeriodDays?: number };

export const rQ: PolicyKindDef<RQPolicy> = {
  kind: "rQ",
  label: "Fixed quantity (r, Q)",
  words: "(r, Q)",
  description: "when the inventory position is at or below r, order the smallest multiple of Q that lifts it above r",
  forecastTarget: () => null,
  compile: (p) => {
    const batch = Math.max(1, p.orderQuantity);
    return { code: PolicyCode.RQ, reorderPoint: p.reorderPoint, orderUpTo: 0, batch, initialOnHand: p.reorderPoint + batch };
  },
  params: () => ["reorderPoint", "orderQuantity"],
  defaultParam: () => "reorderPoint",
  getLevel: (p, param) => (param === "reorderPoint" ? p.reorderPoint : param === "orderQuantity" ? p.orderQuantity : null),
  withLevel: (p, param, value) =>
    param === "reorderPoint" ? { ...p, reorderPoint: value } : param === "orderQuantity" ? { ...p, orderQuantity: value } : null,
  minLevel: (_p, param) => (param === "orderQuantity" ? 1 : 0),
  guessLevel: (_p, param, t) => (param === "orderQuantity" ? Math.max(1, Math.round(t.unitsPerDay * 7)) : Math.max(0, Math.round(t.mean + t.safety - 1))),
  levels: (p) => ({ orderAt: p.reorderPoint, reorderPoint: p.reorderPoint, orderUpTo: null }),
  maxPosition: (p) => p.reorderPoint + p.orderQuantity,
  warnings: (p) =>
    p.reorderPoint < 0
      ? [{ path: ["reorderPoint"], message: `is negative: orders are placed only once more than ${-p.reorderPoint} units are backordered` }]
      : [],
  toCsv: (p) => ({ reorderPoint: p.reorderPoint, orderQuantity: p.orderQuantity }),
  fromCsv: (r) => ({ kind: "rQ", reorderPoint: r.need("reorderPoint"), orderQuantity: r.need("orderQuantity"), ...r.review }),
  csvMatches: (v) => v.reorderPoint !== undefined && v.orderQuantity !== undefined,
  csvGuessOrder: 2,
  example: ({ u, demandOverProtection }) => ({
    kind: "rQ",
    reorderPoint: Math.round(demandOverProtection * (0.6 + 0.6 * u())),
    orderQuantity: 1 + Math.round(demandOverProtection * u()),
    reviewPeriodDays: 1 + Math.floor(u() * 7),
  }),
};
