// Paying through the gateway: a guest chooses QRIS, the tracking page shows
// the QR and its deadline, the sandbox (speaking Midtrans' protocol on
// loopback) settles it, and the open tracking page turns "paid" from the
// notification alone, without a reload and without staff.
import { test, expect, hydrated, liveByItself, addFirstSizeToCart, fillCheckout } from "./store";

test("a QRIS payment settled by the gateway marks the order paid", async ({ page, context, store }, info) => {
  test.skip(info.project.name !== "phone", "the shopper journey runs at phone size");

  await addFirstSizeToCart(page, store, "kemeja-oxford-kerah-button-down");

  await page.goto(store.url("/checkout"));
  await hydrated(page);
  await fillCheckout(page, {
    name: "Dewi Lestari", email: "dewi@example.id", phone: "+62 813 1111 2222",
    province: "Jawa Timur", city: "Kota Surabaya", district: "Genteng",
    postal: "60275", street: "Jl. Tunjungan No. 5", courier: "J&T EZ",
  });
  await page.getByTestId("pay-qris").check();
  // No unique code with a gateway: the total is exactly items + shipping.
  await expect(page.locator(".summary .total")).not.toContainText("kode unik");
  await page.getByTestId("place-order").click();

  await expect(page).toHaveURL(/\/orders\/ETL-[0-9A-Z]{6}\?t=[0-9a-f]{64}/);
  // The tracking page follows its order by itself, untouched.
  await liveByItself(page);
  await expect(page.getByTestId("order-status")).toHaveText("Menunggu pembayaran");
  await expect(page.getByTestId("qr").locator("svg")).toBeVisible();
  await expect(page.getByTestId("amount")).toHaveText("Rp 269.000");
  await expect(page.getByTestId("countdown")).toContainText(/Sisa waktu \d\d:\d\d:\d\d/);

  // The shopper's banking app pays (the sandbox's pay page, in another tab).
  const href = await page.getByTestId("simulator").getAttribute("href");
  const bank = await context.newPage();
  await bank.goto(href!);
  await expect(bank.getByTestId("sandbox-status")).toHaveText("pending");
  await bank.getByTestId("sandbox-pay").click();
  await expect(bank.getByTestId("sandbox-status")).toHaveText("settlement");
  // The bank retries the same notification: still one payment.
  await bank.getByTestId("sandbox-resend").click();
  await bank.close();

  // The open tracking page picks the change up by itself.
  await expect(page.getByTestId("order-status")).toHaveText("Dibayar", { timeout: 25_000 });
  await expect(page.getByTestId("qr")).toHaveCount(0);
  await expect(page.locator(".timeline li", { hasText: "Dibayar" })).toHaveCount(1);
  await expect(page.locator(".timeline")).toContainText("Midtrans settlement");
});
