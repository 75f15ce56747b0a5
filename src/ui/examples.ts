/**
 * The example scenarios shipped in `scenarios/`. Globbed at build time, so adding a JSON file there
 * adds it to the picker; `scenario.schema.json` is the format's schema, not an example.
 */
const modules = import.meta.glob("../../scenarios/*.json", { eager: true, import: "default" }) as Record<string, unknown>;

export interface Example {
  /** File name without extension, e.g. "default-shop". */
  id: string;
  /** The scenario's own name, or the id. */
  label: string;
  json: unknown;
}

export const DEFAULT_EXAMPLE_ID = "default-shop";

export const examples: Example[] = Object.entries(modules)
  .map(([path, json]) => {
    const id = path.replace(/^.*\//, "").replace(/\.json$/, "");
    const name = json && typeof json === "object" && "name" in json ? String((json as { name: unknown }).name) : id;
    return { id, label: name, json };
  })
  .filter((e) => !e.id.endsWith(".schema") && e.id !== "scenario.schema")
  // The default first, the rest by name.
  .sort((a, b) => (a.id === DEFAULT_EXAMPLE_ID ? -1 : b.id === DEFAULT_EXAMPLE_ID ? 1 : a.label.localeCompare(b.label)));

export function findExample(id: string): Example | undefined {
  return examples.find((e) => e.id === id);
}
