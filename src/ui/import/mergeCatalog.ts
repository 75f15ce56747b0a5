/**
 * Merges imported catalogue rows into a list from the draft by id: a row whose id exists replaces
 * that entry in place (so a re-imported spreadsheet updates, not duplicates), new ids are appended.
 * Returns new arrays; the inputs are not changed.
 */
export interface MergeResult<T> {
  list: unknown[];
  added: string[];
  updated: string[];
}

export function mergeById<T extends { id: string }>(existing: unknown, items: readonly T[]): MergeResult<T> {
  const list = Array.isArray(existing) ? [...existing] : [];
  const at = new Map<string, number>();
  list.forEach((x, i) => {
    const id = x && typeof x === "object" ? (x as { id?: unknown }).id : undefined;
    if (typeof id === "string" && !at.has(id)) at.set(id, i);
  });
  const added: string[] = [];
  const updated: string[] = [];
  for (const item of items) {
    const i = at.get(item.id);
    if (i === undefined) {
      at.set(item.id, list.length);
      list.push(structuredClone(item));
      added.push(item.id);
    } else {
      list[i] = structuredClone(item);
      updated.push(item.id);
    }
  }
  return { list, added, updated };
}
