/**
 * The editor's JSON Schema (draft 2020-12) for scenario files, generated from the zod schema so the
 * two cannot drift. `npm run schema` writes it to scenarios/scenario.schema.json; a test checks the
 * committed file is current. Checks between fields (min ≤ max, shares summing to 1, supplier ids)
 * cannot be expressed here; the parser still makes them.
 */
import * as z from "zod";
import { schemaRegistry, ScenarioSchema } from "./scenarioSchema.ts";

export const SCHEMA_FILE = "scenarios/scenario.schema.json";

export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ScenarioSchema, {
    target: "draft-2020-12",
    metadata: schemaRegistry,
    unrepresentable: "any",
    io: "input",
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: "https://backorder-lab.invalid/scenario.schema.json",
    title: "Backorder Lab scenario",
    ...rest,
  };
}

/** The file's text: stable key order, two-space indent, trailing newline. */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + "\n";
}
