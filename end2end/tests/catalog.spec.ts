// Finding products: typo-tolerant search, filters kept in the URL, language.
import { test, expect, hydrated } from "./store";

test("a typo still finds the product", async ({ page, store }) => {
  await page.goto(store.url("/"));
  await hydrated(page);
  await page.getByRole("searchbox").fill("kemja");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/\/search\?q=kemja/);
  await expect(page.locator(".card").first()).toContainText("Kemeja");
});

test("filters and sort live in a shareable URL", async ({ page, store }) => {
  await page.goto(store.url("/c/celana?ukuran=32&urut=termurah"));
  await hydrated(page);
  const prices = await page.locator(".card-price").allInnerTexts();
  const numbers = prices.map((p) => Number(p.replace(/\D/g, "")));
  expect(numbers.length).toBeGreaterThan(1);
  expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  await expect(page.locator('select[name="ukuran"]')).toHaveValue("32");
});

test("English can be chosen and is remembered", async ({ page, store }) => {
  await page.goto(store.url("/c/batik"));
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/c\/batik/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Cart" })).toBeVisible();
  await page.goto(store.url("/"));
  await expect(page.getByRole("heading", { name: "Best sellers" })).toBeVisible();
});

test("an unknown address is a real 404 page", async ({ page, store }) => {
  const res = await page.goto(store.url("/tidak/ada"));
  expect(res?.status()).toBe(404);
  await expect(page.locator("h1")).toHaveText("Halaman tidak ditemukan");
});
