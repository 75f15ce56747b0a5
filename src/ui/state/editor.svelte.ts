/** What the scenario editor shows (kept across tab switches, not saved). */
export type EditorSelection = { kind: "shop" } | { kind: "product"; index: number } | { kind: "supplier"; index: number } | { kind: "json" };

class EditorState {
  selection = $state<EditorSelection>({ kind: "product", index: 0 });
}

export const editor = new EditorState();

/** The editor section a JSON path belongs to, so a listed problem can take the user to its field. */
export function selectionForPath(path: string): EditorSelection {
  const m = /^(products|suppliers)\[(\d+)\]/.exec(path);
  if (m) return { kind: m[1] === "products" ? "product" : "supplier", index: Number(m[2]) };
  return { kind: "shop" };
}
