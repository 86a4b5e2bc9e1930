-- Addresses a signed-in shopper has shipped to, offered again at checkout.
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    province TEXT NOT NULL,
    city TEXT NOT NULL,
    district TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    street TEXT NOT NULL,
    last_used_at INTEGER NOT NULL,
    UNIQUE (user_id, province, city, district, postal_code, street)
);
CREATE INDEX addresses_user ON addresses(user_id, last_used_at);
