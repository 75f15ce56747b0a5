import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../../src/analysis/result.ts";
import type { Summary } from "../../src/analysis/summary.ts";
import { writeResultCsv } from "../../src/cli/writeResultCsv.ts";
import { DAILY_SERIES, METRICS, PRODUCT_DAILY_SERIES, type Metric } from "../../src/engine/metrics.ts";
import { csvCell, toCsv } from "../../src/io/csvWrite.ts";
import { dailySeriesCsv, kpiSummaryCsv, productDailyCsv, TOTAL_ROW } from "../../src/present/exportCsv.ts";
import { fitJson, resultJson } from "../../src/present/exportJson.ts";

describe("csvCell", () => {
  it.each([
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+cmd", "'+cmd"],
    ["-2+3", "'-2+3"],
    ["@foo", "'@foo"],
    ["\tx", "'\tx"],
    ["\rx", '"\'\rx"'],
    ["-5", "-5"],
    ["-1.5e3", "-1.5e3"],
    ["+7", "+7"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=1,2", '"\'=1,2"'],
    // Spreadsheets skip leading blanks and fold full-width signs before deciding it is a formula.
    [" =1+1", "' =1+1"],
    ["   @SUM(1)", "'   @SUM(1)"],
    ['\u00a0=HYPERLINK("x")', '\'\u00a0=HYPERLINK(""x"")'.replace(/^/, '"') + '"'],
    ["\u3000+1", "'\u3000+1"],
    ["＝1+1", "'＝1+1"],
    ["＋cmd", "'＋cmd"],
    ["－2", "'－2"],
    ["＠foo", "'＠foo"],
    ["\nx", '"\'\nx"'],
    [" \tx", "' \tx"],
    ["a=b", "a=b"],
    ["a -b", "a -b"],
  ])("csvCell(%j) is %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("numbers are written as numbers, negative ones too; non-finite ones are empty", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(0.25)).toBe("0.25");
    expect(csvCell(NaN)).toBe("");
    expect(csvCell(Infinity)).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes cells containing the chosen delimiter", () => {
    expect(csvCell("a;b", ";")).toBe('"a;b"');
    expect(csvCell("a,b", ";")).toBe("a,b");
  });
});

describe("toCsv", () => {
  it("ends every row with CRLF and reads back to the same cells", () => {
    const rows = [
      ["id", "note"],
      ["a", 'he said "x, y"'],
      ["b", "line\nbreak"],
    ];
    const text = toCsv(rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(Papa.parse<string[]>(text.trimEnd(), { newline: "\r\n" }).data).toEqual(rows);
  });
  it("adds a UTF-8 byte-order mark when asked", () => {
    expect(toCsv([["ä"]], { bom: true })).toBe("\uFEFFä\r\n");
    expect(toCsv([["ä"]])).toBe("ä\r\n");
  });
});

function summary(mean: number): Summary {
  return { mean, sd: 1, se: 0.1, ci95: [mean - 0.196, mean + 0.196], p05: mean - 1.6, p50: mean, p95: mean + 1.6, min: mean - 3, max: mean + 3 };
}

function fakeResult(): SimulationResult {
  const metrics = (base: number) => Object.fromEntries(METRICS.map((m, i) => [m, summary(base + i)])) as Record<Metric, Summary>;
  const band = (n: number) => ({ mean: Array.from({ length: n }, (_, d) => d), p10: Array(n).fill(0), p50: Array(n).fill(1), p90: Array(n).fill(2) });
  return {
    scenario: "test",
    runs: 10,
    seed: "s",
    horizonDays: 3,
    workers: 0,
    elapsedMs: 1,
    skuDaysPerSecond: 1,
    total: metrics(100),
    products: { scarf: metrics(0), "=evil()": metrics(50) },
    runRanges: [[0, 10]],
    daily: {
      startDate: "2027-12-30",
      series: Object.fromEntries(DAILY_SERIES.map((s) => [s, band(3)])) as SimulationResult["daily"]["series"],
      sampleRuns: 10,
    },
    productDaily: {
      scarf: Object.fromEntries(PRODUCT_DAILY_SERIES.map((s) => [s, [1, 2, 3]])) as SimulationResult["productDaily"][string],
      "=evil()": Object.fromEntries(PRODUCT_DAILY_SERIES.map((s) => [s, [4, 5, 6]])) as SimulationResult["productDaily"][string],
    },
    waitHistogram: [],
    samples: { runIndex: [], metrics: Object.fromEntries(METRICS.map((m) => [m, []])) as unknown as Record<Metric, number[]> },
  };
}

describe("result CSV exports", () => {
  const result = fakeResult();
  it("kpiSummaryCsv has one row per product × metric, the total first", () => {
    const rows = Papa.parse<string[]>(kpiSummaryCsv(result).trimEnd(), { newline: "\r\n" }).data;
    expect(rows[0]).toEqual(["product", "metric", "label", "mean", "sd", "se", "ci95_low", "ci95_high", "p05", "p50", "p95", "min", "max"]);
    expect(rows.length).toBe(1 + 3 * METRICS.length);
    expect(rows[1][0]).toBe(TOTAL_ROW);
    expect(rows[1][1]).toBe(METRICS[0]);
    expect(Number(rows[1][3])).toBe(100);
    const scarfFill = rows.find((r) => r[0] === "scarf" && r[1] === "fillRate")!;
    expect(Number(scarfFill[3])).toBe(METRICS.indexOf("fillRate"));
    expect(Number(scarfFill[6])).toBeCloseTo(METRICS.indexOf("fillRate") - 0.196, 12);
    // A product id that a spreadsheet would run as a formula is escaped.
    expect(rows.some((r) => r[0] === "'=evil()")).toBe(true);
    expect(rows.some((r) => r[0] === "=evil()")).toBe(false);
  });

  it("dailySeriesCsv has one row per day with dates across the year end", () => {
    const rows = Papa.parse<string[]>(dailySeriesCsv(result).trimEnd(), { newline: "\r\n" }).data;
    expect(rows[0].slice(0, 6)).toEqual(["date", "day", "onHand_mean", "onHand_p10", "onHand_p50", "onHand_p90"]);
    expect(rows[0].length).toBe(2 + 4 * DAILY_SERIES.length);
    expect(rows.slice(1).map((r) => r[0])).toEqual(["2027-12-30", "2027-12-31", "2028-01-01"]);
    expect(rows[3][2]).toBe("2");
  });

  it("productDailyCsv has a column per product and series", () => {
    const rows = Papa.parse<string[]>(productDailyCsv(result).trimEnd(), { newline: "\r\n" }).data;
    expect(rows[0]).toEqual(["date", "day", ...PRODUCT_DAILY_SERIES.map((s) => `scarf_${s}`), ...PRODUCT_DAILY_SERIES.map((s) => `'=evil()_${s}`)]);
    expect(rows[1][2]).toBe("1");
  });

  it("writeResultCsv writes three files into a directory, or beside a .csv path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "csv-out-"));
    const a = await writeResultCsv(result, join(dir, "out"));
    expect(a.map((p) => p.slice(dir.length + 1))).toEqual(["out/summary.csv", "out/daily.csv", "out/product-daily.csv"]);
    const b = await writeResultCsv(result, join(dir, "run.csv"), { bom: true });
    expect(b.map((p) => p.slice(dir.length + 1))).toEqual(["run.csv", "run.daily.csv", "run.product-daily.csv"]);
    for (const p of [...a, ...b]) expect(existsSync(p)).toBe(true);
    expect(readFileSync(b[0], "utf8").startsWith("\uFEFFproduct,metric")).toBe(true);
  });
});

describe("JSON exports", () => {
  it("resultJson writes non-finite numbers as null and reads back", () => {
    const r = fakeResult();
    r.total.avgWaitDays.mean = NaN;
    r.precision = { metric: "profit", target: 0.01, achieved: Infinity, reached: false, runsUsed: 10, maxRuns: 10 };
    const back = JSON.parse(resultJson(r));
    expect(back.total.avgWaitDays.mean).toBeNull();
    expect(back.precision.achieved).toBeNull();
    expect(back.products.scarf.fillRate.mean).toBe(METRICS.indexOf("fillRate"));
  });

  it("fitJson writes typed arrays as arrays and leaves curves out unless asked", () => {
    const fit = {
      products: [
        {
          id: "a",
          demand: { ordersPerDay: 1, orderCount: { kind: "poisson" as const }, unitsPerOrder: { kind: "fixed" as const, value: 1 } },
          diagnostics: { warnings: [{ code: "noSales" }] } as never,
          backtest: null,
          price: null,
          curve: { start: "2020-01-01", actual: Float64Array.of(1, NaN), expected: Float64Array.of(1, 1), used: Uint8Array.of(1, 0) },
        },
      ],
      closedDays: [],
      warnings: [],
    };
    expect(JSON.parse(fitJson(fit)).products[0].curve).toBeUndefined();
    expect(JSON.parse(fitJson(fit, { curves: true })).products[0].curve.actual).toEqual([1, null]);
    // Each note with its code and its words.
    expect(JSON.parse(fitJson(fit)).products[0].diagnostics.warnings).toEqual([{ code: "noSales", text: "no sales at all: demand set to 0" }]);
  });
});

describe("csvCell properties", () => {
  it("any text survives a CSV round trip, with only the formula guard added", async () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: "grapheme", maxLength: 12 }),
            fc.string({
              unit: fc.constantFrom(" ", "\u00a0", "\u3000", "=", "＝", "+", "＋", "-", "－", "@", "＠", "\t", "\r", "\n", "1", "a", ",", '"'),
              maxLength: 6,
            }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (cells) => {
          const text = toCsv([cells]);
          const back = Papa.parse<string[]>(text.slice(0, -2), { delimiter: ",", newline: "\r\n" }).data[0] ?? [""];
          cells.forEach((c, i) => {
            // Invariant: a cell that would start a formula is read back with one leading apostrophe, any other cell unchanged.
            const firstNonBlank = c.replace(/^[ \u00a0\u3000]+/, "")[0] ?? "";
            const guarded = "=+-@＝＋－＠\t\r\n".includes(firstNonBlank) && firstNonBlank !== "" && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(c);
            expect(back[i]).toBe(guarded ? "'" + c : c);
          });
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
