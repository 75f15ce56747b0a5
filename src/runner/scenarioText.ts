/**
 * Scenarios cross to the workers as JSON text: one string is copied in a blink, where the structured
 * clone of a 2,000-product scenario took 50–90 ms of the page's thread for each worker. The app
 * already holds its parsed scenario's text (its scenario key) and lends it here, so a run of the
 * scenario being edited serialises nothing — nor does a variant that shares its product list (a
 * shorter probe run, other runs or horizon): its text is the lent one with the small top-level
 * fields written anew around the same products text.
 */
import type { Scenario } from "../engine/scenario.ts";

const known = new WeakMap<object, string>();
/** The lent scenario of a product list, and that list's text once cut out of the scenario's. */
const byList = new WeakMap<object, Scenario>();
const listText = new WeakMap<object, string>();
const MARK = JSON.stringify("\u0000products\u0000");

/** Records that `text` is JSON.stringify(s). */
export function rememberScenarioText(s: Scenario, text: string): void {
  known.set(s, text);
  if (Array.isArray(s.products)) byList.set(s.products, s);
}

/** `s` with its products written as `products` (JSON text of the list). */
function withProductsText(s: Scenario, products: string): string {
  return JSON.stringify({ ...s, products: JSON.parse(MARK) as string }).replace(MARK, () => products);
}

/** The text of `s.products` cut out of `text` (= JSON.stringify(s)), or null when it does not fit. */
function cutProducts(s: Scenario, text: string): string | null {
  const [before, after] = JSON.stringify({ ...s, products: JSON.parse(MARK) as string }).split(MARK);
  if (after === undefined || !text.startsWith(before) || !text.endsWith(after) || text.length < before.length + after.length) return null;
  return text.slice(before.length, text.length - after.length);
}

/** JSON.stringify(s), without serialising a product list whose text was lent with another scenario. */
export function scenarioText(s: Scenario): string {
  const own = known.get(s);
  if (own !== undefined) return own;
  const list = s.products as unknown;
  if (!Array.isArray(list)) return JSON.stringify(s);
  let products = listText.get(list);
  if (products === undefined) {
    const base = byList.get(list);
    const cut = base ? cutProducts(base, known.get(base)!) : null;
    if (cut === null) return JSON.stringify(s);
    listText.set(list, (products = cut));
  }
  return withProductsText(s, products);
}

/** JSON text of a job's scenarios (an array). */
export function scenariosText(s: readonly Scenario[]): string {
  return `[${s.map(scenarioText).join(",")}]`;
}

/** The scenarios of a job, from their text or as they are. */
export function readScenarios(s: Scenario[] | string): Scenario[] {
  return typeof s === "string" ? (JSON.parse(s) as Scenario[]) : s;
}
