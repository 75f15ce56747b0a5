/**
 * The web app in a real browser (Debian's Chromium via playwright-core), built with Vite and served
 * from a nested folder: run the default scenario, change a parameter and see the answer move the
 * way the model says it must, cancel a run, type a bad value, reload, switch example.
 * Screenshots of the main views go to test/e2e/__screenshots__/.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { LONG_TASK_OBSERVER, ROOT, servedApp, newPage } from "./harness.ts";

const SHOTS = join(ROOT, "test/e2e/__screenshots__");

let url = "";
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

async function completed(p: Page): Promise<number> {
  return Number(await p.getAttribute('[data-testid="run-status"]', "data-completed"));
}

/** Waits until more simulations have finished than `before`. */
async function waitForRun(p: Page, before: number, timeout = 120_000): Promise<void> {
  await p.waitForFunction((n) => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-completed")) > n, before, { timeout });
}

async function productMetric(p: Page, id: string, metric: string): Promise<number> {
  return Number(await p.getAttribute(`[data-testid="product-table"] tr[data-product="${id}"] td[data-metric="${metric}"]`, "data-value"));
}

/** Pastes text into a textarea (one input event, as a paste); playwright's fill is very slow on long text. */
async function paste(p: Page, selector: string, text: string): Promise<void> {
  await p.$eval(
    selector,
    (el, t) => {
      (el as HTMLTextAreaElement).value = t;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    text,
  );
}

async function openTab(p: Page, id: string): Promise<void> {
  await p.click(`#tab-${id}`);
}

const app = servedApp();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ url, browser } = app);
  page = await newPage(browser, consoleErrors, { viewport: { width: 1280, height: 800 }, initScript: LONG_TASK_OBSERVER, console: true });
});

describe("Backorder Lab in Chromium", () => {
  it("opens on the default scenario, runs it at once and shows KPIs and charts", async () => {
    await page.goto(url);
    // Served as vite.config.ts serves it: isolated, so the workers hand results over in shared memory.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // Generous: the whole default scenario (500 runs × 12 products × 393 days) on a shared 2-core machine.
    await waitForRun(page, 0, 170_000);
    for (const k of ["backorderRate", "fillRate", "cancellationRate", "lostSalesRate", "revenue", "profit"]) {
      const card = page.locator(`[data-testid="kpi-${k}"]`);
      await expect(card.isVisible()).resolves.toBe(true);
      const mean = Number(await card.getAttribute("data-mean"));
      expect(Number.isFinite(mean)).toBe(true);
    }
    const fill = Number(await page.getAttribute('[data-testid="kpi-fillRate"]', "data-mean"));
    expect(fill).toBeGreaterThan(0);
    expect(fill).toBeLessThanOrEqual(1);
    // Charts are drawn: a band and a median path with real geometry, axes with dates.
    for (const id of ["fan-onHand", "fan-backorderedUnits", "fan-backlogOrders"]) {
      const d = await page.getAttribute(`[data-testid="${id}"] path.band`, "d");
      expect((d ?? "").length).toBeGreaterThan(100);
    }
    await page.waitForSelector('[data-testid="hist-profit"] rect.bar', { state: "attached" });
    expect(await page.locator('[data-testid="hist-profit"] rect.bar').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid="product-table"] tbody tr').count()).toBe(12);
    // Money in the scenario's currency (EUR).
    expect(await page.textContent('[data-testid="kpi-profit-value"]')).toMatch(/€|EUR/);

    const timing = await page.getAttribute('[data-testid="run-status"]', "data-first-partial-ms");
    const total = await page.getAttribute('[data-testid="run-status"]', "data-total-ms");
    const tasks = (await page.evaluate(() => (window as any).__longTasks)) as { start: number; duration: number }[];
    console.log(
      `[e2e] first load + default run: first partial result after ${Math.round(Number(timing))} ms, finished in ${Math.round(Number(total))} ms; ` +
        `main-thread long tasks since page start: ${tasks.length} (longest ${Math.round(Math.max(0, ...tasks.map((t) => t.duration)))} ms)`,
    );
    await page.screenshot({ path: join(SHOTS, "results.png"), fullPage: true });
  });

  it("keeps the main thread free during a run (long tasks and first partial result, reported)", async () => {
    // Fewer runs from here on keep the suite short; directions of change do not need 500.
    await page.fill('[data-testid="run-runs"]', "200");
    const before = await completed(page);
    // Every text the status line shows while it says the run is done.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="run-status"]')!;
      const seen: string[] = ((window as any).__doneTexts = []);
      const note = () => {
        if (el.getAttribute("data-status") === "done") seen.push(el.textContent!.trim());
      };
      new MutationObserver(note).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const t0 = await page.evaluate(() => performance.now());
    await page.click('[data-testid="run"]');
    await waitForRun(page, before);
    const t1 = await page.evaluate(() => performance.now());
    const doneTexts = (await page.evaluate(() => (window as any).__doneTexts)) as string[];
    expect(doneTexts.length).toBeGreaterThan(0);
    for (const text of doneTexts) expect(text).toMatch(/^200 runs in \d/);
    const tasks = ((await page.evaluate(() => (window as any).__longTasks)) as { start: number; duration: number }[]).filter(
      (t) => t.start >= t0 && t.start <= t1,
    );
    const first = Number(await page.getAttribute('[data-testid="run-status"]', "data-first-partial-ms"));
    const total = Number(await page.getAttribute('[data-testid="run-status"]', "data-total-ms"));
    const draw = Number(await page.getAttribute('[data-testid="run-status"]', "data-max-draw-ms"));
    console.log(
      `[e2e] re-run of the default scenario: first partial ${Math.round(first)} ms, total ${Math.round(total)} ms; ` +
        `longest drawing of a partial result ${Math.round(draw)} ms; ` +
        `long tasks during the run: ${tasks.length}, total ${Math.round(tasks.reduce((a, t) => a + t.duration, 0))} ms, ` +
        `longest ${Math.round(Math.max(0, ...tasks.map((t) => t.duration)))} ms`,
    );
    expect(first).toBeGreaterThan(0);
  });

  it("moves the answer the expected way when a product stops selling on backorder, and when its stock target rises", async () => {
    const baseBackorder = await productMetric(page, "sofa", "backorderRate");
    const baseLost = await productMetric(page, "sofa", "lostSalesRate");
    const baseFill = await productMetric(page, "sofa", "fillRate");
    expect(baseBackorder).toBeGreaterThan(0);

    await openTab(page, "scenario");
    await page.click('[data-testid="nav-product-0"]');
    await page.selectOption('[data-testid="products[0].backorders.mode"]', "deny");
    // Results from before the edit say so until the scenario runs again.
    await openTab(page, "results");
    expect(await page.textContent('[data-testid="stale"]')).toMatch(/scenario has changed since this run/);
    await openTab(page, "scenario");
    let before = await completed(page);
    await page.keyboard.press("Control+Enter");
    await waitForRun(page, before);
    await openTab(page, "results");
    await expect(page.locator('[data-testid="stale"]').count()).resolves.toBe(0);
    // Denying backorders: no sofa order waits any more, and the ones that would have are lost.
    expect(await productMetric(page, "sofa", "backorderRate")).toBe(0);
    expect(await productMetric(page, "sofa", "lostSalesRate")).toBeGreaterThan(baseLost);

    // Back to backorders, with a far higher order-up-to level: more sofas filled from stock.
    await openTab(page, "scenario");
    await page.selectOption('[data-testid="products[0].backorders.mode"]', "allow");
    await page.fill('[data-testid="products[0].policy.orderUpTo"]', "60");
    await page.fill('[data-testid="products[0].policy.reorderPoint"]', "40");
    before = await completed(page);
    await page.click('[data-testid="run"]');
    await waitForRun(page, before);
    await openTab(page, "results");
    expect(await productMetric(page, "sofa", "fillRate")).toBeGreaterThan(baseFill);
    expect(await productMetric(page, "sofa", "backorderRate")).toBeLessThan(baseBackorder);
  });

  it("cancels a long run midway and keeps what finished", async () => {
    await page.fill('[data-testid="run-runs"]', "50000");
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-testid="progress-text"]');
    await page.waitForFunction(() => /^[1-9][\d,.\s]* of/.test(document.querySelector('[data-testid="progress-text"]')?.textContent?.trim() ?? ""), null, {
      timeout: 30_000,
    });
    await page.click('[data-testid="cancel"]');
    await page.waitForSelector('[data-testid="run-status"][data-status="cancelled"]', { timeout: 10_000 });
    expect(await page.locator('[data-testid="progress-text"]').count()).toBe(0);
    // The page still answers and the partial result is on screen.
    await expect(page.locator('[data-testid="kpi-profit"]').isVisible()).resolves.toBe(true);

    // Work the estimate calls too big is refused before it starts, with the estimate shown.
    await page.fill('[data-testid="run-runs"]', "5000000");
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-testid="too-big"]');
    expect(await page.textContent('[data-testid="too-big"]')).toMatch(/product-days/);
    expect(await page.locator('[data-testid="progress-text"]').count()).toBe(0);
    await page.fill('[data-testid="run-runs"]', "150");
  });

  it("restarts a running simulation: only the new run finishes and reports", async () => {
    const before = await completed(page);
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-testid="progress-text"]');
    await page.click('[data-testid="run"]'); // "Restart" while running
    // The replaced run's cancellation must not mark the new one cancelled.
    await page.waitForTimeout(500);
    expect(["running", "done"]).toContain(await page.getAttribute('[data-testid="run-status"]', "data-status"));
    await waitForRun(page, before);
    await page.waitForTimeout(300);
    expect(await completed(page)).toBe(before + 1);
    expect(await page.getAttribute('[data-testid="run-status"]', "data-status")).toBe("done");
  });

  it("shows a bad value's error next to its field, keeps what was typed, and keeps it over a reload", async () => {
    await openTab(page, "scenario");
    await page.click('[data-testid="nav-product-1"]');
    const price = page.locator('[data-testid="products[1].price"]');
    await price.fill("12o0");
    const field = page.locator(".field", { has: price });
    await field.locator('[data-testid="field-error"]').waitFor();
    expect(await field.locator('[data-testid="field-error"]').textContent()).toMatch(/number/i);
    expect(await price.inputValue()).toBe("12o0");
    expect(await page.isDisabled('[data-testid="run"]')).toBe(true);
    await page.screenshot({ path: join(SHOTS, "scenario-error.png"), fullPage: false });

    await page.reload();
    await openTab(page, "scenario");
    await page.click('[data-testid="nav-product-1"]');
    const again = page.locator('[data-testid="products[1].price"]');
    expect(await again.inputValue()).toBe("12o0");
    await page.locator(".field", { has: again }).locator('[data-testid="field-error"]').waitFor();
    // The earlier edits survived the reload too.
    await page.click('[data-testid="nav-product-0"]');
    expect(await page.inputValue('[data-testid="products[0].policy.orderUpTo"]')).toBe("60");

    await page.click('[data-testid="nav-product-1"]');
    await page.fill('[data-testid="products[1].price"]', "1200");
    expect(await page.isDisabled('[data-testid="run"]')).toBe(false);
  });

  it("switches example scenario in one step and runs it", async () => {
    const before = await completed(page);
    const option = await page.$eval(
      '[data-testid="example-picker"]',
      (s) => [...(s as HTMLSelectElement).options].find((o) => o.value === "winter-woolies")?.value,
    );
    expect(option).toBe("winter-woolies");
    await page.selectOption('[data-testid="example-picker"]', "winter-woolies");
    await waitForRun(page, before);
    await openTab(page, "results");
    const name = await page.textContent(".results-head h2");
    expect(name?.toLowerCase()).toContain("wool");
    await page.screenshot({ path: join(SHOTS, "results-winter-woolies.png"), fullPage: true });
  });

  it("gives a chart's exact values from the keyboard and sorts the product table", async () => {
    await openTab(page, "results");
    await page.focus('[data-testid="fan-onHand"] svg');
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+ArrowRight");
    const tip = page.locator('[data-testid="fan-onHand"] .tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/day 8.*median/s);
    await page.locator('[data-testid="fan-onHand"]').screenshot({ path: join(SHOTS, "fan-tooltip.png") });

    const header = page.locator('[data-testid="product-table"] thead button', { hasText: "Fill rate" });
    await header.click();
    const read = () => page.$$eval('[data-testid="product-table"] td[data-metric="fillRate"]', (tds) => tds.map((td) => Number(td.getAttribute("data-value"))));
    const desc = await read();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await header.press("Enter");
    const asc = await read();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    // Every figure with its spread: the mean, its ± half-width below it, the interval on hover.
    const profit = page.locator('[data-testid="product-table"] tbody tr').first().locator('td[data-metric="profit"]');
    expect(await profit.locator(".pm").textContent()).toMatch(/^± \D*[\d,.]+$/);
    expect(await profit.getAttribute("title")).toMatch(/^95 % confidence interval of the mean: \D*[\d,.]+ – \D*[\d,.]+$/);
    const rates = await page.$$eval('[data-testid="product-table"] td[data-metric="fillRate"] .pm', (els) => els.map((e) => e.textContent));
    for (const r of rates) expect(r).toMatch(/^± \d+\.\d\d pp$/);
  });

  it("edits demand with a seasonal preview, suppliers with a lead-time preview, and raw JSON that round-trips", async () => {
    await openTab(page, "scenario");
    await page.click('[data-testid="nav-product-0"]');
    await page.waitForSelector('[data-testid="demand-preview"] path.line');
    await page.screenshot({ path: join(SHOTS, "scenario-product.png"), fullPage: true });
    // A month profile that steps: the preview redraws with each month flat, and back to smooth drops the field.
    const smoothLine = await page.getAttribute('[data-testid="demand-preview"] path.line', "d");
    await page.selectOption('[data-testid="products[0].demand.monthlyShape"]', "step");
    await page.waitForFunction((d) => document.querySelector('[data-testid="demand-preview"] path.line')?.getAttribute("d") !== d, smoothLine);
    await page.locator('[data-testid="demand-preview"]').screenshot({ path: join(SHOTS, "scenario-demand-step.png") });
    await page.selectOption('[data-testid="products[0].demand.monthlyShape"]', "smooth");
    await page.waitForFunction((d) => document.querySelector('[data-testid="demand-preview"] path.line')?.getAttribute("d") === d, smoothLine);

    await page.click('[data-testid="nav-supplier-0"]');
    await page.waitForSelector('[data-testid="supplier-editor"] rect.bar', { state: "attached" });
    await page.screenshot({ path: join(SHOTS, "scenario-supplier.png"), fullPage: false });

    await page.click('[data-testid="nav-json"]');
    const text = await page.inputValue('[data-testid="json-text"]');
    const json = JSON.parse(text);
    json.name = "Edited in JSON";
    await paste(page, '[data-testid="json-text"]', JSON.stringify(json, null, 2));
    await page.click('[data-testid="nav-shop"]');
    expect(await page.inputValue('[data-testid="name"]')).toBe("Edited in JSON");
    // Text that is not JSON stays as typed with a line/column message.
    await page.click('[data-testid="nav-json"]');
    await paste(page, '[data-testid="json-text"]', '{ "name": ');
    await page.waitForSelector('[data-testid="json-error"]');
    expect(await page.textContent('[data-testid="json-error"]')).toMatch(/line 1/);
    await page.screenshot({ path: join(SHOTS, "scenario-json.png"), fullPage: false });
    await paste(page, '[data-testid="json-text"]', JSON.stringify(json, null, 2));
    await page.waitForSelector('[data-testid="json-error"]', { state: "detached" });
  });

  it("lays out on a 2560-wide monitor", async () => {
    await page.setViewportSize({ width: 2560, height: 1440 });
    await openTab(page, "results");
    await page.waitForSelector('[data-testid="kpis"]');
    await page.screenshot({ path: join(SHOTS, "results-2560.png"), fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("fits a phone's width: no view scrolls sideways, the tab row keeps the open tab in sight, a chosen product's editor comes into view", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const id of ["sensitivity", "scenario", "results", "import", "compare", "optimise", "backorders", "saved"]) {
        // Through the address (as a shared link would), so nothing scrolls the tab into view but the page.
        await page.evaluate((h) => (location.hash = h), `#${id}`);
        await page.waitForSelector(`#tab-${id}[aria-selected="true"]`);
        await page.waitForFunction(() => !document.querySelector("main > .loading"));
        await page.waitForTimeout(200);
        const fit = await page.evaluate(`(() => {
          const row = document.querySelector(".tabs").getBoundingClientRect();
          const tab = document.querySelector("#tab-${id}").getBoundingClientRect();
          return { scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth, tabInRow: tab.left >= row.left - 1 && tab.right <= row.right + 1 };
        })()`);
        expect({ id, ...(fit as object) }).toEqual({ id, scroll: 390, width: 390, tabInRow: true });
      }
      await page.screenshot({ path: join(SHOTS, "saved-390.png"), fullPage: false });
      // The editor sits below the list there: choosing a product brings its editor into view.
      await openTab(page, "scenario");
      await page.click('[data-testid="nav-product-1"]');
      await page.waitForFunction(() => {
        const top = document.querySelector(".main-col")!.getBoundingClientRect().top;
        return top >= 0 && top < innerHeight / 2;
      });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("raised no errors in the page console", () => {
    expect(consoleErrors).toEqual([]);
  });
});
