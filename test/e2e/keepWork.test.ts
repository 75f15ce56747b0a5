/**
 * Nothing the user made is lost when the scenario is replaced, in a real browser: uploading a
 * scenario, importing products (a products CSV and a sales history), switching examples in the
 * header and reverting an edited example each first keep the scenario as it was in Saved work,
 * and the kept copy opens again with what it held.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { autosavedDraft, ROOT, servedApp, newPage } from "./harness.ts";
import { catalogueScenario } from "./catalogue.ts";

let tmp = "";
let url = "";
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function savedNames(p: Page): Promise<string[]> {
  await p.click("#tab-saved");
  await p.waitForSelector('[data-testid="saved-view"]');
  return p.locator('[data-testid="saved-entry"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-name") ?? ""));
}

async function stopRun(p: Page): Promise<void> {
  if (await p.isVisible('[data-testid="cancel"]')) await p.click('[data-testid="cancel"]');
}

const app = servedApp();

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "backorder-lab-keep-"));
  ({ url, browser } = app);
  page = await newPage(browser, pageErrors, { viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('[data-testid="run-status"]');
  await stopRun(page);
});

afterAll(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("never lose work", () => {
  const shop = JSON.parse(readFileSync(join(ROOT, "scenarios/default-shop.json"), "utf8"));
  const mine = { ...shop, name: "My shop", products: shop.products.slice(0, 3) };

  it("uploading over the unedited example keeps nothing extra; uploading over an upload keeps it", async () => {
    const a = join(tmp, "my-shop.json");
    writeFileSync(a, JSON.stringify(mine));
    await page.setInputFiles('[data-testid="upload-scenario-input"]', a);
    await page.waitForSelector('[data-testid="notice-text"]:has-text("Loaded my-shop.json")');
    expect(await page.textContent('[data-testid="notice-text"]')).not.toContain("Saved work");
    expect(await savedNames(page)).toEqual([]);
  });

  it("importing products from a CSV keeps the scenario first", async () => {
    const csv = join(tmp, "new-products.csv");
    writeFileSync(csv, "id,name,price,unitCost,ordersPerDay,supplier,policyKind,orderUpTo\nscarf,Wool scarf,39,12,2,atelier,baseStock,20\n");
    await page.click("#tab-import");
    await page.setInputFiles('[data-testid="catalog-products-input"]', csv);
    await expect(page.locator('[data-testid="catalog-products-outcome"]').innerText()).resolves.toContain("1 added");
    expect(await savedNames(page)).toEqual(["My shop (before importing products from new-products.csv)"]);
  });

  it("adding products from a sales history keeps the scenario first", async () => {
    const lines = ["date,sku,units"];
    for (let d = 0; d < 120; d++) {
      const day = new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
      lines.push(`${day},mug,${(d * 7) % 5}`, `${day},plate,${(d * 3) % 4}`);
    }
    const hist = join(tmp, "history.csv");
    writeFileSync(hist, lines.join("\n") + "\n");
    await page.click("#tab-import");
    await page.setInputFiles('[data-testid="history-input"]', hist);
    await page.waitForSelector('[data-testid="fit-table"]', { timeout: 60_000 });
    await page.click('[data-testid="add-products"]');
    await page.waitForSelector('[data-testid="notice-text"]:has-text("Your previous scenario is in Saved work")');
    expect(await savedNames(page)).toContain("My shop (before importing products from history.csv)");
  });

  it("switching examples in the header keeps the scenario with its imported products, and the copy opens again", async () => {
    await page.selectOption('[data-testid="example-picker"]', "winter-woolies");
    await page.waitForSelector('[data-testid="notice-text"]:has-text("Opened the example")');
    await stopRun(page);
    expect(await page.textContent('[data-testid="notice-text"]')).toContain("Your previous scenario is in Saved work as “My shop (before switching to");
    const names = await savedNames(page);
    const copy = names.find((n) => n.startsWith("My shop (before switching to"))!;
    expect(copy).toBeTruthy();
    // 3 products + scarf + mug + plate.
    const row = page.locator(`[data-testid="saved-entry"][data-name="${copy}"]`);
    expect(await row.innerText()).toContain("6 products");
    await row.locator('[data-testid="saved-open"]').click();
    await page.waitForSelector('[data-testid="nav-product-5"]');
    expect(await page.locator('[data-testid="nav-product-3"]').innerText()).toContain("Wool scarf");
  });

  it("reverting an edited example keeps the edits first, without a blocking dialog", async () => {
    await page.selectOption('[data-testid="example-picker"]', "default-shop");
    await stopRun(page);
    await page.click("#tab-scenario");
    await page.click('[data-testid="add-product"]');
    await page.waitForSelector('[data-testid="edited"]');
    await page.click('[data-testid="edited"] button');
    await page.waitForSelector('[data-testid="notice-text"]:has-text("Back to")');
    await stopRun(page);
    expect((await savedNames(page)).some((n) => n.includes("(before reverting to the example)"))).toBe(true);
    expect(await page.isVisible('[data-testid="edited"]')).toBe(false);
  });

  it("an edit made just before a reload comes back, in a catalogue too, and the kept result is marked stale", async () => {
    // 1,200 products: over a megabyte of text, autosaved to IndexedDB with localStorage pointing to it.
    const big = join(tmp, "big.json");
    writeFileSync(big, JSON.stringify({ ...catalogueScenario(ROOT, 1200, 4), horizonDays: 30 }));
    await page.setInputFiles('[data-testid="upload-scenario-input"]', big);
    await page.waitForSelector('[data-testid="notice-text"]:has-text("Loaded big.json")');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="run"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 60_000 });
    const before = Number(await page.getAttribute('[data-testid="run-status"]', "data-completed"));
    await page.click("#tab-results");
    await page.click('[data-testid="run"]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-completed")) > n, before, {
      timeout: 120_000,
    });
    // The result is kept and the draft is in IndexedDB, localStorage only pointing to it.
    await page.waitForFunction(() => JSON.parse(localStorage.getItem("backorder-lab:editor:v1") ?? "{}").draftInBackup === true, null, {
      timeout: 30_000,
    });
    await page.waitForTimeout(1500);
    expect((await autosavedDraft(page)).products).toHaveLength(1200);

    const editAndReload = async (value: string, wait: number) => {
      await page.click("#tab-scenario");
      await page.fill('[data-testid="product-search"]', "item 6");
      await page.click('[data-testid="nav-product-5"]');
      await page.fill('[data-testid="products[5].price"]', value);
      await page.waitForTimeout(wait);
      await page.reload();
      await page.click("#tab-results");
      await page.waitForSelector('[data-testid="restored"]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid="stale"]', { timeout: 60_000 });
      await page.click("#tab-scenario");
      await page.fill('[data-testid="product-search"]', "item 6");
      await page.click('[data-testid="nav-product-5"]');
      expect(await page.inputValue('[data-testid="products[5].price"]')).toBe(value);
    };
    // At once: the autosave had not started (it waits for typing to pause), the page wrote it as it went.
    await editAndReload("123.45", 0);
    // Reopened and left before anything is done on it (its products still being checked): nothing is
    // written, the stored copy is the draft. Writing it read every product again in one task.
    await page.waitForFunction(() => JSON.parse(localStorage.getItem("backorder-lab:editor:v1") ?? "{}").draftInBackup === true, null, {
      timeout: 30_000,
    });
    const pointer = await page.evaluate(() => localStorage.getItem("backorder-lab:editor:v1"));
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="product-count"]')?.textContent?.includes("1,200"), null, { timeout: 60_000 });
    const left = await page.evaluate(() => {
      const t = performance.now();
      dispatchEvent(new PageTransitionEvent("pagehide"));
      return { ms: performance.now() - t, stored: localStorage.getItem("backorder-lab:editor:v1") };
    });
    expect(left.stored).toBe(pointer);
    // The bound every task of the page keeps (nothing read again in one task).
    expect(left.ms).toBeLessThan(100);
    // After the autosave has had its time: from IndexedDB.
    await editAndReload("234.5", 2000);
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem("backorder-lab:editor:v1"))) ?? "{}").draftInBackup).toBe(true);
    expect((await autosavedDraft(page)).products[5].price).toBe(234.5);
  }, 240_000);

  it("raises no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
