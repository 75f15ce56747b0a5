/** `npm run schema`: regenerates scenarios/scenario.schema.json from the zod scenario schema. */
import { writeFileSync } from "node:fs";
import { SCHEMA_FILE, scenarioJsonSchemaText } from "../src/io/schema.ts";

writeFileSync(SCHEMA_FILE, scenarioJsonSchemaText());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
