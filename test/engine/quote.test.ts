/** Restock-date quotes (docs/model.md §4) from a pipeline at its expected arrival days. */
import { describe, expect, it } from "vitest";
import { Pipeline } from "../../src/engine/pipeline.ts";
import { nextReviewDay, QuoteBook } from "../../src/engine/quote.ts";

function pipeline(entries: [actual: number, expected: number, units: number][]): Pipeline {
  const p = new Pipeline(2);
  for (const [a, e, u] of entries) p.insert(a, e, u, u, 1, 0);
  return p;
}

describe("quote", () => {
  it("QuoteBook.quote gives the first expected day covering every older backorder plus this line", () => {
    // Orders expected on days 12 (5 units), 15 (5) and 19 (10); actual days differ (crossing).
    const book = new QuoteBook();
    book.build(
      pipeline([
        [14, 12, 5],
        [13, 15, 5],
        [25, 19, 10],
      ]),
      10,
    );
    expect(book.quote(1, 10, 99)).toBe(12);
    expect(book.quote(5, 10, 99)).toBe(12);
    expect(book.quote(6, 10, 99)).toBe(15);
    expect(book.quote(20, 10, 99)).toBe(19);
  });

  it("QuoteBook.quote falls back to the next review plus lead time when the pipeline falls short", () => {
    const book = new QuoteBook();
    book.build(pipeline([[12, 12, 5]]), 10);
    expect(book.quote(6, 10, 17)).toBe(17);
    // Never earlier than the last expected arrival.
    expect(book.quote(6, 10, 11)).toBe(12);
    const empty = new QuoteBook();
    empty.build(pipeline([]), 10);
    expect(empty.quote(1, 10, 13)).toBe(13);
  });

  it("QuoteBook treats overdue orders as arriving tomorrow", () => {
    const book = new QuoteBook();
    book.build(pipeline([[14, 8, 3]]), 10);
    expect(book.quote(2, 10, 30)).toBe(11);
  });

  it("nextReviewDay is today on a review day, else the next multiple of the period", () => {
    expect(nextReviewDay(14, 7)).toBe(14);
    expect(nextReviewDay(15, 7)).toBe(21);
    expect(nextReviewDay(5, 1)).toBe(5);
  });

  it("Pipeline keeps orders sorted by actual arrival, stable for equal days, through growth", () => {
    const p = new Pipeline(2);
    const days = [9, 4, 7, 4, 12, 1, 7];
    days.forEach((d, i) => p.insert(d, d, i, i, 0, 0));
    const got: [number, number][] = [];
    while (p.len > 0) {
      got.push([p.day[p.head], p.ordered[p.head]]);
      p.shift();
    }
    expect(got).toEqual([
      [1, 5],
      [4, 1],
      [4, 3],
      [7, 2],
      [7, 6],
      [9, 0],
      [12, 4],
    ]);
  });
});
