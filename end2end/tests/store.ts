// A real Etalase server per test: its own port and its own SQLite file, so
// tests never share state, and a test can restart the server it owns.
import { test as base, expect, Browser, BrowserContext, Page } from "@playwright/test";
import { spawn, ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = process.env.ETALASE_ROOT || resolve(__dirname, "../..");
const bin = process.env.ETALASE_SERVER_BIN || join(root, "target/debug/server");

const ADMIN_PASSWORD = "admin-pass-123";

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export class Store {
  port = 0;
  /// The store's own loopback payment gateway sandbox.
  sandboxPort = 0;
  private proc?: ChildProcess;
  private log = "";
  private readonly db = join(mkdtempSync(join(tmpdir(), "etalase-e2e-")), "store.db");

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    if (!this.sandboxPort) this.sandboxPort = await freePort();
    this.proc = spawn(bin, [], {
      cwd: root,
      env: {
        ...process.env,
        LEPTOS_OUTPUT_NAME: "etalase",
        LEPTOS_SITE_ROOT: "target/site",
        LEPTOS_SITE_PKG_DIR: "pkg",
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        DATABASE_URL: `sqlite://${this.db}`,
        ETALASE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ETALASE_PUBLIC_URL: `http://127.0.0.1:${this.port}`,
        ETALASE_SANDBOX_ADDR: `127.0.0.1:${this.sandboxPort}`,
        MIDTRANS_SERVER_KEY: "",
        RUST_LOG: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.proc.stdout?.on("data", (d) => (this.log += d));
    this.proc.stderr?.on("data", (d) => (this.log += d));
    this.proc.on("exit", (code, signal) => (this.log += `\n[server exited: code ${code}, signal ${signal}]\n`));
    // The server needs a moment to migrate and seed; retry until it answers.
    for (let i = 0; i < 300; i++) {
      try {
        const res = await fetch(this.url("/healthz"));
        if (res.ok) return;
      } catch {}
      if (this.proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start:\n${this.log}`);
  }

  /** Everything the server printed, for a failing test's report. */
  output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/** What the browser reported as blocked by the Content-Security-Policy in this test. */
const cspViolations: string[] = [];

/** Collects the CSP violations Chromium reports on a page's console. */
export function watchCsp(target: Page | BrowserContext): void {
  (target as Page).on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
}

export const test = base.extend<{ store: Store }>({
  // Every page of every test runs under the store's CSP and must see no violation.
  context: async ({ context }, use) => {
    watchCsp(context);
    await use(context);
  },
  store: async ({}, use, info) => {
    cspViolations.length = 0;
    const store = new Store();
    await store.start();
    await use(store);
    await store.stop();
    expect(cspViolations, "Content-Security-Policy violations in the console").toEqual([]);
    if (info.status !== info.expectedStatus) {
      await info.attach("server.log", { body: store.output(), contentType: "text/plain" });
      console.log(`--- server output (${info.title}) ---\n${store.output().slice(-4000)}`);
    }
  },
});

/** Waits until the wasm has hydrated the page, so clicks reach Leptos. */
export async function hydrated(page: Page): Promise<void> {
  // A page hydrates on the shopper's first sign of life: move the pointer.
  // A page that was still arriving (a redirect after a sign-in) has not
  // listened yet: the pointer moves again, as a shopper's would.
  await page.waitForLoadState("load");
  // A debug wasm on a busy two-core machine can take a while to compile.
  await expect
    .poll(
      async () => {
        await page.mouse.move(2 + Math.random() * 20, 2 + Math.random() * 20);
        return page.locator("body").getAttribute("data-hydrated");
      },
      { timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toBe("true");
}

/** Waits until a page that must run unprompted (the tracking page) has
 * hydrated, with no pointer, key or touch from the test. */
export async function liveByItself(page: Page): Promise<void> {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
}

/** Puts one unit of the first size in stock of a product in the cart. */
export async function addFirstSizeToCart(page: Page, store: Store, slug: string): Promise<void> {
  await page.goto(store.url(`/p/${slug}`));
  await hydrated(page);
  await page.locator(".sizes label.size:not(.soldout)").first().click();
  await page.getByTestId("add-to-cart").click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
}

/** Fills the checkout's contact and address fields and picks a courier. */
export async function fillCheckout(
  page: Page,
  a: { name: string; email: string; phone: string; province: string; city: string; district: string; postal: string; street: string; courier: string },
): Promise<void> {
  await page.locator('input[name="name"]').fill(a.name);
  await page.locator('input[name="email"]').fill(a.email);
  await page.locator('input[name="phone"]').fill(a.phone);
  await page.locator('select[name="province"]').selectOption(a.province);
  await page.locator('input[name="city"]').fill(a.city);
  await page.locator('input[name="district"]').fill(a.district);
  await page.locator('input[name="postal_code"]').fill(a.postal);
  await page.locator('textarea[name="street"]').fill(a.street);
  await page.locator("label.option", { hasText: a.courier }).click();
}

/** A desktop-sized page signed in as the store's admin, landed on `path`. */
export async function staffPage(browser: Browser, store: Store, path: string): Promise<Page> {
  const staff = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchCsp(staff);
  await staff.goto(store.url(`/login?next=${path}`));
  await hydrated(staff);
  await staff.getByLabel("Email").fill("admin@etalase.local");
  await staff.getByLabel("Kata sandi").fill(ADMIN_PASSWORD);
  await staff.getByRole("button", { name: "Masuk" }).click();
  await expect(staff).toHaveURL(new RegExp(path));
  await hydrated(staff);
  return staff;
}

export { expect };
