/** Base stock: review the inventory position and order up to S. */
import { PolicyCode } from "../../policyCode.ts";
import type { PolicyKindDef } from "./kind.ts";

export type BaseStockPolicy = { kind: "baseStock"; orderUpTo: number; reviewPeriodDays?: number };

export const baseStock: PolicyKindDef<BaseStockPolicy> = {
  kind: "baseStock",
  label: "Base stock (S)",
  words: "order up to",
  description: "at each review, order up to S (the order-up-to level)",
  forecastTarget: () => null,
  compile: (p) => ({ code: PolicyCode.OrderUpTo, reorderPoint: 0, orderUpTo: p.orderUpTo, batch: 1, initialOnHand: p.orderUpTo }),
  params: () => ["orderUpTo"],
  defaultParam: () => "orderUpTo",
  getLevel: (p, param) => (param === "orderUpTo" ? p.orderUpTo : null),
  withLevel: (p, param, value) => (param === "orderUpTo" ? { ...p, orderUpTo: value } : null),
  minLevel: (_p, param) => (param === "orderQuantity" ? 1 : 0),
  guessLevel: (_p, _param, t) => Math.round(t.mean + t.safety),
  levels: (p) => ({ orderAt: p.orderUpTo, reorderPoint: null, orderUpTo: p.orderUpTo }),
  maxPosition: (p) => p.orderUpTo,
  warnings: () => [],
  toCsv: (p) => ({ orderUpTo: p.orderUpTo }),
  fromCsv: (r) => ({ kind: "baseStock", orderUpTo: r.need("orderUpTo"), ...r.review }),
  csvMatches: (v) => v.orderUpTo !== undefined,
  csvGuessOrder: 3,
  example: ({ u, demandOverProtection }) => ({
    kind: "baseStock",
    orderUpTo: Math.round(demandOverProtection * (0.8 + 0.6 * u())),
    reviewPeriodDays: 1 + Math.floor(u() * 7),
  }),
};
