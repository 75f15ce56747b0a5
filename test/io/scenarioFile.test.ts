import { describe, expect, it } from "vitest";
import { gzipText, isGzip, readScenarioFile } from "../../src/io/scenarioFile.ts";

describe("scenario files", () => {
  it("a gzip file reads back as the text it packed, a plain one as itself", async () => {
    const text = JSON.stringify({ name: "Catalogue", products: Array.from({ length: 500 }, (_, i) => ({ id: `p${i}`, price: 10 + i })) });
    const gz = await gzipText(text);
    expect(isGzip(gz)).toBe(true);
    expect(gz.length).toBeLessThan(text.length / 4);
    expect(await readScenarioFile(new Blob([gz as BlobPart]))).toBe(text);
    expect(await readScenarioFile(new Blob([text]))).toBe(text);
  });
  it("a damaged gzip file is an error that says so", async () => {
    const gz = await gzipText("x".repeat(10_000));
    await expect(readScenarioFile(new Blob([gz.slice(0, 12) as BlobPart]))).rejects.toThrow(/damaged or incomplete/);
  });
});
