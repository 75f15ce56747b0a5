/**
 * The decision views in a real browser (Debian's Chromium via playwright-core, the app built with
 * Vite and served from a nested folder): compare the default shop with a "refuse every backorder"
 * variant, optimise one product's level, recommend backorder settings, and draw the tornado.
 * Directions are checked against what the model must do; screenshots go to test/e2e/__screenshots__/.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { openAppStopped, ROOT, runTool, servedApp } from "./harness.ts";

const SHOTS = join(ROOT, "test/e2e/__screenshots__");

let url = "";
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const app = servedApp();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ url, browser } = app);
  page = await openAppStopped(browser, url, consoleErrors);
});

describe("Decision views in Chromium", () => {
  it("Compare: refusing every backorder loses sales (paired lost-sales difference above 0) and shows a KPI table with intervals", async () => {
    await page.click("#tab-compare");
    await page.fill('[data-testid="compare-runs"]', "30");
    await runTool(page, "compare");
    const lost = page.locator('[data-testid="compare-table"] tr[data-metric="lostSalesRate"] td.diffcol');
    expect(Number(await lost.getAttribute("data-lo"))).toBeGreaterThan(0);
    const profit = page.locator('[data-testid="compare-table"] tr[data-metric="profit"] td.diffcol');
    expect(Number.isFinite(Number(await profit.getAttribute("data-value")))).toBe(true);
    await expect(page.locator('[data-testid="compare-summaries"] li').count()).resolves.toBe(1);
    // Profit with its spread for the baseline, the variant and the paired difference.
    const pms = await page.locator('[data-testid="compare-table"] tr[data-metric="profit"] .pm').allTextContents();
    expect(pms).toHaveLength(3);
    for (const t of pms) expect(t).toMatch(/^± \D*[\d,.]+$/);
    await expect(page.locator('[data-testid="compare-profit-diff"] svg rect.bar').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="compare-overlay-backordered"] svg path.series').count()).resolves.toBe(2);
    await page.screenshot({ path: join(SHOTS, "decisions-compare.png"), fullPage: true });
  });

  it("Optimise: sweeps the mattress's order-up-to level and marks a best level on the frontier", async () => {
    await page.click("#tab-optimise");
    await page.selectOption('[data-testid="opt-product"]', "mattress");
    await page.fill('[data-testid="opt-runs"]', "30");
    await runTool(page, "opt");
    const best = Number(await page.getAttribute('[data-testid="opt-best"]', "data-value"));
    expect(Number.isInteger(best)).toBe(true);
    const levels = await page.locator('[data-testid="opt-grid-table"] tbody tr').count();
    expect(levels).toBeGreaterThanOrEqual(5);
    await expect(page.locator('[data-testid="opt-frontier"] g.pt.best').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="opt-frontier"] g.pt').count()).resolves.toBe(levels);
    expect(await page.textContent('[data-testid="opt-statement"]')).toMatch(/order-up-to level/);
    // Every level's figures with their spread: five ± half-widths a row.
    const spreads = await page.$$eval('[data-testid="opt-grid-table"] tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll(".pm").length));
    expect(spreads).toEqual(spreads.map(() => 5));
    await page.screenshot({ path: join(SHOTS, "decisions-optimise.png"), fullPage: true });
  });

  it("Backorder policy: one recommendation with a reason per product, and the options behind it", async () => {
    await page.click("#tab-backorders");
    await page.fill('[data-testid="rec-runs"]', "10");
    await runTool(page, "rec");
    const rows = page.locator('[data-testid="rec-table"] > tbody > tr[data-product]');
    await expect(rows.count()).resolves.toBe(12);
    for (const reason of await page.locator('[data-testid="rec-table"] td.reason').allTextContents()) expect(reason.length).toBeGreaterThan(20);
    await page.click('[data-testid="rec-table"] tr[data-product="sofa"] button');
    // Refusing is always among the options and always within the guardrails (nobody waits).
    await expect(page.locator(".opt-table tbody tr").count()).resolves.toBeGreaterThanOrEqual(5);
    expect(await page.locator(".opt-table tbody tr").first().locator("td").last().textContent()).toBe("within");
    // Each option's profit with the half-width of its interval.
    for (const t of await page.locator(".opt-table tbody tr td:nth-child(2) .pm").allTextContents()) expect(t).toMatch(/^± \D*[\d,.]+$/);
    await page.screenshot({ path: join(SHOTS, "decisions-backorders.png"), fullPage: true });
  });

  it("Sensitivity: draws both tornado charts with a bar pair per applicable input", async () => {
    await page.click("#tab-sensitivity");
    await page.fill('[data-testid="sens-runs"]', "20");
    await runTool(page, "sens");
    await expect(page.locator('[data-testid="tornado-profit"] rect.high').count()).resolves.toBe(6);
    // The widest bar comes first and moves profit.
    const first = await page.locator('[data-testid="tornado-profit"] rect.high').first().getAttribute("data-value");
    expect(Number(first)).not.toBe(0);
    await page.screenshot({ path: join(SHOTS, "decisions-sensitivity.png"), fullPage: true });
  });

  it("keeps every answer and its inputs over a look at another tab, and the answers fit a phone's width", async () => {
    await page.click("#tab-results");
    await page.click("#tab-scenario");
    await page.click("#tab-compare");
    await page.waitForSelector('[data-testid="compare-table"]');
    expect(await page.inputValue('[data-testid="compare-runs"]')).toBe("30");
    await page.click("#tab-optimise");
    await page.waitForSelector('[data-testid="opt-best"]');
    expect(await page.inputValue('[data-testid="opt-product"]')).toBe("mattress");
    expect(await page.inputValue('[data-testid="opt-runs"]')).toBe("30");
    await page.click("#tab-backorders");
    await expect(page.locator('[data-testid="rec-table"] > tbody > tr[data-product]').count()).resolves.toBe(12);
    expect(await page.inputValue('[data-testid="rec-runs"]')).toBe("10");
    await page.click("#tab-sensitivity");
    await expect(page.locator('[data-testid="tornado-profit"] rect.high').count()).resolves.toBe(6);
    expect(await page.inputValue('[data-testid="sens-runs"]')).toBe("20");

    // Nothing has changed the scenario: no answer says it is out of date.
    for (const t of ["compare", "opt", "rec", "sens"]) await expect(page.locator(`[data-testid="${t}-stale"]`).count()).resolves.toBe(0);

    await page.setViewportSize({ width: 390, height: 844 });
    try {
      // The window narrowed with Sensitivity open: the tab row scrolls to keep it in sight.
      await page.waitForFunction(() => {
        const row = document.querySelector(".tabs")!.getBoundingClientRect();
        const tab = document.querySelector("#tab-sensitivity")!.getBoundingClientRect();
        return tab.left >= row.left - 1 && tab.right <= row.right + 1;
      });
      for (const id of ["compare", "optimise", "backorders", "sensitivity"]) {
        await page.click(`#tab-${id}`);
        await page.waitForTimeout(300);
        const fit = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        expect({ id, fit }).toEqual({ id, fit: [390, 390] });
      }
      await page.screenshot({ path: join(SHOTS, "decisions-sensitivity-390.png"), fullPage: false });
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it("says when an answer was worked out before the scenario's latest change", async () => {
    const tools = [
      ["compare", "compare"],
      ["optimise", "opt"],
      ["backorders", "rec"],
      ["sensitivity", "sens"],
    ];
    const field = '[data-testid="products[0].policy.orderUpTo"]';
    await page.click("#tab-scenario");
    await page.click('[data-testid="nav-product-0"]');
    const level = await page.inputValue(field);
    await page.fill(field, String(Number(level) + 5));
    for (const [tab, t] of tools) {
      await page.click(`#tab-${tab}`);
      expect(await page.textContent(`[data-testid="${t}-stale"]`)).toMatch(/scenario has changed since/);
    }
    // The same scenario again: the answers are up to date again.
    await page.click("#tab-scenario");
    await page.fill(field, level);
    for (const [tab, t] of tools) {
      await page.click(`#tab-${tab}`);
      await expect(page.locator(`[data-testid="${t}-stale"]`).count()).resolves.toBe(0);
    }
    await page.click("#tab-scenario");
    await page.selectOption('[data-testid="products[0].backorders.mode"]', "deny");
    await page.click("#tab-sensitivity");
    expect(await page.textContent('[data-testid="sens-stale"]')).toMatch(/scenario has changed since/);
    // Worked out again, the answer is up to date.
    await page.fill('[data-testid="sens-runs"]', "10");
    await runTool(page, "sens");
    await expect(page.locator('[data-testid="sens-stale"]').count()).resolves.toBe(0);
  });

  it("logs no errors in the console", () => {
    expect(consoleErrors).toEqual([]);
  });
});
