/**
 * The policy editor's part for each policy kind: its fields and the policy a product gets when the
 * user switches to the kind (keeping the numbers that still make sense). A typed table over the
 * engine's kinds (src/engine/kinds/policy/index.ts), so a kind without an editor does not compile.
 */
import type { Component } from "svelte";
import type { PolicyKind } from "../../engine/scenario.ts";
import BaseStockFields from "./policy/BaseStockFields.svelte";
import RQFields from "./policy/RQFields.svelte";
import SafetyStockFields from "./policy/SafetyStockFields.svelte";
import SSFields from "./policy/SSFields.svelte";

export type PolicyFieldsProps = { product: Record<string, any>; pp: string };

type Draft = Record<string, any>;

export interface PolicyEditorPart {
  fields: Component<PolicyFieldsProps>;
  /** The draft policy of this kind made from the old one (of any kind, possibly invalid). */
  from(old: Draft): Draft;
}

const levelS = (old: Draft) => (typeof old.orderUpTo === "number" ? old.orderUpTo : 40);
const levelR = (old: Draft) => (typeof old.reorderPoint === "number" ? old.reorderPoint : Math.round(levelS(old) / 3));
const keepReview = (old: Draft) => (old.reviewPeriodDays === undefined ? {} : { reviewPeriodDays: old.reviewPeriodDays });

export const POLICY_EDITORS: Record<PolicyKind, PolicyEditorPart> = {
  baseStock: { fields: BaseStockFields, from: (old) => ({ kind: "baseStock", orderUpTo: levelS(old), ...keepReview(old) }) },
  sS: { fields: SSFields, from: (old) => ({ kind: "sS", reorderPoint: levelR(old), orderUpTo: levelS(old), ...keepReview(old) }) },
  rQ: {
    fields: RQFields,
    from: (old) => ({
      kind: "rQ",
      reorderPoint: levelR(old),
      orderQuantity: typeof old.orderQuantity === "number" ? old.orderQuantity : Math.max(1, levelS(old) - levelR(old)),
    }),
  },
  safetyStock: {
    fields: SafetyStockFields,
    from: (old) => ({ kind: "safetyStock", safetyStock: { days: 5 }, reviewPeriodDays: typeof old.reviewPeriodDays === "number" ? old.reviewPeriodDays : 7 }),
  },
};
