/**
 * Parse, don't validate: unknown input in, a typed Scenario out, or every problem at once
 * (docs/model.md §3.3). The parser keeps the user's input as typed — it fills in no defaults (those
 * live in src/engine/defaults.ts) — so a scenario that is saved again comes back unchanged.
 *
 * Order: migrate older formats and spellings → zod structure and per-object checks → checks across
 * the file (ids, supplier references) → warnings, only for a scenario that parsed.
 */
import type { Scenario } from "../engine/scenario.ts";
import { crossChecks } from "./crossChecks.ts";
import type { Issue } from "./issue.ts";
import { readJson } from "./jsonText.ts";
import { migrateScenario } from "./migrate.ts";
import { ScenarioSchema } from "./scenarioSchema.ts";
import { scenarioWarnings } from "./warnings.ts";
import { zodIssuesToIssues } from "./zodIssues.ts";

export type ParseResult =
  | { ok: true; scenario: Scenario; warnings: Issue[] }
  | { ok: false; errors: Issue[]; warnings?: Issue[] };

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
