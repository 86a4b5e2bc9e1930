// Live chat with two browsers: a shopper on a phone and an agent on a
// desktop, talking through the store's WebSocket endpoints.
import { test, expect, hydrated, addFirstSizeToCart, staffPage } from "./store";
import type { Page } from "@playwright/test";

async function openChat(page: Page): Promise<void> {
  await hydrated(page);
  await page.getByTestId("chat-launcher").click();
  await expect(page.getByTestId("chat-panel")).toBeVisible();
}

test("a shopper and an agent chat, with a product card that fills the cart", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "two contexts: the shopper at phone size, the agent at desktop size");

  // The chat bundle is not part of a page's first load: it comes on the
  // launcher's first tap.
  const chatBundle: string[] = [];
  page.on("request", (r) => {
    if (/\/pkg\/chat\.[0-9a-f]{16}\.(js|wasm)$/.test(new URL(r.url()).pathname)) chatBundle.push(r.url());
  });
  await addFirstSizeToCart(page, store, "kemeja-oxford-kerah-button-down");
  expect(chatBundle).toEqual([]);
  // The launcher does not cover the add-to-cart button.
  const buy = page.getByTestId("add-to-cart");
  await buy.scrollIntoViewIfNeeded();
  const [a, b] = [await buy.boundingBox(), await page.getByTestId("chat-launcher").boundingBox()];
  expect(a && b).toBeTruthy();
  const overlap = a!.x < b!.x + b!.width && b!.x < a!.x + a!.width && a!.y < b!.y + b!.height && b!.y < a!.y + a!.height;
  expect(overlap).toBe(false);

  const agent = await staffPage(browser, store, "/agent");
  await openChat(page);
  expect(chatBundle.length).toBe(2);
  const injection = "<img src=x onerror=alert(1)>";
  await page.getByLabel("Tulis pesan…").fill("Halo, kemeja ini ada ukuran lain? " + injection);
  await page.getByLabel("Tulis pesan…").press("Enter");
  const mine = page.getByTestId("chat-message").last();
  await expect(mine).toContainText(injection);
  // Stored ("Terkirim"); "Diterima" once an agent's panel has it (at once
  // if the panel's socket is already up, else when the agent opens it).
  await expect(mine).toContainText(/Terkirim|Diterima/);

  // The agent finds it in the queue, claims it and sees the cart.
  const item = agent.getByTestId("queue-item").first();
  await expect(item).toContainText("Tamu");
  await item.click();
  await agent.getByTestId("claim").click();
  await expect(agent.getByTestId("agent-context")).toContainText("Admin");
  // Claimed: nothing left to claim.
  await expect(agent.getByTestId("claim")).toHaveCount(0);
  await expect(agent.getByTestId("agent-cart")).toContainText("Kemeja Oxford");
  const shopperLine = agent.getByTestId("agent-message").first();
  await expect(shopperLine).toContainText(injection);
  // Shown as text in both views: no <img> element was made from it.
  expect(await agent.locator("[data-testid=agent-messages] img[src=x]").count()).toBe(0);
  expect(await page.locator("[data-testid=chat-list] img[src=x]").count()).toBe(0);
  await expect(mine).toContainText("Dibaca");

  await agent.getByLabel("Tulis pesan…").fill("Ada, Kak! Coba lihat yang ini juga.");
  await agent.getByTestId("agent-send").click();
  await agent.getByText("Kirim kartu produk").click();
  await agent.getByTestId("product-search").fill("batik");
  await agent.getByTestId("send-product").first().click();

  // The shopper sees the reply and the card, and adds it from the chat.
  await expect(page.getByTestId("chat-list")).toContainText("Ada, Kak! Coba lihat yang ini juga.");
  const card = page.getByTestId("chat-product");
  await expect(card).toBeVisible();
  const before = Number(await page.getByTestId("cart-count").innerText());
  await card.getByRole("button", { name: "Tambah ke keranjang" }).click();
  await expect(page.getByTestId("cart-count")).toHaveText(String(before + 1));
  // The agent's panel shows the cart change by itself.
  await expect(agent.getByTestId("agent-cart")).toContainText(/Batik/i);
  await agent.close();

  // On to the cart: the conversation stays open across the page change.
  await page.getByRole("link", { name: /Keranjang/ }).first().click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId("chat-panel")).toBeVisible();
  await expect(page.getByTestId("chat-list")).toContainText("Ada, Kak! Coba lihat yang ini juga.");
  await expect(page.getByTestId("cart-line")).toHaveCount(2);

  // Closed and opened again, the widget still holds the conversation.
  await page.getByRole("button", { name: "Tutup chat" }).click();
  await expect(page.getByTestId("chat-panel")).toHaveCount(0);
  await page.getByTestId("chat-launcher").click();
  await expect(page.getByTestId("chat-list")).toContainText("Ada, Kak! Coba lihat yang ini juga.");

  // After a reload (the widget was open, so it opens again by itself) the
  // card still knows it was added: a second tap cannot add a second unit.
  await page.reload();
  await expect(page.getByTestId("chat-panel")).toBeVisible();
  await expect(page.getByTestId("chat-product").getByRole("button")).toBeDisabled();
});

test("a dropped connection and a server restart lose and duplicate nothing", async ({ page, store }, info) => {
  test.skip(info.project.name !== "phone", "runs once, at phone size");
  await page.goto(store.url("/"));
  await openChat(page);
  // Nobody is online: the widget says so and still takes the message.
  await expect(page.getByTestId("chat-offline")).toBeVisible();
  await page.getByLabel("Tulis pesan…").fill("Pesan pertama");
  await page.getByLabel("Tulis pesan…").press("Enter");
  await expect(page.getByTestId("chat-message")).toHaveCount(1);

  // The server goes away; a message written meanwhile waits, then goes.
  await store.stop();
  await page.getByLabel("Tulis pesan…").fill("Pesan saat terputus");
  await page.getByLabel("Tulis pesan…").press("Enter");
  await expect(page.getByTestId("chat-pending")).toContainText("Mengirim…");
  await store.start();
  await expect(page.getByTestId("chat-message")).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId("chat-pending")).toHaveCount(0);

  // After a reload the history is the same two messages, once each (the
  // widget was open, so it opens again by itself).
  await page.reload();
  await expect(page.getByTestId("chat-panel")).toBeVisible();
  await expect(page.getByTestId("chat-message")).toHaveCount(2);
  await expect(page.getByTestId("chat-list")).toContainText("Pesan pertama");
  await expect(page.getByTestId("chat-list")).toContainText("Pesan saat terputus");
});

test("a photo is sent, and a fake one is refused with a clear message", async ({ page, store }, info) => {
  test.skip(info.project.name !== "phone", "runs once, at phone size");
  await page.goto(store.url("/"));
  await openChat(page);
  await page.getByTestId("chat-photo").setInputFiles({
    name: "foto.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<script>alert(1)</script> not a photo"),
  });
  await expect(page.getByRole("alert")).toHaveText("Berkas ini bukan foto. Kirim foto JPEG, PNG atau WebP.");
  await expect(page.getByTestId("chat-message")).toHaveCount(0);
  // A real (1×1) PNG arrives as a photo in the conversation.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  await page.getByTestId("chat-photo").setInputFiles({ name: "kemeja.png", mimeType: "image/png", buffer: png });
  const photo = page.getByTestId("chat-message").locator("img");
  await expect(photo).toHaveCount(1);
  await expect(photo).toHaveJSProperty("complete", true);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
});

test("on a failed download the launcher says so, and the next tap loads the chat", async ({ page, store }, info) => {
  test.skip(info.project.name !== "phone", "runs once, at phone size");
  await page.route("**/pkg/chat.*.wasm", (route) => route.abort("internetdisconnected"));
  await page.goto(store.url("/"));
  await hydrated(page);
  await page.getByTestId("chat-launcher").click();
  await expect(page.getByTestId("chat-launcher")).toContainText("Gagal memuat, ketuk lagi");
  await expect(page.getByTestId("chat-panel")).toHaveCount(0);
  await page.unroute("**/pkg/chat.*.wasm");
  await page.getByTestId("chat-launcher").click();
  await expect(page.getByTestId("chat-panel")).toBeVisible();
});
