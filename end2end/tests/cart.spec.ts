// The shopper's first journey: home → product → size → cart, on a phone and
// on a desktop, with the cart kept across a reload and a server restart.
import { test, expect, hydrated } from "./store";

test("a shopper adds a product and the cart survives reload and restart", async ({ page, store }) => {
  await page.goto(store.url("/"));
  await hydrated(page);
  await expect(page.getByTestId("cart-count")).toHaveText("0");

  // Home → a product (client-side navigation).
  await page.locator(".chips a", { hasText: "Kemeja" }).click();
  await expect(page).toHaveURL(/\/c\/kemeja/);
  await page.locator(".card", { hasText: "Kemeja Linen Lengan Panjang" }).click();
  await expect(page.locator("h1")).toHaveText("Kemeja Linen Lengan Panjang");
  await expect(page.getByTestId("price")).toContainText("Rp 289.000");

  // A marker on the window shows later that no reload happened.
  await page.evaluate(() => ((window as any).__sameDocument = true));

  // Choose the size that has only a few left; remember how many.
  const lowStock = page.locator(".sizes label.size:not(.soldout)", { hasText: "Sisa" }).first();
  const left = Number((await lowStock.locator("small").innerText()).replace(/\D/g, ""));
  expect(left).toBeGreaterThan(0);
  await lowStock.click();
  await expect(page.getByTestId("stock")).toHaveText(`Sisa ${left}`);
  await page.getByTestId("add-to-cart").click();

  await expect(page.getByRole("status")).toHaveText("Ditambahkan ke keranjang");
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // A reload keeps the cart.
  await page.reload();
  await expect(page.getByTestId("cart-count")).toHaveText("1");

  // So does a server restart.
  await store.restart();
  await page.goto(store.url("/cart"));
  await hydrated(page);
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await expect(page.getByTestId("cart-line")).toContainText("Kemeja Linen Lengan Panjang");
  await expect(page.getByTestId("subtotal")).toHaveText("Rp 289.000");

  // Asking for more than the stock is refused with a clear message.
  await page.getByTestId("line-qty").fill(String(left + 1));
  await page.getByTestId("line-update").click();
  await expect(page.getByTestId("cart-error")).toHaveText(`Stok tidak cukup: tersisa ${left}.`);
  await expect(page.getByTestId("line-qty")).toHaveValue("1");
  await expect(page.getByTestId("subtotal")).toHaveText("Rp 289.000");

  // A quantity within stock updates the totals (once the cart has reloaded
  // after the refusal, so the reload does not reset what is typed).
  if (left >= 2) {
    await page.waitForLoadState("networkidle");
    await page.getByTestId("line-qty").fill("2");
    await page.getByTestId("line-update").click();
    await expect(page.getByTestId("subtotal")).toHaveText("Rp 578.000");
    await expect(page.getByTestId("cart-count")).toHaveText("2");
  }
});

test("without JavaScript a shopper still searches, adds to the cart, changes quantities and reaches checkout", async ({ browser, store }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(store.url("/"));
  await page.getByRole("searchbox").fill("kemja");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/\/search\?q=kemja/);
  await page.locator(".card", { hasText: "Kemeja Linen Lengan Panjang" }).click();
  await expect(page.locator("h1")).toHaveText("Kemeja Linen Lengan Panjang");
  await page.locator(".sizes label.size:not(.soldout)", { hasText: "M" }).first().click();
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  await page.goto(store.url("/cart"));
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await expect(page.getByTestId("subtotal")).toHaveText("Rp 289.000");
  await page.getByTestId("line-qty").fill("2");
  await page.getByTestId("line-update").click();
  await expect(page.getByTestId("subtotal")).toHaveText("Rp 578.000");
  await expect(page.getByTestId("cart-count")).toHaveText("2");
  await page.getByRole("link", { name: "Lanjut ke pembayaran" }).click();
  await expect(page).toHaveURL(/\/checkout/);
  await expect(page.getByTestId("place-order")).toBeVisible();
  await context.close();
});

test("a size tapped before the page is live counts once it is", async ({ page, store }) => {
  // Hold the bundle back until the shopper has tapped a size.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/pkg/buy.*.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(store.url("/p/kemeja-linen-lengan-panjang"));
  const lowStock = page.locator(".sizes label.size:not(.soldout)", { hasText: "Sisa" }).first();
  const left = Number((await lowStock.locator("small").innerText()).replace(/\D/g, ""));
  await lowStock.click();
  await expect(page.getByTestId("stock")).toHaveText("Pilih ukuran");
  release();
  await hydrated(page);
  await expect(page.getByTestId("stock")).toHaveText(`Sisa ${left}`);
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
});
