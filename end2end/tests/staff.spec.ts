// Staff screens are a bundle of their own: no shopper page loads it, a
// staff page does, and the screen it mounts works.
import { test, expect, hydrated, staffPage } from "./store";
import type { Page } from "@playwright/test";

const STAFF_FILE = /^\/pkg\/staff\.[0-9a-f]{16}\.(js|wasm|css)$/;

function staffRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/pkg/staff")) seen.push(path);
  });
  return seen;
}

test("no shopper page loads the staff bundle; a staff page loads it and mounts its screen", async ({ page, browser, store }, info) => {
  test.skip(info.project.name !== "phone", "the shopper at phone size, the staff member at desktop size");
  const shopper = staffRequests(page);
  for (const path of ["/", "/c/kemeja", "/p/kemeja-linen-lengan-panjang", "/cart", "/checkout", "/account"]) {
    await page.goto(store.url(path));
    await hydrated(page);
  }
  // Opening the chat loads the chat bundle, not the staff one.
  await page.getByTestId("chat-launcher").click();
  await expect(page.getByTestId("chat-panel")).toBeVisible();
  // A shopper who types a staff address is sent to sign in by the server,
  // and gets no staff code either.
  await page.goto(store.url("/admin"));
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  expect(shopper).toEqual([]);

  // Signed in as staff: the back office's screen arrives with its bundle.
  const staff = await staffPage(browser, store, "/admin");
  await expect(staff.getByTestId("staff-shell")).toBeVisible();
  // The sign-in's landing has mounted its screen (its bundle's requests are
  // over) before the requests of the next visit are counted.
  await expect(staff.getByTestId("outbox")).toBeAttached();
  const loaded = staffRequests(staff);
  await staff.goto(store.url("/admin"));
  await hydrated(staff);
  await expect(staff.getByTestId("outbox")).toBeAttached();
  await expect(staff.getByTestId("staff-screen-host")).toContainText("Email pelanggan");
  expect(loaded.filter((p) => STAFF_FILE.test(p)).map((p) => p.split(".").pop()).sort()).toEqual(["css", "js", "wasm"]);

  // Moving between staff areas and back to the shop: each area mounts its
  // screen, and the shop keeps working.
  await staff.goto(store.url("/agent"));
  await hydrated(staff);
  await expect(staff.getByTestId("agent-panel")).toBeVisible();
  await staff.close();
});
