/**
 * Shard files: one slice of a job's runs, written by one machine of a batch job and combined by
 * another (`simulate --shard k/n --out part.json`, then `merge part-*.json`). On a scheduler a
 * half-written, edited or mixed-up file is an everyday event, so a shard carries its own
 * integrity:
 *
 * - a header with everything that must match across the shards of one job: what wrote it (kind),
 *   the scenario (name and a hash of its content), seed, total runs, horizon, and which shard it
 *   is (k of n, with the runs that slice covers);
 * - a SHA-256 checksum over the format, header and payload, so any edit or truncation is found
 *   before a number of it is used.
 *
 * The checksum guards against damage and mix-ups, not against someone who recomputes it on
 * purpose. `readShard` checks one file, `ShardSet` (or `checkShardSet`) the files of one merge;
 * both throw ShardError with a message that says what is wrong.
 */
import { shortText } from "./issue.ts";

export const SHARD_FORMAT = "backorder-lab.shard/1";

export interface ShardHeader {
  /** The command that wrote the shard, e.g. "simulate": shards of different kinds never merge. */
  kind: string;
  /** Scenario name, for messages. */
  scenario: string;
  /** Hash of the scenario as run (everything but the run count, which shards split). */
  scenarioHash: string;
  seed: string;
  /** Runs of the whole job, all shards together. */
  runs: number;
  horizonDays: number;
  /** This is shard k (1-based) of n. */
  shard: { k: number; n: number };
  /** The runs this shard covers: firstRun … firstRun + runCount − 1 (see shardRange). */
  firstRun: number;
  runCount: number;
}

export interface ShardFile<P = unknown> {
  format: typeof SHARD_FORMAT;
  header: ShardHeader;
  payload: P;
  checksum: string;
}

/** Something wrong with a shard file or a set of them; the message does not name the file. */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShardError";
  }
}

/** Runs of shard k of n: ⌊(k−1)·runs/n⌋ … ⌊k·runs/n⌋ − 1, contiguous, together exactly [0, runs). */
export function shardRange(k: number, n: number, runs: number): { firstRun: number; runCount: number } {
  const start = Math.floor(((k - 1) * runs) / n);
  const end = Math.floor((k * runs) / n);
  return { firstRun: start, runCount: end - start };
}

/** The text of a shard file (one line of JSON) for `header` and `payload` (any JSON-safe value). */
export async function shardText(header: ShardHeader, payload: unknown): Promise<string> {
  const checksum = await checksumOf(SHARD_FORMAT, header, payload);
  const doc: ShardFile = { format: SHARD_FORMAT, header, payload, checksum };
  return JSON.stringify(doc) + "\n";
}

/** Reads and checks one shard file of the given kind; throws ShardError saying what is wrong. */
export async function readShard<P = unknown>(text: string, kind: string): Promise<ShardFile<P>> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const end = text.trimEnd();
    if (end.length > 0 && end.startsWith("{") && !end.endsWith("}"))
      throw new ShardError(
        `the file is cut off (${text.length.toLocaleString("en-US")} bytes, its JSON never closes): it was not written to the end; run the shard again`,
      );
    throw new ShardError(`not a shard file: not valid JSON (${shortText((e as Error).message, 120)})`);
  }
  if (!isObject(doc)) throw new ShardError(`not a shard file (expected a JSON object with "format": "${SHARD_FORMAT}")`);
  if (doc.format !== SHARD_FORMAT) {
    if (typeof doc.format === "string" && doc.format.startsWith("backorder-lab.accumulator/"))
      throw new ShardError("this shard was written by an earlier Backorder Lab, without a checksum; run the shard again");
    throw new ShardError(`not a shard file (expected "format": "${SHARD_FORMAT}", got ${JSON.stringify(shortText(String(doc.format ?? "nothing")))})`);
  }
  if (typeof doc.checksum !== "string") throw new ShardError("the shard has no checksum; it was edited or damaged after it was written; run the shard again");
  const actual = await checksumOf(doc.format, doc.header, doc.payload);
  if (actual !== doc.checksum)
    throw new ShardError(
      `its content does not match its checksum: the file was edited or damaged after it was written${shardName(doc.header)}; run the shard again`,
    );
  const h = doc.header;
  const problem = headerProblem(h);
  if (problem) throw new ShardError(`its header is inconsistent: ${problem}`);
  const header = h as ShardHeader;
  if (header.kind !== kind) throw new ShardError(`this is a shard of '${shortText(header.kind)}', not of '${kind}'`);
  return doc as unknown as ShardFile<P>;
}

/**
 * The shards of one merge, checked as they come (so a merge can fold each file in and let it go):
 * same kind, scenario, seed, runs, horizon and shard count as the first, no shard twice. `add`
 * throws ShardError naming the files that disagree and what differs.
 */
export class ShardSet {
  private first: { file: string; header: ShardHeader } | null = null;
  private readonly byK = new Map<number, string>();

  add(file: string, b: ShardHeader): void {
    const ref = this.first;
    if (ref === null) this.first = { file, header: b };
    else {
      const a = ref.header;
      const differs = (what: string, x: unknown, y: unknown) =>
        new ShardError(
          `${file} does not belong with ${ref.file}: ${what} differ (${show(y)} here, ${show(x)} there); every shard must be run from the same scenario file with the same --runs, --seed and --horizon`,
        );
      if (b.kind !== a.kind) throw differs("the commands that wrote them", a.kind, b.kind);
      // The hash covers seed and horizon too; the plainer differences are named first.
      if (b.seed !== a.seed) throw differs("the seeds", a.seed, b.seed);
      if (b.horizonDays !== a.horizonDays) throw differs("the horizons", a.horizonDays, b.horizonDays);
      if (b.runs !== a.runs) throw differs("the total runs", a.runs, b.runs);
      if (b.shard.n !== a.shard.n) throw differs("the shard counts", `${a.shard.k}/${a.shard.n}`, `${b.shard.k}/${b.shard.n}`);
      if (b.scenarioHash !== a.scenarioHash)
        throw differs(`the scenarios ('${shortText(a.scenario)}' and '${shortText(b.scenario)}')`, a.scenarioHash, b.scenarioHash);
    }
    const other = this.byK.get(b.shard.k);
    if (other !== undefined)
      throw new ShardError(
        `${file}: shard ${b.shard.k}/${b.shard.n} is included twice (also ${other === file ? "given as the same file" : `in ${other}`}); each shard's runs may count once`,
      );
    this.byK.set(b.shard.k, file);
  }

  /** Shards of 1…n that no file added holds, with their runs, e.g. "shard 3/4 (runs 5–7)". */
  missing(): string[] {
    if (this.first === null) return [];
    const { shard, runs } = this.first.header;
    const out: string[] = [];
    for (let k = 1; k <= shard.n; k++)
      if (!this.byK.has(k)) {
        const r = shardRange(k, shard.n, runs);
        if (r.runCount > 0) out.push(`shard ${k}/${shard.n} (runs ${r.firstRun}–${r.firstRun + r.runCount - 1})`);
      }
    return out;
  }
}

/** ShardSet over a list at once: throws as `add` does, else lists the missing shards. */
export function checkShardSet(shards: readonly { file: string; header: ShardHeader }[]): { missing: string[] } {
  const set = new ShardSet();
  for (const s of shards) set.add(s.file, s.header);
  return { missing: set.missing() };
}

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(shortText(v)) : String(v);
}

function shardName(h: unknown): string {
  if (!isObject(h) || !isObject(h.shard)) return "";
  const { k, n } = h.shard;
  return Number.isInteger(k) && Number.isInteger(n) ? ` (it says it is shard ${k}/${n})` : "";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** What is wrong with a header's shape or arithmetic, or null. */
function headerProblem(h: unknown): string | null {
  if (!isObject(h)) return "no header";
  for (const key of ["kind", "scenario", "scenarioHash", "seed"] as const) if (typeof h[key] !== "string") return `"${key}" is not text`;
  for (const key of ["runs", "horizonDays", "firstRun", "runCount"] as const) if (!isCount(h[key])) return `"${key}" is not a whole number ≥ 0`;
  const s = h.shard;
  if (!isObject(s) || !isCount(s.k) || !isCount(s.n) || s.n < 1 || s.k < 1 || s.k > s.n) return `"shard" is not k of n with 1 ≤ k ≤ n`;
  const r = shardRange(s.k, s.n, h.runs as number);
  if (h.firstRun !== r.firstRun || h.runCount !== r.runCount)
    return `shard ${s.k}/${s.n} of ${h.runs} runs covers runs ${r.firstRun}–${r.firstRun + r.runCount - 1}, but it says ${h.firstRun as number}–${(h.firstRun as number) + (h.runCount as number) - 1}`;
  return null;
}

/** "sha256:<hex>" of the canonical JSON of format, header and payload. */
async function checksumOf(format: unknown, header: unknown, payload: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify([format, header, payload]));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return "sha256:" + hex;
}
