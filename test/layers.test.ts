/**
 * The layers of docs/model.md §1, checked on every import of every source file: a module may not
 * import from a layer above its own (static, type-only, re-exports and dynamic `import()` alike);
 * and src/analysis returns codes and figures, not sentences (its strings are read for phrases).
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

/**
 * The string and template-literal texts of a source file with their offsets: comments skipped,
 * regular expressions skipped, `${…}` read as code (its own literals listed), the text around it
 * kept with "…" in its place.
 */
export function literals(src: string): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  const n = src.length;
  let i = 0;
  const quoted = (q: string) => {
    const at = i++;
    let t = "";
    while (i < n && src[i] !== q && src[i] !== "\n") {
      if (src[i] === "\\") {
        t += src[i + 1];
        i += 2;
      } else t += src[i++];
    }
    i++;
    out.push({ at, text: t });
  };
  const template = () => {
    const at = i++;
    let t = "";
    while (i < n && src[i] !== "`") {
      if (src[i] === "\\") {
        t += src[i + 1];
        i += 2;
      } else if (src[i] === "$" && src[i + 1] === "{") {
        i += 2;
        t += "…";
        code(true);
      } else t += src[i++];
    }
    i++;
    out.push({ at, text: t });
  };
  const regexp = () => {
    i++;
    let inClass = false;
    while (i < n && src[i] !== "\n") {
      const c = src[i];
      if (c === "\\") i++;
      else if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) break;
      i++;
    }
    i++;
  };
  const code = (untilBrace: boolean) => {
    let depth = 0;
    while (i < n) {
      const c = src[i];
      if (c === "/" && src[i + 1] === "/") {
        while (i < n && src[i] !== "\n") i++;
      } else if (c === "/" && src[i + 1] === "*") {
        const end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c === '"' || c === "'") quoted(c);
      else if (c === "`") template();
      else if (c === "/" && /(^|[=(,:;!&|?{}[\]+\-*%<>~^]|\breturn|\btypeof|\bcase)\s*$/.test(src.slice(Math.max(0, i - 12), i))) regexp();
      else {
        if (c === "{") depth++;
        else if (c === "}") {
          if (untilBrace && depth === 0) {
            i++;
            return;
          }
          depth--;
        }
        i++;
      }
    }
  };
  code(false);
  return out;
}

/** Three words in a row: a phrase of English, not a code, a key or a unit. */
const PHRASE = /[A-Za-z]{2,}[\s,;:'’()-]+[A-Za-z]{2,}[\s,;:'’()-]+[A-Za-z]{2,}/;

/** What precedes a message about bad input or a broken file, in the statement that holds it (these may stay where the check is). */
const ERROR_CONTEXT = /(\bthrow\b|Error\(|\binputError\(|\bmessage:|\berrors\.push\(|\bcheckFirst\()/;

/** The statement before offset `at`: back to the last `;`, `{` or `}` (approximate, enough for the rule below). */
function statementBefore(src: string, at: number): string {
  let k = at - 1;
  while (k >= 0 && !";{}".includes(src[k])) k--;
  return src.slice(k + 1, at);
}

/**
 * Worded literals of src/analysis that are not yet composed in src/present, by file and opening
 * words. None is left: fit and import notes, the optimiser's stages and the comparison's calendar
 * notes are codes worded in src/present. The list may only shrink; it stays empty.
 */
const STILL_WORDED: Record<string, readonly string[] | "all"> = {};

/** Messages for bad input returned for the caller to throw or show, by file and opening words. */
const RETURNED_MESSAGES: Record<string, readonly string[]> = {
  "analysis/accumulator.ts": ["they come from different scenarios"],
  "analysis/compare.ts": ["'…' has … … but '…' has"],
  "analysis/optimize.ts": ["… must be a whole number"],
  "analysis/recommend.ts": ["maximum cancellation rate", "minimum promise-kept rate", "minimum profit gain"],
  "analysis/variants.ts": ["no element with id"],
  "analysis/plan.ts": ["orders span several products"],
  "analysis/planReport.ts": ["backorder-lab plan"],
};

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
  it("finds the literals of a source, comments and regular expressions aside", () => {
    const src = '// a note in words\nconst a = /it\'s a regexp/.test(x) ? `one ${b ? "two three four" : \'x\'} five` : "six";';
    expect(literals(src).map((l) => l.text)).toEqual(["two three four", "x", "one … five", "six"]);
  });

  // Analysis returns codes and figures; words are composed in src/present. A phrase of three words
  // or more in a string of src/analysis is an error message for bad input (thrown, or returned as
  // `message`) or one of the few places listed above that still word their results.
  it("src/analysis composes no sentences: every worded string is an error message or listed as still worded", () => {
    const bad: string[] = [];
    for (const file of sourceFiles(join(SRC, "analysis"))) {
      const name = relative(SRC, file).split(sep).join("/");
      const still = STILL_WORDED[name];
      if (still === "all") continue;
      const src = readFileSync(file, "utf8");
      for (const l of literals(src)) {
        if (!PHRASE.test(l.text) || ERROR_CONTEXT.test(statementBefore(src, l.at))) continue;
        const known = [...(still ?? []), ...(RETURNED_MESSAGES[name] ?? [])];
        if (known.some((k) => l.text.startsWith(k))) continue;
        bad.push(`${name}:${src.slice(0, l.at).split("\n").length}: ${JSON.stringify(l.text)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
