// The payment sandbox, driven by Midtrans' own Node client (midtrans-client
// from npm, a real client no one here wrote), so that the sandbox cannot
// drift from the protocol the store will meet in production.
import { test, expect } from "./store";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const midtrans = require("midtrans-client");

const SERVER_KEY = "SB-Mid-server-etalase-loopback";

/** The official client, its Core API base URL pointed at the store's sandbox. */
function coreApi(sandboxPort: number, serverKey = SERVER_KEY) {
  const ApiConfig = require("midtrans-client/lib/apiConfig");
  ApiConfig.CORE_SANDBOX_BASE_URL = `http://127.0.0.1:${sandboxPort}`;
  return new midtrans.CoreApi({ isProduction: false, serverKey, clientKey: "SB-Mid-client-etalase" });
}

/** The error the client throws for a call the gateway refuses. */
async function refusal(call: Promise<unknown>): Promise<number | null> {
  try {
    await call;
  } catch (e) {
    return (e as { httpStatusCode: number | null }).httpStatusCode;
  }
  throw new Error("the gateway accepted a call it should refuse");
}

const order = (id: string, amount = 145000) => ({ transaction_details: { order_id: id, gross_amount: amount } });

test.describe("the sandbox, as Midtrans' own client sees it", () => {
  // No browser involved: one viewport is enough.
  test.skip(({ isMobile }) => !!isMobile, "no browser involved: one project is enough");

  test("charges for every method the store offers answer as Midtrans documents", async ({ store }) => {
    const core = coreApi(store.sandboxPort);
    const cases: [string, object, (r: Record<string, any>) => void][] = [
      ["bank_transfer", { bank_transfer: { bank: "bca" } }, (r) => expect(r.va_numbers[0]).toMatchObject({ bank: "bca" })],
      ["bank_transfer", { bank_transfer: { bank: "bni" } }, (r) => expect(r.va_numbers[0].va_number).toMatch(/^\d{16}$/)],
      ["bank_transfer", { bank_transfer: { bank: "bri" } }, (r) => expect(r.va_numbers[0].bank).toBe("bri")],
      ["bank_transfer", { bank_transfer: { bank: "permata" } }, (r) => expect(r.permata_va_number).toMatch(/^\d{16}$/)],
      ["permata", {}, (r) => expect(r.permata_va_number).toMatch(/^\d{16}$/)],
      ["echannel", { echannel: { bill_info1: "Pembayaran", bill_info2: "ETL" } }, (r) => {
        expect(r.bill_key).toMatch(/^\d+$/);
        expect(r.biller_code).toBeTruthy();
      }],
      ["qris", { qris: { acquirer: "gopay" } }, (r) => {
        expect(r.qr_string).toBeTruthy();
        expect(r.actions.map((a: { name: string }) => a.name)).toContain("generate-qr-code");
      }],
      ["gopay", {}, (r) => expect(r.actions.map((a: { name: string }) => a.name)).toContain("deeplink-redirect")],
      ["shopeepay", {}, (r) => expect(r.actions.map((a: { name: string }) => a.name)).toContain("deeplink-redirect")],
      ["cstore", { cstore: { store: "alfamart", message: "Etalase" } }, (r) => expect(r.payment_code).toMatch(/^\d+$/)],
    ];
    for (const [i, [payment_type, extra, check]] of cases.entries()) {
      const answer = await core.charge({ payment_type, ...order(`ETL-MT${i}`), ...extra });
      expect(answer, payment_type).toMatchObject({
        status_code: "201",
        transaction_status: "pending",
        order_id: `ETL-MT${i}`,
        gross_amount: "145000.00",
        payment_type,
      });
      expect(answer.transaction_id).toMatch(/^[0-9a-f-]{36}$/);
      check(answer);
    }
  });

  test("status answers by order id and by transaction id, and notification() finds it", async ({ store }) => {
    const core = coreApi(store.sandboxPort);
    const charged = await core.charge({ payment_type: "bank_transfer", bank_transfer: { bank: "bni" }, ...order("ETL-ST1") });
    const byOrder = await core.transaction.status("ETL-ST1");
    const byTransaction = await core.transaction.status(charged.transaction_id);
    for (const answer of [byOrder, byTransaction]) {
      expect(answer).toMatchObject({
        order_id: "ETL-ST1",
        transaction_id: charged.transaction_id,
        transaction_status: "pending",
        status_code: "201",
      });
    }
    // The client checks a notification by asking the status of its transaction id.
    const checked = await core.transaction.notification({ transaction_id: charged.transaction_id, order_id: "ETL-ST1" });
    expect(checked.transaction_status).toBe("pending");
    // Paid at the sandbox: the status follows.
    const paid = await fetch(`http://127.0.0.1:${store.sandboxPort}/sandbox/ETL-ST1/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    const settled = await core.transaction.notification(JSON.stringify({ transaction_id: charged.transaction_id }));
    expect(settled).toMatchObject({ transaction_status: "settlement", status_code: "200" });
  });

  test("errors: a duplicate order id is 406, an unknown order 404, a wrong key 401", async ({ store }) => {
    const core = coreApi(store.sandboxPort);
    await core.charge({ payment_type: "gopay", ...order("ETL-DUP") });
    expect(await refusal(core.charge({ payment_type: "gopay", ...order("ETL-DUP") }))).toBe(406);
    expect(await refusal(core.transaction.status("ETL-NOPE"))).toBe(404);
    expect(await refusal(core.transaction.status("9f0e2d3c-0000-4000-8000-000000000000"))).toBe(404);
    const stranger = coreApi(store.sandboxPort, "SB-Mid-server-not-ours");
    expect(await refusal(stranger.charge({ payment_type: "gopay", ...order("ETL-KEY") }))).toBe(401);
    expect(await refusal(core.charge({ payment_type: "bank_transfer", bank_transfer: { bank: "xyz" }, ...order("ETL-BAD") }))).toBe(400);
  });
});
