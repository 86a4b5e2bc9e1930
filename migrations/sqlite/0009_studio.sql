-- The marketing studio's promo banners (issue 12): every field a marketer
-- edits, drafts and archived banners (state is still decided when a page is
-- read, from the window), and every save kept as a version.
ALTER TABLE banners ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE banners ADD COLUMN cta_id TEXT NOT NULL DEFAULT 'Belanja sekarang';
ALTER TABLE banners ADD COLUMN cta_en TEXT NOT NULL DEFAULT 'Shop now';
ALTER TABLE banners ADD COLUMN background TEXT NOT NULL DEFAULT '#1f3a5f';
ALTER TABLE banners ADD COLUMN category_id INTEGER REFERENCES categories(id);
ALTER TABLE banners ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
ALTER TABLE banners ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE banners ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE banners SET name = title_id WHERE name = '';

-- One row per save: the banner as saved (JSON), who saved it and when.
CREATE TABLE banner_versions (
    banner_id INTEGER NOT NULL REFERENCES banners(id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    saved_by INTEGER REFERENCES users(id),
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (banner_id, version)
);

-- Every staff change, written in the change's own transaction: who, what,
-- and the subject before and after (JSON).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_subject ON audit_log(subject, id);
