/**
 * CSV files as a hostile user (or a careless spreadsheet) makes them: exported cells that a
 * spreadsheet would run as formulas, numbers written in other bases, quotes that never close.
 */
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../../src/analysis/result.ts";
import type { Product, Supplier } from "../../src/engine/scenario.ts";
import { formatCsvIssue, parseProductsCsv, parseSuppliersCsv, productsToCsv, suppliersToCsv } from "../../src/io/catalogCsv.ts";
import { csvNumber, MAX_UNCLOSED, readCsvTable } from "../../src/io/csvRows.ts";
import { kpiSummaryCsv, productDailyCsv } from "../../src/present/exportCsv.ts";

/** Cells a spreadsheet may run as formulas once it has trimmed blanks and folded full-width signs. */
const HOSTILE = [
  "=1+1",
  " =1+1",
  '\u00a0=HYPERLINK("http://x","y")',
  "  \u00a0 @SUM(A1)",
  "＝1+1",
  "＋cmd",
  "－2+3",
  "＠SUM(A1)",
  "\t=1",
  "\r=1",
  "\n=1",
  "-2+3",
  "+cmd|' /C calc'!A0",
  "@foo",
];

/** What a spreadsheet looks at: the first character after leading spaces and no-break spaces. */
function runsAsFormula(cell: string): boolean {
  const first = cell.replace(/^[ \u00a0\u3000]+/, "")[0] ?? "";
  if (first === "" || !"=+-@＝＋－＠\t\r\n".includes(first)) return false;
  return !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell);
}

function cellsOf(csv: string): string[] {
  const text = csv.replace(/^\uFEFF/, "");
  return Papa.parse<string[]>(text.slice(0, -2), { newline: "\r\n" }).data.flat();
}

describe("exports are safe in any spreadsheet", () => {
  it("runsAsFormula (the test's own reading) sees every hostile cell as a formula", () => {
    for (const h of HOSTILE) expect(runsAsFormula(h), JSON.stringify(h)).toBe(true);
  });

  it("result exports (KPI summary, per-product daily) escape hostile product ids", () => {
    const products = Object.fromEntries(HOSTILE.map((id) => [id, {}]));
    const productDaily = Object.fromEntries(HOSTILE.map((id) => [id, { onHand: [1, 2, 3] }]));
    const result = { total: {}, products, daily: { startDate: "2027-01-04", series: {} }, productDaily } as unknown as SimulationResult;
    for (const csv of [kpiSummaryCsv(result), productDailyCsv(result), kpiSummaryCsv(result, { delimiter: ";", bom: true })]) {
      const cells = csv.startsWith("\uFEFF") ? Papa.parse<string[]>(csv.slice(1, -2), { delimiter: ";", newline: "\r\n" }).data.flat() : cellsOf(csv);
      const bad = cells.filter(runsAsFormula);
      expect(bad).toEqual([]);
      // Each id is still there, behind one apostrophe.
      for (const h of HOSTILE) expect(cells.some((c) => c === "'" + h || c.startsWith("'" + h + "_"))).toBe(true);
    }
  });

  it("catalogue exports escape hostile names, ids and categories and read them back unchanged", () => {
    const p = parseProductsCsv("id,name,price,unitCost,ordersPerDay,supplier,orderUpTo\nx,Wool,1,1,1,acme,5\n").items[0];
    const products: Product[] = HOSTILE.map((h, i) => ({ ...p, id: `p${i}${h.includes("\n") || h.includes("\r") ? "" : h}`, name: h, category: h }));
    const { text } = productsToCsv(products);
    expect(cellsOf(text).filter(runsAsFormula)).toEqual([]);
    const back = parseProductsCsv(text);
    expect(back.errors).toEqual([]);
    expect(back.items.map((x) => x.name)).toEqual(HOSTILE);

    const s = parseSuppliersCsv("id,leadTimeMeanDays\nacme,5\n").items[0];
    const suppliers: Supplier[] = HOSTILE.map((h, i) => ({ ...s, id: `s${i}`, name: h }));
    const st = suppliersToCsv(suppliers).text;
    expect(cellsOf(st).filter(runsAsFormula)).toEqual([]);
  });
});

describe("CSV numbers are decimal only", () => {
  it.each(["0x10", "0b11", "0o7", "1_000", "Infinity", "-Infinity", "1e999", "NaN", "12abc", "1,5"])("csvNumber(%j) is not a number", (raw) => {
    expect(csvNumber(raw, false)).toBeNaN();
  });

  it.each([
    ["16", 16],
    [" -2.5 ", -2.5],
    ["+3", 3],
    [".5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["1E-2", 0.01],
  ])("csvNumber(%j) is %d", (raw, value) => {
    expect(csvNumber(raw, false)).toBe(value);
  });

  it("csvNumber reads a decimal comma in ;-separated files, and nothing else", () => {
    expect(csvNumber("1.234,5", true)).toBe(1234.5);
    expect(csvNumber("2,5", true)).toBe(2.5);
    expect(csvNumber("0x10", true)).toBeNaN();
  });

  it("a products CSV with a price of 0x10 reports the cell", () => {
    const p = parseProductsCsv("id,price,unitCost,ordersPerDay,supplier,orderUpTo\nx,0x10,1,1,acme,5\ny,0b11,1,1,acme,5\n");
    expect(p.errors.map(formatCsvIssue)).toEqual(['line 2, price: must be a number, got "0x10"', 'line 3, price: must be a number, got "0b11"']);
  });
});

describe("a quote that never closes is one bad row", () => {
  const HEAD = "id,name,price,unitCost,ordersPerDay,supplier,orderUpTo";
  const row = (i: number, name = `P${i}`) => `p${i},${name},10,4,1,acme,5`;

  it("parseProductsCsv(an unclosed quote on line 4 of 201) reads the other 199 rows and names line 4", () => {
    const lines = [HEAD, ...Array.from({ length: 200 }, (_, i) => row(i + 1))];
    lines[3] = row(3, '"Wool, blue');
    const p = parseProductsCsv(lines.join("\n") + "\n");
    expect(p.items).toHaveLength(199);
    expect(p.items.map((x) => x.id)).not.toContain("p3");
    expect(p.errors.map(formatCsvIssue)).toEqual([
      'line 4: a quote (") is not closed where its cell ends, so this row cannot be read; close the quote, double the quotes inside it ("") or remove it',
    ]);
  });

  it("readCsvTable keeps line numbers right after a quoted line break and after a bad row", () => {
    const t = readCsvTable('id,name\na,"two\nlines"\nb,"open\nc,ok\r\nd,"fine"\n')!;
    expect(t.records.map((r) => [r.line, r.fields[0]])).toEqual([
      [2, "a"],
      [5, "c"],
      [6, "d"],
    ]);
    expect(t.bad.map((b) => b.line)).toEqual([4]);
  });

  it("parseProductsCsv(text after a closing quote) is a bad row, not the start of a cell that runs on", () => {
    const p = parseProductsCsv(`${HEAD}\n${row(1, '"Wool" blue')}\n${row(2)}\n`);
    expect(p.items.map((x) => x.id)).toEqual(["p2"]);
    expect(p.errors.map((e) => e.line)).toEqual([2]);
  });

  it("readCsvTable(a bad row in a file with \\r or \\r\\n line ends) resumes on the next line", () => {
    for (const nl of ["\r", "\r\n"]) {
      const t = readCsvTable(["id,name", "a,ok", 'b,"open', "c,ok", "d,ok", ""].join(nl))!;
      expect(
        t.records.map((r) => [r.line, r.fields[0]]),
        JSON.stringify(nl),
      ).toEqual([
        [2, "a"],
        [4, "c"],
        [5, "d"],
      ]);
      expect(t.bad.map((b) => b.line)).toEqual([3]);
    }
  });

  it("readCsvTable(an unclosed quote in the header) reports the header line and reads no rows", () => {
    const t = readCsvTable('id,"name\nx,1\n')!;
    expect(t.bad).toHaveLength(1);
    expect(t.bad[0].line).toBe(1);
    expect(t.records).toEqual([]);
    expect(parseSuppliersCsv('id,"name\nx,1\n').errors.length).toBeGreaterThan(0);
  });

  it("readCsvTable(20,000 rows that each open a quote) stops after a bounded number of bad rows", () => {
    const text = "id,name\n" + Array.from({ length: 20_000 }, (_, i) => `p${i},"x`).join("\n") + "\n";
    const t = readCsvTable(text)!;
    expect(t.bad.length).toBeLessThanOrEqual(MAX_UNCLOSED + 1);
    expect(t.bad.at(-1)!.message).toMatch(/not read from here on|never closed/);
  }, 30_000);
});
