/** Column, filter and toggle descriptions for VirtualTable.svelte, and its sort and search rules. */

export interface TableColumn<T> {
  key: string;
  label: string;
  /** Right-aligned, and sorted largest first on the first click. */
  numeric?: boolean;
  /** What the column sorts by; without it the column does not sort. */
  sortValue?: (r: T) => number | string;
  /** CSS width of the column ("9em", "120px"); the table's layout is fixed so rows never jump while scrolling. */
  width?: string;
  /** What the figure means: the header's hover text, and its entry (marked "?") in the table's "What the columns mean". */
  title?: string;
}

export interface TableFilter<T> {
  key: string;
  /** Names the drop-down ("Category"); its first option reads "All categories" unless `allLabel`. */
  label: string;
  allLabel?: string;
  options: string[];
  value: (r: T) => string;
}

export interface TableToggle<T> {
  key: string;
  label: string;
  test: (r: T) => boolean;
}

/** The words a search box's text looks for: lower-cased, split at spaces. */
export function searchWords(query: string): string[] {
  return query.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/** Every word of the query appears in the row's text (both lower-cased: `searchWords`, `text.toLowerCase()`). */
export function matchesSearch(lowered: string, words: string[]): boolean {
  return words.every((w) => lowered.includes(w));
}

/** Sort order of two cell values: numbers by value, text in the reader's language; NaN and empty always last. */
export function compareValues(a: number | string, b: number | string, desc: boolean): number {
  const missA = a === "" || (typeof a === "number" && !Number.isFinite(a));
  const missB = b === "" || (typeof b === "number" && !Number.isFinite(b));
  if (missA || missB) return missA === missB ? 0 : missA ? 1 : -1;
  const c = typeof a === "number" && typeof b === "number" ? a - b : collator.compare(String(a), String(b));
  return desc ? -c : c;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
