// The marketing studio: a marketer writes a banner, watches it in the
// storefront's own component as she types, publishes it, and shoppers see
// it on the home page; archived, it leaves.
import { test, expect, staffPage, hydrated, fillCheckout, addFirstSizeToCart } from "./store";
import type { Page } from "@playwright/test";

/** A 1200×500 picture drawn in the page, as PNG bytes. */
async function drawnPicture(studio: Page): Promise<Buffer> {
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
  return Buffer.from(drawn, "base64");
}

/** An instant as a WIB `datetime-local` value to the second (never :00,
 * which the input would shorten to minutes). */
function wibSeconds(ms: number): [number, string] {
  let at = Math.floor(ms / 1000) * 1000;
  if (new Date(at).getUTCSeconds() === 0) at += 1000;
  return [at, new Date(at + 7 * 3600_000).toISOString().slice(0, 19)];
}

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
  await editor.getByTestId("picture-input").setInputFiles({ name: "toko.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
  await expect(editor.getByTestId("picture-error")).toContainText("SVG");
  await editor.getByTestId("picture-input").setInputFiles({ name: "harbolnas.png", mimeType: "image/png", buffer: await drawnPicture(studio) });
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

test("a hero banner scheduled seconds ahead shows in the phone preview and the time-travel preview, then on the home page from its start to its end", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the marketer at desktop size, the shopper at phone size");
  test.setTimeout(120_000);
  const studio = await staffPage(browser, store, "/studio");
  await studio.getByTestId("new-banner").click();
  const editor = studio.getByTestId("banner-editor");
  await editor.locator('input[name="name"]').fill("Kilat Detik");
  await editor.locator('input[name="headline_id"]').fill("Promo Detik Ini");
  await editor.locator('input[name="headline_en"]').fill("This second's deal");
  // The upload shows its progress (held back a moment so it can be seen).
  await studio.route("**/studio/pictures", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await editor.getByTestId("picture-input").setInputFiles({ name: "kilat.png", mimeType: "image/png", buffer: await drawnPicture(studio) });
  await expect(editor.getByTestId("picture-progress")).toBeVisible();
  await expect(editor.getByTestId("picture-key")).toHaveText(/^[0-9a-f]{16}$/);
  await expect(editor.getByTestId("picture-progress")).toHaveCount(0);
  await editor.locator('input[name="image_alt_id"]').fill("Kain batik merah");
  await editor.locator('input[name="image_alt_en"]').fill("Red batik cloth");
  const phone = studio.locator(".preview.phone");
  await expect(phone.getByTestId("promo")).toContainText("Promo Detik Ini");
  await expect(phone.locator("img.promo-img")).toBeVisible();
  expect((await phone.boundingBox())!.width).toBeLessThan(420);
  // From 30 seconds from now, for 10 seconds (WIB, to the second).
  const [startsAt, starts] = wibSeconds(Date.now() + 30_000);
  const [endsAt, ends] = wibSeconds(startsAt + 10_000);
  await editor.locator('input[name="starts_at"]').fill(starts);
  await editor.locator('input[name="ends_at"]').fill(ends);
  await studio.getByTestId("publish-banner").click();
  const row = studio.getByTestId("banner-row").filter({ hasText: "Kilat Detik" });
  await expect(row.getByTestId("banner-state")).toHaveText("Terjadwal");

  // The time-travel preview at a moment inside its window shows it; a
  // shopper's home page, now, does not.
  await studio.locator('input[name="preview_at"]').fill(wibSeconds(startsAt + 4_000)[1]);
  const [preview] = await Promise.all([studio.context().waitForEvent("page"), studio.getByTestId("open-preview").click()]);
  await expect(preview.getByTestId("preview-note")).toContainText("Pratinjau beranda per");
  await expect(preview.getByTestId("promo").filter({ hasText: "Promo Detik Ini" })).toBeAttached();
  await preview.close();
  const promo = page.getByTestId("promo").filter({ hasText: "Promo Detik Ini" });
  await page.goto(store.url("/"));
  expect(Date.now()).toBeLessThan(startsAt);
  await expect(promo).toHaveCount(0);

  // At its second it is there, and at its end it is gone: nothing flips a
  // flag, each page decides when it is read.
  const shownAt = async (want: number) => {
    await expect.poll(async () => {
      await page.goto(store.url("/"));
      return promo.count();
    }, { timeout: 40_000, intervals: [500] }).toBe(want);
    return Date.now();
  };
  expect(await shownAt(1)).toBeGreaterThanOrEqual(startsAt);
  await page.screenshot({ path: info.outputPath("home-scheduled-banner.png") });
  expect(await shownAt(0)).toBeGreaterThanOrEqual(endsAt);
  await studio.reload();
  await expect(studio.getByTestId("banner-row").filter({ hasText: "Kilat Detik" }).getByTestId("banner-state")).toHaveText("Selesai");
  await studio.close();
});

test("a flash sale with a cap of 3 sells 3 units at its price and the normal price after, counting down on the home page", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the marketer at desktop size, the shopper at phone size");
  test.setTimeout(120_000);
  const studio = await staffPage(browser, store, "/studio");
  const form = studio.getByTestId("sale-form");
  const make = async (name: string, startsAt: string, items: string) => {
    await form.locator('input[name="form[name]"]').fill(name);
    await form.locator('input[name="form[starts_at]"]').fill(startsAt);
    await form.locator('textarea[name="form[items]"]').fill(items);
    await form.getByRole("button", { name: "Buat flash sale" }).click();
  };
  const wib = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);
  // A line the catalog does not know is named, and nothing is made.
  await make("Kilat Browser", wib(Date.now() - 60_000), "SN-KEM-01-BLA-L, 199000, 3\nSN-TIDAK-ADA, 1000, 1");
  await expect(studio.getByTestId("sale-error")).toContainText("Baris 2");
  await make("Kilat Browser", wib(Date.now() - 60_000), "SN-KEM-01-BLA-L, 199000, 3");
  const row = studio.getByTestId("sale-row").filter({ hasText: "Kilat Browser" });
  await expect(row.getByTestId("sale-sold")).toHaveText("0 / 3");
  await studio.screenshot({ path: info.outputPath("studio-flash-sale.png"), fullPage: true });

  // The home page counts down the running sale from the server's clock.
  await page.goto(store.url("/"));
  const head = page.getByTestId("flash-sale");
  await expect(head).toContainText("Kilat Browser");
  const homeClock = head.locator("time.countdown");
  const shown = await homeClock.innerText();
  await expect(homeClock).not.toHaveText(shown, { timeout: 3_000 });

  // The listing's card: the sale price, the normal one struck through, and
  // what is left at the sale price.
  await page.goto(store.url("/c/kemeja"));
  const card = page.locator("a.card", { hasText: "Kemeja Linen Lengan Panjang" });
  await expect(card.locator("s.was")).toHaveText("Rp 289.000");
  await expect(card.getByTestId("card-sale-left")).toHaveText("Tinggal 3 harga flash sale");
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath("listing-flash-sale.png") });

  // The product page: the sale price, the normal one struck through, what
  // is left, and a countdown that runs before any wasm does.
  await page.goto(store.url("/p/kemeja-linen-lengan-panjang?warna=Hitam"));
  const panel = page.getByTestId("flash-panel");
  await expect(panel).toContainText("Rp 199.000");
  await expect(panel.locator("s")).toHaveText("Rp 289.000");
  await expect(panel.getByTestId("flash-left")).toHaveText("Tinggal 3 dengan harga flash sale");
  const clock = panel.locator("time.countdown");
  const first = await clock.innerText();
  expect(first).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  await expect(clock).not.toHaveText(first, { timeout: 3_000 });
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await page.screenshot({ path: info.outputPath("product-flash-sale.png") });

  // Three units at the sale price, through the cart and the checkout.
  await hydrated(page);
  await page.locator(".sizes label.size", { hasText: "L" }).first().click();
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  await page.goto(store.url("/cart"));
  await hydrated(page);
  await page.getByTestId("line-qty").fill("3");
  await page.getByTestId("line-update").click();
  await expect(page.getByTestId("subtotal")).toHaveText("Rp 597.000");
  await expect(page.getByTestId("cart-line").locator("s.was")).toHaveText("Rp 289.000");
  await page.getByRole("link", { name: "Lanjut ke pembayaran" }).click();
  await hydrated(page);
  await fillCheckout(page, {
    name: "Sari Wulandari", email: "sari@example.id", phone: "0812 3456 7890",
    province: "Jawa Barat", city: "Kota Bandung", district: "Sumur Bandung",
    postal: "40111", street: "Jl. Braga No. 12", courier: "JNE REG",
  });
  const shipping = Number((await page.getByTestId("shipping").innerText()).replace(/\D/g, ""));
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/orders\/ETL-/);
  const amount = Number((await page.getByTestId("amount").innerText()).replace(/\D/g, ""));
  expect(amount - 3 * 199_000 - shipping).toBeGreaterThanOrEqual(1);
  expect(amount - 3 * 199_000 - shipping).toBeLessThanOrEqual(999);
  await studio.reload();
  await expect(studio.getByTestId("sale-row").filter({ hasText: "Kilat Browser" }).getByTestId("sale-sold")).toHaveText("3 / 3");

  // The cap is reached: the next buyer sees and pays the normal price.
  const next = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await next.goto(store.url("/p/kemeja-linen-lengan-panjang?warna=Hitam"));
  await expect(next.getByTestId("flash-panel")).toHaveCount(0);
  await hydrated(next);
  await next.locator(".sizes label.size", { hasText: "L" }).first().click();
  await next.getByTestId("add-to-cart").click();
  await expect(next.getByTestId("cart-count")).toHaveText("1");
  await next.goto(store.url("/cart"));
  await expect(next.getByTestId("subtotal")).toHaveText("Rp 289.000");
  await expect(next.getByTestId("cart-line").locator("s.was")).toHaveCount(0);

  // Outside the sale (here: past its cap; before its start is the same
  // rule), no sale price is had by posting one: a checkout claiming the
  // sale's subtotal is refused, and nothing is charged.
  const posted = await next.request.post(store.url("/api/orders/place"), {
    headers: { Accept: "application/json", Origin: store.url("") },
    form: {
      name: "Budi", email: "budi@example.id", phone: "0812 3456 7891", province: "Jawa Barat", city: "Kota Bandung",
      district: "Sumur Bandung", postal_code: "40111", street: "Jl. Braga No. 13", shipping: "JNE|REG",
      payment: "bank_transfer", idempotency_key: "forged-1", expected_subtotal: "199000",
    },
  });
  expect(posted.status()).toBe(422);
  expect(await posted.text()).toContain("Harga di keranjang berubah");
  await next.close();
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

test("a shopper from an Instagram link who ticks the consent at checkout shows in the studio's report, its chart and the audience export", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the marketer at desktop size, the shopper at phone size");
  await page.goto(store.url("/?utm_source=instagram&utm_campaign=1212"));
  await addFirstSizeToCart(page, store, "kemeja-oxford-kerah-button-down");
  await page.goto(store.url("/checkout"));
  await hydrated(page);
  await fillCheckout(page, {
    name: "Ayu Lestari", email: "ayu@example.id", phone: "0812 3456 7890",
    province: "Jawa Barat", city: "Kota Bandung", district: "Sumur Bandung",
    postal: "40111", street: "Jl. Braga No. 12", courier: "JNE REG",
  });
  // Asked, never assumed: the box starts unticked.
  const consent = page.getByTestId("marketing-consent");
  await expect(consent).not.toBeChecked();
  await consent.check();
  await consent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath("checkout-consent.png") });
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/orders\/ETL-/);
  const code = new URL(page.url()).pathname.split("/").pop()!;

  const studio = await staffPage(browser, store, "/studio");
  const report = studio.getByTestId("report");
  const row = report.getByTestId("campaign-row").filter({ hasText: "1212" });
  await expect(row.locator("td")).toHaveText(["instagram / -", "1212", "1", "1", /Rp/, "100.0%"]);
  await expect(report.getByTestId("channel-row").filter({ hasText: "Media sosial" }).locator("td").nth(1)).toHaveText("1");
  await expect.poll(() => report.getByTestId("report-chart").evaluate((img: HTMLImageElement) => img.complete ? img.naturalWidth : 0)).toBeGreaterThan(0);
  await report.scrollIntoViewIfNeeded();
  await studio.screenshot({ path: info.outputPath("studio-report.png"), fullPage: true });

  // Unpaid, she is no past buyer yet; paid, she is exported.
  const audience = studio.getByTestId("audience");
  await expect(audience.getByTestId("audience-count")).toHaveText("0");
  const moved = await studio.request.post(store.url("/api/admin/orders/move"), {
    headers: { Origin: store.url("") },
    form: { code, to: "paid", awb: "" },
  });
  expect(moved.status()).toBe(200);
  await audience.locator('input[name="min_spend"]').fill("1");
  await audience.locator('input[name="min_spend"]').press("Tab");
  await expect(audience.getByTestId("audience-count")).toHaveText("1");
  const href = await audience.getByTestId("audience-csv").getAttribute("href");
  const csv = await (await studio.request.get(store.url(href!))).text();
  expect(csv.split("\n")[1]).toMatch(/^ayu@example\.id,Ayu Lestari,1,\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  await studio.close();
});

test("a shopper who said yes at sign-up unsubscribes on her account page, before any wasm", async ({ page, store }, info) => {
  test.skip(info.project.name !== "phone", "a shopper's flow, at phone size");
  await page.goto(store.url("/register"));
  await hydrated(page);
  await page.getByLabel("Nama").fill("Rina Kartika");
  await page.getByLabel("Email", { exact: true }).fill("rina@example.id");
  await page.getByLabel("Kata sandi").fill("rahasia-rina");
  const consent = page.getByTestId("marketing-consent");
  await expect(consent).not.toBeChecked();
  await consent.check();
  await page.getByRole("button", { name: "Daftar" }).click();
  await expect(page).toHaveURL(/\/account$/);
  const choice = page.getByTestId("marketing-choice");
  await expect(choice.getByTestId("marketing-state")).toContainText("Anda menerima email promo");
  await choice.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath("account-marketing.png") });
  // A plain form: it works on a page whose wasm has not run.
  await page.reload();
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await page.getByTestId("marketing-toggle").click();
  await expect(page.getByTestId("marketing-state")).toContainText("Anda tidak menerima email promo");
  await page.getByTestId("marketing-toggle").click();
  await expect(page.getByTestId("marketing-state")).toContainText("Anda menerima email promo");
});
