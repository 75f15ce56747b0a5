/** What the scenario editor shows (kept across tab switches, not saved). */
export type EditorSelection = { kind: "shop" } | { kind: "product"; index: number } | { kind: "supplier"; index: number } | { kind: "json" } | { kind: "bulk" };

class EditorState {
  selection = $state<EditorSelection>({ kind: "product", index: 0 });
  /** Products ticked in the list for a bulk edit (the draft's product objects). */
  checked = $state.raw<ReadonlySet<object>>(new Set());
  /** Products the list shows under its search (the draft's product objects), for a bulk edit of "those shown". */
  shown = $state.raw<readonly object[]>([]);
  /** The list's search text (kept across tab switches). */
  search = $state("");
  /** The list groups products by category. */
  grouped = $state(false);
}

export const editor = new EditorState();

/** The editor section a JSON path belongs to, so a listed problem can take the user to its field. */
export function selectionForPath(path: string): EditorSelection {
  const m = /^(products|suppliers)\[(\d+)\]/.exec(path);
  if (m) return { kind: m[1] === "products" ? "product" : "supplier", index: Number(m[2]) };
  return { kind: "shop" };
}
