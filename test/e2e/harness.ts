/**
 * End-to-end harness: builds the app once with Vite into a temporary folder, serves it from a
 * nested path (so the relative base "./" and module workers are exercised as on any static host),
 * and drives Debian's Chromium through playwright-core. No browser is downloaded.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { build } from "vite";
import { inject } from "vitest";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

export const ROOT = resolve(import.meta.dirname, "../..");
/** The app is served below this path, not at the server root. */
export const BASE_PATH = "/nested/backorder-lab/";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".ico": "image/x-icon",
};

declare module "vitest" {
  interface ProvidedContext {
    /** Folder of the build made once by test/e2e/globalSetup.ts for every e2e file. */
    e2eDist: string;
  }
}

/** Builds the app into a fresh temporary folder. */
export async function buildFresh(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "backorder-lab-e2e-"));
  // Profiling (PROFILE_TASKS, traceTasks) names functions as written, so that build is not minified.
  const minify = !process.env.PROFILE_TASKS;
  // The build users get (`npm run build`): vitest sets NODE_ENV to "test", with which Vite would
  // build Svelte's development runtime (every signal labelled, every component tagged).
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: ROOT, configFile: join(ROOT, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true, minify } });
  } finally {
    process.env.NODE_ENV = env;
  }
  return outDir;
}

function sharedDist(): string | undefined {
  try {
    return inject("e2eDist") || undefined;
  } catch {
    return undefined;
  }
}

/** The built app: the build the global setup made once, or a fresh one outside it. */
export async function buildApp(): Promise<string> {
  return sharedDist() ?? (await buildFresh());
}

export function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (!url.pathname.startsWith(BASE_PATH)) {
      res.writeHead(404).end("not found");
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(BASE_PATH.length)) || "index.html";
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const st = statSync(file);
      const path = st.isDirectory() ? join(file, "index.html") : file;
      rel = path;
      // The headers vite.config.ts serves with: cross-origin isolation, so workers share memory.
      res.writeHead(200, {
        "content-type": MIME[extname(path)] ?? "application/octet-stream",
        "cache-control": "no-store",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
      });
      res.end(readFileSync(path));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE_PATH}` })),
  );
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // performance.measureUserAgentSpecificMemory answers at once instead of at the next garbage collection.
      "--enable-blink-features=ForceEagerMeasureMemory",
    ],
  });
}

/** Removes a build made by `buildApp`; the shared build is removed by the global setup's teardown. */
export function cleanup(dir: string): void {
  if (dir === sharedDist()) return;
  rmSync(dir, { recursive: true, force: true });
}

/** Collects main-thread long tasks (> 50 ms) from page start; read with `page.evaluate(() => window.__longTasks)`. */
export const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
`;

/**
 * For the tests of one file: the app built and served, and Chromium launched, in a beforeAll; all
 * closed in an afterAll. `url` and `browser` are set from the file's first beforeAll on.
 */
export function servedApp(): { readonly url: string; readonly browser: Browser } {
  const app = { url: "", browser: undefined as unknown as Browser };
  let dir = "";
  let server: Server | undefined;
  beforeAll(async () => {
    dir = await buildApp();
    ({ server, url: app.url } = await serve(dir));
    app.browser = await launch();
  });
  afterAll(async () => {
    await app.browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(null)));
    if (dir) cleanup(dir);
  });
  return app;
}

/**
 * A page in a new browser context (1440 × 900 unless `options` say otherwise) whose errors are pushed
 * to `errors`: uncaught ones, and with `console` the console's too. `initScript` runs before the app's code.
 */
export async function newPage(
  browser: Browser,
  errors: string[],
  options: BrowserContextOptions & { initScript?: string; console?: boolean } = {},
): Promise<Page> {
  const { initScript, console: consoleToo, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...contextOptions });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  if (consoleToo)
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
  page.on("pageerror", (e) => errors.push(String(e)));
  return page;
}

/**
 * A page of the app with its console errors collected and the default scenario's first run stopped,
 * so that a decision tool's jobs have the workers to themselves.
 */
export async function openAppStopped(
  browser: Browser,
  url: string,
  consoleErrors: string[],
  options: BrowserContextOptions & { initScript?: string } = {},
): Promise<Page> {
  const page = await newPage(browser, consoleErrors, { ...options, console: true });
  await page.goto(url);
  await page.waitForSelector('[data-testid="run-status"]');
  if (await page.isVisible('[data-testid="cancel"]')) await page.click('[data-testid="cancel"]');
  return page;
}

/** Runs a decision tool (its `<prefix>-run` button) and waits until its status reports a new, finished answer. */
export async function runTool(p: Page, prefix: string, timeout = 150_000): Promise<void> {
  const before = Number(await p.getAttribute(`[data-testid="${prefix}-status"]`, "data-completed"));
  await p.click(`[data-testid="${prefix}-run"]`);
  await p.waitForFunction(
    ([id, n]) => {
      const el = document.querySelector(`[data-testid="${id}-status"]`);
      return Number(el?.getAttribute("data-completed")) > Number(n) || el?.getAttribute("data-status") === "failed";
    },
    [prefix, before] as const,
    { timeout },
  );
  expect(await p.getAttribute(`[data-testid="${prefix}-status"]`, "data-status")).toBe("done");
}

/** One main-thread task of the page: wall-clock and the main thread's own CPU time (ms). */
export interface TracedTask {
  wallMs: number;
  cpuMs: number;
  /** Where the task's time went: the browser's own work from the trace, and with PROFILE_TASKS set the JavaScript functions sampled, longest first. */
  breakdown?: string[];
}

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
};
type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

/**
 * Where a task's time went: the JavaScript functions sampled in it (self time, and time including
 * what they called for the outermost few), and the trace's own events on the main thread (layout,
 * style, garbage collection, parsing, user timing measures) within it.
 */
function breakdownOf(task: TraceEvent, events: TraceEvent[], profile: CpuProfile | null): string[] {
  const from = task.ts;
  const to = task.ts + (task.dur ?? 0);
  const out: string[] = [];
  const fmt = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${(v / 1000).toFixed(1)} ms ${k}`);
  const own = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== "X" || e.pid !== task.pid || e.tid !== task.tid || e === task || e.ts < from || e.ts > to) continue;
    if (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") continue;
    // A script's calls are named by their script (the page's own, or a test driver's injected one).
    const call = e.name === "FunctionCall" || e.name === "EvaluateScript" ? e.args?.data : undefined;
    const name = call ? `${e.name} ${call.url ? call.url.split("/").pop() : "(no script)"}${call.functionName ? ` ${call.functionName}` : ""}` : e.name;
    own.set(name, (own.get(name) ?? 0) + (e.dur ?? 0));
  }
  out.push("trace events (inclusive): " + fmt(own, 10).join("; "));
  if (profile) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const label = (id: number) => {
      const f = byId.get(id)!.callFrame;
      return `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    };
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i];
      const dt = profile.timeDeltas[i + 1] ?? 0;
      if (t < from || t > to) continue;
      const id = profile.samples[i];
      self.set(label(id), (self.get(label(id)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const l = label(n);
        if (seen.has(l)) continue;
        seen.add(l);
        incl.set(l, (incl.get(l) ?? 0) + dt);
      }
    }
    out.push("JS self: " + fmt(self, 14).join("; "));
    out.push("JS inclusive: " + fmt(incl, 24).join("; "));
  }
  return out;
}

/**
 * Records the page's main-thread tasks through Chromium's trace (CDP Tracing): each task's wall time
 * and its thread time, the CPU the page's thread itself spent in it. On a machine shared with other
 * work a task's wall time includes the time the thread waited for a core; its thread time is what
 * the task costs. `stop()` returns the tasks of at least `minMs` wall time since `start()`. With
 * PROFILE_TASKS set, the page's JavaScript is sampled too and each task says where its time went.
 */
export async function traceTasks(page: Page): Promise<{ stop(minMs?: number): Promise<TracedTask[]>; majorGcs: number }> {
  const cdp = await page.context().newCDPSession(page);
  const profiling = !!process.env.PROFILE_TASKS;
  const events: TraceEvent[] = [];
  // Tracing's events are not in playwright-core's typed list of CDP events.
  const on = cdp as unknown as { on(e: string, f: (x: { value: TraceEvent[] }) => void): void; once(e: string, f: () => void): void };
  on.on("Tracing.dataCollected", (e) => void events.push(...e.value));
  if (profiling) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  // The timeline's own events (script, style, layout, paint, GC) name what a long task did, so a step
  // over its bound says why even when it is not profiled.
  const categories = profiling
    ? "toplevel,disabled-by-default-devtools.timeline,devtools.timeline,blink.user_timing,v8,disabled-by-default-v8.gc"
    : "toplevel,disabled-by-default-devtools.timeline,devtools.timeline";
  await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
  const traced = {
    /** Major garbage collections on the page's main thread while traced (known once stopped). */
    majorGcs: 0,
    async stop(minMs = 50) {
      const done = new Promise<void>((ok) => on.once("Tracing.tracingComplete", () => ok()));
      await cdp.send("Tracing.end");
      await done;
      const profile = profiling ? ((await cdp.send("Profiler.stop")).profile as unknown as CpuProfile) : null;
      await cdp.detach();
      const mains = new Set(
        events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`),
      );
      // Starting the sampler on a page just reloaded is a task of its own, the profiler's, not the page's.
      const sampler = events.filter((e) => e.name === "CpuProfiler::StartProfiling");
      traced.majorGcs = events.filter((e) => e.name === "MajorGC" && e.ph === "X" && mains.has(`${e.pid}:${e.tid}`)).length;
      const isSampler = (t: TraceEvent) => sampler.some((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts <= t.ts + (t.dur ?? 0));
      return events
        .filter(
          (e) =>
            e.ph === "X" &&
            (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") &&
            mains.has(`${e.pid}:${e.tid}`) &&
            (e.dur ?? 0) >= minMs * 1000 &&
            !(profiling && isSampler(e)),
        )
        .map((e) => ({
          wallMs: (e.dur ?? 0) / 1000,
          cpuMs: (e.tdur ?? e.dur ?? 0) / 1000,
          breakdown: breakdownOf(e, events, profile),
        }));
    },
  };
  return traced;
}

/**
 * Prints what a step's longest tasks did (`label`, then each task's breakdown): always for a task
 * over `limit` ms of CPU, the three longest with PROFILE_TASKS set.
 */
export function explainTasks(label: string, tasks: TracedTask[], limit: number): void {
  for (const task of [...tasks].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 3))
    if (task.breakdown && (process.env.PROFILE_TASKS || task.cpuMs > limit))
      console.log(`${label}, a task of ${Math.round(task.wallMs)} ms wall, ${Math.round(task.cpuMs)} ms CPU:\n  ${task.breakdown.join("\n  ")}`);
}

/**
 * The draft as the app autosaved it: from localStorage, or, for a catalogue (which localStorage only
 * points to), from the draft backup in IndexedDB, its products kept as texts (src/ui/state/draftStore.ts).
 */
export async function autosavedDraft(page: Page): Promise<any> {
  return page.evaluate(async () => {
    const raw = localStorage.getItem("backorder-lab:editor:v1");
    const saved = raw ? JSON.parse(raw) : null;
    if (!saved?.draftInBackup) return saved?.draft ?? null;
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open("backorder-lab");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const b = await new Promise<any>((ok, fail) => {
      const r = db.transaction("drafts").objectStore("drafts").get("autosave");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    db.close();
    // A catalogue's products' texts are stored as a Blob (src/ui/saved/savedWorkDb.ts).
    const joined = b?.draftJoinedBlob ? { ...b.draftJoinedBlob, text: await (b.draftJoinedBlob.blob as Blob).text() } : b?.draftJoined;
    if (joined) {
      const { shell, text, ends } = joined as { shell: string; text: string; ends: Uint32Array };
      const products = Array.from(ends, (end, i) => JSON.parse(text.slice(i === 0 ? 0 : ends[i - 1], end)));
      return { ...JSON.parse(shell), products };
    }
    if (b?.draftParts) return { ...JSON.parse(b.draftParts.shell), products: b.draftParts.products.map((t: string) => JSON.parse(t)) };
    return b?.draftText ? JSON.parse(b.draftText) : (b?.draft ?? null);
  });
}
