-- Gateway payments (one per order) and every notification the gateway sent.

-- Only bank transfers carry a unique code; gateway orders have 0.
DROP INDEX orders_open_unique_code;
CREATE UNIQUE INDEX orders_open_unique_code ON orders(unique_code) WHERE status = 'pending_payment' AND unique_code > 0;

CREATE TABLE payments (
    order_id INTEGER PRIMARY KEY REFERENCES orders(id),
    provider TEXT NOT NULL,
    method TEXT NOT NULL,
    -- pending (charge created), settlement, expire, cancel, deny, or
    -- uncharged while the gateway has not answered yet.
    status TEXT NOT NULL,
    transaction_id TEXT,
    -- VA number, Mandiri bill key or convenience-store payment code.
    pay_code TEXT,
    biller_code TEXT,
    qr_string TEXT,
    deeplink TEXT,
    qr_url TEXT,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE payment_notifications (
    id INTEGER PRIMARY KEY,
    order_code TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    transaction_status TEXT NOT NULL,
    gross_amount TEXT NOT NULL,
    -- applied, noted, amount_mismatch, paid_after_cancel, not_backwards
    outcome TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    -- A notification is applied once: a resend of the same status is a duplicate.
    UNIQUE (transaction_id, transaction_status)
);
CREATE INDEX payment_notifications_order ON payment_notifications(order_code, id);
