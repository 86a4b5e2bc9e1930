-- Customer emails, written in the same transaction as the event they tell
-- about, so none is lost; sent by SMTP when configured, listed in /admin.
ALTER TABLE orders ADD COLUMN lang TEXT NOT NULL DEFAULT 'id';

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    -- order_confirmation, payment_received, shipped
    kind TEXT NOT NULL,
    to_email TEXT NOT NULL,
    -- queued, sent, failed
    status TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    UNIQUE (order_id, kind)
);
CREATE INDEX outbox_status ON outbox(status, id);
