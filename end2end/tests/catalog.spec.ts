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

test("bundles are named by their content and cached for a year; a second visit downloads none", async ({ page, store }) => {
  // Chromium's own view of the network: what each bundle cost on the wire.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const bundles = new Map<string, { path: string; cache: string; bytes: number }>();
  cdp.on("Network.responseReceived", ({ requestId, response }) => {
    const path = new URL(response.url).pathname;
    if (/^\/pkg\/.*\.(js|wasm)$/.test(path)) {
      bundles.set(requestId, { path, cache: response.headers["cache-control"] ?? "", bytes: -1 });
    }
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    const b = bundles.get(requestId);
    if (b) b.bytes = encodedDataLength;
  });
  await page.goto(store.url("/"));
  await hydrated(page);
  const first = [...bundles.values()];
  bundles.clear();
  const paths = first.map((b) => b.path);
  // The page's loader script, the storefront bundle's glue and its wasm.
  expect(paths).toHaveLength(3);
  expect(paths).toContainEqual(expect.stringMatching(/^\/pkg\/loader\.[0-9a-f]{16}\.js$/));
  expect(paths).toContainEqual(expect.stringMatching(/^\/pkg\/etalase\.[0-9a-f]{16}\.js$/));
  expect(paths).toContainEqual(expect.stringMatching(/^\/pkg\/etalase\.[0-9a-f]{16}\.wasm$/));
  for (const b of first) {
    expect(b.cache, b.path).toBe("public, max-age=31536000, immutable");
    expect(b.bytes, `${b.path} came over the network`).toBeGreaterThan(0);
  }
  // A returning visit: the browser's cache answers, not a byte on the wire.
  await page.goto(store.url("/c/kemeja"));
  await hydrated(page);
  await expect.poll(() => [...bundles.values()].every((b) => b.bytes >= 0)).toBe(true);
  for (const b of bundles.values()) expect(b.bytes, `${b.path} downloaded again`).toBe(0);
  // The plain name still answers, but is revalidated.
  const plain = await page.request.get(store.url("/pkg/etalase.js"));
  expect(plain.status()).toBe(200);
  expect(plain.headers()["cache-control"]).not.toContain("immutable");
});

test("storefront pages hydrate without a warning or an error in the console", async ({ page, store }) => {
  const messages: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") messages.push(`${page.url()} ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => messages.push(`${page.url()} pageerror: ${e.message}`));
  for (const path of ["/", "/c/kemeja", "/p/kemeja-linen-lengan-panjang", "/search?q=kemja", "/cart", "/checkout", "/pages/kontak", "/login", "/account"]) {
    await page.goto(store.url(path));
    await hydrated(page);
  }
  expect(messages).toEqual([]);
});

test("a page that is only read is not hydrated, yet its bundle is ready for the first touch", async ({ page, store }) => {
  const fetched: string[] = [];
  page.on("requestfinished", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(store.url("/p/kemeja-linen-lengan-panjang"));
  // Idle after load: the bundle is downloaded (and compiled) ...
  await expect.poll(() => fetched.filter((p) => /^\/pkg\/buy\.[0-9a-f]{16}\.(js|wasm)$/.test(p)).length).toBe(2);
  // ... but nothing runs on the main thread while the shopper only reads.
  await page.waitForTimeout(1000);
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  // The first tap makes the page live, and the tap itself counts.
  const size = page.locator(".sizes label.size:not(.soldout)").first();
  await size.tap().catch(() => size.click());
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByTestId("stock")).not.toHaveText("Pilih ukuran");
});

test("a long page downloads only the pictures near the screen and the rest as the shopper scrolls; without JavaScript every picture shows", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "a phone's screen: the home page runs far below it");
  const fetched = new Set<string>();
  page.on("requestfinished", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/img/p/")) fetched.add(path);
  });
  await page.goto(store.url("/"));
  await page.waitForLoadState("networkidle");
  const cards = page.locator(".grid .card");
  const total = await cards.count();
  expect(total).toBeGreaterThan(8);
  // Where each card's picture is, and which it will be.
  const pictures = await cards.evaluateAll((as) =>
    as.map((a) => {
      const img = a.querySelector("img")!;
      return { top: img.getBoundingClientRect().top, src: img.getAttribute("src")! };
    }),
  );
  const screen = page.viewportSize()!.height;
  // (A product in two of the page's lists has one picture: the nearer card's.)
  const near = new Set(pictures.filter((p) => p.top <= screen * 2).map((p) => p.src));
  const far = pictures.filter((p) => p.top > screen * 2 && !near.has(p.src));
  expect(far.length, "the page runs well below the screen").toBeGreaterThan(2);
  for (const p of far) expect(fetched.has(p.src), `${p.src} fetched before the shopper came near it`).toBe(false);
  for (const p of pictures.filter((p) => p.top < screen)) expect(fetched.has(p.src), `${p.src} on the first screen`).toBe(true);
  // Scrolling down brings each picture in, drawn.
  for (let i = 0; i < total; i++) await cards.nth(i).scrollIntoViewIfNeeded();
  for (const p of far) await expect.poll(() => fetched.has(p.src), p.src).toBe(true);
  await expect
    .poll(() => cards.locator("img").evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).currentSrc.includes("/img/p/") && (i as HTMLImageElement).naturalWidth > 0).length))
    .toBe(total);

  // Without JavaScript: one picture per card, every one of them drawn.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: page.viewportSize()! });
  const plain = await context.newPage();
  await plain.goto(store.url("/"));
  const plainCards = plain.locator(".grid .card");
  await expect(plainCards).toHaveCount(total);
  for (let i = 0; i < total; i++) {
    const card = plainCards.nth(i);
    await card.scrollIntoViewIfNeeded();
    await expect(card.locator("img:visible")).toHaveCount(1);
    // A product picture (not the pending placeholder), loaded, with pixels.
    await expect.poll(() => card.locator("img:visible").evaluate((i) => (i as HTMLImageElement).currentSrc.includes("/img/p/") && (i as HTMLImageElement).naturalWidth > 0)).toBe(true);
  }
  await context.close();
});

