-- Banner results (issue 12): impressions counted in memory and added every
-- few seconds; each click a row, with who clicked (the visitor cookie's hash
-- or the account), so an order can be attributed to the last banner its
-- shopper clicked in the week before it.
ALTER TABLE banners ADD COLUMN impressions INTEGER NOT NULL DEFAULT 0;
CREATE TABLE banner_clicks (
    id INTEGER PRIMARY KEY,
    banner_id INTEGER NOT NULL REFERENCES banners(id),
    at INTEGER NOT NULL,
    visitor_hash TEXT,
    user_id INTEGER REFERENCES users(id)
);
CREATE INDEX banner_clicks_banner ON banner_clicks(banner_id);
CREATE INDEX banner_clicks_visitor ON banner_clicks(visitor_hash, at);
CREATE INDEX banner_clicks_user ON banner_clicks(user_id, at);
