/**
 * The command line and Node workers run bundles of their sources, made on first use and remade when
 * a source changes (src/runner/bundleCache.mjs, workerBundle.ts).
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundled, cachedBundlePath, projectRoot } from "../../src/runner/bundleCache.mjs";
import { bundledSimulationWorker } from "../../src/runner/workerBundle.ts";

const dir = mkdtempSync(join(tmpdir(), "backorder-lab-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("worker bundle", () => {
  it("bundles an entry with its imports, keeps it while they are unchanged, and remakes it when one changes", async () => {
    writeFileSync(join(dir, "entry.ts"), 'import { value } from "./dep.ts";\nexport const answer: number = value * 2;\n');
    writeFileSync(join(dir, "dep.ts"), "export const value: number = 21;\n");
    const out = join(dir, "out", "entry.mjs");
    const first = bundled(dir, "entry.ts", out);
    expect(first).not.toBeNull();
    expect((await import(`${first!.href}?v=1`)).answer).toBe(42);
    const text = readFileSync(out, "utf8");
    expect(text.split("\n", 1)[0]).toMatch(/^\/\/ inputs: .*dep\.ts/);
    // Unchanged inputs: the same file is used, not rebuilt.
    bundled(dir, "entry.ts", out);
    expect(readFileSync(out, "utf8")).toBe(text);
    // A changed import is noticed by its size and modification time.
    writeFileSync(join(dir, "dep.ts"), "export const value: number = 50;\n");
    utimesSync(join(dir, "dep.ts"), new Date(), new Date(Date.now() + 5000));
    const again = bundled(dir, "entry.ts", out);
    expect((await import(`${again!.href}?v=2`)).answer).toBe(100);
  });

  it("gives null instead of throwing when the entry cannot be bundled", () => {
    expect(bundled(dir, "missing.ts", join(dir, "out", "missing.mjs"))).toBeNull();
  });

  it("bundles the simulation worker, listing its sources", () => {
    const url = bundledSimulationWorker();
    expect(url).not.toBeNull();
    const head = readFileSync(url!, "utf8").split("\n", 1)[0];
    expect(head).toContain("src/runner/chunkWorker.ts");
    expect(head).toContain("src/engine/productSim.ts");
  });
});

describe("project root", () => {
  it("is found from a source file and from a bundle in the cache alike", () => {
    const root = projectRoot(import.meta.url);
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).name).toBe("backorder-lab");
    expect(projectRoot(new URL(`file://${cachedBundlePath(root, "cli.mjs")}`))).toBe(root);
  });
});
