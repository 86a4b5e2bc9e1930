-- Storefront foundation: catalog, accounts, sessions, carts, content.
-- Every number is INTEGER (i64); money is whole rupiah; times are UTC epoch ms.

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_id TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    category_id INTEGER NOT NULL REFERENCES categories(id),
    name_id TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_id TEXT NOT NULL,
    description_en TEXT NOT NULL,
    sold_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX products_category ON products(category_id);

CREATE TABLE variants (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    sku TEXT NOT NULL UNIQUE,
    size TEXT NOT NULL,
    colour_id TEXT NOT NULL,
    colour_en TEXT NOT NULL,
    colour_hex TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    stock INTEGER NOT NULL CHECK (stock >= 0),
    position INTEGER NOT NULL
);
CREATE INDEX variants_product ON variants(product_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('shopper', 'admin', 'ops', 'agent', 'marketer')),
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE carts (
    id INTEGER PRIMARY KEY,
    visitor_hash TEXT UNIQUE,
    user_id INTEGER UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    updated_at INTEGER NOT NULL
);

CREATE TABLE cart_lines (
    cart_id INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    variant_id INTEGER NOT NULL REFERENCES variants(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0 AND quantity <= 10),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (cart_id, variant_id)
);

CREATE TABLE pages (
    slug TEXT PRIMARY KEY,
    title_id TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_id TEXT NOT NULL,
    body_en TEXT NOT NULL
);

CREATE TABLE banners (
    id INTEGER PRIMARY KEY,
    placement TEXT NOT NULL,
    title_id TEXT NOT NULL,
    title_en TEXT NOT NULL,
    text_id TEXT NOT NULL,
    text_en TEXT NOT NULL,
    link TEXT NOT NULL,
    priority INTEGER NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL
);
