import { describe, expect, it } from "vitest";
import { chartFileName, fileSlug, styleText } from "../../src/ui/charts/chartExport.ts";

describe("chartFileName", () => {
  it("chartFileName makes a lower-case, dash-joined name with the extension", () => {
    expect(chartFileName("On hand", "svg")).toBe("on-hand.svg");
    expect(chartFileName("item_05: sold vs fitted", "png")).toBe("item-05-sold-vs-fitted.png");
    expect(chartFileName("Café – Zürich", "svg")).toBe("cafe-zurich.svg");
  });
  it("fileSlug falls back when nothing usable is left", () => {
    expect(fileSlug("—", "chart")).toBe("chart");
    expect(fileSlug("", "scenario")).toBe("scenario");
    expect(fileSlug("x".repeat(100)).length).toBe(60);
  });
  it("styleText joins properties and drops empty values", () => {
    expect(
      styleText([
        ["fill", "red"],
        ["stroke", ""],
        ["opacity", "0.5"],
      ]),
    ).toBe("fill:red;opacity:0.5");
  });
});
