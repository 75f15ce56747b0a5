import { describe, expect, it } from "vitest";
import { blobText } from "../../src/io/blobText.ts";

describe("a Blob's text read a slice at a time", () => {
  it("is Blob.text(): 2-, 3- and 4-byte characters cut by every slice end, a byte-order mark dropped", async () => {
    const text = `\uFEFF{"name":"${"é€😀a".repeat(40)}"}`;
    const blob = new Blob([text]);
    const whole = await blob.text();
    expect(whole.startsWith("\uFEFF")).toBe(false);
    // Slices of 1 to 11 bytes end inside characters of every length.
    for (let slice = 1; slice <= 11; slice++) expect(await blobText(blob, slice), `${slice}-byte slices`).toBe(whole);
    expect(await blobText(new Blob([]), 4)).toBe("");
    expect(await blobText(blob)).toBe(whole);
  });
});
