/**
 * The benchmark's large catalogue, generated rather than stored: `n` products made from the
 * benchmark scenario's 100 by copying them under new ids (`p001-2` is the second copy of p001).
 * Random streams are named after product ids, so every copy has demand, customers and lead times
 * of its own; products stay independent (no baskets, no capacity), as in a shop planned by SKU.
 */
import type { Scenario } from "../engine/scenario.ts";

export function benchCatalogue(base: Scenario, n: number): Scenario {
  const products = Array.from({ length: n }, (_, i) => {
    const p = base.products[i % base.products.length];
    const copy = Math.floor(i / base.products.length);
    return copy === 0 ? p : { ...p, id: `${p.id}-${copy + 1}`, name: `${p.name} (${copy + 1})` };
  });
  return { ...base, name: `Benchmark catalogue: ${n} products`, products };
}
