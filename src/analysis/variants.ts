/**
 * Variants of a scenario by path overrides, the language every decision tool speaks:
 *
 *     products[scarf].policy.orderUpTo=12          set (the value is JSON, or a bare string)
 *     products[*].backorders={"mode":"deny"}       every product
 *     products[sofa].sourcing.supplier=fastco      a bare word is a string
 *     products[0].demand.ordersPerDay*=1.2         scale a number, or every scale field of a Dist
 *     suppliers[acme].leadTimeDays*=1.2            (lead time 20 % longer, same shape)
 *     products[scarf].initialOnHand+=5             shift a number
 *
 * `[x]` picks the array element whose `id` is x (else index x); `[*]` picks all. Missing objects on
 * the way are created, so a customer block can be added to a product that has none. The result goes
 * back through `parseScenario`, so a variant is exactly as valid as a file the user typed.
 */
import { DIST_FAMILIES, isDistKind } from "../engine/kinds/distribution/index.ts";
import type { Dist, Scenario } from "../engine/scenario.ts";
import type { Issue } from "../io/issue.ts";
import { parseScenario } from "../io/parseScenario.ts";

export type OverrideOp = "=" | "*=" | "+=";

export interface Override {
  path: string;
  op: OverrideOp;
  value: unknown;
}

/** A named set of overrides applied to a base scenario. */
export interface Variant {
  name: string;
  overrides: Override[];
}

export type VariantResult = { ok: true; scenario: Scenario; warnings: Issue[] } | { ok: false; errors: Issue[] };

type Segment = { kind: "key"; key: string } | { kind: "pick"; sel: string };

const OVERRIDE = /^\s*((?:[^=*+[\]]|\[[^\]]*\])+?)\s*(\*=|\+=|=)\s*(.*?)\s*$/s;

/** Parses `path=value`, `path*=factor` or `path+=delta`. The value is JSON if it parses, else the bare text. */
export function parseOverride(text: string): { ok: true; override: Override } | { ok: false; message: string } {
  const m = OVERRIDE.exec(text);
  if (!m) return { ok: false, message: `override must look like path=value (e.g. products[scarf].policy.orderUpTo=12); got ${JSON.stringify(text)}` };
  const [, path, op, raw] = m;
  const segs = parsePath(path);
  if (!segs.ok) return { ok: false, message: segs.message };
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // A bare word (a supplier id, a mode) is a string; only JSON-looking text must parse.
    if (/^[[{"]/.test(raw)) return { ok: false, message: `${path}: value is not valid JSON: ${raw}` };
  }
  if (op !== "=" && (typeof value !== "number" || !Number.isFinite(value))) {
    return { ok: false, message: `${path}: ${op} needs a number; got ${JSON.stringify(raw)}` };
  }
  return { ok: true, override: { path: path.trim(), op: op as OverrideOp, value } };
}

/** `products[sofa].sourcing.supplier=fastco`: the text form of an override (round-trips with parseOverride). */
export function formatOverride(o: Override): string {
  const v = typeof o.value === "string" && /^[A-Za-z0-9_.-]+$/.test(o.value) ? o.value : JSON.stringify(o.value);
  return `${o.path}${o.op}${v}`;
}

function parsePath(path: string): { ok: true; segments: Segment[] } | { ok: false; message: string } {
  const segments: Segment[] = [];
  const re = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[([^\]]+)\]/gy;
  const p = path.trim();
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < p.length) {
    re.lastIndex = at;
    m = re.exec(p);
    if (!m || m.index !== at) return { ok: false, message: `cannot read path '${path}' at '${p.slice(at)}'` };
    if (m[1] !== undefined) segments.push({ kind: "key", key: m[1] });
    else segments.push({ kind: "pick", sel: m[2].trim().replace(/^["']|["']$/g, "") });
    at = re.lastIndex;
  }
  if (segments.length === 0 || segments[0].kind !== "key") return { ok: false, message: `path '${path}' must start with a field name` };
  return { ok: true, segments };
}

/** A Dist with every value multiplied by `factor` (the same shape, scaled); other values unchanged. */
export function scaleDist(d: Dist, factor: number): Dist {
  const out: Record<string, unknown> = { ...d };
  for (const f of isDistKind(d.kind) ? DIST_FAMILIES[d.kind].scaleFields : []) {
    const v = out[f];
    if (Array.isArray(v)) out[f] = v.map((x) => (typeof x === "number" ? x * factor : x));
    else if (typeof v === "number") out[f] = v * factor;
  }
  return out as Dist;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function combine(path: string, current: unknown, o: Override): { ok: true; value: unknown } | { ok: false; message: string } {
  if (o.op === "=") return { ok: true, value: structuredClone(o.value) };
  const n = o.value as number;
  if (typeof current === "number") return { ok: true, value: o.op === "*=" ? current * n : current + n };
  if (o.op === "*=" && isObject(current) && typeof current.kind === "string" && isDistKind(current.kind)) {
    return { ok: true, value: scaleDist(current as unknown as Dist, n) };
  }
  return {
    ok: false,
    message: `${o.op} needs a number${o.op === "*=" ? " or a distribution" : ""} here; found ${current === undefined ? "nothing" : JSON.stringify(current)}`,
  };
}

/** Applies overrides to a deep copy of `base` (plain JSON); `base` is never mutated. */
export function applyOverridesRaw(base: unknown, overrides: readonly Override[]): { ok: true; json: unknown } | { ok: false; errors: Issue[] } {
  const root = structuredClone(base) as Record<string, unknown>;
  const errors: Issue[] = [];
  for (const o of overrides) {
    const parsed = parsePath(o.path);
    if (!parsed.ok) {
      errors.push({ path: o.path, message: parsed.message });
      continue;
    }
    const segs = parsed.segments;
    // Each target is a container plus the key to write into it, with the concrete path so far.
    let targets: { node: unknown; path: string }[] = [{ node: root, path: "" }];
    for (let i = 0; i < segs.length - 1 && targets.length > 0; i++) {
      targets = step(targets, segs[i], segs[i + 1], errors, o.path);
    }
    const last = segs[segs.length - 1];
    for (const t of targets) {
      const slots = slotsOf(t, last, errors, o.path);
      for (const s of slots) {
        const r = combine(s.path, s.get(), o);
        if (r.ok) s.set(r.value);
        else errors.push({ path: s.path, message: r.message });
      }
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, json: root };
}

interface Slot {
  path: string;
  get(): unknown;
  set(v: unknown): void;
}

function slotsOf(t: { node: unknown; path: string }, seg: Segment, errors: Issue[], whole: string): Slot[] {
  const { node, path } = t;
  if (seg.kind === "key") {
    if (!isObject(node)) {
      errors.push({ path: path || whole, message: `cannot set '${seg.key}': not an object` });
      return [];
    }
    return [{ path: path ? `${path}.${seg.key}` : seg.key, get: () => node[seg.key], set: (v) => (node[seg.key] = v) }];
  }
  if (!Array.isArray(node)) {
    errors.push({ path: path || whole, message: `[${seg.sel}] needs a list here` });
    return [];
  }
  const idx = pick(node, seg.sel);
  if (idx.length === 0) errors.push({ path: `${path}[${seg.sel}]`, message: noMatch(path, seg.sel, node) });
  return idx.map((i) => ({ path: `${path}[${i}]`, get: () => node[i], set: (v: unknown) => (node[i] = v) }));
}

function step(targets: { node: unknown; path: string }[], seg: Segment, next: Segment, errors: Issue[], whole: string) {
  const out: { node: unknown; path: string }[] = [];
  for (const t of targets) {
    for (const s of slotsOf(t, seg, errors, whole)) {
      let child = s.get();
      if (child === undefined || child === null) {
        // Create what is missing so overrides can add optional blocks (customers, fulfillment).
        child = next.kind === "key" ? {} : [];
        s.set(child);
      }
      out.push({ node: child, path: s.path });
    }
  }
  return out;
}

function pick(list: unknown[], sel: string): number[] {
  if (sel === "*") return list.map((_, i) => i);
  const byId = list.findIndex((x) => isObject(x) && x.id === sel);
  if (byId >= 0) return [byId];
  if (/^\d+$/.test(sel) && Number(sel) < list.length) return [Number(sel)];
  return [];
}

function noMatch(path: string, sel: string, list: unknown[]): string {
  const ids = list
    .filter(isObject)
    .map((x) => x.id)
    .filter((x) => typeof x === "string");
  return `no element with id '${sel}' in ${path || "list"}${ids.length ? ` (ids: ${ids.join(", ")})` : ""}`;
}

/** Applies overrides and re-validates through the scenario parser. */
export function applyOverrides(base: Scenario | unknown, overrides: readonly Override[]): VariantResult {
  const r = applyOverridesRaw(base, overrides);
  if (!r.ok) return r;
  const p = parseScenario(r.json);
  return p.ok ? { ok: true, scenario: p.scenario, warnings: p.warnings } : { ok: false, errors: p.errors };
}

/** A variant scenario named `variant.name`. */
export function makeVariant(base: Scenario, variant: Variant): VariantResult {
  const r = applyOverrides(base, [...variant.overrides, { path: "name", op: "=", value: variant.name }]);
  return r;
}

/** Re-validates a scenario changed in code (e.g. by a sensitivity transform). */
export function revalidate(json: unknown): VariantResult {
  const p = parseScenario(json);
  return p.ok ? { ok: true, scenario: p.scenario, warnings: p.warnings } : { ok: false, errors: p.errors };
}
