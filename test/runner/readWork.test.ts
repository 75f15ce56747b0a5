import { createReadStream, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { nodeGunzip, readSalesFile } from "../../src/cli/readSalesFile.ts";
import { readHistoryStream, type ParsedHistory } from "../../src/io/history.ts";
import { createFitWorkerApi, type FitWorkerHandle } from "../../src/runner/fitWork.ts";
import { spawnNodeFitWorker } from "../../src/runner/nodeFitWorkers.ts";
import { readHistoryOnWorkers, readInParts, type PartReader } from "../../src/runner/readWork.ts";

const DATA = "/work/shared/data";
const UCI = `${DATA}/catalogue/online_retail_lines.csv.gz`;

/** Workers in this thread: each part is read by its own api, as a worker thread would. */
const local = (n: number): PartReader[] => Array.from({ length: n }, () => ({ api: createFitWorkerApi(), terminate() {} }));

/** `bytes` as a stream of pieces of `size` bytes (cutting characters, quoted fields and CRLF pairs anywhere). */
async function* pieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

const oneThread = (bytes: Uint8Array, piece = 1 << 16) => readHistoryStream(pieces(bytes, piece), { gunzip: nodeGunzip });

interface Cut {
  head: number;
  part: number;
  piece: number;
  workers: number;
}

/** Reads `bytes` in parts cut as `cut` says; expects it could be read so and the result equals the one-thread read. */
async function expectSameInParts(bytes: Uint8Array, cuts: Cut[]): Promise<ParsedHistory> {
  const one = await oneThread(bytes);
  for (const c of cuts) {
    const par = await readInParts(pieces(bytes, c.piece), local(c.workers), { headBytes: c.head, partBytes: c.part, gunzip: nodeGunzip });
    expect(par, JSON.stringify(c)).not.toBeNull();
    expect(par).toEqual(one);
  }
  return one;
}

/** A small deterministic generator (LCG). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * A UCI-like order-line export (day/month dates, where a day above 12 comes only in the last
 * tenth of the file), with cancellations (some undoing an earlier sale of the same customer, sku
 * and quantity, many lines later), returns, non-product codes, an outlier line, quoted
 * descriptions (commas, doubled quotes), bad rows of each kind, bad prices, rows of another
 * width, blank lines and a second currency.
 */
function orderLineFixture(n: number, newline: string): string {
  const r = rng(7);
  const lines = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Currency"];
  const codes = Array.from({ length: 40 }, (_, j) => `${20000 + j * 37}${j % 3 === 0 ? "B" : ""}`);
  const descs = ["RED HEART", '"CUP, SAUCER AND SPOON"', '"12"" RULER"', "", "PLAIN MUG", '"A ""QUOTED"" NAME, TOO"'];
  const sales: { inv: string; code: string; qty: number; cust: string; date: string }[] = [];
  let inv = 536000;
  for (let i = 0; i < n; i++) {
    if (r() < 0.2) inv++;
    const late = i > 0.9 * n;
    const day = late ? 13 + Math.floor(r() * 15) : 1 + Math.floor(r() * 12);
    const month = 1 + Math.floor((i / n) * 11);
    const date = `${two(day)}/${two(month)}/2011 ${two(8 + Math.floor(r() * 10))}:${two(Math.floor(r() * 60))}`;
    const cust = r() < 0.1 ? "" : `${12000 + Math.floor(r() * 30)}.0`;
    const cur = r() < 0.03 ? "EUR" : "GBP";
    const x = r();
    if (x < 0.01) lines.push(`${inv},${codes[0]}`);
    else if (x < 0.015) lines.push(`${inv},,THING,3,${date},1.5,${cust},United Kingdom,${cur}`);
    else if (x < 0.02) lines.push(`${inv},${codes[1]},THING,many,${date},1.5,${cust},United Kingdom,${cur}`);
    else if (x < 0.025) lines.push(`${inv},${codes[2]},THING,0,${date},1.5,${cust},United Kingdom,${cur}`);
    else if (x < 0.03) lines.push(`${inv},${codes[3]},THING,2,31/31/2011 10:00,1.5,${cust},United Kingdom,${cur}`);
    else if (x < 0.035) lines.push(`${inv},${codes[4]},THING,2,${date},cheap,${cust},United Kingdom,${cur}`);
    else if (x < 0.04) lines.push(`${inv},${codes[5]},THING,2,${date},1.5,${cust},United Kingdom,${cur},extra`);
    else if (x < 0.045) lines.push("");
    else if (x < 0.06) lines.push(`${inv},POST,POSTAGE,1,${date},18,${cust},France,${cur}`);
    else if (x < 0.07) lines.push(`${inv},${codes[6]},RETURNED,-${1 + Math.floor(r() * 4)},${date},2.1,${cust},United Kingdom,${cur}`);
    else if (x < 0.09 && sales.length > 0) {
      const s = sales[Math.floor(r() * sales.length)];
      lines.push(`C${inv + 100000},${s.code},CANCELLED,-${s.qty},${date},2.1,${s.cust},United Kingdom,${cur}`);
    } else if (x < 0.095) lines.push(`C${inv + 100000},${codes[7]},CANCELLED,-5,${date},2.1,${cust},United Kingdom,${cur}`);
    else {
      const code = codes[Math.floor(r() * codes.length)];
      const qty = i === Math.floor(n / 2) ? 5000 : 1 + Math.floor(r() * 12);
      const desc = descs[Math.floor(r() * descs.length)];
      lines.push(`${inv},${code},${desc},${qty},${date},${(0.5 + r() * 5).toFixed(2)},${cust},United Kingdom,${cur}`);
      sales.push({ inv: String(inv), code, qty, cust, date });
    }
  }
  return lines.join(newline) + newline;
}

/**
 * Daily totals with `;` and decimal commas, day/month dates settled only late in the file, repeated
 * (date, sku) rows, fractional units, negative and empty units, bad prices and a date out of range.
 */
function dailyFixture(days: number): string {
  const r = rng(11);
  const lines = ["Datum;Artikel;Menge;Preis"];
  for (let d = 0; d < days; d++) {
    const late = d > 0.9 * days;
    const date = `${two(late ? 13 + (d % 15) : 1 + (d % 12))}/${two(1 + (Math.floor(d / 31) % 12))}/${2014 + Math.floor(d / 372)}`;
    for (let s = 0; s < 12; s++) {
      const x = r();
      const sku = `A-${100 + s}`;
      if (x < 0.01) lines.push(`${date};${sku};-3;2,5`);
      else if (x < 0.02) lines.push(`${date};${sku};;2,5`);
      else if (x < 0.03) lines.push(`${date};${sku};4;teuer`);
      else if (x < 0.035) lines.push(`01/01/2104;${sku};4;2,5`);
      else if (x < 0.05) lines.push(`${date};${sku};1,5;2,5`);
      else if (x < 0.3) continue;
      else lines.push(`${date};${sku};${Math.floor(r() * 9)};${(1 + r() * 3).toFixed(2).replace(".", ",")}`);
      if (x > 0.98) lines.push(`${date};${sku};2;3,0`);
    }
  }
  return lines.join("\n") + "\n";
}

const enc = (s: string) => new TextEncoder().encode(s);

describe("reading a sales file in parts on workers", () => {
  it("gives the one-thread read of the UCI export, field for field, on worker threads and in this thread", async () => {
    const one = await readSalesFile(UCI);
    expect(one.rows).toBe(277_560);
    const pool = [spawnNodeFitWorker(), spawnNodeFitWorker()];
    try {
      expect(await readSalesFile(UCI, {}, pool)).toEqual(one);
    } finally {
      for (const w of pool) w.terminate();
    }
    const open = () => createReadStream(UCI, { highWaterMark: 1 << 20 });
    for (const [workers, partBytes] of [
      [1, 1 << 20],
      [3, 200_000],
    ])
      expect(await readInParts(open(), local(workers), { gunzip: nodeGunzip, partBytes })).toEqual(one);
  }, 120_000);

  it("order lines: bad rows, cancellations, returns, fees, outliers and late day/month dates read the same in parts of any size", async () => {
    const text = orderLineFixture(3000, "\n");
    const bytes = enc(text);
    const one = await expectSameInParts(bytes, [
      { head: 4096, part: 2000, piece: 7, workers: 2 },
      { head: 4096, part: 1, piece: 1000, workers: 3 },
      { head: 8192, part: 30_000, piece: 65_536, workers: 1 },
    ]);
    // The fixture holds what it is meant to.
    expect(one.dateFormat).toBe("dmy");
    const ex = one.excluded!;
    expect(ex.cancelled.lines).toBeGreaterThan(50);
    expect(ex.cancelled.salesCancelled).toBeGreaterThan(10);
    expect(ex.returns.lines).toBeGreaterThan(10);
    expect(ex.nonProduct.codes[0].code).toBe("POST");
    expect(ex.outliers.list.length).toBeGreaterThan(0);
    expect(one.badRows.length).toBeGreaterThan(50);
    expect(one.badRows.some((b) => b.line > 2900)).toBe(true);
    expect(one.warnings.some((w) => w.includes("price"))).toBe(true);
    expect(one.warnings.some((w) => w.includes("fields"))).toBe(true);
    expect(one.warnings.some((w) => w.includes("several currencies"))).toBe(true);
    expect(one.baskets!.orders).toBeGreaterThan(100);
    // Gzipped, with CRLF line breaks cut between their two bytes.
    await expectSameInParts(gzipSync(bytes), [{ head: 4096, part: 3000, piece: 333, workers: 2 }]);
    await expectSameInParts(enc(orderLineFixture(2000, "\r\n")), [
      { head: 4096, part: 1501, piece: 1, workers: 2 },
      { head: 4096, part: 4000, piece: 4001, workers: 2 },
    ]);
  });

  it("daily totals: the shared histories and a file with decimal commas, repeats and late day/month dates", async () => {
    for (const f of ["pharma.csv", "m5.csv", "store_item.csv", "online_retail.csv"])
      await expectSameInParts(readFileSync(`${DATA}/${f}`), [{ head: 4096, part: 5000, piece: 4097, workers: 2 }]);
    const one = await expectSameInParts(enc(dailyFixture(800)), [
      { head: 4096, part: 3000, piece: 100, workers: 2 },
      { head: 4096, part: 1, piece: 65_536, workers: 3 },
    ]);
    expect(one.dateFormat).toBe("dmy");
    expect(one.delimiter).toBe(";");
    expect(one.duplicateRows).toBeGreaterThan(0);
    expect(one.fractionalRows).toBeGreaterThan(0);
    expect(one.badRows.some((b) => b.message.includes("out of range"))).toBe(true);
    expect(one.warnings.some((w) => w.includes("decimal comma"))).toBe(true);
  });

  it("a quoted field over line breaks, a bare line feed in a CRLF file or a dateless first row cannot be read in parts: the file is read in one thread", async () => {
    const lines = orderLineFixture(2000, "\n").split("\n");
    const cases = [
      // A description over two lines, past the head.
      [...lines.slice(0, 1500), `536999,22222,"TWO\nLINES",3,01/05/2011 10:00,1.5,,United Kingdom,GBP`, ...lines.slice(1500)].join("\n"),
      // A quote never closed.
      [...lines.slice(0, 1500), `536999,22222,"OPEN,3,01/05/2011 10:00,1.5,,United Kingdom,GBP`, ...lines.slice(1500)].join("\n"),
      // A line feed alone inside a CRLF file.
      [...lines.slice(0, 1500), "536999,22222,X\n,3,01/05/2011 10:00,1.5,,United Kingdom,GBP", ...lines.slice(1500)].join("\r\n"),
      // Shopify-style rows without a date: the first may take the date of the part before.
      [
        ...lines.slice(0, 1500),
        "536999,22222,X,3,01/05/2011 10:00,1.5,,United Kingdom,GBP",
        ...Array(400).fill("536999,22223,Y,2,,1.5,,United Kingdom,GBP"),
      ].join("\n"),
    ];
    for (const text of cases) {
      const bytes = enc(text);
      const one = await oneThread(bytes);
      const opts = { headBytes: 4096, partBytes: 2000, gunzip: nodeGunzip };
      expect(await readInParts(pieces(bytes, 1000), local(2), opts)).toBeNull();
      expect(await readHistoryOnWorkers(() => pieces(bytes, 1000), local(2), opts)).toEqual(one);
    }
  });

  it("a file smaller than the head, empty, or damaged gzip is read in one thread with the same result", async () => {
    const small = enc(orderLineFixture(50, "\n"));
    const gz = gzipSync(enc(orderLineFixture(3000, "\n")));
    const cut = gz.slice(0, gz.length >> 1);
    for (const bytes of [small, new Uint8Array(0), cut]) {
      // (How far damaged data reads depends on the pieces it comes in: both reads get the same.)
      const one = await oneThread(bytes, 1000);
      const workers: FitWorkerHandle[] = local(2);
      expect(await readHistoryOnWorkers(() => pieces(bytes, 1000), workers, { headBytes: 4096, partBytes: 2000, gunzip: nodeGunzip })).toEqual(one);
    }
    expect((await oneThread(cut)).error).toMatch(/damaged or cut short/);
  });
});
