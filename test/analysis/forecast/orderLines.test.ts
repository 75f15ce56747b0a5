import { describe, expect, it } from "vitest";
import { orderLinesToDaily } from "../../../src/analysis/forecast/orderLines.ts";

const CSV = [
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
  '536365,85123A,"HANGER, WHITE",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
  "536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom",
  "536367,POST,POSTAGE,1,2010-12-01 09:00:00,18,12583.0,France",
  "536368,22633,HAND WARMER,10,2010-12-03 10:00:00,1.85,13047.0,United Kingdom",
  "C536369,22633,HAND WARMER,-4,2010-12-03 10:30:00,1.85,13047.0,United Kingdom",
  "C536370,85123A,HANGER,-6,2010-12-03 11:00:00,2.55,17850.0,United Kingdom",
  "536371,22633,HAND WARMER,-2,2010-12-03 12:00:00,1.85,,United Kingdom",
  "C536372,21000,ONLY EVER CANCELLED,-3,2010-12-03 12:30:00,1.00,,United Kingdom",
].join("\n");

describe("orderLinesToDaily", () => {
  const d = orderLinesToDaily(CSV);
  it("sums each code's units per trading day, NaN on days without any order line", () => {
    expect([...d.series.keys()]).toEqual(["22633", "85123A"]);
    const w = d.series.get("22633")!;
    expect(w.start).toBe("2010-12-01");
    // 1 Dec: 6; 2 Dec: no trading; 3 Dec: 10 − 4 cancelled the same day (the bare −2 is not a cancellation).
    expect(Array.from(w.units)).toEqual([6, NaN, 6]);
    expect(d.tradingDays).toBe(2);
  });
  it("a cancellation on a later day leaves the earlier sale; postage is not a product", () => {
    expect(Array.from(d.series.get("85123A")!.units)).toEqual([6, NaN, 0]);
    expect(d.series.has("POST")).toBe(false);
    // A code with nothing but a cancellation has no sales series.
    expect(d.series.has("21000")).toBe(false);
  });
  it("names what a file that is not an order-line export lacks", () => {
    expect(() => orderLinesToDaily("date,sku,units\n2020-01-01,a,1\n")).toThrow(/InvoiceNo, StockCode, Quantity, InvoiceDate/);
  });
});
