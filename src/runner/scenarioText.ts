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

/**
 * Characters of scenario text per message to a worker: a longer text crosses in slices, one message
 * each, so that copying it is spread over tasks. Posting a 4,000-product scenario (3.6 M characters)
 * to two workers at once took 31-64 ms of the page's task in Chromium here.
 */
export const WORKER_TEXT_SLICE = 1 << 18;

/** `s` with its products written as `products` (JSON text of the list), in three pieces: the list's text is not copied. */
function withProductsText(s: Scenario, products: string): string[] {
  const text = JSON.stringify({ ...s, products: JSON.parse(MARK) as string });
  const at = text.indexOf(MARK);
  return [text.slice(0, at), products, text.slice(at + MARK.length)];
}

/** The text of `s.products` cut out of `text` (= JSON.stringify(s)), or null when it does not fit. */
function cutProducts(s: Scenario, text: string): string | null {
  const [before, after] = JSON.stringify({ ...s, products: JSON.parse(MARK) as string }).split(MARK);
  if (after === undefined || !text.startsWith(before) || !text.endsWith(after) || text.length < before.length + after.length) return null;
  return text.slice(before.length, text.length - after.length);
}

/** JSON.stringify(s) in pieces, without serialising a product list whose text was lent with another scenario. */
function scenarioPieces(s: Scenario): string[] {
  const own = known.get(s);
  if (own !== undefined) return [own];
  const list = s.products as unknown;
  if (!Array.isArray(list)) return [JSON.stringify(s)];
  let products = listText.get(list);
  if (products === undefined) {
    const base = byList.get(list);
    const cut = base ? cutProducts(base, known.get(base)!) : null;
    if (cut === null) return [JSON.stringify(s)];
    listText.set(list, (products = cut));
  }
  return withProductsText(s, products);
}

/**
 * JSON text of a job's scenarios (an array), as pieces whose concatenation is the text: a lent
 * product list's text is a piece of its own, never copied into a longer string.
 */
export function scenariosPieces(s: readonly Scenario[]): string[] {
  const out = ["["];
  s.forEach((x, i) => {
    if (i > 0) out.push(",");
    out.push(...scenarioPieces(x));
  });
  out.push("]");
  return out;
}

/** JSON text of a job's scenarios (an array). */
export function scenariosText(s: readonly Scenario[]): string {
  return scenariosPieces(s).join("");
}

/** The pieces' text in slices of at most `max` characters, in order (short pieces share a slice). */
export function* textSlices(pieces: readonly string[], max: number): Generator<string> {
  let pending = "";
  for (const piece of pieces) {
    for (let at = 0; at < piece.length;) {
      const take = Math.min(max - pending.length, piece.length - at);
      pending += piece.slice(at, at + take);
      at += take;
      if (pending.length === max) {
        yield pending;
        pending = "";
      }
    }
  }
  if (pending.length > 0) yield pending;
}

/**
 * The receiving end of `sendText`, in a worker: slices of a job's text kept in order under the job's
 * key (a slice for another key starts afresh), then joined once by `take`, which throws when no slice
 * came for that key.
 */
export function receivedText(): { add(key: number, text: string): void; take(key: number): string } {
  let slices: { key: number; texts: string[] } = { key: -1, texts: [] };
  return {
    add(key, text) {
      if (slices.key !== key) slices = { key, texts: [] };
      slices.texts.push(text);
    },
    take(key) {
      if (slices.key !== key) throw new Error(`job ${key} has no scenario text sent`);
      const text = slices.texts.join("");
      slices = { key: -1, texts: [] };
      return text;
    },
  };
}

/**
 * Sends the pieces' text to a worker: in one message when it is short (`whole`), else a slice of
 * WORKER_TEXT_SLICE characters per message (`slice`), each awaited, then `done`. Stops early, and
 * resolves to false, once `stopped()` says the text is no longer wanted.
 */
export async function sendText<T>(
  pieces: readonly string[],
  whole: (text: string) => Promise<T>,
  slice: (text: string) => Promise<unknown>,
  done: () => Promise<T>,
  stopped: () => boolean = () => false,
): Promise<T | false> {
  if (pieces.reduce((n, p) => n + p.length, 0) <= WORKER_TEXT_SLICE) return whole(pieces.join(""));
  for (const t of textSlices(pieces, WORKER_TEXT_SLICE)) {
    if (stopped()) return false;
    await slice(t);
  }
  return stopped() ? false : done();
}

/** The scenarios of a job, from their text or as they are. */
export function readScenarios(s: Scenario[] | string): Scenario[] {
  return typeof s === "string" ? (JSON.parse(s) as Scenario[]) : s;
}
