/**
 * Names, ids and field names are data: escape sequences in them are shown, never obeyed, in every
 * command's tables, messages and progress, while --json output keeps their exact value.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { terminalCell, terminalText } from "../../src/cli/terminal.ts";
import { validScenario } from "../io/fixtures.ts";
import { cli } from "./runCli.ts";

const ESC = "\u001b";
/** Sets the window title; clears the screen; a C1 CSI; a right-to-left override; a bell. */
const TITLE = `${ESC}]0;pwned\u0007`;
const CLEAR = `${ESC}[2J${ESC}[H`;
const CSI = "\u009b31m";
const RLO = "\u202e";
/** Nothing a terminal obeys: no C0 but the line break, no DEL, no C1, no reordering characters. */
const OBEYED = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const dir = mkdtempSync(join(tmpdir(), "bl-terminal-"));

function hostileScenario(): { file: string; json: any } {
  const s = validScenario();
  s.name = `Shop ${CLEAR}${RLO}gpj.exe`;
  s.horizonDays = 20;
  s.warmupDays = 0;
  s.runs = 4;
  s.products[0].id = `sofa${TITLE}`;
  s.products[0].name = `Sofa${CSI}red`;
  s.products[1].id = `scarf\nfake line\r${CLEAR}`;
  const file = join(dir, `hostile-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(s));
  return { file, json: s };
}

describe("terminalCell / terminalText", () => {
  it("terminalCell escapes every control character, one line", () => {
    expect(terminalCell(`a${TITLE}b`)).toBe("a\\u001b]0;pwned\\u0007b");
    expect(terminalCell("x\ny\tz\r")).toBe("x\\ny\\tz\\r");
    expect(terminalCell(`${CSI}${RLO}\u007f\u2066`)).toBe("\\u009b31m\\u202e\\u007f\\u2066");
    expect(terminalCell("Café ✓ 漢字 😀")).toBe("Café ✓ 漢字 😀");
  });

  it("terminalText keeps line breaks and escapes the rest; JSON through it is the same value", () => {
    expect(terminalText(`one\ntwo${ESC}[2J`)).toBe("one\ntwo\\u001b[2J");
    const value = { id: `a${TITLE}${CSI}${RLO}\u2028b`, n: 1 };
    const shown = terminalText(JSON.stringify(value, null, 2));
    expect(shown).not.toMatch(OBEYED);
    expect(JSON.parse(shown)).toEqual(value);
  });
});

describe("every command escapes names, ids and field names on the terminal", () => {
  it("simulate: the table, the progress and --json show no control character; --json keeps the exact ids", async () => {
    const { file, json } = hostileScenario();
    const text = await cli("simulate", file, "--workers", "0");
    expect(text.code, text.err).toBe(0);
    expect(text.out + text.err).not.toMatch(OBEYED);
    expect(text.out).toContain("sofa\\u001b]0;pwned\\u0007");
    expect(text.out).toContain("scarf\\nfake line\\r\\u001b[2J");
    const doc = await cli("simulate", file, "--workers", "0", "--json");
    expect(doc.code).toBe(0);
    expect(doc.out).not.toMatch(OBEYED);
    const parsed = JSON.parse(doc.out);
    expect(Object.keys(parsed.products)).toEqual([json.products[0].id, json.products[1].id]);
    expect(parsed.scenario).toBe(json.name);
  });

  it("simulate of an invalid scenario: unknown field names and values in the messages are escaped", async () => {
    const s = validScenario();
    s.products[0][`colour${TITLE}`] = "red";
    s.products[0].sourcing = { supplier: `nobody${CLEAR}` };
    const file = join(dir, "hostile-invalid.json");
    writeFileSync(file, JSON.stringify(s));
    const r = await cli("simulate", file);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(OBEYED);
    expect(r.err).toContain("unknown field");
    expect(r.err).toContain("pwned");
  });

  it("simulate --shard and merge: the shard written to stdout stays a valid shard; merge's table is escaped", async () => {
    const { file, json } = hostileScenario();
    const parts: string[] = [];
    for (const k of [1, 2]) {
      const r = await cli("simulate", file, "--workers", "0", "--shard", `${k}/2`);
      expect(r.code, r.err).toBe(0);
      expect(r.out + r.err).not.toMatch(OBEYED);
      const part = join(dir, `stdout-part-${k}.json`);
      writeFileSync(part, r.out);
      parts.push(part);
    }
    const merged = await cli("merge", ...parts);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out + merged.err).not.toMatch(OBEYED);
    const asJson = await cli("merge", ...parts, "--json");
    expect(Object.keys(JSON.parse(asJson.out).products)).toEqual(json.products.map((p: { id: string }) => p.id));
  });

  it("compare, recommend, sensitivity and optimize print no control character", async () => {
    const { file } = hostileScenario();
    const { file: other } = hostileScenario();
    const runs: string[][] = [
      ["compare", file, other, "--runs", "4", "--workers", "0"],
      ["recommend", file, "--runs", "4", "--workers", "0"],
      ["sensitivity", file, "--runs", "4", "--workers", "0"],
      ["optimize", file, "--product", `sofa${TITLE}`, "--objective", "maxProfit", "--runs", "4", "--workers", "0"],
      ["optimize", file, "--product", `nope${CLEAR}`, "--objective", "maxProfit", "--runs", "4", "--workers", "0"],
      [`no-such-command${CLEAR}`],
    ];
    for (const args of runs) {
      const r = await cli(...args);
      expect(r.out + r.err, args[0]).not.toMatch(OBEYED);
      expect(r.code, `${args[0]}: ${r.err}`).toBe(args[0].startsWith("no-such") || args[3] === `nope${CLEAR}` ? 2 : 0);
    }
  }, 120_000);
});
