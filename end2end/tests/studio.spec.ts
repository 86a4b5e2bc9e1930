// The marketing studio: a marketer writes a banner, watches it in the
// storefront's own component as she types, publishes it, and shoppers see
// it on the home page; archived, it leaves.
import { test, expect, staffPage, hydrated, fillCheckout, addFirstSizeToCart } from "./store";

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
  // A picture, drawn in the page and picked as a file: uploaded with its
  // progress, then named by its key, with alt text in both languages.
  const drawn = await studio.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 1200;
    c.height = 500;
    const g = c.getContext("2d")!;
    const shade = g.createLinearGradient(0, 0, 1200, 500);
    shade.addColorStop(0, "#7a1f1f");
    shade.addColorStop(1, "#d9a441");
    g.fillStyle = shade;
    g.fillRect(0, 0, 1200, 500);
    return c.toDataURL("image/png").split(",")[1];
  });
  await editor.getByTestId("picture-input").setInputFiles({ name: "toko.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
  await expect(editor.getByTestId("picture-error")).toContainText("SVG");
  await editor.getByTestId("picture-input").setInputFiles({ name: "harbolnas.png", mimeType: "image/png", buffer: Buffer.from(drawn, "base64") });
  await expect(editor.getByTestId("picture-key")).toHaveText(/^[0-9a-f]{16}$/);
  await editor.locator('input[name="image_alt_id"]').fill("Kain batik merah");
  await editor.locator('input[name="image_alt_en"]').fill("Red batik cloth");
  await expect(studio.getByTestId("banner-preview").locator("img.promo-img").first()).toBeVisible();
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

  // Dragged above the seeded hero, it becomes the hero: the first slide.
  const order = studio.getByTestId("banner-order").first();
  await expect(order.getByTestId("order-item")).toHaveCount(2);
  await order.getByTestId("order-item").filter({ hasText: "Harbolnas 12.12" }).dragTo(order.getByTestId("order-item").first());
  await expect(order.getByTestId("order-item").first()).toContainText("Harbolnas 12.12");
  await expect.poll(async () => {
    await page.goto(store.url("/"));
    return page.getByTestId("promo").first().innerText();
  }).toContain("Diskon Harbolnas 12.12");

  // A shopper sees it on the home page, as plain HTML.
  await page.goto(store.url("/"));
  await expect(page.getByTestId("promo").filter({ hasText: "Diskon Harbolnas 12.12" })).toBeVisible();
  const picture = page.getByTestId("promo").filter({ hasText: "Diskon Harbolnas 12.12" }).locator("img.promo-img");
  await expect(picture).toHaveAttribute("alt", "Kain batik merah");
  await expect(picture).toHaveAttribute("srcset", /480w, .*960w/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
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

test("a flash sale made in the studio counts down on the product page and a shopper pays its price", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the marketer at desktop size, the shopper at phone size");
  const studio = await staffPage(browser, store, "/studio");
  const form = studio.getByTestId("sale-form");
  await form.locator('input[name="form[name]"]').fill("Kilat Browser");
  const wibNow = new Date(Date.now() + 7 * 3600_000 - 60_000).toISOString().slice(0, 16);
  await form.locator('input[name="form[starts_at]"]').fill(wibNow);
  // A line the catalog does not know is named, and nothing is made.
  await form.locator('textarea[name="form[items]"]').fill("SN-KEM-01-BLA-L, 199000, 5\nSN-TIDAK-ADA, 1000, 1");
  await form.getByRole("button", { name: "Buat flash sale" }).click();
  await expect(studio.getByTestId("sale-error")).toContainText("Baris 2");
  await form.locator('textarea[name="form[items]"]').fill("SN-KEM-01-BLA-L, 199000, 5");
  await form.getByRole("button", { name: "Buat flash sale" }).click();
  const row = studio.getByTestId("sale-row").filter({ hasText: "Kilat Browser" });
  await expect(row.getByTestId("sale-sold")).toHaveText("0 / 5");
  await expect(form.locator('input[name="form[name]"]')).toHaveValue("");
  await studio.screenshot({ path: info.outputPath("studio-flash-sale.png"), fullPage: true });

  // The shopper's product page: the sale price, the normal one struck
  // through, what is left, and a countdown that runs before any wasm does.
  await page.goto(store.url("/p/kemeja-linen-lengan-panjang?warna=Hitam"));
  const panel = page.getByTestId("flash-panel");
  await expect(panel).toContainText("Rp 199.000");
  await expect(panel.locator("s")).toHaveText("Rp 289.000");
  await expect(panel.getByTestId("flash-left")).toHaveText("Tinggal 5 dengan harga flash sale");
  const clock = panel.locator("time.countdown");
  const first = await clock.innerText();
  expect(first).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  await expect(clock).not.toHaveText(first, { timeout: 3_000 });
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await page.screenshot({ path: info.outputPath("product-flash-sale.png") });

  // Bought at the sale price, through the cart and the checkout.
  await hydrated(page);
  await page.locator(".sizes label.size", { hasText: "L" }).first().click();
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  await page.goto(store.url("/cart"));
  await expect(page.getByTestId("cart-line")).toContainText("Rp 199.000");
  await expect(page.getByTestId("cart-line").locator("s.was")).toHaveText("Rp 289.000");
  await page.getByRole("link", { name: "Lanjut ke pembayaran" }).click();
  await hydrated(page);
  await fillCheckout(page, {
    name: "Sari Wulandari", email: "sari@example.id", phone: "0812 3456 7890",
    province: "Jawa Barat", city: "Kota Bandung", district: "Sumur Bandung",
    postal: "40111", street: "Jl. Braga No. 12", courier: "JNE REG",
  });
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/orders\/ETL-/);
  const amount = Number((await page.getByTestId("amount").innerText()).replace(/\D/g, ""));
  expect(amount - 199_000 - 11_000).toBeGreaterThanOrEqual(1);
  expect(amount - 199_000 - 11_000).toBeLessThanOrEqual(999);
  await studio.reload();
  await expect(studio.getByTestId("sale-row").filter({ hasText: "Kilat Browser" }).getByTestId("sale-sold")).toHaveText("1 / 5");
  await studio.close();
});

test("a batch of single-use vouchers made in the studio downloads as CSV, and a shopper applies one in the cart", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the marketer at desktop size");
  const studio = await staffPage(browser, store, "/studio");
  const form = studio.getByTestId("voucher-form");
  await form.locator('input[name="form[batch_count]"]').fill("20");
  await form.locator('input[name="form[batch_prefix]"]').fill("hemat");
  await form.locator('select[name="form[kind]"]').selectOption("fixed");
  await form.locator('input[name="form[value]"]').fill("10000");
  // Valid from the past minute (the form proposes the next full hour).
  const wibNow = new Date(Date.now() + 7 * 3600_000 - 60_000).toISOString().slice(0, 16);
  await form.locator('input[name="form[starts_at]"]').fill(wibNow);
  await form.getByRole("button", { name: "Buat voucher" }).click();
  const row = studio.getByTestId("voucher-row").filter({ hasText: "HEMAT-" });
  await expect(row.getByTestId("voucher-uses")).toHaveText("0 / 20 kode");
  const href = await row.getByTestId("voucher-csv").getAttribute("href");
  const csv = await (await studio.request.get(store.url(href!))).text();
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe("code,kind,value,min_spend,starts_at_wib,ends_at_wib,used");
  expect(new Set(lines.slice(1).map((l) => l.split(",")[0])).size).toBe(20);
  await studio.screenshot({ path: info.outputPath("studio-vouchers.png"), fullPage: true });
  await studio.close();

  // A shopper applies one of the codes in the cart: the discount shows at once.
  const code = lines[1].split(",")[0];
  await addFirstSizeToCart(page, store, "kemeja-oxford-kerah-button-down");
  await page.goto(store.url("/cart"));
  await hydrated(page);
  await page.getByTestId("voucher-code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Pakai" }).click();
  await expect(page.getByTestId("voucher-discount")).toHaveText("−Rp 10.000");
  await page.screenshot({ path: info.outputPath("cart-voucher.png") });
});
