import { describe, expect, it } from "vitest";
import { bucketMeans, fitChartPoints } from "../../src/ui/import/fitChartData.ts";

describe("bucketMeans", () => {
  it("bucketMeans averages actual and expected over the days with data in each bucket", () => {
    const actual = [1, 2, NaN, 4, 10, 10];
    const expected = [2, 2, 2, 2, 8, 12];
    const pts = bucketMeans(actual, expected, 4);
    expect(pts).toHaveLength(2);
    expect(pts[0]).toEqual({ i: 0, n: 3, actual: 7 / 3, expected: 2 });
    expect(pts[1]).toEqual({ i: 4, n: 2, actual: 10, expected: 10 });
  });
  it("bucketMeans gives NaN actual and the plain expected mean for a bucket without data", () => {
    const pts = bucketMeans([NaN, NaN], [3, 5], 2);
    expect(pts[0].n).toBe(0);
    expect(pts[0].actual).toBeNaN();
    expect(pts[0].expected).toBe(4);
  });
  it("fitChartPoints recent window returns the last days one by one", () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    const pts = fitChartPoints(a, a, { kind: "recent", days: 5 });
    expect(pts.map((p) => p.i)).toEqual([25, 26, 27, 28, 29]);
    expect(pts.map((p) => p.actual)).toEqual([25, 26, 27, 28, 29]);
    expect(fitChartPoints(a, a, { kind: "weekly" })).toHaveLength(5);
  });
});

import { excludedRanges } from "../../src/ui/import/fitChartData.ts";

describe("excludedRanges", () => {
  it("excludedRanges lists runs of days with data that the fit did not use, dropping short ones", () => {
    const actual = [0, 0, 0, 5, 0, NaN, 3, 0, 0, 4];
    const used = [0, 0, 0, 1, 0, 0, 1, 0, 0, 1];
    expect(excludedRanges(actual, used)).toEqual([
      [0, 3],
      [4, 5],
      [7, 9],
    ]);
    expect(excludedRanges(actual, used, 2)).toEqual([
      [0, 3],
      [7, 9],
    ]);
    expect(excludedRanges([1, 2], [1, 1])).toEqual([]);
  });
});
