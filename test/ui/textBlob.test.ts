import { describe, expect, it } from "vitest";
import { textBlob } from "../../src/ui/textSlices.ts";

describe("textBlob", () => {
  it("holds the UTF-8 of the parts joined, with long parts cut into slices and no surrogate pair split", async () => {
    // A slice is 262,144 characters and "😀" a surrogate pair: after the first part's 22 characters and
    // the leading "x", the first three slice ends in the long part fall between a pair's halves.
    const long = "x" + "😀".repeat(400_000);
    const parts = ['{\n  "products": [\n    ', long, ",\n    ", '{"id":"p2","name":"Sofa – 3 seats"}', "\n  ]\n}\n"];
    const blob = await textBlob(parts, "application/json");
    expect(blob.type).toBe("application/json;charset=utf-8");
    const text = parts.join("");
    expect(blob.size).toBe(new TextEncoder().encode(text).length);
    expect(await blob.text()).toBe(text);
  });

  it("makes an empty file of no parts and of an empty part", async () => {
    expect((await textBlob([])).size).toBe(0);
    expect(await (await textBlob([""])).text()).toBe("");
  });
});
