// What a new visitor's phone downloads for one page, as the server sends it
// (brotli): `node first-load.cjs http://127.0.0.1:3199 / /c/kemeja ...`.
// Each page is opened in a fresh browser context (empty cache) at a phone's
// size; the page is done when the storefront has taken over
// (`body[data-hydrated]`) and the network is quiet. `/checkout` is opened
// with one item in the cart, as a shopper reaches it. Prints one line per
// page: JS + wasm, CSS files, and the HTML document, in KB on the wire,
// once the server has its brotli copies (right after start-up it has not).
const { chromium } = require("@playwright/test");
(async () => {
  const [base, ...paths] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const kb = (n) => (n / 1024).toFixed(1).padStart(7);
  // The server makes each bundle's best-level brotli copy once, after
  // start-up; until then it compresses on the fly, less well. A throwaway
  // visit per page asks for every bundle, and the measure waits until each
  // comes from the stored copy.
  const bundles = new Set();
  for (const path of paths) {
    const warm = await browser.newPage();
    warm.on("response", (r) => /\/pkg\/.*\.(js|wasm)$/.test(r.url()) && bundles.add(r.url()));
    await warm.goto(base + path);
    await warm.waitForLoadState("networkidle");
    await warm.close();
  }
  const probe = await browser.newContext();
  for (const url of bundles) {
    for (let i = 0; i < 120; i++) {
      const r = await probe.request.get(url, { headers: { "accept-encoding": "br" } });
      // The stored copy has a length; one compressed on the fly is streamed.
      if (r.headers()["content-encoding"] === "br" && r.headers()["content-length"]) break;
      await new Promise((ok) => setTimeout(ok, 500));
    }
  }
  await probe.close();
  for (const path of paths) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    if (path.startsWith("/checkout")) {
      // One item in the cart, put there without loading a page in this
      // context (its cache stays empty).
      const look = await browser.newPage();
      await look.goto(base + "/p/kemeja-linen-lengan-panjang");
      const variant = await look.locator(".sizes input[type=radio]:not([disabled])").first().getAttribute("value");
      await look.close();
      await context.request.post(base + "/api/cart/add", { form: { variant_id: variant, quantity: "1" } });
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const kinds = new Map();
    const bytes = { code: 0, css: 0, html: 0 };
    cdp.on("Network.responseReceived", ({ requestId, response, type }) => {
      const url = new URL(response.url).pathname;
      kinds.set(requestId, type === "Document" ? "html" : /\.(js|wasm)$/.test(url) ? "code" : /\.css$/.test(url) ? "css" : null);
    });
    cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
      const kind = kinds.get(requestId);
      if (kind) bytes[kind] += encodedDataLength;
    });
    await page.goto(base + path);
    await page.waitForSelector("body[data-hydrated]", { timeout: 30000 }).catch(() => {});
    await page.waitForLoadState("networkidle");
    console.log(`first load ${path.padEnd(34)} JS + wasm ${kb(bytes.code)} KB   CSS ${kb(bytes.css)} KB   HTML ${kb(bytes.html)} KB`);
    await context.close();
  }
  await browser.close();
})();
