import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseJsonInSlices } from "../../src/io/sliceJson.ts";

/** JSON.parse's value, or its error's class. */
function parsed(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

async function sliced(text: string): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: await parseJsonInSlices(text, 0) };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

describe("parseJsonInSlices", () => {
  it("gives JSON.parse's value for scenarios, pretty-printed or not", async () => {
    const scenario = {
      name: 'A "quoted" name, with [brackets] and {braces} \\ and products: [1]',
      products: [{ id: "a", price: 1, tags: ["x", { y: [1, 2] }] }, { id: "b,c", notes: "]},{" }, 3, "four", null, [5]],
      suppliers: [{ id: "s", products: ["not", "these"] }],
      runs: 10,
    };
    for (const text of [JSON.stringify(scenario), JSON.stringify(scenario, null, 2), ` \n${JSON.stringify(scenario, null, "\t")}\n `]) {
      expect(await sliced(text)).toEqual(parsed(text));
    }
    expect(await sliced('{"products":[]}')).toEqual({ value: { products: [] } });
    expect(await sliced('{"a":1,"products":[ ],"b":"products"}')).toEqual({ value: { a: 1, products: [], b: "products" } });
  });

  it("fails as JSON.parse fails, or gives its value, for texts that are not plain scenarios", async () => {
    const texts = [
      "",
      "[]",
      '"products"',
      '{"products":[1,]}',
      '{"products":[,1]}',
      '{"products":[1,,2]}',
      '{"products":[1 2]}',
      '{"products":[1]',
      '{"products":[1]} x',
      '{"products":[1],"products":[2]}',
      '{"products":{"a":1}}',
      '{"products":[{"a":1}],}',
      '{"x":{"products":[1]}}',
      '{"products" : [ 1 , {"b":[2]} ] }',
      '{"pro\\"ducts":[1]}',
      '{"products":[1],"x":[1,]}',
    ];
    for (const text of texts) expect(await sliced(text), text).toEqual(parsed(text));
  });

  it("agrees with JSON.parse on random scenario-shaped values and on their texts cut or altered", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }),
        fc.boolean(),
        fc.nat(),
        fc.string({ maxLength: 2 }),
        async (rest, products, pretty, at, insert) => {
          const text = JSON.stringify({ ...rest, products }, null, pretty ? 2 : undefined);
          expect(await sliced(text)).toEqual(parsed(text));
          const cut = at % (text.length + 1);
          const altered = text.slice(0, cut) + insert + text.slice(cut + 1);
          expect(await sliced(altered)).toEqual(parsed(altered));
        },
      ),
      { seed: 20261207, numRuns: 400 },
    );
  });
});
