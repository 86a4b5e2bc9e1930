-- A voucher applied to the cart (issue 12): kept with the cart and checked
-- again at every read of it, so a cart change re-checks eligibility.
ALTER TABLE carts ADD COLUMN voucher_code TEXT;
