/** Builds the app once for all end-to-end files (each file then serves the same folder). */
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildFresh } from "./harness.ts";

export default async function setup(project: TestProject) {
  const dir = await buildFresh();
  project.provide("e2eDist", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
