/**
 * The Node simulation worker as one bundled file. A worker thread does not inherit the main
 * thread's TypeScript loader: through tsx, each worker resolved and compiled every source again,
 * and a command with two workers took about 0.8 s to finish its first runs (0.35 s bundled). The
 * worker's code is bundled with esbuild into node_modules/.cache/backorder-lab/ on first use and
 * again whenever one of its source files changes (the bundle's first line lists each input's size
 * and modification time). When esbuild is missing or anything fails, workers load the sources
 * through tsx as before (workers/simulation.node.mjs).
 */
import { mkdirSync, openSync, readSync, closeSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const HEADER = "// inputs: ";

type Input = [file: string, size: number, mtimeMs: number];

let known: URL | null | undefined;

/** The bundled simulation worker's URL, built or rebuilt if need be (once per process); null when it cannot be had. */
export function bundledSimulationWorker(): URL | null {
  known ??= bundled(ROOT, "workers/simulation.node-worker.ts", join(ROOT, "node_modules/.cache/backorder-lab/simulation.node-worker.mjs"));
  return known;
}

/**
 * `entry` (relative to `root`) bundled into the file `bundle`, rebuilt when missing or when any of
 * its inputs changed since; null when esbuild is missing or the build fails.
 */
export function bundled(root: string, entry: string, bundle: string): URL | null {
  try {
    return upToDate(root, bundle) ? pathToFileURL(bundle) : build(root, entry, bundle);
  } catch {
    return null;
  }
}

function stamp(root: string, file: string): Input | null {
  const st = statSync(join(root, file), { throwIfNoEntry: false });
  return st ? [file, st.size, st.mtimeMs] : null;
}

/** Whether the bundle exists and every input listed in its first line is unchanged. */
function upToDate(root: string, bundle: string): boolean {
  let fd: number;
  try {
    fd = openSync(bundle, "r");
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const line = head.subarray(0, n).toString("utf8").split("\n", 1)[0];
    if (!line.startsWith(HEADER)) return false;
    const inputs = JSON.parse(line.slice(HEADER.length)) as Input[];
    return (
      inputs.length > 0 &&
      inputs.every(([file, size, mtime]) => {
        const now = stamp(root, file);
        return now !== null && now[1] === size && now[2] === mtime;
      })
    );
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

function build(root: string, entry: string, bundle: string): URL | null {
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  const r = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(r.metafile.inputs).map((f) => stamp(root, f));
  if (inputs.some((i) => i === null)) return null;
  mkdirSync(dirname(bundle), { recursive: true });
  // Written whole under another name, then renamed: processes building at once never see half a file.
  const tmp = `${bundle}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, HEADER + JSON.stringify(inputs) + "\n" + r.outputFiles[0].text);
  renameSync(tmp, bundle);
  return pathToFileURL(bundle);
}
