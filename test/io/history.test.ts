import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectDateFormat, isoDay, matchHeader, parseHistory, parseHistoryChunked, type ParsedHistory } from "../../src/io/history.ts";

const DATA = "/work/shared/data";
const read = (f: string) => readFileSync(`${DATA}/${f}`, "utf8");

const units = (p: ParsedHistory, sku: string) => Array.from(p.series.get(sku)!.units);

describe("parseHistory on the shared sales histories", () => {
  // Expected figures counted independently from the files (row counts, distinct dates per file).
  it("parseHistory(pharma.csv) reads 4 series of 2,106 days and reports fractional units", () => {
    const p = parseHistory(read("pharma.csv"));
    expect(p.error).toBeNull();
    expect(p.rows).toBe(8424);
    expect(p.badRows).toEqual([]);
    expect([...p.series.keys()]).toEqual(["M01AB", "N02BA", "N05B", "R03"]);
    for (const s of p.series.values()) {
      expect(s.start).toBe("2014-01-02");
      expect(s.units.length).toBe(2106);
      expect(s.price).toBeUndefined();
    }
    expect(p.fractionalRows).toBe(2269);
    expect(p.warnings.some((w) => w.includes("fractional"))).toBe(true);
    expect(units(p, "N02BA")[0]).toBe(3.4);
  });

  it("parseHistory(m5.csv) keeps blank prices as NaN", () => {
    const p = parseHistory(read("m5.csv"));
    expect(p.rows).toBe(9565);
    expect(p.series.size).toBe(5);
    const s = p.series.get("FOODS_2_033_TX_1")!;
    expect(s.units.length).toBe(1913);
    expect(Number.isNaN(s.price![0])).toBe(true);
    expect(p.series.get("FOODS_1_001_CA_3")!.price![0]).toBe(2);
  });

  it("parseHistory(online_retail.csv) leaves the 69 non-trading days of 374 as NaN", () => {
    const p = parseHistory(read("online_retail.csv"));
    expect(p.rows).toBe(1525);
    for (const s of p.series.values()) {
      expect(s.units.length).toBe(374);
      expect(Array.from(s.units).filter(Number.isNaN).length).toBe(69);
      // 2010-12-04 was a Saturday.
      expect(Number.isNaN(s.units[isoDay("2010-12-04") - isoDay(s.start)])).toBe(true);
    }
  });

  it("parseHistory(store_item.csv) reads 5 series of 1,826 days", () => {
    const p = parseHistory(read("store_item.csv"));
    expect(p.rows).toBe(9130);
    expect([...p.series.values()].map((s) => s.units.length)).toEqual([1826, 1826, 1826, 1826, 1826]);
    expect(units(p, "item_05")[0]).toBe(83);
  });

  it("parseHistoryChunked gives the same series as parseHistory and reports progress", async () => {
    const text = read("m5.csv");
    const seen: number[] = [];
    const a = await parseHistoryChunked(text, (f) => seen.push(f), { chunkChars: 20_000 });
    const b = parseHistory(text);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen[seen.length - 1]).toBe(1);
    expect(a.rows).toBe(b.rows);
    for (const [k, s] of b.series) {
      expect(a.series.get(k)!.start).toBe(s.start);
      expect(Array.from(a.series.get(k)!.units)).toEqual(Array.from(s.units));
    }
  });
});

describe("parseHistory detection", () => {
  it("detects semicolon, tab and comma delimiters", () => {
    for (const d of [";", "\t", ",", "|"]) {
      const text = ["date", "sku", "units"].join(d) + "\n" + ["2020-01-01", "a", "3"].join(d) + "\n" + ["2020-01-02", "a", "4"].join(d) + "\n";
      const p = parseHistory(text);
      expect(p.delimiter).toBe(d);
      expect(units(p, "a")).toEqual([3, 4]);
    }
  });

  it("reads decimal commas when the delimiter is a semicolon", () => {
    const p = parseHistory("Datum;Artikel;Menge\n2020-01-01;x;3,5\n2020-01-02;x;1.234,5\n");
    expect(units(p, "x")).toEqual([3.5, 1234.5]);
    expect(p.warnings.some((w) => w.includes("decimal comma"))).toBe(true);
  });

  it.each([
    [["Date", "StockCode", "Quantity", "UnitPrice"], { date: 0, sku: 1, units: 2, price: 3 }],
    [["ds", "item", "sales"], { date: 0, sku: 1, units: 2, price: null }],
    [["day", "product", "sold", "unit_price"], { date: 0, sku: 1, units: 2, price: 3 }],
    [["id", "qty", "Date"], { date: 2, sku: 0, units: 1, price: null }],
    [["InvoiceDate", "product_id", "units_sold", "price"], { date: 0, sku: 1, units: 2, price: 3 }],
    [["date", "y"], { date: 0, sku: null, units: 1, price: null }],
  ])("matchHeader(%j) finds the columns", (header, expected) => {
    expect(matchHeader(header)).toEqual(expected);
  });

  it("matchHeader returns null without a units column", () => {
    expect(matchHeader(["date", "sku", "colour"])).toBeNull();
  });

  it.each([
    [["2014-01-02", "2014-12-31"], "iso", false],
    [["2014-01-02 00:00:00", "2014-01-03T00:00"], "iso", false],
    [["20140102", "20141231"], "compact", false],
    [["02/01/2014", "25/01/2014"], "dmy", false],
    [["01/02/2014", "01/25/2014"], "mdy", false],
    [["01/02/2014", "03/04/2014"], "mdy", true],
  ])("detectDateFormat(%j) is %s (ambiguous: %s)", (dates, format, ambiguous) => {
    const r = detectDateFormat(dates);
    expect(r.format).toBe(format);
    expect(r.warning !== null).toBe(ambiguous);
  });

  it("decides day-first from a late row and applies it to every row", () => {
    const p = parseHistory("date,sku,units\n01/02/2014,a,1\n02/02/2014,a,2\n13/02/2014,a,3\n");
    expect(p.dateFormat).toBe("dmy");
    expect(p.series.get("a")!.start).toBe("2014-02-01");
    expect(p.series.get("a")!.units.length).toBe(13);
  });

  it("reads ambiguous a/b/yyyy dates month-first with a warning", () => {
    const p = parseHistory("date,sku,units\n01/02/2014,a,1\n01/03/2014,a,2\n");
    expect(p.series.get("a")!.start).toBe("2014-01-02");
    expect(p.warnings.some((w) => w.includes("ambiguous"))).toBe(true);
  });

  it("reads yyyymmdd and dates with a time of day", () => {
    expect(parseHistory("date,sku,units\n20140102,a,1\n20140104,a,2\n").series.get("a")!.units.length).toBe(3);
    expect(parseHistory("date,sku,units\n2014-01-02 00:00:00,a,1\n").series.get("a")!.start).toBe("2014-01-02");
  });

  it("reads a headerless file by position, with a warning", () => {
    const p = parseHistory("2020-01-01,a,1,9.5\n2020-01-02,a,2,9.5\n");
    expect(p.header).toBeNull();
    expect(units(p, "a")).toEqual([1, 2]);
    expect(Array.from(p.series.get("a")!.price!)).toEqual([9.5, 9.5]);
    expect(p.warnings[0]).toMatch(/no header/);
  });

  it("a file without a sku column is one series named all", () => {
    const p = parseHistory("date,sales\n2020-01-01,5\n2020-01-03,6\n");
    expect(units(p, "all")).toEqual([5, NaN, 6]);
  });

  it("sums rows that repeat a date and sku, with a volume-weighted price", () => {
    const p = parseHistory("date,sku,units,price\n2020-01-01,a,1,10\n2020-01-01,a,3,14\n");
    expect(units(p, "a")).toEqual([4]);
    expect(p.series.get("a")!.price![0]).toBe(13);
    expect(p.duplicateRows).toBe(1);
  });

  it("strips a UTF-8 byte-order mark", () => {
    expect(parseHistory("\uFEFFdate,sku,units\n2020-01-01,a,1\n").columns).toEqual({ date: 0, sku: 1, units: 2, price: null });
  });
});

describe("parseHistory bad input", () => {
  it("lists bad rows with their 1-based file line numbers (blank and multi-line rows counted)", () => {
    const text = [
      "date,sku,units,price", // 1
      "2020-01-01,a,1,2", // 2
      "2020-01-02,a,-3,2", // 3 negative
      "", // 4 blank
      "2020-01-03,a,,2", // 5 empty units
      '2020-01-04,"b\nwith break",2,2', // 6–7 quoted line break in the sku
      "2020-01-05,a,abc,2", // 8 not a number
      "2020-02-30,a,1,2", // 9 not a calendar date
      "2020-01-06,a,NaN,2", // 10
      "2020-01-07", // 11 too few fields
      "2020-01-08,a,2.5,", // 12 fine, fractional, blank price
    ].join("\n");
    const p = parseHistory(text);
    expect(p.badRows.map((b) => b.line)).toEqual([3, 5, 8, 9, 10, 11]);
    expect(p.badRows[0].message).toMatch(/negative/);
    expect(p.badRows[1].message).toMatch(/empty/);
    expect(p.badRows[2].message).toMatch(/not a number/);
    expect(p.badRows[3].message).toMatch(/date not recognised/);
    expect(p.rows).toBe(9);
    expect(p.fractionalRows).toBe(1);
    // 2020-01-04 is a trading day (b sold): a, absent that day, sold 0.
    expect(units(p, "a")).toEqual([1, NaN, NaN, 0, NaN, NaN, NaN, 2.5]);
    expect(Number.isNaN(p.series.get("a")!.price![7])).toBe(true);
    expect(p.series.has("b\nwith break")).toBe(true);
  });

  it("bad-row line numbers are the same when read in small chunks", async () => {
    const lines = ["date,sku,units"];
    for (let i = 0; i < 500; i++) lines.push(i % 97 === 5 ? `2020-01-01,a,-1` : `2020-01-01,s${i},1`);
    const text = lines.join("\r\n");
    const p = await parseHistoryChunked(text, undefined, { chunkChars: 1024 });
    const expected = lines.map((l, i) => (l.endsWith(",-1") ? i + 1 : 0)).filter((n) => n > 0);
    expect(p.badRows.map((b) => b.line)).toEqual(expected);
    expect(parseHistory(text).badRows.map((b) => b.line)).toEqual(expected);
  });

  it("a date outside 1900–2100 is a bad row, not a century-long series", () => {
    const p = parseHistory("date,sku,units\n2014-01-02,a,1\n2104-01-03,a,1\n");
    expect(p.badRows).toEqual([{ line: 3, message: 'date out of range 1900–2100: "2104-01-03"' }]);
    expect(p.series.get("a")!.units.length).toBe(1);
  });

  it("a file without date and units columns is an error naming the header", () => {
    const p = parseHistory("colour,size\nred,3\n");
    expect(p.error).toMatch(/no date and units columns/);
    expect(p.series.size).toBe(0);
  });

  it("an empty file is an error", () => {
    expect(parseHistory("").error).toMatch(/empty/);
    expect(parseHistory("date,sku,units\n").error).toMatch(/no data rows/);
  });

  it("aborting parseHistoryChunked rejects", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    await expect(parseHistoryChunked("date,sku,units\n2020-01-01,a,1\n", undefined, { signal: ac.signal })).rejects.toThrow("stop");
  });
});

describe("parseHistory properties", () => {
  it("any set of (day, sku, units) rows written with any delimiter and date format reads back as the same series", async () => {
    const base = isoDay("2021-03-01");
    const pad = (n: number) => String(n).padStart(2, "0");
    const fmt = (day: number, f: "iso" | "compact" | "dmy" | "mdy") => {
      const d = new Date(day * 86_400_000);
      const [y, m, dd] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
      return f === "iso" ? `${y}-${m}-${dd}` : f === "compact" ? `${y}${m}${dd}` : f === "dmy" ? `${dd}/${m}/${y}` : `${m}/${dd}/${y}`;
    };
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ day: fc.integer({ min: 0, max: 60 }), sku: fc.constantFrom("A", "b;2", "c,3", 'd"4'), units: fc.integer({ min: 0, max: 500 }) }),
          {
            minLength: 1,
            maxLength: 40,
            selector: (r) => `${r.day}/${r.sku}`,
          },
        ),
        fc.constantFrom(",", ";", "\t"),
        fc.constantFrom("iso", "compact", "dmy", "mdy") as fc.Arbitrary<"iso" | "compact" | "dmy" | "mdy">,
        (rows, delim, f) => {
          const q = (s: string) => (s.includes(delim) || s.includes('"') ? `"${s.replace(/"/g, '""')}"` : s);
          // Day 30 after 1 March is the 31st: a day above 12 settles d/m versus m/d.
          const all = [...rows, { day: 30, sku: "A", units: rows.find((r) => r.day === 30 && r.sku === "A")?.units ?? 0 }];
          const uniq = [...new Map(all.map((r) => [`${r.day}/${r.sku}`, r])).values()];
          const text = ["date", "sku", "units"].join(delim) + "\n" + uniq.map((r) => [fmt(base + r.day, f), q(r.sku), String(r.units)].join(delim)).join("\n");
          const p = parseHistory(text);
          expect(p.badRows).toEqual([]);
          for (const r of uniq) {
            const s = p.series.get(r.sku)!;
            expect(s.units[base + r.day - isoDay(s.start)]).toBe(r.units);
          }
          // Known days: the rows, plus 0 for a sku without a row on a day another sku sold within its span.
          const trading = new Set(uniq.filter((r) => r.units > 0).map((r) => r.day));
          let filled = 0;
          for (const sku of new Set(uniq.map((r) => r.sku))) {
            const days = new Set(uniq.filter((r) => r.sku === sku).map((r) => r.day));
            const lo = Math.min(...days);
            const hi = Math.max(...days);
            for (const d of trading) if (d >= lo && d <= hi && !days.has(d)) filled++;
          }
          const total = [...p.series.values()].reduce((a, s) => a + Array.from(s.units).filter((v) => !Number.isNaN(v)).length, 0);
          expect(total).toBe(uniq.length + filled);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
