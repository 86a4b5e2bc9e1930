-- Hardening against hostile input (issue 9).

-- Sign-in attempts are claimed before the password is checked: one counter
-- row per account and per address, bumped by a single upsert, so parallel
-- guesses cannot all read "under the limit" before any of them is written.
DROP TABLE login_failures;
CREATE TABLE login_throttle (
    -- 'email:<address>' or 'ip:<address>'
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);

-- What identifies a bank transfer on the statement is its total, not its
-- code: two open transfers never share a total (100.000 + 250 and
-- 100.100 + 150 would). The database enforces it, not a read-then-write.
DROP INDEX orders_open_unique_code;
CREATE UNIQUE INDEX orders_open_transfer_total ON orders(total) WHERE status = 'pending_payment' AND unique_code > 0;

-- A refused notification (wrong amount, no charge, unconfirmed) is kept for
-- staff but must not take the slot of the genuine one: only accepted
-- outcomes are unique per (transaction, status).
ALTER TABLE payment_notifications DROP CONSTRAINT payment_notifications_transaction_id_transaction_status_key;
CREATE UNIQUE INDEX payment_notifications_once ON payment_notifications(transaction_id, transaction_status)
    WHERE outcome IN ('applied', 'noted', 'paid_after_cancel', 'not_backwards');
