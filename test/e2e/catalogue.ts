/**
 * A catalogue-sized scenario for browser tests and profiling: the products of scenarios/bench.json
 * copied under new ids until there are `n`, spread over a dozen categories, as a shop exporting its
 * whole range would have them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const CATEGORIES = ["Garden", "Kitchen", "Toys", "Lighting", "Bath", "Storage", "Textiles", "Tools", "Office", "Pets", "Outdoor", "Gifts"];

export function catalogueScenario(root: string, n: number, runs = 200): Record<string, unknown> {
  const bench = JSON.parse(readFileSync(join(root, "scenarios/bench.json"), "utf8")) as { products: Record<string, unknown>[] } & Record<string, unknown>;
  const products = Array.from({ length: n }, (_, i) => {
    const p = bench.products[i % bench.products.length];
    return { ...structuredClone(p), id: `sku-${String(i + 1).padStart(5, "0")}`, name: `Catalogue item ${i + 1}`, category: CATEGORIES[i % CATEGORIES.length] };
  });
  return { ...bench, name: `Catalogue: ${n} products`, runs, products };
}
