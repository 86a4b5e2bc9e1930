-- Flash sales (issue 12): a campaign's window, per variant a sale price and
-- a cap of units sold at that price (its own counter, apart from stock,
-- never above the cap), units per customer, and on each order line the
-- campaign whose cap its units came from (a cancelled order gives them back).
CREATE TABLE flash_sales (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
    per_customer_limit INTEGER NOT NULL DEFAULT 0 CHECK (per_customer_limit >= 0),
    sold_out_at_sale_price INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX flash_sales_ends ON flash_sales (ends_at);
CREATE TABLE flash_sale_items (
    sale_id INTEGER NOT NULL REFERENCES flash_sales(id),
    variant_id INTEGER NOT NULL REFERENCES variants(id),
    sale_price INTEGER NOT NULL CHECK (sale_price > 0),
    cap INTEGER NOT NULL CHECK (cap > 0),
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0 AND sold <= cap),
    PRIMARY KEY (sale_id, variant_id)
);
CREATE TABLE flash_sale_customers (
    sale_id INTEGER NOT NULL REFERENCES flash_sales(id),
    customer TEXT NOT NULL,
    units INTEGER NOT NULL CHECK (units >= 0),
    PRIMARY KEY (sale_id, customer)
);
ALTER TABLE order_lines ADD COLUMN flash_sale_id INTEGER REFERENCES flash_sales(id);
