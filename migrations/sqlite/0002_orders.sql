-- Orders, their line snapshots and timelines, the stock ledger, shipping rates.

ALTER TABLE variants ADD COLUMN weight_grams INTEGER NOT NULL DEFAULT 350;

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    access_token TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users(id),
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    province TEXT NOT NULL,
    city TEXT NOT NULL,
    district TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    street TEXT NOT NULL,
    courier TEXT NOT NULL,
    service TEXT NOT NULL,
    chargeable_kg INTEGER NOT NULL,
    payment_method TEXT NOT NULL,
    subtotal INTEGER NOT NULL,
    discount INTEGER NOT NULL,
    shipping INTEGER NOT NULL,
    unique_code INTEGER NOT NULL,
    total INTEGER NOT NULL,
    awb TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- A bank-transfer code identifies one open order at a time.
CREATE UNIQUE INDEX orders_open_unique_code ON orders(unique_code) WHERE status = 'pending_payment';
CREATE INDEX orders_user ON orders(user_id);
CREATE INDEX orders_status ON orders(status, expires_at);

CREATE TABLE order_lines (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    variant_id INTEGER NOT NULL REFERENCES variants(id),
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    size TEXT NOT NULL,
    colour TEXT NOT NULL,
    unit_price INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    line_total INTEGER NOT NULL,
    PRIMARY KEY (order_id, variant_id)
);

CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    status TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id, id);

-- The stock ledger: every movement of goods is a row.
CREATE TABLE stock_movements (
    id INTEGER PRIMARY KEY,
    variant_id INTEGER NOT NULL REFERENCES variants(id),
    delta INTEGER NOT NULL,
    reason TEXT NOT NULL,
    order_id INTEGER REFERENCES orders(id),
    at INTEGER NOT NULL
);
CREATE INDEX stock_movements_variant ON stock_movements(variant_id, id);

CREATE TABLE shipping_rates (
    id INTEGER PRIMARY KEY,
    courier TEXT NOT NULL,
    service TEXT NOT NULL,
    zone TEXT NOT NULL,
    per_kg INTEGER NOT NULL CHECK (per_kg >= 0),
    etd TEXT NOT NULL,
    UNIQUE (courier, service, zone)
);

-- Reference rates (Rp per chargeable kg) per courier service and zone; staff edit them later.
INSERT INTO shipping_rates (courier, service, zone, per_kg, etd) VALUES
 ('JNE', 'REG', 'jawa', 11000, '2-3'), ('JNE', 'REG', 'sumatra-bali-nusa', 19000, '3-5'),
 ('JNE', 'REG', 'kalimantan-sulawesi', 27000, '3-6'), ('JNE', 'REG', 'maluku-papua', 52000, '5-9'),
 ('JNE', 'YES', 'jawa', 19000, '1'), ('JNE', 'YES', 'sumatra-bali-nusa', 33000, '1-2'),
 ('JNE', 'YES', 'kalimantan-sulawesi', 45000, '1-2'),
 ('J&T', 'EZ', 'jawa', 10000, '2-4'), ('J&T', 'EZ', 'sumatra-bali-nusa', 18000, '3-6'),
 ('J&T', 'EZ', 'kalimantan-sulawesi', 26000, '4-7'), ('J&T', 'EZ', 'maluku-papua', 49000, '6-10'),
 ('SiCepat', 'REG', 'jawa', 10500, '2-3'), ('SiCepat', 'REG', 'sumatra-bali-nusa', 18500, '3-5'),
 ('SiCepat', 'REG', 'kalimantan-sulawesi', 26500, '3-6');
