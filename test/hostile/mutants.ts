/**
 * Hostile input shared by the seeded fuzz test (test/engine/hostileFuzz.test.ts, in `npm test`) and
 * the command-line campaign (scripts/hostile-campaign.ts, `npm run campaign`): the example scenarios,
 * the ways one is mutated, and the checks every finished run must pass.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { COUNT_FIELDS, identityBreaks, type CountField } from "../../src/engine/metrics.ts";

export const SCENARIO_DIR = join(import.meta.dirname, "../../scenarios");

/** Every shipped example scenario (the schema and the benchmark's catalogue left out). */
export function loadExamples(opts: { bench?: boolean } = {}): { file: string; json: unknown }[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".json") && f !== "scenario.schema.json" && (opts.bench || f !== "bench.json"))
    .sort()
    .map((f) => ({ file: f, json: JSON.parse(readFileSync(join(SCENARIO_DIR, f), "utf8")) as unknown }));
}

/** Every rate of docs/model.md §6: a fraction in [0, 1] in every run. */
export const RATES = [
  "backorderRate",
  "fillRate",
  "lostSalesRate",
  "cancellationRate",
  "backorderCancellationRate",
  "promiseKeptRate",
  "stockoutDayFraction",
] as const;

export type Path = (string | number)[];

/** Every path to a value inside `v` (objects and arrays included), root excluded. */
export function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...at, i]), paths(x, [...at, i], out)));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) (out.push([...at, k]), paths(x, [...at, k], out));
  return out;
}

const HUGE = "x".repeat(100_000);
export const REPLACEMENTS: unknown[] = [0, -0, 1e308, -1e308, 2 ** 53, 5e-324, -1, 1.5, 7, "x", "", true, null, [], {}, HUGE, "\u202e\u0000\ud800é", 1e6, 3650];

export type Mutation = { kind: "delete" } | { kind: "set"; value: unknown } | { kind: "duplicateId" } | { kind: "unknownRef" } | { kind: "emptyList" };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant({ kind: "delete" } as Mutation), weight: 2 },
  { arbitrary: fc.constantFrom(...REPLACEMENTS).map((value): Mutation => ({ kind: "set", value })), weight: 8 },
  { arbitrary: fc.constant({ kind: "duplicateId" } as Mutation), weight: 1 },
  { arbitrary: fc.constant({ kind: "unknownRef" } as Mutation), weight: 1 },
  { arbitrary: fc.constant({ kind: "emptyList" } as Mutation), weight: 1 },
);

/** A copy of `example` with mutation `m` applied at its `pick`-th path (modulo the number of paths). */
export function mutate(example: unknown, pick: number, m: Mutation): unknown {
  const s = structuredClone(example) as Record<string, unknown>;
  const all = paths(s);
  const path = all[pick % all.length];
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], s);
  const key = path[path.length - 1];
  switch (m.kind) {
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case "set":
      parent[key] = m.value;
      break;
    case "duplicateId": {
      // (On documents without products, such as shards, these two leave the document as it is.)
      const products = (Array.isArray(s.products) ? s.products : []) as { id: string }[];
      if (products.length > 1) products[products.length - 1].id = products[0].id;
      break;
    }
    case "unknownRef":
      for (const p of (Array.isArray(s.products) ? s.products : []) as { sourcing: Record<string, unknown> }[])
        if ("supplier" in p.sourcing) p.sourcing.supplier = "no-such-supplier";
      break;
    case "emptyList":
      parent[key] = [];
      break;
  }
  return s;
}

/** Mutants of the examples: (example index, path pick, mutation), seeded by fast-check. */
export const mutantArbitrary = (examples: number) => fc.tuple(fc.nat(examples - 1), fc.nat(), mutation);

/**
 * What is wrong with a finished `simulate --json` (or `merge --json`) document: a figure that is not
 * a finite number (JSON writes NaN and Infinity as null), a rate outside [0, 1] in any run (its min
 * and max), or a conservation identity of docs/model.md §6 that does not hold exactly on `counts`.
 * Empty when the document is sound. Problems are tagged "nonFinite:", "outOfRange:" or "identity:".
 */
export function resultProblems(doc: any): string[] {
  const out: string[] = [];
  const records: [string, any][] = [
    ["total", doc?.total],
    ...Object.entries<any>(doc?.products ?? {}).map(([id, r]): [string, any] => [`product ${JSON.stringify(id)}`, r]),
  ];
  if (!doc || typeof doc !== "object" || !doc.total) return ["nonFinite: no result document"];
  for (const [where, rec] of records)
    for (const [metric, sum] of Object.entries<any>(rec ?? {})) {
      for (const k of ["mean", "sd", "p05", "p50", "p95", "min", "max"])
        if (typeof sum?.[k] !== "number" || !Number.isFinite(sum[k])) out.push(`nonFinite: ${where} ${metric}.${k} = ${JSON.stringify(sum?.[k])}`);
      if ((RATES as readonly string[]).includes(metric) && (sum.min < 0 || sum.max > 1)) out.push(`outOfRange: ${where} ${metric} in [${sum.min}, ${sum.max}]`);
    }
  const counts: [string, Record<CountField, number>][] = [
    ["total", doc.counts?.total],
    ...Object.entries<any>(doc.counts?.products ?? {}).map(([id, c]): [string, any] => [`product ${JSON.stringify(id)}`, c]),
  ];
  if (!doc.counts) out.push("identity: the document has no counts");
  for (const [where, c] of counts) {
    if (!c) continue;
    for (const f of COUNT_FIELDS) if (typeof c[f] !== "number" || !Number.isFinite(c[f])) out.push(`nonFinite: ${where} counts.${f} = ${JSON.stringify(c[f])}`);
    for (const b of identityBreaks((f) => c[f])) out.push(`identity: ${where} ${b}`);
  }
  return out;
}
