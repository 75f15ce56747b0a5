/**
 * Parse, don't validate: unknown input in, a typed Scenario out, or every problem at once
 * (docs/model.md §3.3). The parser keeps the user's input as typed — it fills in no defaults (those
 * live in src/engine/defaults.ts) — so a scenario that is saved again comes back unchanged.
 *
 * Order: migrate older formats and spellings → zod structure and per-object checks → checks across
 * the file (ids, supplier references) → warnings, only for a scenario that parsed.
 */
import type { Product, Scenario } from "../engine/scenario.ts";
import { crossChecks } from "./crossChecks.ts";
import type { Issue } from "./issue.ts";
import { readJson } from "./jsonText.ts";
import { migrateScenario } from "./migrate.ts";
import { ProductSchema, ScenarioSchema, ScenarioShellSchema } from "./scenarioSchema.ts";
import { productWarningContext, productWarnings, scenarioWarnings, type ProductWarningContext } from "./warnings.ts";
import { zodIssuesToIssues } from "./zodIssues.ts";

export type ParseResult = { ok: true; scenario: Scenario; warnings: Issue[] } | { ok: false; errors: Issue[]; warnings?: Issue[] };

/** Parses a scenario object, or JSON text of one (as typed into the editor or read from a file). */
export function parseScenario(input: unknown): ParseResult {
  if (typeof input === "string") return parseScenarioText(input);
  try {
    const migrated = migrateScenario(input);
    if (!migrated.ok) return { ok: false, errors: migrated.errors };
    const errors: Issue[] = [];
    const result = ScenarioSchema.safeParse(migrated.value);
    if (!result.success) errors.push(...zodIssuesToIssues(result.error.issues, migrated.value));
    errors.push(...crossChecks(migrated.value));
    if (!result.success || errors.length > 0) return { ok: false, errors, warnings: migrated.warnings };
    return { ok: true, scenario: result.data, warnings: [...migrated.warnings, ...scenarioWarnings(result.data)] };
  } catch (e) {
    // A bug here must not take the app down with the user's unsaved text; report it as an issue.
    return { ok: false, errors: [{ path: "", message: `could not read the scenario (internal error: ${(e as Error)?.message ?? String(e)})` }] };
  }
}

/** Parses scenario JSON text; syntax errors name the line and column (and the file, if given). */
export function parseScenarioText(text: string, fileName?: string): ParseResult {
  const read = readJson(text, fileName);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const result = parseScenario(read.value);
  if (read.duplicates.length === 0) return result;
  return { ok: false, errors: [...read.duplicates, ...(result.ok ? [] : result.errors)], warnings: result.warnings };
}

// ---------------------------------------------------------------------------------------------
// Incremental parsing, for the editor: each product is parsed alone and kept until it changes,
// so a keystroke in one product of 4,000 re-parses one product and the small rest of the file.
// The outcome is the same scenario, errors and warnings as parseScenario (listed in another order).

/** One product parsed on its own (paths written as if it were products[0]). */
export interface ProductPart {
  /** The product as migrated (old spellings updated), for the checks across the file. */
  migrated: unknown;
  product: Product | null;
  /** JSON text of `product` (null when it did not parse): the piece of the scenario key it contributes. */
  json: string | null;
  errors: Issue[];
  warnings: Issue[];
  /**
   * The product's own warnings (as product 0) in the context (`ProductWarningContext.key`) they were
   * worked out in, kept by parseScenarioFromParts while neither changes.
   */
  ownWarnings?: { context: string; issues: Issue[] };
}

const AT_ZERO = /^products\[0\]/;

/**
 * The product's own warnings (as product 0) in `ctx`, kept with its part until the context changes;
 * null when the product did not parse.
 */
export function ownWarnings(part: ProductPart, ctx: ProductWarningContext): Issue[] | null {
  if (!part.product) return null;
  if (part.ownWarnings?.context !== ctx.key) part.ownWarnings = { context: ctx.key, issues: productWarnings(part.product, ctx, 0) };
  return part.ownWarnings.issues;
}

/**
 * The context of products' own warnings as a scenario's shell (everything but its products) reads
 * before the scenario is checked whole: the horizon and each supplier's cost multiplier, or null
 * when they are not plain values. What the whole parse finds is compared by key, so a shell that
 * reads otherwise once checked only means the warnings are worked out again then.
 */
export function shellWarningContext(shell: Record<string, unknown>): ProductWarningContext | null {
  const { horizonDays, suppliers } = shell;
  if (typeof horizonDays !== "number" || !Array.isArray(suppliers)) return null;
  const list: { id: string; unitCostMultiplier?: number }[] = [];
  for (const x of suppliers) {
    if (x === null || typeof x !== "object" || typeof (x as { id?: unknown }).id !== "string") return null;
    const m = (x as { unitCostMultiplier?: unknown }).unitCostMultiplier;
    if (m !== undefined && typeof m !== "number") return null;
    list.push({ id: (x as { id: string }).id, unitCostMultiplier: m as number | undefined });
  }
  return productWarningContext({ horizonDays, suppliers: list as Scenario["suppliers"] });
}

export function parseProductPart(raw: unknown): ProductPart {
  try {
    const m = migrateScenario({ version: 1, products: [raw] });
    if (!m.ok) return { migrated: raw, product: null, json: null, errors: m.errors, warnings: [] };
    const migrated = (m.value as { products: unknown[] }).products[0];
    const r = ProductSchema.safeParse(migrated);
    if (!r.success) {
      const issues = r.error.issues.map((i) => ({ ...i, path: ["products", 0, ...i.path] }));
      return {
        migrated,
        product: null,
        json: null,
        errors: zodIssuesToIssues(issues as typeof r.error.issues, { products: [migrated] }),
        warnings: m.warnings,
      };
    }
    return { migrated, product: r.data as Product, json: JSON.stringify(r.data), errors: [], warnings: m.warnings };
  } catch (e) {
    return {
      migrated: raw,
      product: null,
      json: null,
      errors: [{ path: "products[0]", message: `could not read the product (internal error: ${(e as Error)?.message ?? String(e)})` }],
      warnings: [],
    };
  }
}

const reindex = (list: Issue[], i: number): Issue[] => (i === 0 ? list : list.map((x) => ({ ...x, path: x.path.replace(AT_ZERO, `products[${i}]`) })));

/** Stands for the products in the scenario's JSON text until they are spliced in. */
const PRODUCTS_MARK = "\u0000products\u0000";

export type PartsParseResult = ParseResult & {
  /** JSON.stringify of the scenario (when it parsed), built from the products' own texts. */
  key: string | null;
};

/**
 * Parses a scenario from everything but its products (`shell`, whose `products` is ignored) and
 * the products' parts, in order.
 */
export function parseScenarioFromParts(shell: Record<string, unknown>, parts: readonly ProductPart[]): PartsParseResult {
  try {
    const m = migrateScenario({ ...shell, products: [] });
    if (!m.ok) return { ok: false, errors: m.errors, key: null };
    const migratedShell = { ...(m.value as Record<string, unknown>), products: parts.map((p) => p.migrated) };
    const errors: Issue[] = [];
    const warnings: Issue[] = [...m.warnings];
    const shellResult = ScenarioShellSchema.safeParse(migratedShell);
    if (!shellResult.success) errors.push(...zodIssuesToIssues(shellResult.error.issues, migratedShell));
    parts.forEach((p, i) => {
      if (p.errors.length) errors.push(...reindex(p.errors, i));
      if (p.warnings.length) warnings.push(...reindex(p.warnings, i));
    });
    errors.push(...crossChecks(migratedShell));
    if (!shellResult.success || errors.length > 0) return { ok: false, errors, warnings, key: null };
    const scenario = { ...shellResult.data, products: parts.map((p) => p.product!) } as Scenario;
    const text = JSON.stringify({ ...shellResult.data, products: PRODUCTS_MARK });
    const key = text.replace(JSON.stringify(PRODUCTS_MARK), () => `[${parts.map((p) => p.json).join(",")}]`);
    // A product's own warnings are kept with its part: at 4,000 products working them all out again
    // took 15-20 ms of every parse (each keystroke in a catalogue).
    const own = (i: number, ctx: ProductWarningContext) => reindex(ownWarnings(parts[i]!, ctx)!, i);
    return { ok: true, scenario, warnings: [...warnings, ...scenarioWarnings(scenario, own)], key };
  } catch (e) {
    return { ok: false, errors: [{ path: "", message: `could not read the scenario (internal error: ${(e as Error)?.message ?? String(e)})` }], key: null };
  }
}
