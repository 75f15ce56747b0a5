import { describe, expect, it } from "vitest";
import { decodeInSlices } from "../../src/ui/textSlices.ts";

describe("decodeInSlices", () => {
  it("gives the text TextDecoder gives at once, with characters of 2, 3 and 4 bytes cut by the slices' ends", async () => {
    // 1 MB slices: "é€😀" is 2 + 3 + 4 bytes; after the leading "a", the first cut falls inside a "€" and the second inside a "😀".
    const text = "a" + "é€😀".repeat(400_000) + "z";
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(3 << 20);
    expect(await decodeInSlices(bytes)).toBe(text);
  });

  it("decodes an empty and a short text", async () => {
    expect(await decodeInSlices(new Uint8Array(0))).toBe("");
    expect(await decodeInSlices(new TextEncoder().encode('{"name":"Sofa – 3 seats"}'))).toBe('{"name":"Sofa – 3 seats"}');
  });
});
