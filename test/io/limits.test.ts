import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/io/issue.ts";
import { checkRunOverrides } from "../../src/io/limits.ts";

describe("checkRunOverrides", () => {
  it("checkRunOverrides({}) and in-range values pass", () => {
    expect(checkRunOverrides({})).toEqual([]);
    expect(checkRunOverrides({ runs: 10_000_000, horizonDays: 7300 })).toEqual([]);
  });
  it("checkRunOverrides(out of range) names the option and the limit", () => {
    expect(checkRunOverrides({ runs: 10_000_001, horizonDays: 0 }).map(formatIssue)).toEqual([
      "runs: must be a whole number from 1 to 10,000,000, got 10,000,001",
      "horizonDays: must be a whole number from 1 to 7,300, got 0",
    ]);
    expect(checkRunOverrides({ runs: 2.5 }).map(formatIssue)).toEqual(["runs: must be a whole number from 1 to 10,000,000, got 2.5"]);
    expect(checkRunOverrides({ runs: NaN }).map(formatIssue)).toEqual(["runs: must be a whole number from 1 to 10,000,000, got NaN"]);
  });
});
