/**
 * A problem found in a scenario: where (a JSON path such as `products[2].policy.orderUpTo`, empty for
 * the whole file) and what, in words a planner understands. Errors and warnings share this shape.
 */
import { formatCount } from "../format/number.ts";
export interface Issue {
  path: string;
  message: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["products", 2, "policy", "orderUpTo"]` → `products[2].policy.orderUpTo`. */
export function joinPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (s.length <= MAX_SHOWN_CHARS && IDENTIFIER.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(shortText(s))}]`;
  }
  return out;
}

/** Text quoted in messages is cut to this many characters, so a 10 MB value is not echoed back. */
export const MAX_SHOWN_CHARS = 60;

/** `text`, or its beginning and length when longer than `max` characters (never splits a surrogate pair). */
export function shortText(text: string, max = MAX_SHOWN_CHARS): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${text.slice(0, cut)}… (${formatCount(text.length)} characters)`;
}

/** `products[2].policy.orderUpTo: must be ≥ 0, got -5`; a whole-file issue is just its message. */
export function formatIssue(issue: Issue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** A short rendering of a value the user typed, for "got …" in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 37) + "…" : value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  return typeof value;
}

/** The value at `path` inside `root`, or undefined when any step is missing. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  for (const s of path) {
    if (v === null || typeof v !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, s)) return undefined;
    v = (v as Record<PathSegment, unknown>)[s];
  }
  return v;
}
