// The marketing studio: a marketer writes a banner, watches it in the
// storefront's own component as she types, publishes it, and shoppers see
// it on the home page; archived, it leaves.
import { test, expect, staffPage } from "./store";

test("a banner typed in the studio previews live, goes live on the home page and leaves when archived", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the marketer at desktop size, the shopper at phone size");
  const studio = await staffPage(browser, store, "/studio");
  await expect(studio.getByTestId("studio")).toBeVisible();
  // The seeded hero banner is listed as live.
  const seeded = studio.getByTestId("banner-row").filter({ hasText: "Koleksi Batik Baru" });
  await expect(seeded.getByTestId("banner-state")).toHaveText("Tayang");

  await studio.getByTestId("new-banner").click();
  const editor = studio.getByTestId("banner-editor");
  await editor.locator('input[name="name"]').fill("Harbolnas 12.12");
  await editor.locator('input[name="headline_id"]').fill("Diskon Harbolnas 12.12");
  // The previews follow the typing, at phone and desktop width.
  await expect(studio.getByTestId("banner-preview").getByTestId("promo")).toHaveCount(2);
  await expect(studio.getByTestId("banner-preview").getByTestId("promo").first()).toContainText("Diskon Harbolnas 12.12");
  await editor.locator('input[name="headline_en"]').fill("12.12 sale");
  await editor.locator('input[name="link"]').fill("javascript:alert(1)");
  await studio.getByTestId("publish-banner").click();
  await expect(studio.getByTestId("studio-error")).toContainText("https://");
  await editor.locator('input[name="link"]').fill("/c/batik");
  // Live from now: the start is moved to the past minute.
  const start = await editor.locator('input[name="starts_at"]').inputValue();
  const wibNow = new Date(Date.now() + 7 * 3600_000 - 60_000).toISOString().slice(0, 16);
  await editor.locator('input[name="starts_at"]').fill(wibNow);
  expect(start > wibNow).toBe(true);
  await studio.screenshot({ path: info.outputPath("studio-editor.png"), fullPage: true });
  await studio.getByTestId("publish-banner").click();
  const row = studio.getByTestId("banner-row").filter({ hasText: "Harbolnas 12.12" });
  await expect(row.getByTestId("banner-state")).toHaveText("Tayang");

  // A shopper sees it on the home page, as plain HTML.
  await page.goto(store.url("/"));
  await expect(page.getByTestId("promo").filter({ hasText: "Diskon Harbolnas 12.12" })).toBeVisible();
  await page.screenshot({ path: info.outputPath("home-with-banner.png") });

  // Tomorrow's home page, as the studio's time-travel preview shows it.
  const [preview] = await Promise.all([studio.context().waitForEvent("page"), studio.getByTestId("open-preview").click()]);
  await expect(preview.getByTestId("preview-note")).toContainText("Pratinjau beranda per");
  await expect(preview.getByTestId("promo").filter({ hasText: "Diskon Harbolnas 12.12" })).toBeAttached();
  await preview.close();

  await row.getByTestId("archive-banner").click();
  await expect(row.getByTestId("banner-state")).toHaveText("Diarsipkan");
  await page.goto(store.url("/"));
  await expect(page.getByTestId("promo").filter({ hasText: "Diskon Harbolnas 12.12" })).toHaveCount(0);
  await studio.close();
});
