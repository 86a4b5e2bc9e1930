// Takes phone-sized screenshots of the main storefront pages for a visual
// review: `node shots.cjs http://127.0.0.1:3000 /tmp/shots`.
const { chromium } = require("@playwright/test");
(async () => {
  const [base, out] = [process.argv[2] || "http://127.0.0.1:3000", process.argv[3] || "/tmp/shots"];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const width = Number(process.env.WIDTH || 390), height = Number(process.env.HEIGHT || 844);
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  const shot = async (name, path, full = false) => {
    await page.goto(base + path);
    await page.waitForSelector("body[data-hydrated]", { timeout: 15000 }).catch(() => {});
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: full });
  };
  await shot("home", "/");
  await shot("home-full", "/", true);
  await shot("category", "/c/kemeja");
  await shot("product", "/p/kemeja-linen-lengan-panjang");
  await page.locator(".sizes label.size:not(.soldout)").first().click();
  await page.getByTestId("add-to-cart").click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${out}/product-added.png` });
  await shot("cart", "/cart");
  await shot("checkout", "/checkout", true);
  await page.locator('input[name="name"]').fill("Sari Wulandari");
  await page.locator('input[name="email"]').fill("sari@example.id");
  await page.locator('input[name="phone"]').fill("0812 3456 7890");
  await page.locator('select[name="province"]').selectOption("Jawa Barat");
  await page.locator('input[name="city"]').fill("Kota Bandung");
  await page.locator('input[name="district"]').fill("Sumur Bandung");
  await page.locator('input[name="postal_code"]').fill("40111");
  await page.locator('textarea[name="street"]').fill("Jl. Braga No. 12");
  await page.locator("label.option", { hasText: "JNE REG" }).click();
  await page.getByTestId("place-order").click();
  await page.waitForURL(/\/orders\//);
  await page.screenshot({ path: `${out}/tracking.png`, fullPage: true });
  await browser.close();
})();
