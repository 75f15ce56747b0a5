/**
 * Decisions carried into the scenario being edited (plain JSON as typed, possibly invalid elsewhere):
 * a product's fields set by id, leaving everything else exactly as typed. Used through
 * `keepDraftThenReplace`, so the scenario before the decision stays in Saved work.
 */

/** Error a user reads when the product a decision was worked out for is no longer in the scenario. */
export class MissingProductError extends Error {}

/**
 * A copy of `draft` with `fields` set on each listed product (by id). Throws MissingProductError
 * naming the products not found; nothing is changed then.
 */
export function withProductFields(draft: unknown, changes: Readonly<Record<string, Record<string, unknown>>>): Record<string, unknown> {
  // Only what changes is copied: the scenario object, its product list and the products changed. The
  // rest is shared with the input, which is a snapshot nobody edits — a deep copy of a 4,000-product
  // draft took 240 ms, this takes a few.
  const d = (draft && typeof draft === "object" && !Array.isArray(draft) ? { ...(draft as object) } : {}) as Record<string, unknown>;
  const products = Array.isArray(d.products) ? [...(d.products as unknown[])] : [];
  const at = new Map<string, number>();
  products.forEach((p, i) => {
    if (p && typeof p === "object" && typeof (p as { id?: unknown }).id === "string") at.set((p as { id: string }).id, i);
  });
  const missing = Object.keys(changes).filter((id) => !at.has(id));
  if (missing.length) {
    const list =
      missing
        .slice(0, 5)
        .map((id) => `“${id}”`)
        .join(", ") + (missing.length > 5 ? ` and ${missing.length - 5} more` : "");
    throw new MissingProductError(
      `${missing.length === 1 ? "The product" : "The products"} ${list} ${missing.length === 1 ? "is" : "are"} no longer in the scenario, so nothing was applied. Run the analysis again on the scenario as it is now.`,
    );
  }
  for (const [id, fields] of Object.entries(changes)) {
    const i = at.get(id)!;
    const p = { ...(products[i] as Record<string, unknown>) };
    for (const [k, v] of Object.entries(fields)) p[k] = v === undefined ? v : JSON.parse(JSON.stringify(v));
    products[i] = p;
  }
  d.products = products;
  return d;
}
