/**
 * Acting on decisions in a real browser: "Apply" in Optimise, Backorder policy and Compare changes
 * the scenario being edited and keeps the one before in Saved work; every decision table downloads
 * as CSV (parsed back); Backorder policy summarises the shop, shows the time left and keeps the
 * products finished when cancelled; Compare runs scenarios on different calendars, with a chosen
 * baseline and any two against each other. Screenshots at 390 and 2,560 px.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import Papa from "papaparse";
import { openAppStopped, ROOT, runTool, servedApp } from "./harness.ts";

const SHOTS = join(ROOT, "test/e2e/__screenshots__");
let tmp = "";
let url = "";
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

async function csvOf(p: Page, testid: string): Promise<{ name: string; rows: Record<string, string>[] }> {
  const [download] = await Promise.all([p.waitForEvent("download"), p.click(`[data-testid="${testid}"]`)]);
  const path = join(tmp, download.suggestedFilename());
  await download.saveAs(path);
  const parsed = Papa.parse<Record<string, string>>(
    readFileSync(path, "utf8")
      .replace(/^\uFEFF/, "")
      .trim(),
    { header: true },
  );
  expect(parsed.errors).toEqual([]);
  return { name: download.suggestedFilename(), rows: parsed.data };
}

async function savedNames(p: Page): Promise<string[]> {
  await p.click("#tab-saved");
  await p.waitForSelector('[data-testid="saved-view"]');
  return p.locator('[data-testid="saved-entry"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-name") ?? ""));
}

async function shots(p: Page, name: string): Promise<void> {
  for (const width of [390, 2560]) {
    await p.setViewportSize({ width, height: width === 390 ? 844 : 1300 });
    await p.waitForTimeout(250);
    const fit = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect({ name, width, fit }).toEqual({ name, width, fit: [width, width] });
    await p.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    if (width === 390) {
      // The panels one by one, at a size that can be read.
      const panels = p.locator(".panel-view:not([hidden]) .panel");
      const n = Math.min(4, await panels.count());
      for (let k = 1; k < n; k++) await panels.nth(k).screenshot({ path: join(SHOTS, `${name}-390-panel${k}.png`) });
    }
  }
  await p.setViewportSize({ width: 1440, height: 900 });
}

/** The boxes of `selector`'s elements (viewport coordinates). */
function boxes(p: Page, selector: string): Promise<{ left: number; top: number; right: number; bottom: number }[]> {
  return p.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }),
  );
}

/**
 * The notice of an Apply, on the Results view at a phone's width: in the page under the header, not
 * over any KPI card, with the page at its top and scrolled to the cards; still a live region with a
 * Dismiss button. Screenshots at 390 and 1,440 px.
 */
async function noticeOverNoKpi(p: Page): Promise<void> {
  await p.setViewportSize({ width: 390, height: 844 });
  await p.click("#tab-results");
  await p.waitForSelector('[data-testid="kpi-revenue"]');
  expect(await p.getAttribute('[data-testid="notice-region"]', "role")).toBe("status");
  expect(await p.isVisible('[data-testid="notice"] button[aria-label="Dismiss"]')).toBe(true);
  const revenueTop = await p.evaluate(() => document.querySelector('[data-testid="kpi-revenue"]')!.getBoundingClientRect().top + scrollY);
  for (const y of [0, revenueTop - 844 + 140, revenueTop - 200]) {
    await p.evaluate((to) => scrollTo(0, to), y);
    await p.waitForTimeout(100);
    const [notice] = await boxes(p, '[data-testid="notice"]');
    expect(notice).toBeTruthy();
    const cards = await boxes(p, '[data-testid="kpis"] > *');
    expect(cards.length).toBeGreaterThanOrEqual(6);
    const over = cards.filter((c) => c.left < notice!.right && notice!.left < c.right && c.top < notice!.bottom && notice!.top < c.bottom);
    expect({ scrolledTo: y, over }).toEqual({ scrolledTo: y, over: [] });
  }
  await p.evaluate(() => scrollTo(0, 0));
  await p.screenshot({ path: join(SHOTS, "decisions-apply-notice-390.png") });
  await p.setViewportSize({ width: 1440, height: 900 });
  await p.waitForTimeout(100);
  await p.screenshot({ path: join(SHOTS, "decisions-apply-notice-1440.png") });
  await p.click("#tab-optimise");
}

const app = servedApp();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), "backorder-lab-apply-"));
  ({ url, browser } = app);
  page = await openAppStopped(browser, url, consoleErrors, { acceptDownloads: true });
});

afterAll(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("acting on decisions", () => {
  it("Optimise: the table downloads, and Apply sets the best level in the product's policy, the scenario before kept", async () => {
    await page.click("#tab-optimise");
    await page.selectOption('[data-testid="opt-product"]', "mattress");
    await page.fill('[data-testid="opt-runs"]', "20");
    await runTool(page, "opt");
    const best = Number(await page.getAttribute('[data-testid="opt-best"]', "data-value"));
    // No command-line spelling of the objective on screen.
    expect(await page.textContent(".view.optimise")).not.toMatch(/fillRate>=|>=0\.97/);
    const csv = await csvOf(page, "opt-csv");
    expect(csv.rows.length).toBe(await page.locator('[data-testid="opt-grid-table"] tbody tr').count());
    expect(csv.rows.filter((r) => r.best === "yes").map((r) => Number(r.level))).toEqual([best]);
    expect(csv.rows[0].name).toMatch(/mattress/i);
    expect(csv.rows[0].fill_rate_pct).toMatch(/^\d+(\.\d{1,2})?$/);

    await page.click('[data-testid="opt-apply"]');
    await page.waitForSelector('[data-testid="opt-applied"]');
    const notice = await page.textContent('[data-testid="notice-text"]');
    expect(notice).toContain(`set to ${best.toLocaleString("en-US")}`);
    expect(notice).toContain("Your previous scenario is in Saved work as");
    await noticeOverNoKpi(page);
    // The editor shows the new level.
    await page.click("#tab-scenario");
    const index = await page.locator('[data-testid^="nav-product-"]').evaluateAll((els) => els.findIndex((e) => /mattress/i.test(e.textContent ?? "")));
    await page.click(`[data-testid="nav-product-${index}"]`);
    expect(Number(await page.inputValue(`[data-testid="products[${index}].policy.orderUpTo"]`))).toBe(best);
    expect((await savedNames(page)).some((n) => /before applying .*optimised order-up-to level/.test(n))).toBe(true);
    await page.click("#tab-optimise");
    await shots(page, "decisions-optimise-apply");
  });

  it("Backorder policy: time left while running, Cancel keeps the finished products", async () => {
    await page.click("#tab-backorders");
    await page.fill('[data-testid="rec-runs"]', "300");
    await page.click('[data-testid="rec-run"]');
    await page.waitForFunction(() => /\(3 of 12\)/.test(document.querySelector('[data-testid="rec-status"]')?.textContent ?? ""), null, { timeout: 120_000 });
    await page.waitForSelector('[data-testid="rec-eta"]');
    expect(await page.textContent('[data-testid="rec-eta"]')).toMatch(/% done/);
    await page.click('[data-testid="rec-status"] >> xpath=.. >> button.secondary');
    await page.waitForSelector('[data-testid="rec-status"][data-status="cancelled"]');
    const rows = await page.locator('[data-testid="rec-table"] > tbody > tr[data-product]').count();
    expect(rows).toBeGreaterThanOrEqual(2);
    expect(rows).toBeLessThan(12);
    expect(await page.textContent('[data-testid="rec-status"]')).toContain("Cancelled: what was finished is below.");
    expect(await page.textContent('[data-testid="rec-summary"] h3')).toContain(`the ${rows} products finished before Cancel`);
  });

  it("Backorder policy: a shop summary with the simulated effect of applying all of it, the table as CSV, Apply all", async () => {
    await page.fill('[data-testid="rec-runs"]', "10");
    await runTool(page, "rec", 240_000);
    const count = async (k: string) => Number(await page.textContent(`[data-testid="rec-count-${k}"]`));
    expect((await count("allow")) + (await count("cap")) + (await count("deny"))).toBe(12);
    const changed = await count("changed");
    if (changed > 0) expect(await page.textContent('[data-testid="rec-shop-effect"]')).toMatch(/Applying all \d+ changes?, simulated for the whole shop/);
    const csv = await csvOf(page, "rec-csv");
    expect(new Set(csv.rows.map((r) => r.product)).size).toBe(12);
    expect(csv.rows.filter((r) => r.chosen === "yes")).toHaveLength(12);
    if (changed > 0) {
      await page.click('[data-testid="rec-apply-all"]');
      await page.waitForSelector('[data-testid="notice-text"]:has-text("Applied the recommended backorder setting")');
      await expect(page.locator('[data-testid="rec-applied"]').count()).resolves.toBe(changed);
      expect((await savedNames(page)).some((n) => n.includes("(before applying the backorder recommendations)"))).toBe(true);
      await page.click("#tab-backorders");
    }
    await shots(page, "decisions-backorders-summary");
  });

  it("Compare: another calendar, a chosen baseline, any two against each other, where profit comes from, CSV, and a variant made the scenario", async () => {
    await page.click("#tab-compare");
    // The current scenario ticked with its prefilled variant, plus an example on another calendar.
    await page.check('[data-testid="compare-pick-supplier-a"]');
    await page.fill('[data-testid="compare-runs"]', "20");
    await page.selectOption('[data-testid="compare-baseline"]', { label: "Sourcing: supplier A" });
    await runTool(page, "compare");
    expect(await page.textContent('[data-testid="compare-table"] thead th:nth-child(2)')).toMatch(/supplier a/i);
    const notes = await page.locator('[data-testid="compare-note"]').allTextContents();
    expect(notes.join(" ")).toMatch(/runs on the shared calendar: warm-up days 84 instead of 60/);
    expect(notes.join(" ")).not.toMatch(/warmupDays/);
    // Rates: the mean and its ± with the same decimals, never "± 0.0 pp".
    for (const t of await page.locator('[data-testid="compare-table"] tr[data-metric="backorderRate"] td.diffcol').allTextContents()) {
      const m = /([\d.]+) pp\s*± ([\d.]+) pp/.exec(t.replace(/\s+/g, " "));
      expect(m, t).not.toBeNull();
      expect(m![1].split(".")[1]?.length ?? 0).toBe(m![2].split(".")[1]?.length ?? 0);
      expect(Number(m![2])).toBeGreaterThan(0);
    }
    await expect(page.locator('[data-testid="compare-table"] tr[data-metric="holdingCost"]').count()).resolves.toBe(1);
    await page.waitForSelector('[data-testid="compare-ab"] table');
    // Bars start at zero: the zero line is drawn in the charts of values too.
    await expect(page.locator('[data-testid="compare-profit"] line.zero').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="compare-fill"] line.zero').count()).resolves.toBe(1);
    const csv = await csvOf(page, "compare-csv");
    expect(csv.rows.map((r) => r.role)).toEqual(["baseline", "variant", "variant"]);
    await shots(page, "decisions-compare-apply");

    const variant = page.locator('[data-testid="compare-apply"]').filter({ hasText: "Refuse every backorder" });
    await variant.click();
    await page.waitForSelector('[data-testid="notice-text"]:has-text("is now the scenario being edited")');
    expect((await savedNames(page)).some((n) => n.includes("(before making"))).toBe(true);
  });

  it("Sensitivity: the table downloads, one row per input and direction", async () => {
    await page.click("#tab-sensitivity");
    await page.fill('[data-testid="sens-runs"]', "10");
    await runTool(page, "sens");
    const csv = await csvOf(page, "sens-csv");
    expect(csv.rows[0].input).toBe("(as it is)");
    expect(csv.rows.length).toBe(1 + 2 * 6);
    expect(csv.rows.every((r) => /^-?\d+(\.\d{1,2})?$/.test(r.profit))).toBe(true);
  });

  it("logs no errors in the console", () => {
    expect(consoleErrors).toEqual([]);
  });
});
