//! Cart SQL. Every quantity rule that involves stock is a single conditional
//! statement, so concurrent requests can never push a line above stock.

use domain::MAX_PER_LINE;
use sqlx::AnyPool;

pub use crate::platform::identity::CartOwner;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CartLineRow {
    pub variant_id: i64,
    pub quantity: i64,
    pub size: String,
    pub colour_id: String,
    pub colour_en: String,
    pub price: i64,
    pub stock: i64,
    pub slug: String,
    pub name_id: String,
    pub name_en: String,
    pub category_id: i64,
}

pub async fn find_cart(pool: &AnyPool, owner: &CartOwner) -> sqlx::Result<Option<i64>> {
    match owner {
        CartOwner::User(id) => sqlx::query_scalar("SELECT id FROM carts WHERE user_id = $1").bind(*id),
        CartOwner::Visitor(hash) => {
            sqlx::query_scalar("SELECT id FROM carts WHERE visitor_hash = $1").bind(hash.clone())
        }
    }
    .fetch_optional(pool)
    .await
}

pub async fn find_or_create_cart(pool: &AnyPool, owner: &CartOwner, now: i64) -> sqlx::Result<i64> {
    if let Some(id) = find_cart(pool, owner).await? {
        return Ok(id);
    }
    match owner {
        CartOwner::User(id) => {
            sqlx::query("INSERT INTO carts (user_id, updated_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING")
                .bind(*id)
        }
        CartOwner::Visitor(hash) => sqlx::query(
            "INSERT INTO carts (visitor_hash, updated_at) VALUES ($1, $2) ON CONFLICT (visitor_hash) DO NOTHING",
        )
        .bind(hash.clone()),
    }
    .bind(now)
    .execute(pool)
    .await?;
    // Another request may have created it first; either way it exists now.
    find_cart(pool, owner).await?.ok_or(sqlx::Error::RowNotFound)
}

/// The cart's last change, in ms: part of the checkout idempotency key.
pub async fn version(pool: &AnyPool, cart_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT updated_at FROM carts WHERE id = $1").bind(cart_id).fetch_one(pool).await
}

pub async fn lines(pool: &AnyPool, cart_id: i64) -> sqlx::Result<Vec<CartLineRow>> {
    sqlx::query_as(
        "SELECT l.variant_id, l.quantity, v.size, v.colour_id, v.colour_en, v.price, v.stock, \
                p.slug, p.name_id, p.name_en, p.category_id \
         FROM cart_lines l \
         JOIN variants v ON v.id = l.variant_id \
         JOIN products p ON p.id = v.product_id \
         WHERE l.cart_id = $1 ORDER BY l.added_at, l.variant_id",
    )
    .bind(cart_id)
    .fetch_all(pool)
    .await
}

#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct StockRow {
    pub stock: i64,
    pub in_cart: i64,
}

/// Current stock of a variant and how many of it the cart holds.
pub async fn stock_and_line(pool: &AnyPool, cart_id: i64, variant_id: i64) -> sqlx::Result<Option<StockRow>> {
    sqlx::query_as(
        "SELECT v.stock, COALESCE((SELECT l.quantity FROM cart_lines l \
                                   WHERE l.cart_id = $1 AND l.variant_id = v.id), 0) AS in_cart \
         FROM variants v WHERE v.id = $2",
    )
    .bind(cart_id)
    .bind(variant_id)
    .fetch_optional(pool)
    .await
}

/// Adds `quantity` units; true when the cart changed. Refused (false) when the
/// line would exceed the variant's stock or the per-line cap.
pub async fn add(pool: &AnyPool, cart_id: i64, variant_id: i64, quantity: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity, added_at) \
         SELECT $1, v.id, $3, $4 FROM variants v WHERE v.id = $2 AND v.stock >= $3 \
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_lines.quantity + excluded.quantity \
         WHERE cart_lines.quantity + excluded.quantity <= $5 \
           AND cart_lines.quantity + excluded.quantity <= \
               (SELECT v2.stock FROM variants v2 WHERE v2.id = excluded.variant_id)",
    )
    .bind(cart_id)
    .bind(variant_id)
    .bind(quantity)
    .bind(now)
    .bind(MAX_PER_LINE as i64)
    .execute(pool)
    .await?;
    touch(pool, cart_id, now).await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a line to `quantity`; false when the line is missing or stock is short.
pub async fn set_quantity(
    pool: &AnyPool,
    cart_id: i64,
    variant_id: i64,
    quantity: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE cart_lines SET quantity = $3 \
         WHERE cart_id = $1 AND variant_id = $2 \
           AND $3 <= (SELECT v.stock FROM variants v WHERE v.id = $2)",
    )
    .bind(cart_id)
    .bind(variant_id)
    .bind(quantity)
    .execute(pool)
    .await?;
    touch(pool, cart_id, now).await?;
    Ok(done.rows_affected() == 1)
}

pub async fn remove(pool: &AnyPool, cart_id: i64, variant_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1 AND variant_id = $2")
        .bind(cart_id)
        .bind(variant_id)
        .execute(pool)
        .await?;
    Ok(())
}

async fn touch(pool: &AnyPool, cart_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1").bind(cart_id).bind(now).execute(pool).await?;
    Ok(())
}

/// Moves a guest cart into the shopper's cart at sign-in. Quantities of the
/// same variant add up, bounded by stock and the per-line cap; the guest cart
/// is deleted. One transaction, so a crash leaves either cart intact.
pub async fn merge(pool: &AnyPool, guest_cart: i64, user_cart: i64, now: i64) -> sqlx::Result<()> {
    if guest_cart == user_cart {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity, added_at) \
         SELECT $2, g.variant_id, \
                CASE WHEN g.quantity > v.stock THEN v.stock ELSE g.quantity END, g.added_at \
         FROM cart_lines g JOIN variants v ON v.id = g.variant_id \
         WHERE g.cart_id = $1 AND v.stock > 0 \
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = \
           CASE WHEN cart_lines.quantity + excluded.quantity > $3 THEN $3 \
                ELSE cart_lines.quantity + excluded.quantity END",
    )
    .bind(guest_cart)
    .bind(user_cart)
    .bind(MAX_PER_LINE as i64)
    .execute(&mut *tx)
    .await?;
    // The sum may now exceed stock: bring such lines back down to it.
    sqlx::query(
        "UPDATE cart_lines SET quantity = (SELECT v.stock FROM variants v WHERE v.id = cart_lines.variant_id) \
         WHERE cart_id = $1 AND quantity > (SELECT v.stock FROM variants v WHERE v.id = cart_lines.variant_id) \
           AND (SELECT v.stock FROM variants v WHERE v.id = cart_lines.variant_id) > 0",
    )
    .bind(user_cart)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM carts WHERE id = $1").bind(guest_cart).execute(&mut *tx).await?;
    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1").bind(user_cart).bind(now).execute(&mut *tx).await?;
    tx.commit().await
}

/// The voucher code applied to the cart, if any.
pub async fn voucher_code(pool: &AnyPool, cart_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT voucher_code FROM carts WHERE id = $1").bind(cart_id).fetch_one(pool).await
}

/// Applies a voucher code to the cart (None: removes it).
pub async fn set_voucher(pool: &AnyPool, cart_id: i64, code: Option<&str>, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE carts SET voucher_code = $2, updated_at = $3 WHERE id = $1")
        .bind(cart_id)
        .bind(code)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct VoucherRow {
    id: i64,
    kind: String,
    value: i64,
    min_spend: i64,
    cap: Option<i64>,
    starts_at: i64,
    ends_at: i64,
    per_customer_limit: i64,
    usage_limit: i64,
    used_count: i64,
    category_id: Option<i64>,
    category_name: Option<String>,
}

/// A voucher found by its code: its id, terms, limits and uses, and the
/// name of the category it is limited to.
pub struct FoundVoucher {
    pub id: i64,
    pub terms: domain::voucher::VoucherTerms,
    pub per_customer_limit: i64,
    /// 0: no limit.
    pub usage_limit: i64,
    pub used_count: i64,
    pub category_name: Option<String>,
}

/// A voucher by its code, with a pool or inside a transaction. A stored
/// kind this code does not know fails the read.
pub async fn voucher<'e>(ex: impl sqlx::Executor<'e, Database = sqlx::Any>, code: &str) -> sqlx::Result<Option<FoundVoucher>> {
    use domain::{voucher::{Voucher, VoucherKind, VoucherTerms}, Rupiah};
    let row: Option<VoucherRow> = sqlx::query_as(
        "SELECT v.id, v.kind, v.value, v.min_spend, v.cap, v.starts_at, v.ends_at, v.per_customer_limit, v.usage_limit, \
         v.used_count, v.category_id, c.name_id AS category_name \
         FROM vouchers v LEFT JOIN categories c ON c.id = v.category_id WHERE v.code = $1",
    )
    .bind(code)
    .fetch_optional(ex)
    .await?;
    let Some(v) = row else { return Ok(None) };
    let Some(kind) = VoucherKind::from_stored(&v.kind, v.value) else {
        return crate::platform::db::unknown("voucher kind", &v.kind);
    };
    let voucher = Voucher { kind, min_spend: Rupiah::new(v.min_spend), cap: v.cap.map(Rupiah::new) };
    let terms = VoucherTerms { voucher, starts_at: v.starts_at, ends_at: v.ends_at, category: v.category_id };
    Ok(Some(FoundVoucher {
        id: v.id,
        terms,
        per_customer_limit: v.per_customer_limit,
        usage_limit: v.usage_limit,
        used_count: v.used_count,
        category_name: v.category_name,
    }))
}

/// Uses of a voucher by one customer so far.
pub async fn customer_uses(pool: &AnyPool, voucher_id: i64, customer: &str) -> sqlx::Result<i64> {
    let used: Option<i64> =
        sqlx::query_scalar("SELECT used FROM voucher_customer_uses WHERE voucher_id = $1 AND customer = $2")
            .bind(voucher_id)
            .bind(customer)
            .fetch_optional(pool)
            .await?;
    Ok(used.unwrap_or(0))
}
