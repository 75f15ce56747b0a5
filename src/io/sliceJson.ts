/**
 * JSON text of a scenario read a slice per task: the text is scanned for its top-level `products`
 * array, then the rest and each product are parsed on their own, yielding to the page between
 * slices. A 4,000-product file took one JSON.parse of 80–95 ms on the loaded 2-core box.
 *
 * The value is JSON.parse's: whenever the text is not an object with one `products` array whose
 * items each parse (a syntax error anywhere, a repeated key), the whole text goes through
 * JSON.parse, which then gives the value or the error.
 */

/** Where the top-level `products` array's items are: [start, end) of each, and of the array itself. */
interface Layout {
  arrayStart: number;
  arrayEnd: number;
  items: number[];
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Scans `text`; null when it is not an object with one top-level `products` array (JSON.parse then decides). */
async function layoutOf(text: string, pause: () => Promise<void> | null): Promise<Layout | null> {
  let i = 0;
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== OPEN_BRACE) return null;
  let depth = 0;
  let layout: Layout | null = null;
  let found = 0;
  /** At depth 1, the last string read was a key (followed by a colon). */
  let lastKey: string | null = null;
  let inProducts = false;
  let itemStart = -1;
  /** Inside the array, a comma was read and no item after it yet. */
  let afterComma = false;
  for (; i < n; i++) {
    if ((i & 0xffff) === 0) {
      const p = pause();
      if (p) await p;
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
      if (depth === 1) {
        let j = i + 1;
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        lastKey = text.charCodeAt(j) === COLON ? text.slice(start + 1, i) : null;
      } else if (inProducts && depth === 2 && itemStart < 0) {
        itemStart = start;
        afterComma = false;
      }
      continue;
    }
    if (isSpace(c)) continue;
    if (inProducts && depth === 2 && itemStart < 0 && c !== COMMA && c !== CLOSE_BRACKET) {
      itemStart = i;
      afterComma = false;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 1 && c === OPEN_BRACKET && lastKey === "products") {
        found++;
        layout = { arrayStart: i, arrayEnd: -1, items: [] };
        inProducts = true;
      }
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (inProducts && depth === 1) {
        // A comma before the closing bracket is not JSON.
        if (afterComma) return null;
        if (itemStart >= 0) layout!.items.push(itemStart, i);
        layout!.arrayEnd = i + 1;
        inProducts = false;
        itemStart = -1;
      }
      if (depth === 0) {
        i++;
        break;
      }
    } else if (c === COMMA && inProducts && depth === 2) {
      if (itemStart < 0) return null;
      layout!.items.push(itemStart, i);
      itemStart = -1;
      afterComma = true;
    } else if (c === COLON && depth === 1) {
      continue;
    } else if (depth === 1 && c !== COMMA) {
      lastKey = null;
    }
  }
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  return found === 1 && layout && layout.arrayEnd > 0 && i === n ? layout : null;
}

/**
 * JSON.parse(text), a slice of `sliceMs` per task for a scenario's products. Rejects with
 * JSON.parse's error when the text is not JSON.
 */
export async function parseJsonInSlices(text: string, sliceMs = 8): Promise<unknown> {
  let t0 = performance.now();
  const pause = (): Promise<void> | null => {
    if (performance.now() - t0 < sliceMs) return null;
    return new Promise<void>((ok) =>
      setTimeout(() => {
        t0 = performance.now();
        ok();
      }, 0),
    );
  };
  const layout = await layoutOf(text, pause);
  if (layout) {
    try {
      const shell = JSON.parse(text.slice(0, layout.arrayStart) + "[]" + text.slice(layout.arrayEnd)) as { products: unknown[] };
      const products: unknown[] = new Array(layout.items.length / 2);
      for (let k = 0; k < layout.items.length; k += 2) {
        const p = pause();
        if (p) await p;
        products[k / 2] = JSON.parse(text.slice(layout.items[k], layout.items[k + 1]));
      }
      shell.products = products;
      return shell;
    } catch {
      // Not JSON after all: JSON.parse below says why.
    }
  }
  return JSON.parse(text);
}
