/**
 * A newcomer's first look, in a real browser: the "what this is and what to try" panel (dismissed
 * once, remembered, back from Help), KPI definitions that open with a tap (not a hover) and explain
 * pp, revenue and profit that fit their cards at phone and wide-screen widths, and a safety stock
 * given as a service level shown in units in the editor.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { ROOT, servedApp, newPage } from "./harness.ts";

const SHOTS = join(ROOT, "test/e2e/__screenshots__");
let url = "";
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function waitForResult(p: Page): Promise<void> {
  await p.waitForFunction(() => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-completed")) > 0, null, { timeout: 150_000 });
}

const app = servedApp();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ url, browser } = app);
  page = await newPage(browser, pageErrors, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
});

describe("first use", () => {
  it("shows what this is and what to try, until dismissed; dismissing is remembered; Help brings it back", async () => {
    await page.goto(url);
    await page.waitForSelector('[data-testid="welcome"]');
    expect(await page.textContent('[data-testid="welcome"]')).toMatch(/What to try/);
    // It names what is on the page: the example the page opened with.
    expect(await page.textContent('[data-testid="welcome"] ol')).toMatch(/Results of the example “Home & gifts shop” \(it runs as the page\s+opens/);
    await page.screenshot({ path: join(SHOTS, "welcome-390.png") });
    await page.tap('[data-testid="welcome-close"]');
    await expect(page.locator('[data-testid="welcome"]').count()).resolves.toBe(0);
    await page.reload();
    await page.waitForSelector('[data-testid="run-status"]');
    await expect(page.locator('[data-testid="welcome"]').count()).resolves.toBe(0);
    await page.tap('[data-testid="help"]');
    await page.waitForSelector('[data-testid="welcome"]');
    // The words the figures use, pp among them.
    await page.tap('[data-testid="welcome"] summary');
    expect(await page.textContent('[data-testid="welcome"] dl')).toContain("Percentage points");
    await page.tap('[data-testid="welcome-close"]');
  });

  it("a KPI's definition opens with a tap, says what pp means, and revenue and profit fit their cards at 390 and 2,560 px", async () => {
    await waitForResult(page);
    await page.click("#tab-results");
    await page.tap('[data-testid="kpi-fillRate-help"]');
    const def = await page.textContent('[data-testid="kpi-fillRate-definition"]');
    expect(def).toContain("Units taken from stock on the day ordered");
    expect(def).toContain("percentage points (pp");
    await page.tap('[data-testid="kpi-profit-help"]');
    expect(await page.textContent('[data-testid="kpi-profit-definition"]')).toMatch(/Exactly .*\d{3},\d{3}/);
    for (const width of [390, 2560]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(200);
      for (const k of ["revenue", "profit", "fillRate"]) {
        const fits = await page.$eval(`[data-testid="kpi-${k}"]`, (card) =>
          [...card.querySelectorAll("*")].every((el) => el.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5),
        );
        expect({ k, width, fits }).toEqual({ k, width, fits: true });
      }
      await page.locator('[data-testid="kpis"]').screenshot({ path: join(SHOTS, `kpis-${width}.png`) });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    // Six-figure amounts are compact on the card.
    expect(await page.textContent('[data-testid="kpi-revenue-value"]')).toMatch(/\d(\.\d+)?\s?[KM]/);
  });

  it("a safety stock given as a service level is shown in units in the editor", async () => {
    await page.selectOption('[data-testid="example-picker"]', "winter-woolies");
    await page.click("#tab-scenario");
    await page.click('[data-testid="nav-product-0"]');
    const note = page.locator('[data-testid="products[0].policy.safetyStock-units"]');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/Safety stock ≈ \d+ units \(\d+–\d+ over the season\)/);
    await note.screenshot({ path: join(SHOTS, "safety-stock-units.png") });
  });

  it("Optimise on a service-level safety stock gives each level in units too, and says so in its statement", async () => {
    await page.click("#tab-optimise");
    await page.selectOption('[data-testid="opt-product"]', "scarf");
    await page.fill('[data-testid="opt-runs"]', "10");
    const before = Number(await page.getAttribute('[data-testid="opt-status"]', "data-completed"));
    await page.click('[data-testid="opt-run"]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="opt-status"]')?.getAttribute("data-completed")) > n, before, {
      timeout: 150_000,
    });
    const units = await page.locator('[data-testid="opt-units"]').allTextContents();
    expect(units.length).toBeGreaterThan(5);
    for (const u of units) expect(u).toMatch(/^≈ \d+/);
    expect(await page.textContent('[data-testid="opt-statement"]')).toMatch(/safety-stock service level [\d.]+ % \(≈ \d+ units[,)]/);
    await page
      .locator(".view.optimise .panel")
      .nth(1)
      .screenshot({ path: join(SHOTS, "optimise-service-level-390.png") });
  });

  it("raises no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
