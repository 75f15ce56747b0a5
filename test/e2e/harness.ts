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
  await build({ root: ROOT, configFile: join(ROOT, "vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } });
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
}

/**
 * Records the page's main-thread tasks through Chromium's trace (CDP Tracing): each task's wall time
 * and its thread time, the CPU the page's thread itself spent in it. On a machine shared with other
 * work a task's wall time includes the time the thread waited for a core; its thread time is what
 * the task costs. `stop()` returns the tasks of at least `minMs` wall time since `start()`.
 */
export async function traceTasks(page: Page): Promise<{ stop(minMs?: number): Promise<TracedTask[]> }> {
  const cdp = await page.context().newCDPSession(page);
  type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
  const events: TraceEvent[] = [];
  // Tracing's events are not in playwright-core's typed list of CDP events.
  const on = cdp as unknown as { on(e: string, f: (x: { value: TraceEvent[] }) => void): void; once(e: string, f: () => void): void };
  on.on("Tracing.dataCollected", (e) => void events.push(...e.value));
  await cdp.send("Tracing.start", { categories: "toplevel,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
  return {
    async stop(minMs = 50) {
      const done = new Promise<void>((ok) => on.once("Tracing.tracingComplete", () => ok()));
      await cdp.send("Tracing.end");
      await done;
      await cdp.detach();
      const mains = new Set(
        events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`),
      );
      return events
        .filter(
          (e) =>
            e.ph === "X" &&
            (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") &&
            mains.has(`${e.pid}:${e.tid}`) &&
            (e.dur ?? 0) >= minMs * 1000,
        )
        .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? e.dur ?? 0) / 1000 }));
    },
  };
}
