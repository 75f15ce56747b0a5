/**
 * Turns zod's issues into Issues a planner can act on: a JSON path and a sentence such as
 * `must be ≥ 0, got -5`. Zod's own messages are written for developers ("Invalid input: expected
 * number, received string"), so every message is rebuilt here from the issue's data and the value
 * the user actually typed.
 */
import type * as z from "zod";
import { describeValue, joinPath, shortText, valueAt, type Issue, type PathSegment } from "./issue.ts";
import { formatCount } from "../format/number.ts";
import { RANGE_REASONS } from "./limits.ts";
import { KNOWN_FIELDS } from "./scenarioSchema.ts";
import { SOURCING_KINDS } from "../engine/kinds/sourcing/index.ts";

type ZodIssue = z.core.$ZodIssue;

/** "a, b or c". */
function oneOf(forms: readonly string[]): string {
  return forms.length < 2 ? forms.join("") : `${forms.slice(0, -1).join(", ")} or ${forms[forms.length - 1]}`;
}

/**
 * Forms of the unions that have no `kind`, named by the field that holds them. Sourcing has a `kind`
 * but may be written without one (read by its fields, src/io/migrate.ts); an object in none of these
 * forms is described by them.
 */
const UNION_FORMS: Record<string, string> = {
  sourcing: oneOf(Object.values(SOURCING_KINDS).map((k) => k.writtenForm)),
  safetyStock: '{ "units": n }, { "days": n } or { "serviceLevel": 0.95 }',
  shocks: 'a random shock { "probabilityPerDay", "multiplier", "durationDays" } or a scheduled event { "startDay", "durationDays", "multiplier" }',
};

/** What to do about a hard limit (src/io/limits.ts), by field. */
const LIMIT_HINTS: Record<string, string> = {
  horizonDays: "simulate at most 20 years",
  warmupDays: "a warm-up of a few lead times is enough",
  runs: "use precision mode to stop once results are precise enough",
  products: "split the catalogue into several scenarios",
  suppliers: "split the catalogue into several scenarios",
};

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text (in quotes)",
  boolean: "true or false",
  object: "an object { … }",
  array: "a list [ … ]",
};

export function zodIssuesToIssues(issues: readonly ZodIssue[], root: unknown): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) convert(issue, [], root, out);
  return dedupe(out);
}

function convert(issue: ZodIssue, prefix: PathSegment[], root: unknown, out: Issue[]): void {
  const segs = [...prefix, ...(issue.path as PathSegment[])];
  const value = valueAt(root, segs);
  const at = (message: string, path = segs): void => void out.push({ path: joinPath(path), message });

  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined && !hasKey(root, segs)) return at(missing(segs));
      if (typeof value === "number" && !Number.isFinite(value)) return at(`must be a finite number, got ${describeValue(value)}`);
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (issue.expected === "int" && typeof value === "number") return at(`must be a whole number, got ${value}`);
      if (issue.expected === "string" && typeof value === "number") return at(`must be text, got ${value}; write it in quotes: "${value}"`);
      return at(`must be ${expected}, got ${describeValue(value)}`);
    }
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const inclusive = issue.inclusive !== false;
      const exact = (issue as { exact?: boolean }).exact === true;
      if (issue.origin === "array" || issue.origin === "set") {
        const n = Array.isArray(value) ? value.length : 0;
        const what = listWhat(segs);
        if (exact) return at(`must list exactly ${bound} ${what}, got ${n}`);
        if (small && Number(bound) === 1) return at(`must list at least one ${singular(what)}`);
        return at(withHint(`must list ${small ? "at least" : "at most"} ${formatCount(Number(bound))} ${what}, got ${formatCount(n)}`, small, segs));
      }
      if (issue.origin === "string") {
        if (small && Number(bound) === 1) return at("must not be empty");
        return at(`must be ${small ? "at least" : "at most"} ${bound} characters long`);
      }
      const op = small ? (inclusive ? "≥" : ">") : inclusive ? "≤" : "<";
      const shown = typeof value === "number" && Math.abs(value) >= 10_000 ? formatCount(value) : describeValue(value);
      const b = Math.abs(Number(bound)) >= 10_000 ? formatCount(Number(bound)) : String(bound);
      return at(withHint(`must be ${op} ${b}, got ${shown}`, small, segs));
    }
    case "unrecognized_keys": {
      for (const key of issue.keys) {
        const hint = suggest(key);
        // A real field in the wrong place (quoteBufferDays with mode "deny"): say so, not "did you mean" itself.
        if (hint === key) at(`field ${JSON.stringify(key)} does not apply here${whyNotHere(root, segs)}`, [...segs, key]);
        else at(`unknown field ${JSON.stringify(shortText(key))}${hint ? `; did you mean "${hint}"?` : ""}`, [...segs, key]);
      }
      return;
    }
    case "invalid_value": {
      if (value === undefined && !hasKey(root, segs)) return at(missing(segs));
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
      if (issue.values.length === 1) return at(`must be ${allowed}, got ${describeValue(value)}`);
      return at(`must be one of ${allowed}, got ${describeValue(value)}`);
    }
    case "invalid_union":
      return convertUnion(issue, segs, value, root, out);
    case "invalid_format":
      if (segs[segs.length - 1] === "startDate" && typeof value === "string") return at(`must be a date written YYYY-MM-DD, got ${describeValue(value)}`);
      return at(`has the wrong format, got ${describeValue(value)}`);
    case "not_multiple_of":
      return at(`must be a multiple of ${issue.divisor}, got ${describeValue(value)}`);
    case "custom":
      return at(issue.message);
    case "invalid_key":
    case "invalid_element":
      for (const inner of issue.issues) convert(inner, segs, root, out);
      return;
    default:
      return at((issue as { message?: string }).message ?? "is not valid");
  }
}

function convertUnion(issue: Extract<ZodIssue, { code: "invalid_union" }>, segs: PathSegment[], value: unknown, root: unknown, out: Issue[]): void {
  const at = (message: string, path = segs): void => void out.push({ path: joinPath(path), message });
  const disc = issue as { discriminator?: string; options?: unknown[] };
  if (disc.discriminator) {
    // A tagged union whose tag is missing or unknown: name the allowed tags.
    const allowed = (disc.options ?? []).map(String).join(", ");
    const tag = disc.discriminator;
    const parent = segs[segs.length - 1] === tag ? segs.slice(0, -1) : segs;
    const holder = valueAt(root, parent);
    if (!isPlainObject(holder)) return at(`must be an object with a "${tag}" (one of ${allowed}), got ${describeValue(holder)}`, parent);
    const given = holder[tag];
    const forms = UNION_FORMS[lastName(parent)];
    if (given === undefined && forms) return at(`must be ${forms}`, parent);
    if (given === undefined) return at(`is required; one of ${allowed}`, [...parent, tag]);
    return at(`unknown ${tag} ${describeValue(given)}; allowed: ${allowed}`, [...parent, tag]);
  }

  const forms = UNION_FORMS[lastName(segs)];
  if (!isPlainObject(value)) {
    return at(`must be ${forms ?? "an object"}, got ${describeValue(value)}`);
  }
  // Pick the branch the user evidently meant: the one whose fields are all present and known.
  let best: readonly ZodIssue[] | undefined;
  let bestScore = Infinity;
  for (const branch of issue.errors) {
    const score = shapeMismatch(branch, segs, root) * 1000 + branch.length;
    if (score < bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  if (!best || (bestScore >= 1000 && forms && !anyKnownFormKey(value))) {
    return at(`must be ${forms ?? "one of the allowed forms"}`);
  }
  for (const inner of best) convert(inner, segs, root, out);
}

/** How badly a branch's fields fail to match: missing required fields and unknown fields. */
function shapeMismatch(branch: readonly ZodIssue[], segs: PathSegment[], root: unknown): number {
  let n = 0;
  for (const i of branch) {
    if (i.code === "unrecognized_keys" && i.path.length === 0) n += i.keys.length;
    else if (i.code === "invalid_type" && i.path.length === 1 && !hasKey(root, [...segs, ...(i.path as PathSegment[])])) n++;
  }
  return n;
}

function anyKnownFormKey(value: Record<string, unknown>): boolean {
  return Object.keys(value).some((k) => KNOWN_FIELDS.has(k));
}

function hasKey(root: unknown, segs: PathSegment[]): boolean {
  if (segs.length === 0) return root !== undefined;
  const parent = valueAt(root, segs.slice(0, -1));
  return parent !== null && typeof parent === "object" && Object.prototype.hasOwnProperty.call(parent, segs[segs.length - 1]);
}

function missing(segs: PathSegment[]): string {
  return segs.length === 1 && segs[0] === "version" ? 'is required; add "version": 1 (the scenario format this Backorder Lab reads)' : "is required";
}

function withHint(message: string, small: boolean, segs: PathSegment[]): string {
  const name = lastName(segs);
  const limitHint = small ? undefined : LIMIT_HINTS[name];
  if (limitHint && segs.length === 1) return `${message}; ${limitHint}`;
  const reason = RANGE_REASONS[name];
  return reason && (!small || name === "dispersion") ? `${message} (${reason})` : message;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function lastName(segs: PathSegment[]): string {
  for (let i = segs.length - 1; i >= 0; i--) if (typeof segs[i] === "string") return segs[i] as string;
  return "";
}

function listWhat(segs: PathSegment[]): string {
  const name = lastName(segs);
  if (name === "weekly") return "numbers (Monday to Sunday)";
  if (name === "monthly") return "numbers (January to December)";
  if (name === "products") return "products";
  if (name === "suppliers") return "suppliers";
  if (name === "split") return "suppliers";
  return "items";
}

function singular(what: string): string {
  return what.endsWith("s") ? what.slice(0, -1) : what;
}

/** The known field closest to a misspelt one (same letters ignoring case, or ≤ 2 edits). */
/** Why a known field is refused in this object, when the object says (a backorders `mode`). */
function whyNotHere(root: unknown, segs: PathSegment[]): string {
  const o = valueAt(root, segs);
  const mode = o && typeof o === "object" ? (o as Record<string, unknown>).mode : undefined;
  return typeof mode === "string" ? ` when mode is "${mode}"` : "";
}

export function suggest(key: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  const k = key.toLowerCase();
  for (const name of KNOWN_FIELDS) {
    if (name.toLowerCase() === k) return name;
    const d = editDistance(k, name.toLowerCase(), bestD);
    if (d < bestD) {
      best = name;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = i.path + "\u0000" + i.message;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
