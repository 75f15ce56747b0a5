/**
 * Applying a decision to the scenario being edited, keeping the previous draft in Saved work first
 * (unless it is already kept there or is an example), so nothing the user typed is lost.
 */
import type { Backorders, Policy } from "../../engine/scenario.ts";
import { app } from "./app.svelte.ts";
import { saved } from "../saved/savedWork.svelte.ts";

export interface PolicyChange {
  id: string;
  policy: Policy;
  /** Set the starting stock too (it followed the old level). */
  initialOnHand?: number;
  /** A new backorder setting too. */
  backorders?: Backorders;
}

/**
 * Sets each named product's policy in the draft (as typed, other fields untouched), after keeping the
 * current draft in Saved work as "<name> (before <reason>)". Returns the name it was kept under
 * (null when it was already kept) and the products the draft lacks.
 */
export async function applyPolicies(changes: PolicyChange[], reason: string): Promise<{ keptAs: string | null; missing: string[] }> {
  const draft = JSON.parse(JSON.stringify($state.snapshot(app.draft))) as { products?: { id?: unknown; policy?: unknown; initialOnHand?: unknown; backorders?: unknown }[] };
  const products = Array.isArray(draft.products) ? draft.products : [];
  const index = new Map(products.map((p, i) => [p?.id, i]));
  const missing: string[] = [];
  for (const c of changes) {
    const i = index.get(c.id);
    if (i === undefined) {
      missing.push(c.id);
      continue;
    }
    products[i].policy = c.policy;
    if (c.initialOnHand !== undefined) products[i].initialOnHand = c.initialOnHand;
    if (c.backorders !== undefined) products[i].backorders = c.backorders;
  }
  const keptAs = await saved.keepDraft(reason, draft);
  app.setDraft(draft, "custom");
  return { keptAs, missing };
}
