/**
 * The results table's rows for a catalogue: each product of the scenario that the result holds, with
 * its ABC class (share of revenue), whether it is a problem, and the text its search looks in. Made a slice of products per task,
 * so that a result of 4,000 products (restored on reload, or arriving during a run) does not hold
 * the page for the whole catalogue in one task.
 */
import { abcClasses, type AbcClass } from "../../analysis/abc.ts";
import { METRICS, type Metric } from "../../engine/metrics.ts";
import { packedMean, type PackedSimulationResult } from "../../analysis/packedResult.ts";
import { nextTask } from "../nextTask.ts";

export interface ProductRow {
  id: string;
  name: string;
  category: string;
  /** Index in the packed result. */
  i: number;
  abc: AbcClass;
  problem: boolean;
  /** What the table's search box looks in: name, id and category, lower-cased. */
  text: string;
}

/** What "problems only" keeps: a product that loses money, fills under 95 % of units from stock, or sees over 2 % of orders cancelled. */
export const PROBLEM = { minFillRate: 0.95, maxCancellationRate: 0.02 };

const mIndex = Object.fromEntries(METRICS.map((m, i) => [m, i])) as Record<Metric, number>;

/** Products looked at between two looks at the clock. */
const CHUNK = 256;

/**
 * The rows of `products` found in `p`, in catalogue order; `sliceMs` of work per task. Resolves to
 * null once `stopped()` says the rows are no longer wanted (a newer result or scenario).
 */
export async function productRows(
  p: PackedSimulationResult,
  products: readonly { id: string; name?: string; category?: string }[],
  sliceMs: number,
  stopped: () => boolean = () => false,
): Promise<ProductRow[] | null> {
  let t0 = performance.now();
  const slice = async (): Promise<boolean> => {
    if (performance.now() - t0 < sliceMs) return false;
    await nextTask();
    t0 = performance.now();
    return stopped();
  };
  const at = new Map<string, number>();
  for (let i = 0; i < p.productIds.length; i++) {
    at.set(p.productIds[i], i);
    if (i % CHUNK === CHUNK - 1 && (await slice())) return null;
  }
  const rows: ProductRow[] = [];
  const revenue: number[] = [];
  for (let k = 0; k < products.length; k++) {
    const x = products[k];
    const i = at.get(x.id);
    if (i !== undefined) {
      const problem =
        packedMean(p, i, mIndex.profit) < 0 ||
        packedMean(p, i, mIndex.fillRate) < PROBLEM.minFillRate ||
        packedMean(p, i, mIndex.cancellationRate) > PROBLEM.maxCancellationRate;
      const name = x.name || x.id;
      const category = x.category ?? "";
      rows.push({ id: x.id, name, category, i, abc: "C", problem, text: `${name} ${x.id} ${category}`.toLowerCase() });
      revenue.push(packedMean(p, i, mIndex.revenue));
    }
    if (k % CHUNK === CHUNK - 1 && (await slice())) return null;
  }
  if (await slice()) return null;
  const abc = abcClasses(revenue);
  for (let k = 0; k < rows.length; k++) rows[k].abc = abc[k];
  return stopped() ? null : rows;
}
