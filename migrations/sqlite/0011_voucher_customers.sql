-- Vouchers (issue 12): a limit per customer (0: none), counted per voucher
-- and customer (the account, else the email) by one conditional upsert, and
-- the customer an order's voucher use was counted for, so a cancelled order
-- gives that use back.
ALTER TABLE vouchers ADD COLUMN per_customer_limit INTEGER NOT NULL DEFAULT 0;
CREATE TABLE voucher_customer_uses (
    voucher_id INTEGER NOT NULL REFERENCES vouchers(id),
    customer TEXT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (voucher_id, customer)
);
ALTER TABLE orders ADD COLUMN voucher_customer TEXT;
