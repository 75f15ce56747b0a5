/**
 * The app as `npm run dev` serves it: Vite's dev server, with Svelte's development checks on. Editing
 * every kind of field of the scenario must leave the console clean — those checks warn, for example,
 * when a component mutates a prop it does not own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { createServer, type ViteDevServer } from "vite";
import type { Browser, Page } from "playwright-core";
import { launch, ROOT } from "./harness.ts";

let server: ViteDevServer;
let browser: Browser;
let page: Page;
const messages: string[] = [];

beforeAll(async () => {
  server = await createServer({ root: ROOT, configFile: join(ROOT, "vite.config.ts"), logLevel: "warn", server: { port: 0, host: "127.0.0.1", open: false } });
  await server.listen();
  const url = server.resolvedUrls!.local[0];
  browser = await launch();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") messages.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(`${url}#scenario`);
  await page.waitForSelector('[data-testid="nav-product-0"]', { timeout: 120_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("npm run dev's dev server", () => {
  it("edits products, suppliers and the scenario's settings with a clean console", async () => {
    await page.click('[data-testid="nav-product-0"]');
    const price = '[data-testid="products[0].price"]';
    await page.fill(price, String(Number(await page.inputValue(price)) + 1));
    await page.fill('[data-testid="products[0].name"]', "Renamed sofa");
    await page.selectOption('[data-testid="products[0].backorders.mode"]', "cap");
    // Every select of the product's editor to its last choice: order count, sizes, policy, sourcing, patience.
    const selects = page.locator(".main-col select");
    for (let i = 0; i < (await selects.count()); i++) {
      const values = await selects
        .nth(i)
        .locator("option")
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      if (values.length > 1) await selects.nth(i).selectOption(values[values.length - 1]);
    }
    // A weekday multiplier edited, then the week normalised and removed, and added back.
    await page.fill('[data-testid="products[0].demand.weekly[0]"]', "2");
    await page.click('[data-testid="products[0].demand.weekly.normalise"]');
    await page.locator('[data-testid="products[0].demand.weekly"] button:has-text("Remove")').click();
    await page.locator('[data-testid="products[0].demand.weekly"] button:has-text("Add")').click();
    await page.click('[data-testid="nav-supplier-0"]');
    await page.locator('.main-col button:has-text("Add disruptions"), .main-col button:has-text("Remove disruptions")').first().click();
    await page.click('[data-testid="nav-shop"]');
    await page.locator('.main-col button:has-text("Add fulfilment"), .main-col button:has-text("Remove fulfilment limits")').first().click();
    await page.waitForTimeout(300);
    expect(messages).toEqual([]);
  });
});
