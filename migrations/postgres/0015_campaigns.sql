-- Campaign links (issue 12): the utm_source, utm_medium and utm_campaign of
-- the link a shopper last arrived by within 7 days, written on the order.
ALTER TABLE orders ADD COLUMN utm_source TEXT;
ALTER TABLE orders ADD COLUMN utm_medium TEXT;
ALTER TABLE orders ADD COLUMN utm_campaign TEXT;
CREATE INDEX orders_utm_campaign ON orders (utm_campaign);
