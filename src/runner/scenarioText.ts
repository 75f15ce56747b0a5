/**
 * Scenarios cross to the workers as JSON text: one string is copied in a blink, where the structured
 * clone of a 2,000-product scenario took 50–90 ms of the page's thread for each worker. The app
 * already holds its parsed scenario's text (its scenario key) and lends it here, so a run of the
 * scenario being edited serialises nothing.
 */
import type { Scenario } from "../engine/scenario.ts";

const known = new WeakMap<object, string>();

/** Records that `text` is JSON.stringify(s). */
export function rememberScenarioText(s: Scenario, text: string): void {
  known.set(s, text);
}

/** JSON text of a job's scenarios (an array). */
export function scenariosText(s: readonly Scenario[]): string {
  const texts = s.map((x) => known.get(x) ?? JSON.stringify(x));
  return `[${texts.join(",")}]`;
}

/** The scenarios of a job, from their text or as they are. */
export function readScenarios(s: Scenario[] | string): Scenario[] {
  return typeof s === "string" ? (JSON.parse(s) as Scenario[]) : s;
}
