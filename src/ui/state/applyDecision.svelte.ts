/**
 * Applying a plan's policies (and backorder settings) to the scenario being edited, through the app's
 * keep-then-replace rule (keepDraftThenReplace.svelte.ts): the previous draft is kept in Saved work
 * first, and nothing changes when that copy cannot be stored.
 */
import type { Backorders, Policy } from "../../engine/scenario.ts";
import { keepDraftThenReplace } from "./keepDraftThenReplace.svelte.ts";

export interface PolicyChange {
  id: string;
  policy: Policy;
  /** Set the starting stock too (it followed the old level). */
  initialOnHand?: number;
  /** A new backorder setting too. */
  backorders?: Backorders;
}

/** The draft (as typed, other fields untouched) with each named product changed; ids it lacks are listed. */
export function withPolicies(draft: unknown, changes: PolicyChange[]): { draft: unknown; missing: string[] } {
  // Only the scenario object, its product list and the products changed are copied; the rest is
  // shared with the input (a snapshot nobody edits): a deep copy of a catalogue was a long task.
  type P = { id?: unknown; policy?: unknown; initialOnHand?: unknown; backorders?: unknown };
  const d = { ...(draft as object) } as { products?: P[] };
  const products = Array.isArray(d.products) ? [...d.products] : [];
  const index = new Map(products.map((p, i) => [p?.id, i]));
  const missing: string[] = [];
  const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  for (const c of changes) {
    const i = index.get(c.id);
    if (i === undefined) {
      missing.push(c.id);
      continue;
    }
    const p: P = { ...products[i] };
    p.policy = copy(c.policy);
    if (c.initialOnHand !== undefined) p.initialOnHand = c.initialOnHand;
    if (c.backorders !== undefined) p.backorders = copy(c.backorders);
    products[i] = p;
  }
  if (Array.isArray(d.products)) d.products = products;
  return { draft: d, missing };
}

/**
 * Applies the changes, keeping the current draft in Saved work as "<name> (before <reason>)" first.
 * Returns whether it was applied, the name of the copy, and the products the draft lacks.
 */
export async function applyPolicies(
  changes: PolicyChange[],
  reason: string,
  notice: string,
): Promise<{ applied: boolean; keptAs: string | null; missing: string[] }> {
  let missing: string[] = [];
  const out = await keepDraftThenReplace(
    (current: unknown) => {
      const r = withPolicies(current, changes);
      missing = r.missing;
      return r.draft;
    },
    reason,
    { examplesCount: false, source: "custom", notice },
  );
  return { applied: out.replaced, keptAs: out.keptAs, missing };
}
