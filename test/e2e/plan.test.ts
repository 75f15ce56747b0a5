/**
 * The Plan tab in a real browser: a catalogue of several hundred products (the benchmark's 100,
 * copied under new ids) is planned in the plan workers while the page stays responsive (no
 * main-thread task over 100 ms), the table of every product is searched, filtered and sorted, and
 * the plan is applied to the scenario with the previous one kept in Saved work.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { LONG_TASK_OBSERVER, openAppStopped, ROOT, traceTasks, servedApp } from "./harness.ts";
import { benchCatalogue } from "../../src/cli/benchCatalogue.ts";

const SHOTS = join(ROOT, "test/e2e/__screenshots__");
const PRODUCTS = 400;

let url = "";
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), "bl-plan-e2e-"));

const app = servedApp();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ url, browser } = app);
  page = await openAppStopped(browser, url, consoleErrors, { initScript: LONG_TASK_OBSERVER });
});

describe("Plan tab in Chromium", () => {
  it(`plans ${PRODUCTS} products in workers without a main-thread task over 100 ms, filters and sorts them, and applies the plan`, async () => {
    const bench = JSON.parse(readFileSync(join(ROOT, "scenarios/bench.json"), "utf8"));
    const catalogue = { ...benchCatalogue(bench, PRODUCTS), name: "Plan catalogue", horizonDays: 120, runs: 16 };
    const file = join(tmp, "catalogue.json");
    writeFileSync(file, JSON.stringify(catalogue));
    await page.click("#tab-scenario");
    await page.setInputFiles('[data-testid="upload-scenario-input"]', file);
    await page.waitForSelector('[data-testid="notice-text"]:has-text("catalogue.json")');
    if (await page.isVisible('[data-testid="cancel"]')) await page.click('[data-testid="cancel"]');

    await page.click("#tab-plan");
    await page.fill('[data-testid="plan-runs"]', "16");
    await page.fill('[data-testid="plan-target"]', "fillRate>=0.9");
    await page.evaluate(() => ((window as unknown as { __longTasks: unknown[] }).__longTasks.length = 0));
    // Main-thread busy time (CPU) beside the tasks' wall time: on a loaded machine a short task can be stretched.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const busy = async () =>
      ((await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === "TaskDuration")!.value;
    const busy0 = await busy();
    const t0 = await page.evaluate(() => performance.now());
    const trace = await traceTasks(page);
    await page.click('[data-testid="plan-run"]');
    // Progress by products while it runs.
    // Polled twice a second: polling every frame would itself load the page's main thread being measured.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="plan-status"]')?.getAttribute("data-done")) > 0, null, {
      timeout: 120_000,
      polling: 500,
    });
    expect(await page.innerText('[data-testid="plan-status"]')).toMatch(/of 400 products/);
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-status"]')?.getAttribute("data-status") === "done", null, {
      timeout: 600_000,
      polling: 500,
    });
    const t1 = await page.evaluate(() => performance.now());
    console.log(`[e2e] main thread busy ${Math.round(((await busy()) - busy0) * 1000)} ms of the plan's ${Math.round(t1 - t0)} ms`);
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
    const long = tasks.map((t) => t.duration);
    console.log(
      `[e2e] plan took ${Math.round(t1 - t0)} ms; long tasks at ${tasks.map((t) => `${Math.round(t.start - t0)} ms (${Math.round(t.duration)} ms)`).join(", ")}`,
    );
    // The bound is on each task's own CPU time (Chromium's trace): on a machine shared with other
    // suites a task's wall time also counts the time its thread waited for a core.
    const cpu = (await trace.stop(10)).map((t) => t.cpuMs);
    console.log(
      `[e2e] plan of ${PRODUCTS} products: ${long.length} main-thread tasks over 50 ms, longest ${Math.round(Math.max(0, ...long))} ms wall, ${Math.round(Math.max(0, ...cpu))} ms of main-thread CPU`,
    );
    expect(
      Math.max(0, ...cpu),
      `main-thread tasks' CPU: ${cpu
        .filter((x) => x > 50)
        .map(Math.round)
        .join(", ")} ms`,
    ).toBeLessThanOrEqual(100);

    expect(await page.innerText('[data-testid="plan-table-count"]')).toBe("400 rows");
    expect(await page.innerText('[data-testid="plan-summary"]')).toMatch(/^400 products planned/);
    // Only the rows in view are in the page.
    const drawn = await page.locator('[data-testid="plan-table"] [data-product]').count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(40);
    // Search narrows to the copies of one product; sorting by stock value puts the dearest first.
    await page.fill('[data-testid="plan-table-search"]', "p007");
    expect(await page.innerText('[data-testid="plan-table-count"]')).toBe("4 of 400");
    await page.fill('[data-testid="plan-table-search"]', "");
    // A figure's column sorts largest first on its first click.
    await page.getByRole("button", { name: /^Stock value/ }).click();
    const values = await page.locator('[data-testid="plan-table"] [data-product] td.num:nth-child(10)').allInnerTexts();
    const parsed = values.map((v) => Number(v.replace(/[^\d.]/g, "")));
    expect(parsed).toEqual([...parsed].sort((a, b) => b - a));
    // Scrolling to the end draws the last rows.
    await page.$eval('[data-testid="plan-table"] .scroller', (el) => (el.scrollTop = el.scrollHeight));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="plan-table"] [data-product]').length > 0);
    await page.screenshot({ path: join(SHOTS, "plan.png"), fullPage: true });

    // Apply: the draft gets the planned levels, the previous one is kept in Saved work.
    const firstId = "p001";
    const planned = await page.evaluate((id) => {
      const row = document.querySelector(`[data-testid="plan-table"] [data-product="${id}"]`);
      return row ? row.querySelector(".planned")?.textContent : null;
    }, firstId);
    await page.click('[data-testid="plan-apply"]');
    await page.waitForSelector('[data-testid="plan-notice"]:has-text("Applied the plan to 400 products")');
    expect(await page.innerText('[data-testid="plan-notice"]')).toMatch(/kept in Saved work as “Plan catalogue \(before applying the plan\)”/);
    await page.click("#tab-saved");
    await page.waitForSelector('[data-testid="saved-entry"][data-name="Plan catalogue (before applying the plan)"]');
    if (planned) {
      const level = await page.evaluate(() => {
        const raw = localStorage.getItem("backorder-lab:editor:v1");
        return raw ? JSON.parse(raw).draft.products[0].policy.orderUpTo : null;
      });
      expect(String(level)).toBe(planned.replace(/,/g, ""));
    }
    expect(consoleErrors).toEqual([]);
  }, 900_000);

  it("a catalogue-wide target: the exchange curve and the saving against the same target per product", async () => {
    await page.click("#tab-plan");
    await page.selectOption('[data-testid="plan-mode"]', "aggregate");
    await page.fill('[data-testid="plan-target-aggregate"]', "fillRate>=0.95");
    await page.fill('[data-testid="plan-runs"]', "8");
    await page.click('[data-testid="plan-run"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-status"]')?.getAttribute("data-status") === "done", null, { timeout: 600_000 });
    const text = await page.innerText('[data-testid="plan-aggregate"]');
    expect(text).toMatch(/catalogue-wide fill rate of 95\.0 % needs .* less\./);
    await expect(page.locator('[data-testid="plan-curve"] svg').count()).resolves.toBe(1);
    // A new plan's table is drawn from its first rows, wherever the last one was scrolled to.
    expect(await page.locator('[data-testid="plan-table"] [data-product]').count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(SHOTS, "plan-aggregate.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 900_000);
});
