-- Banner pictures (issue 12): an upload is decoded, re-encoded as JPEG at
-- the widths it can fill (480, 960, 1600) and kept outside the web root
-- under its content hash; a banner names one, with alt text in both languages.
CREATE TABLE banner_images (
    image_key TEXT PRIMARY KEY,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    widths TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL
);
ALTER TABLE banners ADD COLUMN image_key TEXT REFERENCES banner_images(image_key);
ALTER TABLE banners ADD COLUMN image_alt_id TEXT NOT NULL DEFAULT '';
ALTER TABLE banners ADD COLUMN image_alt_en TEXT NOT NULL DEFAULT '';
