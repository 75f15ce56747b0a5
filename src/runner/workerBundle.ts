/**
 * The Node workers (workers/<name>.node-worker.ts: simulation, plan, fit) as one bundled file each.
 * A worker thread does not inherit the main thread's TypeScript loader: through tsx, each worker
 * resolved and compiled every source again, and a command with two workers took about 0.8 s to
 * finish its first runs (0.4 s bundled). The bundle is made and kept up to date by
 * bundleCache.mjs; when it cannot be had, workers load the sources through tsx as before
 * (workers/<name>.node.mjs).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundled, cachedBundlePath, projectRoot } from "./bundleCache.mjs";

const known = new Map<string, URL | null>();

/** The bundled worker `name`'s URL, built or rebuilt if need be (once per process); null when it cannot be had. */
export function bundledNodeWorker(name: string): URL | null {
  if (!known.has(name)) {
    let url: URL | null;
    try {
      const root = projectRoot(import.meta.url);
      url = bundled(root, `workers/${name}.node-worker.ts`, cachedBundlePath(root, `${name}.node-worker.mjs`));
    } catch {
      url = null;
    }
    known.set(name, url);
  }
  return known.get(name)!;
}

export const bundledSimulationWorker = (): URL | null => bundledNodeWorker("simulation");

/** Worker `name`: its bundle, or the shell that loads its sources through tsx when no bundle can be had. */
export const nodeWorkerUrl = (name: string): URL => bundledNodeWorker(name) ?? pathToFileURL(join(projectRoot(import.meta.url), `workers/${name}.node.mjs`));
