/**
 * The editor's JSON Schema (draft 2020-12) for scenario files, generated from the zod schema so the
 * two cannot drift. `npm run schema` writes it to scenarios/scenario.schema.json; a test checks the
 * committed file is current. Checks between fields (min ≤ max, shares summing to 1, supplier ids)
 * cannot be expressed here; the parser still makes them.
 *
 * One deliberate difference: a sourcing's `kind` may be left out here, because files written before
 * sourcing had a `kind` are still read (src/io/migrate.ts infers it from the fields, which tell the
 * three forms apart); the parser itself always sees it.
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
  legacySourcingWithoutKind(generated);
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

/** Makes `kind` optional in the sourcing forms (see above); each form keeps its other required fields. */
function legacySourcingWithoutKind(schema: Record<string, unknown>): void {
  const defs = schema.$defs as Record<string, { oneOf?: { required?: string[] }[] }> | undefined;
  const forms = defs?.Sourcing?.oneOf;
  if (!forms) throw new Error("scenario JSON Schema: $defs.Sourcing.oneOf not found");
  for (const form of forms) form.required = form.required?.filter((k) => k !== "kind");
}
