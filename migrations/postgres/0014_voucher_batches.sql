-- Vouchers from the studio (issue 12): limited to a category's products
-- (the discount and the minimum spend count only those lines), and codes
-- generated in batches (a batch's codes exported together as CSV).
ALTER TABLE vouchers ADD COLUMN category_id BIGINT REFERENCES categories(id);
ALTER TABLE vouchers ADD COLUMN batch TEXT;
CREATE INDEX vouchers_batch ON vouchers (batch);
