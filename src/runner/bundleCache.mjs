// Bundles of the Node entry points (the command line and the simulation worker), made with esbuild
// on first use into node_modules/.cache/backorder-lab/ and again whenever one of their source files
// changes: the bundle's first line lists each input's size and modification time. Through tsx,
// every start resolved and compiled each TypeScript source again (about 0.4 s per worker thread).
// Plain JavaScript, so that bin/backorder-lab.mjs can use it before any TypeScript loader exists.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HEADER = "// inputs: ";

/**
 * The project's folder: the nearest folder above `fromUrl` whose package.json names backorder-lab
 * (sources and bundles alike find the project's files from it).
 * @param {string | URL} fromUrl
 * @returns {string}
 */
export function projectRoot(fromUrl) {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).name === "backorder-lab") return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no backorder-lab package.json above ${String(fromUrl)}`);
    dir = up;
  }
}

/** Where the project keeps its bundles. @param {string} root @param {string} name */
export function cachedBundlePath(root, name) {
  return join(root, "node_modules/.cache/backorder-lab", name);
}

/**
 * `entry` (relative to `root`) bundled into the file `bundle`, rebuilt when missing or when any of
 * its inputs changed since; null when esbuild is missing or the build fails.
 * @param {string} root
 * @param {string} entry
 * @param {string} bundle
 * @returns {URL | null}
 */
export function bundled(root, entry, bundle) {
  try {
    return upToDate(root, bundle) ? pathToFileURL(bundle) : build(root, entry, bundle);
  } catch {
    return null;
  }
}

/** @param {string} root @param {string} file @returns {[string, number, number] | null} */
function stamp(root, file) {
  const st = statSync(join(root, file), { throwIfNoEntry: false });
  return st ? [file, st.size, st.mtimeMs] : null;
}

/** Whether the bundle exists and every input listed in its first line is unchanged. @param {string} root @param {string} bundle */
function upToDate(root, bundle) {
  let fd;
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
    /** @type {[string, number, number][]} */
    const inputs = JSON.parse(line.slice(HEADER.length));
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

/** @param {string} root @param {string} entry @param {string} bundle @returns {URL | null} */
function build(root, entry, bundle) {
  const esbuild = createRequire(import.meta.url)("esbuild");
  const r = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages stay where npm put them (some, such as esbuild itself, must not be bundled).
    packages: "external",
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
