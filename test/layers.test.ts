/**
 * The layers of docs/model.md §1, checked on every import of every source file: a module may not
 * import from a layer above its own (static, type-only, re-exports and dynamic `import()` alike).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

/** Folders of src/ a folder must not import from. */
const FORBIDDEN: Record<string, readonly string[]> = {
  engine: ["analysis", "io", "present", "runner", "ui", "cli", "format"],
  format: ["analysis", "io", "present", "runner", "ui", "cli"],
  io: ["analysis", "present", "runner", "ui", "cli"],
  analysis: ["present", "ui", "cli"],
  present: ["ui", "cli"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|mjs|svelte)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

/** The src/ folders a file imports from (relative specifiers only; packages are not layers). */
export function importedLayers(file: string, text: string): { specifier: string; layer: string }[] {
  const out: { specifier: string; layer: string }[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1];
    if (!spec.startsWith(".")) continue;
    const target = relative(SRC, resolve(dirname(file), spec));
    if (target.startsWith("..")) continue; // outside src/ (workers/, node_modules)
    out.push({ specifier: spec, layer: target.split(sep)[0] });
  }
  return out;
}

describe("layers", () => {
  it("finds imports of every form", () => {
    const file = join(SRC, "io/x.ts");
    const text = `import type { A } from "../analysis/a.ts";\nexport { B } from '../present/b.ts';\nconst c = await import("../ui/c.ts");\nimport "../cli/d.ts";\nimport z from "zod";`;
    expect(importedLayers(file, text).map((i) => i.layer)).toEqual(["analysis", "present", "ui", "cli"]);
  });

  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`src/${layer} imports none of ${forbidden.join(", ")}`, () => {
      const bad: string[] = [];
      for (const file of sourceFiles(join(SRC, layer))) {
        for (const i of importedLayers(file, readFileSync(file, "utf8"))) {
          if (forbidden.includes(i.layer)) bad.push(`${relative(SRC, file)} imports ${i.specifier}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  // Analysis returns figures; sentences are composed where they are shown (src/present/*Words.ts).
  it("the sentence helpers live in src/present, and no module of src/analysis imports a sentence-composing module", () => {
    expect(existsSync(join(SRC, "present/describe.ts"))).toBe(true);
    expect(readdirSync(join(SRC, "analysis"), { recursive: true }).filter((f) => basename(String(f)) === "describe.ts")).toEqual([]);
    const bad: string[] = [];
    for (const file of sourceFiles(join(SRC, "analysis"))) {
      for (const m of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
        if (/(^|\/)(describe|\w*Words)\.ts$/.test(m[1])) bad.push(`${relative(SRC, file)} imports ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
