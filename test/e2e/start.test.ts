/**
 * The README's first command after the install: `npm start` builds the app and serves the build.
 * The page it serves opens cross-origin isolated (the workers share memory) and runs the default
 * scenario, with a clean console; the build (in dist/, as `npm run build` writes it) is Svelte's
 * production runtime.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import type { Browser } from "playwright-core";
import { launch, ROOT } from "./harness.ts";

let proc: ChildProcess | undefined;
let browser: Browser | undefined;
let url = "";
let output = "";

beforeAll(async () => {
  proc = spawn("npm", ["start"], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start printed no address in 120 s:\n${output}`)), 120_000);
    const read = (b: Buffer) => {
      output += b.toString();
      const m = output.match(/Local:\s+(http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    proc!.stdout!.on("data", read);
    proc!.stderr!.on("data", read);
    proc!.on("exit", (code) => fail(new Error(`npm start ended (${code}):\n${output}`)));
  });
  browser = await launch();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  if (proc?.pid) {
    try {
      process.kill(-proc.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

describe("npm start", () => {
  it("builds the app and serves it: cross-origin isolated, the default scenario run, a clean console", async () => {
    const page = await browser!.newPage();
    const messages: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") messages.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-completed")) > 0, null, {
      timeout: 120_000,
    });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.locator('[data-testid="kpis"]').count()).toBe(1);
    // The build, not the sources: its scripts are bundled under assets/.
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname));
    expect(scripts.some((p) => /\/assets\/.*\.js$/.test(p))).toBe(true);
    expect(scripts.some((p) => p.includes("/src/"))).toBe(false);
    expect(messages).toEqual([]);
  }, 150_000);
});
