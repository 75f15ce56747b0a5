/**
 * Brings a scenario written in an older format up to the current one before it is parsed, one
 * registered step at a time, so an old file is upgraded explicitly and never silently misread.
 *
 * Version 1 is the first public format, so there are no version steps yet; the pattern is: add a
 * `{ from: 1, to: 2, … }` step when version 2 appears and bump SCENARIO_VERSION. Pre-release spellings
 * that planners still type (British "fulfilment", "logNormal") are registered below as explicit
 * renames; each one applied is reported as a warning so the file can be saved in the current form.
 * A file from a newer Backorder Lab is rejected: this code cannot know what its new fields mean.
 *
 * A product's sourcing written without `kind` ({supplier}, {primary, backup, expedite?} or {split}, as
 * before sourcing had a kind) gets the kind its fields tell, silently: nothing is lost or guessed,
 * and the scenario is written back with the kind.
 */
import { SCENARIO_VERSION } from "../engine/scenario.ts";
import { legacySourcingKind } from "../engine/sourcing.ts";
import { describeValue, joinPath, type Issue, type PathSegment } from "./issue.ts";

type Obj = Record<string, unknown>;

export interface MigrationStep {
  from: number;
  to: number;
  /** One sentence for the warning shown when the step is applied. */
  summary: string;
  up(doc: Obj): Obj;
}

/** Upgrades between published format versions, in order. */
export const VERSION_STEPS: readonly MigrationStep[] = [];

/** Pre-release field spellings, by the object that holds them. */
export const FIELD_RENAMES: readonly { holder: "scenario" | "product" | "supplier"; from: string; to: string }[] = [
  { holder: "scenario", from: "fulfilment", to: "fulfillment" },
  { holder: "scenario", from: "warmUpDays", to: "warmupDays" },
  { holder: "product", from: "backOrders", to: "backorders" },
  { holder: "supplier", from: "leadTime", to: "leadTimeDays" },
];

/** Pre-release spellings of `kind` values (distributions, order counts, policies). */
export const KIND_RENAMES: Readonly<Record<string, string>> = {
  logNormal: "lognormal",
  "log-normal": "lognormal",
  negbin: "negativeBinomial",
  negativebinomial: "negativeBinomial",
  "negative-binomial": "negativeBinomial",
  negative_binomial: "negativeBinomial",
  "base-stock": "baseStock",
  basestock: "baseStock",
  "safety-stock": "safetyStock",
  safetystock: "safetyStock",
  "(s,S)": "sS",
  "(r,Q)": "rQ",
};

export type MigrateResult = { ok: true; value: unknown; fromVersion: number | undefined; warnings: Issue[] } | { ok: false; errors: Issue[] };

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** `steps` and `current` are parameters only so tests can exercise a multi-step chain. */
export function migrateScenario(raw: unknown, steps: readonly MigrationStep[] = VERSION_STEPS, current: number = SCENARIO_VERSION): MigrateResult {
  if (!isObj(raw)) return { ok: false, errors: [{ path: "", message: `a scenario must be a JSON object { … }, got ${describeValue(raw)}` }] };

  const warnings: Issue[] = [];
  const version = raw.version;
  let doc: Obj = raw;
  // A missing or non-numeric version is left for the parser to report; the rest is read as version 1
  // so that every other problem is reported in the same pass.
  if (typeof version === "number" && Number.isFinite(version)) {
    if (!Number.isInteger(version) || version < 1)
      return {
        ok: false,
        errors: [{ path: "version", message: `unknown format version ${version}; Backorder Lab formats start at version 1` }],
      };
    if (version > current)
      return {
        ok: false,
        errors: [
          {
            path: "version",
            message: `this scenario was made by a newer Backorder Lab (format version ${version}); this one reads format version ${current}. Update Backorder Lab to open it`,
          },
        ],
      };
    let v = version;
    while (v < current) {
      const step = steps.find((s) => s.from === v);
      if (!step) return { ok: false, errors: [{ path: "version", message: `format version ${v} cannot be upgraded: no migration from it is known` }] };
      doc = { ...step.up(doc), version: step.to };
      warnings.push({ path: "version", message: `upgraded from format version ${step.from} to ${step.to}: ${step.summary}` });
      v = step.to;
    }
  }

  const errors: Issue[] = [];
  doc = renameFields(doc, warnings, errors);
  doc = renameKinds(doc, [], warnings, 0) as Obj;
  doc = addSourcingKinds(doc);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: doc, fromVersion: typeof version === "number" ? version : undefined, warnings };
}

function renameFields(doc: Obj, warnings: Issue[], errors: Issue[]): Obj {
  const renameIn = (o: Obj, path: PathSegment[], holder: string): Obj => {
    let out = o;
    for (const r of FIELD_RENAMES) {
      if (r.holder !== holder || !Object.prototype.hasOwnProperty.call(o, r.from)) continue;
      if (Object.prototype.hasOwnProperty.call(o, r.to)) {
        errors.push({ path: joinPath([...path, r.from]), message: `both "${r.from}" and "${r.to}" are given; keep only "${r.to}"` });
        continue;
      }
      if (out === o) out = { ...o };
      const { [r.from]: value, ...rest } = out;
      out = { ...rest, [r.to]: value };
      warnings.push({ path: joinPath([...path, r.from]), message: `read as "${r.to}" (earlier spelling); save the scenario to update it` });
    }
    return out;
  };
  let out = renameIn(doc, [], "scenario");
  for (const [field, holder] of [
    ["products", "product"],
    ["suppliers", "supplier"],
  ] as const) {
    const list = out[field];
    if (!Array.isArray(list)) continue;
    let changed = false;
    const next = list.map((item, i) => {
      if (!isObj(item)) return item;
      const renamed = renameIn(item, [field, i], holder);
      if (renamed !== item) changed = true;
      return renamed;
    });
    if (changed) out = { ...out, [field]: next };
  }
  return out;
}

/** Gives each product's kind-less sourcing its kind (an object in no known form is left for the parser). */
function addSourcingKinds(doc: Obj): Obj {
  const list = doc.products;
  if (!Array.isArray(list)) return doc;
  let next: unknown[] | undefined;
  list.forEach((p, i) => {
    if (!isObj(p) || !isObj(p.sourcing) || Object.prototype.hasOwnProperty.call(p.sourcing, "kind")) return;
    const kind = legacySourcingKind(p.sourcing);
    if (kind) (next ??= [...list])[i] = { ...p, sourcing: { kind, ...p.sourcing } };
  });
  return next ? { ...doc, products: next } : doc;
}

/** Rewrites aliased `kind` values anywhere in the document, copying only what changes. */
function renameKinds(value: unknown, path: PathSegment[], warnings: Issue[], depth: number): unknown {
  if (depth > 32) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = renameKinds(item, [...path, i], warnings, depth + 1);
      if (next !== item) (out ??= [...value])[i] = next;
    });
    return out ?? value;
  }
  if (!isObj(value)) return value;
  let out: Obj | undefined;
  for (const [k, v] of Object.entries(value)) {
    let next = renameKinds(v, [...path, k], warnings, depth + 1);
    if (k === "kind" && typeof v === "string" && Object.prototype.hasOwnProperty.call(KIND_RENAMES, v)) {
      next = KIND_RENAMES[v];
      warnings.push({ path: joinPath([...path, k]), message: `"${v}" read as "${next}" (earlier spelling); save the scenario to update it` });
    }
    if (next !== v) Object.defineProperty((out ??= { ...value }), k, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out ?? value;
}
