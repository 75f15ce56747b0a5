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
