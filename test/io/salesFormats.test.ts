/**
 * The kinds of sales file the import recognises (daily totals; UCI, Shopify-style and renamed
 * order lines; plain or gzipped) and the bad input each must name by line: an empty or corrupt
 * .gz, a file mixing two formats, text where quantities belong, a quote never closed, absurd or
 * non-decimal numbers.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { nodeGunzip } from "../../src/cli/readSalesFile.ts";
import { gzipSizeOf, parseHistory, readHistoryStream } from "../../src/io/history.ts";

async function* bytes(b: Uint8Array, piece = 7): AsyncIterable<Uint8Array> {
  for (let i = 0; i < b.length; i += piece) yield b.subarray(i, i + piece);
}
const enc = (s: string) => new TextEncoder().encode(s);

const UCI = [
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
  "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
  "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom",
  "536366,85123A,WHITE HANGING HEART T-LIGHT HOLDER,12,2010-12-02 09:00:00,2.55,13047.0,United Kingdom",
  "536367,POST,POSTAGE,1,2010-12-02 09:00:00,18,13047.0,United Kingdom",
  "C536368,71053,WHITE METAL LANTERN,-2,2010-12-03 10:00:00,3.39,13047.0,United Kingdom",
  "536369,71053,WHITE METAL LANTERN,-1,2010-12-03 10:00:00,0,,United Kingdom",
  "536370,71053,WHITE METAL LANTERN,24,2010-12-06 10:00:00,3.19,12583.0,France",
].join("\n");

describe("sales file formats", () => {
  it("UCI order lines: format named, trading days, cancelled / returns / non-product counted, price and name from the lines", () => {
    const p = parseHistory(UCI);
    expect(p.error).toBeNull();
    expect(p.format?.name).toBe("order lines (UCI Online Retail export)");
    // Trading days: 1, 2 and 6 December (3 December had only a cancellation and a return).
    expect(p.tradingDays.length).toBe(3);
    expect(p.excluded!.cancelled.lines).toBe(1);
    expect(p.excluded!.returns.lines).toBe(1);
    expect(p.excluded!.nonProduct).toMatchObject({ lines: 1, codes: [{ code: "POST", lines: 1 }] });
    const s = p.series.get("71053")!;
    // 1 Dec … 6 Dec: sold 1 line of 6 on the 1st, 0 on the 2nd (a trading day), unknown on 3–5 (closed), 1 line of 24 on the 6th.
    expect(Array.from(s.lines!)).toEqual([1, 0, NaN, NaN, NaN, 1]);
    expect(Array.from(s.units)).toEqual([6, 0, NaN, NaN, NaN, 24]);
    expect(s.sizes).toEqual({ values: [6, 24], weights: [1, 1] });
    expect(s.name).toBe("WHITE METAL LANTERN");
    expect(p.baskets!.productLinesPerOrder).toEqual({ values: [1, 2], weights: [2, 1] });
    expect(p.currency).toBeNull();
  });

  it("a Shopify-style orders export: Name, Created at, Lineitem sku/quantity/price, Currency, Cancelled at", () => {
    const text = [
      "Name,Email,Currency,Created at,Cancelled at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku",
      "#1001,a@x.com,EUR,2025-03-03 10:12:00 +0100,,2,Wool scarf,39.00,SCARF-01",
      "#1001,a@x.com,,,,1,Mittens,19.00,MITT-02",
      "#1002,b@x.com,EUR,2025-03-04 11:00:00 +0100,2025-03-04 12:00:00 +0100,1,Wool scarf,39.00,SCARF-01",
      "#1003,c@x.com,EUR,2025-03-05 09:30:00 +0100,,3,Wool scarf,39.00,SCARF-01",
    ].join("\n");
    const p = parseHistory(text);
    expect(p.error).toBeNull();
    expect(p.format?.name).toBe("order lines (Shopify orders export)");
    expect(p.currency).toBe("EUR");
    expect(p.excluded!.cancelled.lines).toBe(1);
    // The second line of #1001 takes the order's date.
    expect(Array.from(p.series.get("MITT-02")!.lines!)).toEqual([1, NaN, 0]);
    expect(Array.from(p.series.get("SCARF-01")!.units)).toEqual([2, NaN, 3]);
    expect(p.series.get("SCARF-01")!.name).toBe("Wool scarf");
    expect(p.series.get("SCARF-01")!.medianPrice).toBe(39);
  });

  it("plain renamed columns (order_id, order_date, product_code, qty, unit_price) are order lines", () => {
    const text =
      "order_id;order_date;product_code;qty;unit_price\nA1;03/02/2025;P-1;2;4,50\nA2;04/02/2025;P-1;1;4,50\nA2;04/02/2025;P-2;5;1,20\nA3;13/02/2025;P-2;1;1,20\n";
    const p = parseHistory(text);
    expect(p.error).toBeNull();
    expect(p.format).toEqual({ kind: "orderLines", name: "order lines" });
    expect(p.dateFormat).toBe("dmy");
    expect(p.series.get("P-1")!.medianPrice).toBe(4.5);
    expect(p.tradingDays.length).toBe(3);
  });

  it("daily totals are still daily totals, and say so", () => {
    const p = parseHistory("date,sku,units\n2025-01-06,a,3\n2025-01-07,a,1\n2025-01-07,b,2\n");
    expect(p.format).toEqual({ kind: "daily", name: "daily totals (date, sku, units)" });
    expect(p.excluded).toBeNull();
    expect(p.tradingDays.length).toBe(2);
  });

  it("reads .csv.gz and .csv from a byte stream in small pieces, to the same result", async () => {
    const plain = await readHistoryStream(bytes(enc(UCI)));
    const gz = await readHistoryStream(bytes(gzipSync(enc(UCI)), 5), { gunzip: nodeGunzip });
    const web = await readHistoryStream(bytes(gzipSync(enc(UCI)), 11));
    for (const r of [plain, gz, web]) {
      expect(r.error).toBeNull();
      expect(r.rows).toBe(7);
      // To the file's last trading day (6 December): 0 there.
      expect(Array.from(r.series.get("85123A")!.units)).toEqual([6, 12, NaN, NaN, NaN, 0]);
    }
  });
});

describe("progress while a .csv.gz is read", () => {
  it("follows the rows read, from the decompressed size the file states, not the compressed bytes taken in", async () => {
    const lines = Array.from(
      { length: 40_000 },
      (_, i) =>
        `${536365 + (i >> 2)},8512${i % 97}A,item,${1 + (i % 7)},2010-12-${String(1 + ((i >> 12) % 9)).padStart(2, "0")} 08:26:00,2.55,17850,United Kingdom`,
    );
    const text = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" + lines.join("\n") + "\n";
    const gz = gzipSync(enc(text));
    const stated = await gzipSizeOf(new Blob([gz]));
    expect(stated).toBe(enc(text).length);
    expect(await gzipSizeOf(new Blob([enc(text)]))).toBeNull();
    // The whole compressed file arrives at once: its bytes say nothing of how far the rows are.
    const seen: { fraction: number; rows: number }[] = [];
    const r = await readHistoryStream(bytes(gz, gz.length), {
      gunzip: nodeGunzip,
      totalBytes: gz.length,
      gunzippedBytes: stated!,
      onProgress: (fraction, rows) => seen.push({ fraction, rows }),
    });
    expect(r.rows).toBe(40_000);
    expect(seen.length).toBeGreaterThan(2);
    // Each report's share is the share of the text read; the rows lag it by at most a piece of text.
    const piece = 256 * 1024;
    // The last report, once the whole text is read, says 1.
    expect(seen.pop()).toEqual({ fraction: 1, rows: 40_000 });
    for (const s of seen) {
      expect(s.fraction).toBeLessThan(1);
      expect(s.fraction * stated!).toBeLessThanOrEqual((s.rows + 1) * (text.length / 40_000) + piece);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
  });
});

describe("bad input is named by its line", () => {
  it("an empty file, and an empty .gz", async () => {
    expect((await readHistoryStream(bytes(new Uint8Array(0)))).error).toBe("the file is empty");
    const r = await readHistoryStream(bytes(gzipSync(new Uint8Array(0))), { gunzip: nodeGunzip });
    expect(r.error).toMatch(/empty/);
  });

  it("a corrupt .gz (cut short, or damaged) says how far it got", async () => {
    const many = UCI + "\n" + Array.from({ length: 3000 }, (_, i) => `6${i},85123A,HEART,1,2010-12-07 10:00:00,2.55,1.0,UK`).join("\n");
    const gz = gzipSync(enc(many));
    const cut = await readHistoryStream(bytes(gz.subarray(0, gz.length - 40), 4096), { gunzip: nodeGunzip });
    expect(cut.error).toMatch(/gzip data is damaged or cut short after [\d,]+ rows \(about line [\d,]+\)/);
    const damaged = Uint8Array.from(gz);
    for (let i = 30; i < 60; i++) damaged[i] ^= 0xff;
    const bad = await readHistoryStream(bytes(damaged, 4096));
    expect(bad.error).toMatch(/gzip/);
    const notGz = await readHistoryStream(bytes(Uint8Array.from([0x1f, 0x8b, 1, 2, 3])), { gunzip: nodeGunzip });
    expect(notGz.error).toMatch(/gzip/);
  });

  it("a file mixing two formats names the line where the other format starts", () => {
    const daily = Array.from({ length: 20 }, (_, i) => `2010-12-${String(i + 10).padStart(2, "0")},85123A,4`);
    const p = parseHistory(UCI + "\ndate,sku,units\n" + daily.join("\n"));
    expect(p.error).toMatch(/^line 9: 3 fields where the header has 8; .* the file mixes two formats/);
    expect(p.badRows[0].line).toBe(9);
  });

  it("text where quantities belong: each line named; all of them: an error", () => {
    const p = parseHistory(UCI.replace(",6,2010-12-01 08:26:00,2.55", ",six,2010-12-01 08:26:00,2.55"));
    expect(p.badRows).toEqual([{ line: 2, message: 'quantity is not a number: "six"' }]);
    const all = parseHistory("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,A1,red,2010-12-01,1\n2,A1,blue,2010-12-01,1\n");
    expect(all.badRows.map((b) => b.line)).toEqual([2, 3]);
    expect(all.error).toMatch(/none of the 2 order lines/);
    const daily = parseHistory("date,sku,units\n2025-01-01,a,lots\n2025-01-02,a,3\n");
    expect(daily.badRows).toEqual([{ line: 2, message: 'units is not a number: "lots"' }]);
  });

  it("a quote left open is a bad row on its line, not the end of the file", () => {
    const rows = [
      "date,sku,units",
      '2025-01-01,"scarf,3',
      ...Array.from({ length: 40 }, (_, i) => `2025-01-${String((i % 28) + 2).padStart(2, "0")},hat,${i}`),
    ];
    const p = parseHistory(rows.join("\n"));
    expect(p.badRows[0].line).toBe(2);
    expect(p.badRows[0].message).toMatch(/quoted field opened on this line is not closed/);
    expect(p.series.get("hat")).toBeDefined();
    expect(p.rows).toBe(41);
    // At the very end too.
    const end = parseHistory('date,sku,units\n2025-01-01,hat,2\n2025-01-02,"hat,3\n');
    expect(end.badRows).toEqual([{ line: 3, message: expect.stringMatching(/not closed/) }]);
    expect(Array.from(end.series.get("hat")!.units)).toEqual([2]);
  });

  it("absurd quantities (1e308, 1e9) are bad rows naming the line, in both formats", () => {
    const d = parseHistory("date,sku,units\n2025-01-01,a,1e308\n2025-01-02,a,3\n2025-01-03,a,1e9\n");
    expect(d.badRows.map((b) => b.line)).toEqual([2, 4]);
    expect(d.badRows[0].message).toMatch(/not plausible/);
    const o = parseHistory(UCI.replace(",12,2010-12-02", ",1e308,2010-12-02"));
    expect(o.badRows).toEqual([{ line: 4, message: expect.stringMatching(/quantity 1e308 is not plausible/) }]);
  });

  it("CSV numbers are decimal only: 0x10, 0b11, 0o7, Infinity are not numbers", () => {
    const p = parseHistory("date,sku,units\n2025-01-01,a,0x10\n2025-01-02,a,0b11\n2025-01-03,a,0o7\n2025-01-04,a,Infinity\n2025-01-05,a,1.5e1\n");
    expect(p.badRows.map((b) => b.line)).toEqual([2, 3, 4, 5]);
    expect(p.badRows[0].message).toBe('units is not a number: "0x10"');
    expect(Array.from(p.series.get("a")!.units)).toEqual([15]);
  });
});
