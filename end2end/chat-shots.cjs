// Screenshots of the chat for a visual review, with a store running:
// `node chat-shots.cjs http://127.0.0.1:3000 /tmp/shots` (shopper on a
// phone, agent on a desktop, signed in as the admin from ETALASE_ADMIN_PASSWORD).
const { chromium } = require("@playwright/test");
(async () => {
  const [base, out] = [process.argv[2] || "http://127.0.0.1:3000", process.argv[3] || "/tmp/shots"];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const hydrated = (p) => p.waitForSelector("body[data-hydrated]", { timeout: 60000 });
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  await phone.goto(base + "/p/kemeja-linen-lengan-panjang");
  await hydrated(phone);
  await phone.screenshot({ path: `${out}/chat-launcher.png` });
  const agent = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await agent.goto(base + "/login?next=/agent");
  await hydrated(agent);
  await agent.getByLabel("Email").fill("admin@etalase.local");
  await agent.getByLabel("Kata sandi").fill(process.env.ETALASE_ADMIN_PASSWORD || "admin-pass-123");
  await agent.getByRole("button", { name: "Masuk" }).click();
  await agent.waitForURL(/\/agent/);
  await hydrated(agent);
  await phone.getByTestId("chat-launcher").click();
  await phone.getByLabel("Tulis pesan…").fill("Halo, kemeja linen ini ada ukuran XL warna putih?");
  await phone.getByLabel("Tulis pesan…").press("Enter");
  await agent.getByTestId("queue-item").first().click();
  await agent.getByTestId("claim").click();
  await agent.getByLabel("Tulis pesan…").fill("Halo Kak! Ukuran XL putih masih ada 3. Mau sekalian lihat yang batik?");
  await agent.getByTestId("agent-send").click();
  await agent.getByText("Kirim kartu produk").click();
  await agent.getByTestId("product-search").fill("batik");
  await agent.getByTestId("send-product").first().click();
  await phone.waitForSelector("[data-testid=chat-product]");
  await phone.waitForTimeout(800);
  await phone.screenshot({ path: `${out}/chat-shopper.png` });
  await agent.waitForTimeout(800);
  await agent.screenshot({ path: `${out}/chat-agent.png` });
  await browser.close();
})();
