#!/usr/bin/env node
// Command-line entry. Runs a bundle of the TypeScript sources, made on first use and remade when a
// source changes (src/runner/bundleCache.mjs); without one, the sources through tsx's loader. No
// build step is needed either way.
import { bundled, cachedBundlePath, projectRoot } from "../src/runner/bundleCache.mjs";

const root = projectRoot(import.meta.url);
const bundle = bundled(root, "src/cli/main.ts", cachedBundlePath(root, "cli.mjs"));
let main;
if (bundle) ({ main } = await import(bundle.href));
else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
