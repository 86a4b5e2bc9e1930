// From cart to a shipped order: a guest checks out on a phone, pays by bank
// transfer with a unique code, and staff move the order to shipped.
import { test, expect, hydrated, addFirstSizeToCart, fillCheckout, staffPage } from "./store";

test("a guest checks out and follows the order to shipped", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the shopper journey runs at phone size");

  await addFirstSizeToCart(page, store, "kemeja-oxford-kerah-button-down");

  await page.goto(store.url("/cart"));
  await page.getByRole("link", { name: "Lanjut ke pembayaran" }).click();
  await expect(page).toHaveURL(/\/checkout/);
  await hydrated(page);
  await fillCheckout(page, {
    name: "Sari Wulandari", email: "sari@example.id", phone: "0812 3456 7890",
    province: "Jawa Barat", city: "Kota Bandung", district: "Sumur Bandung",
    postal: "40111", street: "Jl. Braga No. 12", courier: "JNE REG",
  });
  await expect(page.getByTestId("shipping")).toHaveText("Rp 11.000");
  await page.getByTestId("place-order").click();

  await expect(page).toHaveURL(/\/orders\/ETL-[0-9A-Z]{6}\?t=[0-9a-f]{64}/);
  await expect(page.getByTestId("order-status")).toHaveText("Menunggu pembayaran");
  const amount = Number((await page.getByTestId("amount").innerText()).replace(/\D/g, ""));
  const code = amount - 259_000 - 11_000;
  expect(code).toBeGreaterThanOrEqual(1);
  expect(code).toBeLessThanOrEqual(999);
  await expect(page.getByText("BCA 123 456 7890")).toBeVisible();
  // The copy button puts the exact amount on the clipboard (no inline
  // handler: it works under the CSP).
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.locator(".amount button.copy").first().click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(String(amount));
  const tracking = page.url();
  const orderCode = await page.getByTestId("order-code").innerText();

  // Staff confirm the transfer, pack and ship.
  const staff = await staffPage(browser, store, "/admin");
  const row = staff.locator(`[data-code="${orderCode}"]`);
  await row.getByTestId("move-paid").click();
  await expect(row).toContainText("Dibayar");
  await row.getByTestId("move-packed").click();
  await expect(row).toContainText("Dikemas");
  await row.getByTestId("awb-input").fill("JNE0123456789");
  await row.getByTestId("move-shipped").click();
  await expect(row).toContainText("Dikirim");
  await staff.close();

  // The shopper's tracking page shows every step and the waybill.
  await page.goto(tracking);
  await expect(page.getByTestId("order-status")).toHaveText("Dikirim");
  await expect(page.getByTestId("awb")).toHaveText("JNE0123456789");
  for (const step of ["Menunggu pembayaran", "Dibayar", "Dikemas", "Dikirim"]) {
    await expect(page.locator(".timeline")).toContainText(step);
  }
  // Without the token, the order does not exist.
  const res = await page.goto(store.url(`/orders/${orderCode}`));
  expect(res?.status()).toBe(404);
});
