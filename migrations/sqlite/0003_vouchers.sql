-- Vouchers (created by marketers in the studio). kind: percent | fixed | free_shipping.
CREATE TABLE vouchers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed', 'free_shipping')),
    value INTEGER NOT NULL CHECK (value >= 0),
    min_spend INTEGER NOT NULL DEFAULT 0,
    cap INTEGER,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    usage_limit INTEGER NOT NULL DEFAULT 0,
    used_count INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE orders ADD COLUMN voucher_code TEXT;
