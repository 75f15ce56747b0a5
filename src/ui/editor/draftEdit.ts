/**
 * Changes to the scenario draft (`app.draft`). The draft is app-wide state: each editor component is
 * handed the part of it it edits (a product, its demand, a distribution's holder) and changes that
 * part in place, so every view and the parser see the change at once. Writing through these helpers
 * rather than assigning to a prop says so, and leaves Svelte's warning about mutated props to state
 * a component really owns.
 */

/** Sets `obj[key]` (a field of the draft) to `value`. */
export function setField(obj: Record<string, any>, key: string, value: unknown): void {
  obj[key] = value;
}

/** Removes `obj[key]` (an optional field of the draft). */
export function removeField(obj: Record<string, any>, key: string): void {
  delete obj[key];
}

/** The props of every field bound to one value of the draft, `obj[key]`. */
export interface BoundFieldProps {
  /** The draft object holding the field. */
  obj: Record<string, any>;
  key: string;
  /** JSON path of the field (e.g. "products[0].price"), for the parser's messages. */
  path: string;
  label: string;
  /** Nothing typed removes the key (default false: it stores the field's empty value). */
  optional?: boolean;
  /** data-testid of the control (default: the path). */
  testid?: string;
}

/**
 * Writes a field's new value: `undefined` (nothing typed) removes an optional field and stores
 * `empty` in one the scenario needs, so the parser reports it.
 */
export function writeField(obj: Record<string, any>, key: string, value: unknown, optional: boolean, empty: unknown): void {
  if (value !== undefined) setField(obj, key, value);
  else if (optional) removeField(obj, key);
  else setField(obj, key, empty);
}

/** The tag of a tagged draft object (`policy.kind`, `backorders.mode`), "" when it is not an object. */
export function tagOf(obj: unknown, field: string): string {
  return obj && typeof obj === "object" ? String((obj as Record<string, unknown>)[field] ?? "") : "";
}

/** The props of an editor of one part of a product (its policy, sourcing, backorders). */
export interface ProductPartProps {
  /** The draft product. */
  product: Record<string, any>;
  /** Its JSON path, "products[i]". */
  path: string;
}
