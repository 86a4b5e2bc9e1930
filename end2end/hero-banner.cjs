// Puts a live hero banner with a photograph-like picture on a running
// store's home page, as a marketer would through the studio:
// `node hero-banner.cjs http://127.0.0.1:3199 ADMIN_PASSWORD`. The picture
// is drawn in the browser (2400×1000: sky, hills and fine grain, so its
// JPEGs weigh like a photograph's, not like a flat gradient), uploaded to
// the studio and published as the first hero slide. Prints the weight of
// each variant the server made.
const { chromium } = require("@playwright/test");
(async () => {
  const [base, password] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const context = await browser.newContext();
  const headers = { Origin: base };
  const signedIn = await context.request.post(`${base}/api/login`, {
    form: { email: "admin@etalase.local", password, next: "/studio" },
    headers,
    maxRedirects: 0,
  });
  if (signedIn.status() >= 400) throw new Error(`sign-in refused: ${signedIn.status()}`);
  const page = await context.newPage();
  await page.goto(`${base}/studio`);
  const png = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 2400;
    c.height = 1000;
    const g = c.getContext("2d");
    const sky = g.createLinearGradient(0, 0, 0, 1000);
    sky.addColorStop(0, "#f3b46b");
    sky.addColorStop(0.6, "#c8553d");
    sky.addColorStop(1, "#3b1f2b");
    g.fillStyle = sky;
    g.fillRect(0, 0, 2400, 1000);
    for (const [y, colour] of [[620, "#5b3a29"], [720, "#2f4a3a"], [840, "#1d2b22"]]) {
      g.fillStyle = colour;
      g.beginPath();
      g.moveTo(0, 1000);
      for (let x = 0; x <= 2400; x += 20) g.lineTo(x, y + 60 * Math.sin(x / 170 + y) + 25 * Math.sin(x / 37));
      g.lineTo(2400, 1000);
      g.fill();
    }
    const img = g.getImageData(0, 0, 2400, 1000);
    let seed = 7;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = (seed % 17) - 8;
      img.data[i] += grain;
      img.data[i + 1] += grain;
      img.data[i + 2] += grain;
    }
    g.putImageData(img, 0, 0);
    return c.toDataURL("image/png").split(",")[1];
  });
  const uploaded = await context.request.post(`${base}/studio/pictures`, {
    data: Buffer.from(png, "base64"),
    headers: { ...headers, "content-type": "image/png" },
  });
  if (!uploaded.ok()) throw new Error(`upload refused: ${await uploaded.text()}`);
  const { key, widths } = await uploaded.json();
  const weights = [];
  for (const w of widths) {
    const r = await context.request.get(`${base}/img/b/${key}-${w}.jpg`);
    weights.push(`${w} wide ${((await r.body()).length / 1024).toFixed(1)} KB`);
  }
  const wib = (ms) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);
  const form = {
    id: "0",
    version: "0",
    publish: "true",
    "form[name]": "Bench hero",
    "form[headline_id]": "Koleksi Senja",
    "form[headline_en]": "The dusk collection",
    "form[text_id]": "Batik tulis dari Pekalongan",
    "form[text_en]": "Hand-drawn batik from Pekalongan",
    "form[cta_id]": "Lihat koleksi",
    "form[cta_en]": "See the collection",
    "form[link]": "/c/batik",
    "form[background]": "#3b1f2b",
    "form[placement]": "hero",
    "form[category]": "",
    "form[priority]": "100",
    "form[starts_at]": wib(Date.now() - 3_600_000),
    "form[ends_at]": wib(Date.now() + 86_400_000),
    "form[image]": key,
    "form[image_alt_id]": "Bukit saat senja",
    "form[image_alt_en]": "Hills at dusk",
  };
  const saved = await context.request.post(`${base}/api/studio/banners/save`, { form, headers });
  if (!saved.ok()) throw new Error(`banner refused: ${await saved.text()}`);
  console.log(`hero picture ${key}: ${weights.join(", ")}`);
  await browser.close();
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
