import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from "../../src/io/schema.ts";
import { exampleScenarios, TEXTBOOK_FILE, validScenario } from "./fixtures.ts";

const committedText = readFileSync(join(import.meta.dirname, "../..", SCHEMA_FILE), "utf8");
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(committedText));

describe("scenario.schema.json", () => {
  it("the committed schema equals the one generated from the zod schema (run `npm run schema`)", () => {
    expect(committedText).toBe(scenarioJsonSchemaText());
  });

  it("is a draft 2020-12 schema", () => {
    expect(scenarioJsonSchema().$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("every example scenario validates against the schema and the parser alike", () => {
    for (const [name, text] of exampleScenarios()) {
      const doc = JSON.parse(text);
      expect(validate(doc) ? [] : validate.errors, name).toEqual([]);
      expect(parseScenario(doc).ok, name).toBe(true);
    }
  });

  it("every textbook case validates against the schema", () => {
    const cases = JSON.parse(readFileSync(TEXTBOOK_FILE, "utf8")).cases as { id: string; scenario: unknown }[];
    for (const c of cases) expect(validate(c.scenario) ? [] : validate.errors, c.id).toEqual([]);
  });

  const broken: [string, (s: any) => void][] = [
    ["unknown distribution kind", (s) => (s.suppliers[0].leadTimeDays = { kind: "weibull", shape: 2 })],
    ["negative price", (s) => (s.products[0].price = -1)],
    ["empty product list", (s) => (s.products = [])],
    ["horizon 0", (s) => (s.horizonDays = 0)],
    ["fractional runs", (s) => (s.runs = 2.5)],
    ["weekly with 6 numbers", (s) => (s.products[0].demand.weekly = [1, 1, 1, 1, 1, 1])],
    ["probability above 1", (s) => (s.products[0].customers.cancelHazardPerDay = 2)],
    ["newer version", (s) => (s.version = 2)],
    ["missing version", (s) => delete s.version],
    ["misspelt field", (s) => (s.products[0].prise = 5)],
    ["sourcing in no known form", (s) => (s.products[0].sourcing = { vendor: "local" })],
    ["negative fixed lead time", (s) => (s.suppliers[0].leadTimeDays = { kind: "fixed", value: -3 })],
    ["startDate not a date", (s) => (s.startDate = "next monday")],
  ];
  for (const [title, mutate] of broken) {
    it(`schema and parser both reject: ${title}`, () => {
      const s = validScenario();
      expect(validate(s)).toBe(true);
      mutate(s);
      expect(validate(s)).toBe(false);
      expect(parseScenario(s).ok).toBe(false);
    });
  }
});
