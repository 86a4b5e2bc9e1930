//! Checkout SQL: the shipping rates and cart weight a checkout needs, the
//! shopper's saved addresses, and placing an order in one transaction (stock,
//! voucher, transfer code, payment row, confirmation email, cart emptied).

use crate::{
    orders::db::event,
    platform::db::{begin, Engine},
};
use domain::{
    order::{chargeable_kg, Actor, OrderStatus, Totals},
    Rupiah,
};
use sqlx::{Any, AnyPool, Transaction};

pub struct NewOrder {
    pub idempotency_key: String,
    pub code: String,
    pub access_token: String,
    pub user_id: Option<i64>,
    pub cart_id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub province: String,
    pub zone: String,
    pub city: String,
    pub district: String,
    pub postal_code: String,
    pub street: String,
    pub courier: String,
    pub service: String,
    pub payment_method: String,
    /// Voucher code as typed, upper-cased; None when the field was empty.
    pub voucher: Option<String>,
    /// The shopper's language (`id` or `en`), for the emails.
    pub lang: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum PlaceOutcome {
    Placed {
        code: String,
        access_token: String,
    },
    /// The idempotency key was used before: the same answer again.
    Replayed {
        code: String,
        access_token: String,
    },
    EmptyCart,
    SoldOut {
        name: String,
        left: i64,
    },
    NoRate,
    /// Every transfer total this order could have is held by an open
    /// transfer: the shopper picks another method or tries later.
    NoUniqueCode,
    VoucherUnknown,
    VoucherNotValidNow,
    VoucherUsedUp,
    VoucherBelowMinimum(i64),
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
}

#[derive(sqlx::FromRow)]
struct LineSource {
    variant_id: i64,
    quantity: i64,
    sku: String,
    name_id: String,
    size: String,
    colour_id: String,
    price: i64,
    stock: i64,
    weight_grams: i64,
}

pub async fn cart_weight_grams(pool: &AnyPool, cart_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COALESCE(CAST(SUM(v.weight_grams * l.quantity) AS BIGINT), 0) \
         FROM cart_lines l JOIN variants v ON v.id = l.variant_id WHERE l.cart_id = $1",
    )
    .bind(cart_id)
    .fetch_one(pool)
    .await
}

pub async fn rates(pool: &AnyPool) -> sqlx::Result<Vec<(String, String, String, i64, String)>> {
    sqlx::query_as("SELECT courier, service, zone, per_kg, etd FROM shipping_rates ORDER BY courier, service, zone")
        .fetch_all(pool)
        .await
}

/// The order an idempotency key already made, inside or outside a transaction.
pub async fn find_by_key<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    key: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT code, access_token FROM orders WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(ex)
        .await
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Places an order from the cart: prices and stock re-read from the
/// database, stock taken by a conditional decrement (never below zero), the
/// order written with its line snapshot, totals, first timeline event and
/// stock movements, the cart emptied. All or nothing; idempotent by key.
pub async fn place(
    pool: &AnyPool,
    engine: Engine,
    order: &NewOrder,
    now: i64,
    ttl_ms: i64,
) -> sqlx::Result<PlaceOutcome> {
    for _attempt in 0..8 {
        match place_once(pool, engine, order, now, ttl_ms).await {
            Err(e) if is_unique_violation(&e) => {
                // Another request with the same key won the race, or two
                // orders drew the same transfer total: replay or try again.
                if let Some((code, access_token)) = find_by_key(pool, &order.idempotency_key).await? {
                    return Ok(PlaceOutcome::Replayed { code, access_token });
                }
            }
            other => return other,
        }
    }
    Ok(PlaceOutcome::NoUniqueCode)
}

async fn place_once(pool: &AnyPool, engine: Engine, o: &NewOrder, now: i64, ttl_ms: i64) -> sqlx::Result<PlaceOutcome> {
    let mut tx = begin(pool, engine).await?;
    if engine == Engine::Postgres {
        // Checkouts of one cart take turns (SQLite's IMMEDIATE already does
        // this), so a second tab or a retry sees the first one's order.
        sqlx::query("SELECT id FROM carts WHERE id = $1 FOR UPDATE").bind(o.cart_id).execute(&mut *tx).await?;
    }
    if let Some((code, access_token)) = find_by_key(&mut *tx, &o.idempotency_key).await? {
        return Ok(PlaceOutcome::Replayed { code, access_token });
    }
    let lines: Vec<LineSource> = sqlx::query_as(
        "SELECT l.variant_id, l.quantity, v.sku, p.name_id, v.size, v.colour_id, v.price, v.stock, v.weight_grams \
         FROM cart_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id \
         WHERE l.cart_id = $1 ORDER BY l.variant_id",
    )
    .bind(o.cart_id)
    .fetch_all(&mut *tx)
    .await?;
    if lines.is_empty() {
        return Ok(PlaceOutcome::EmptyCart);
    }
    let grams: i64 = lines.iter().map(|l| l.weight_grams * l.quantity).sum();
    let kg = chargeable_kg(grams.clamp(0, u32::MAX as i64) as u32, 0) as i64;
    let Some(per_kg): Option<i64> =
        sqlx::query_scalar("SELECT per_kg FROM shipping_rates WHERE courier = $1 AND service = $2 AND zone = $3")
            .bind(&o.courier)
            .bind(&o.service)
            .bind(&o.zone)
            .fetch_optional(&mut *tx)
            .await?
    else {
        return Ok(PlaceOutcome::NoRate);
    };
    let priced: Vec<(Rupiah, u32)> = lines.iter().map(|l| (Rupiah::new(l.price), l.quantity as u32)).collect();
    let shipping = Rupiah::new(per_kg).times(kg as u32);
    let discount = match &o.voucher {
        None => Rupiah::ZERO,
        Some(code) => {
            use domain::voucher::{Voucher, VoucherError, VoucherKind};
            let Some(v): Option<VoucherRow> = sqlx::query_as(
                "SELECT id, kind, value, min_spend, cap, starts_at, ends_at FROM vouchers WHERE code = $1",
            )
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?
            else {
                return Ok(PlaceOutcome::VoucherUnknown);
            };
            if now < v.starts_at || now >= v.ends_at {
                return Ok(PlaceOutcome::VoucherNotValidNow);
            }
            let kind = match v.kind.as_str() {
                "percent" => VoucherKind::Percent(v.value.clamp(0, 100) as u32),
                "fixed" => VoucherKind::Fixed(Rupiah::new(v.value)),
                _ => VoucherKind::FreeShipping,
            };
            let voucher = Voucher { kind, min_spend: Rupiah::new(v.min_spend), cap: v.cap.map(Rupiah::new) };
            let subtotal = Rupiah::sum(priced.iter().map(|(p, q)| p.times(*q)));
            match voucher.discount(subtotal, shipping) {
                Err(VoucherError::BelowMinimumSpend(min)) => {
                    return Ok(PlaceOutcome::VoucherBelowMinimum(min.amount()))
                }
                Ok(discount) => {
                    // Counted in the order's transaction: a failed order gives the use back.
                    let used = sqlx::query(
                        "UPDATE vouchers SET used_count = used_count + 1 \
                         WHERE id = $1 AND (usage_limit = 0 OR used_count < usage_limit)",
                    )
                    .bind(v.id)
                    .execute(&mut *tx)
                    .await?;
                    if used.rows_affected() != 1 {
                        return Ok(PlaceOutcome::VoucherUsedUp);
                    }
                    discount
                }
            }
        }
    };
    // Only a bank transfer needs a code, and what tells its transfer apart
    // on the statement is the total: pick a code that makes the total unique
    // among open transfers. The unique index on open transfer totals settles
    // a race between two checkouts (the loser retries in `place`).
    let unique_code = if o.payment_method == crate::payments::Method::BankTransfer.code() {
        let base = Totals::compute(&priced, discount, shipping, Rupiah::ZERO).total.amount();
        let taken: Vec<i64> = sqlx::query_scalar(
            "SELECT total FROM orders WHERE status = 'pending_payment' AND unique_code > 0 \
             AND total BETWEEN $1 AND $2",
        )
        .bind(base + 1)
        .bind(base + MAX_UNIQUE_CODE)
        .fetch_all(&mut *tx)
        .await?;
        let used: Vec<i64> = taken.iter().map(|t| t - base).collect();
        let Some(code) = pick_unique_code(&used, &o.access_token) else {
            tx.rollback().await?;
            return Ok(PlaceOutcome::NoUniqueCode);
        };
        code
    } else {
        0
    };
    let totals = Totals::compute(&priced, discount, shipping, Rupiah::new(unique_code));
    let order_id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (code, access_token, idempotency_key, user_id, status, name, email, phone, province, city, \
         district, postal_code, street, courier, service, chargeable_kg, payment_method, subtotal, discount, shipping, \
         unique_code, total, created_at, expires_at, updated_at, voucher_code, lang, visitor_hash) \
         VALUES ($1, $2, $3, $4, 'pending_payment', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $22, $24, $25, (SELECT visitor_hash FROM carts WHERE id = $26)) RETURNING id",
    )
    .bind(&o.code)
    .bind(&o.access_token)
    .bind(&o.idempotency_key)
    .bind(o.user_id)
    .bind(&o.name)
    .bind(&o.email)
    .bind(&o.phone)
    .bind(&o.province)
    .bind(&o.city)
    .bind(&o.district)
    .bind(&o.postal_code)
    .bind(&o.street)
    .bind(&o.courier)
    .bind(&o.service)
    .bind(kg)
    .bind(&o.payment_method)
    .bind(totals.subtotal.amount())
    .bind(totals.discount.amount())
    .bind(totals.shipping.amount())
    .bind(totals.unique_code.amount())
    .bind(totals.total.amount())
    .bind(now)
    .bind(now + ttl_ms)
    .bind(o.voucher.as_deref())
    .bind(&o.lang)
    // A guest's orders stay findable by their visitor (the chat shows them).
    .bind(o.cart_id)
    .fetch_one(&mut *tx)
    .await?;
    for l in &lines {
        let taken = sqlx::query("UPDATE variants SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
            .bind(l.variant_id)
            .bind(l.quantity)
            .execute(&mut *tx)
            .await?;
        if taken.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(PlaceOutcome::SoldOut { name: l.name_id.clone(), left: l.stock });
        }
        sqlx::query(
            "INSERT INTO order_lines (order_id, variant_id, sku, name, size, colour, unit_price, quantity, line_total) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(order_id)
        .bind(l.variant_id)
        .bind(&l.sku)
        .bind(&l.name_id)
        .bind(&l.size)
        .bind(&l.colour_id)
        .bind(l.price)
        .bind(l.quantity)
        .bind(Rupiah::new(l.price).times(l.quantity as u32).amount())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO stock_movements (variant_id, delta, reason, order_id, at) VALUES ($1, $2, 'reserved', $3, $4)",
        )
        .bind(l.variant_id)
        .bind(-l.quantity)
        .bind(order_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    event(&mut tx, order_id, OrderStatus::PendingPayment, Actor::Shopper, "", now).await?;
    crate::orders::outbox::queue(&mut tx, order_id, crate::orders::outbox::Kind::OrderConfirmation, now).await?;
    if let Some(user_id) = o.user_id {
        remember_address(&mut tx, user_id, o, now).await?;
    }
    if o.payment_method != crate::payments::Method::BankTransfer.code() {
        // The gateway charge is created after commit; this row says one is owed.
        crate::payments::db::insert_uncharged(&mut tx, order_id, &o.payment_method, now).await?;
    }
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1").bind(o.cart_id).execute(&mut *tx).await?;
    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1").bind(o.cart_id).bind(now).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(PlaceOutcome::Placed { code: o.code.clone(), access_token: o.access_token.clone() })
}

/// Keeps the address for the shopper's next checkout (most recent first).
async fn remember_address(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    o: &NewOrder,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO addresses (user_id, name, phone, province, city, district, postal_code, street, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (user_id, province, city, district, postal_code, street) \
         DO UPDATE SET name = excluded.name, phone = excluded.phone, last_used_at = excluded.last_used_at",
    )
    .bind(user_id)
    .bind(&o.name)
    .bind(&o.phone)
    .bind(&o.province)
    .bind(&o.city)
    .bind(&o.district)
    .bind(&o.postal_code)
    .bind(&o.street)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn addresses_of(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<super::SavedAddress>> {
    sqlx::query_as(
        "SELECT name, phone, province, city, district, postal_code, street FROM addresses \
         WHERE user_id = $1 ORDER BY last_used_at DESC LIMIT 5",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// Transfer codes run from 1 to this (three digits, as Indonesian shoppers know them).
pub const MAX_UNIQUE_CODE: i64 = 999;

/// A transfer code in 1..=999 not in `used`, spread by the token's
/// randomness so consecutive orders do not get consecutive codes (and two
/// concurrent checkouts rarely try the same one).
fn pick_unique_code(used: &[i64], token: &str) -> Option<i64> {
    let used: std::collections::HashSet<i64> = used.iter().copied().collect();
    let n = MAX_UNIQUE_CODE as u64;
    let start = token.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)) % n;
    (0..n).map(|i| ((start + i) % n) as i64 + 1).find(|c| !used.contains(c))
}
