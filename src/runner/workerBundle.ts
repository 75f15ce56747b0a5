/**
 * The Node simulation worker as one bundled file. A worker thread does not inherit the main
 * thread's TypeScript loader: through tsx, each worker resolved and compiled every source again,
 * and a command with two workers took about 0.8 s to finish its first runs (0.4 s bundled). The
 * bundle is made and kept up to date by bundleCache.mjs; when it cannot be had, workers load the
 * sources through tsx as before (workers/simulation.node.mjs).
 */
import { bundled, cachedBundlePath, projectRoot } from "./bundleCache.mjs";

let known: URL | null | undefined;

/** The bundled simulation worker's URL, built or rebuilt if need be (once per process); null when it cannot be had. */
export function bundledSimulationWorker(): URL | null {
  if (known === undefined) {
    try {
      const root = projectRoot(import.meta.url);
      known = bundled(root, "workers/simulation.node-worker.ts", cachedBundlePath(root, "simulation.node-worker.mjs"));
    } catch {
      known = null;
    }
  }
  return known;
}
