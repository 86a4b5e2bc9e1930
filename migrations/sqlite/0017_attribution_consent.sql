-- Attribution (issue 12): one row per visit (a browser's page views with
-- no half-hour gap), with the channel and the campaign link or external
-- site it came by; an order keeps the visit it was placed in.
CREATE TABLE visits (
    id TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('direct', 'search', 'social', 'email', 'paid', 'referral', 'campaign')),
    referrer TEXT,
    utm_source TEXT,
    utm_medium TEXT,
    utm_campaign TEXT,
    landing TEXT NOT NULL
);
CREATE INDEX visits_started ON visits (started_at);
ALTER TABLE orders ADD COLUMN visit_id TEXT;
ALTER TABLE orders ADD COLUMN channel TEXT;
ALTER TABLE orders ADD COLUMN referrer TEXT;
CREATE INDEX orders_created ON orders (created_at);

-- Marketing consent (issue 12): every answer a shopper gave, never
-- updated in place; an email's consent is its latest row.
CREATE TABLE marketing_consents (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    given INTEGER NOT NULL CHECK (given IN (0, 1)),
    source TEXT NOT NULL CHECK (source IN ('checkout', 'signup', 'account')),
    user_id INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX marketing_consents_email ON marketing_consents (email, id);
