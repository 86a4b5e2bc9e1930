//! Checkout SQL, one statement per function: the shipping rates and cart
//! weight a checkout needs, the shopper's saved addresses, and the steps of
//! placing an order that `service::place_order` runs in one transaction.

use crate::platform::db::{begin, Engine};
use domain::{
    order::{OrderStatus, Totals},
    Address, Rupiah,
};
use sqlx::{Any, AnyPool, Transaction};

type Tx = Transaction<'static, Any>;

pub struct NewOrder {
    pub idempotency_key: String,
    pub code: String,
    pub access_token: String,
    pub user_id: Option<i64>,
    pub cart_id: i64,
    pub email: String,
    /// The province's shipping zone.
    pub zone: String,
    pub address: Address,
    pub courier: String,
    pub service: String,
    pub payment_method: String,
    /// Voucher code as typed, upper-cased; None when the field was empty.
    pub voucher: Option<String>,
    /// The shopper's language (`id` or `en`), for the emails.
    pub lang: String,
    /// The subtotal the checkout page showed, when the form sent it.
    pub expected_subtotal: Option<i64>,
    /// The campaign link the shopper last arrived by (within its week).
    pub utm: Option<domain::campaign::Utm>,
    /// The visit the order is placed in: its channel and referring site.
    pub arrival: Option<domain::campaign::Arrival>,
    /// Consent to marketing email was ticked.
    pub marketing: bool,
}

pub use crate::cart::db::FoundVoucher;

/// A cart line with what the order needs of its variant.
#[derive(sqlx::FromRow)]
pub struct LineSource {
    pub variant_id: i64,
    pub quantity: i64,
    pub sku: String,
    pub name_id: String,
    pub size: String,
    pub colour_id: String,
    /// The variant's price, or its flash-sale price once claimed.
    pub price: i64,
    pub stock: i64,
    pub weight_grams: i64,
    pub category_id: i64,
    /// The campaign whose cap this line's units were claimed from.
    #[sqlx(skip)]
    pub flash_sale_id: Option<i64>,
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

/// A transaction in which the cart's checkouts take turns (SQLite's
/// IMMEDIATE already serialises; PostgreSQL locks the cart row), so a
/// second tab or a retry sees the first one's order.
pub async fn begin_with_cart(pool: &AnyPool, engine: Engine, cart_id: i64) -> sqlx::Result<Tx> {
    let mut tx = begin(pool, engine).await?;
    if engine == Engine::Postgres {
        sqlx::query("SELECT id FROM carts WHERE id = $1 FOR UPDATE").bind(cart_id).execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// The cart's lines with their variants' current price, stock and weight.
pub async fn cart_lines(tx: &mut Tx, cart_id: i64) -> sqlx::Result<Vec<LineSource>> {
    sqlx::query_as(
        "SELECT l.variant_id, l.quantity, v.sku, p.name_id, v.size, v.colour_id, v.price, v.stock, v.weight_grams, \
         p.category_id \
         FROM cart_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id \
         WHERE l.cart_id = $1 ORDER BY l.variant_id",
    )
    .bind(cart_id)
    .fetch_all(&mut **tx)
    .await
}

/// The rate per chargeable kilogram of a courier's service to a zone.
pub async fn rate_per_kg(tx: &mut Tx, courier: &str, service: &str, zone: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT per_kg FROM shipping_rates WHERE courier = $1 AND service = $2 AND zone = $3")
        .bind(courier)
        .bind(service)
        .bind(zone)
        .fetch_optional(&mut **tx)
        .await
}

/// A voucher by its code, inside the order's transaction.
pub async fn voucher(tx: &mut Tx, code: &str) -> sqlx::Result<Option<FoundVoucher>> {
    crate::cart::db::voucher(&mut **tx, code).await
}

/// Counts one use of a voucher by `customer` if its per-customer limit
/// (`limit`, 0: none) allows: one conditional upsert, so parallel orders by
/// the same customer cannot all pass. False: the customer has used it up.
pub async fn claim_customer_use(tx: &mut Tx, voucher_id: i64, customer: &str, limit: i64) -> sqlx::Result<bool> {
    if limit == 0 {
        return Ok(true);
    }
    let claimed = sqlx::query(
        "INSERT INTO voucher_customer_uses (voucher_id, customer, used) VALUES ($1, $2, 1) \
         ON CONFLICT (voucher_id, customer) DO UPDATE SET used = voucher_customer_uses.used + 1 \
         WHERE voucher_customer_uses.used < $3",
    )
    .bind(voucher_id)
    .bind(customer)
    .bind(limit)
    .execute(&mut **tx)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Notes on the order whose voucher use was counted for `customer`.
pub async fn set_voucher_customer(tx: &mut Tx, order_id: i64, customer: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE orders SET voucher_customer = $2 WHERE id = $1")
        .bind(order_id)
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Counts one use of a voucher if its limit allows: the check and the
/// claim are one statement. False: used up.
pub async fn claim_voucher_use(tx: &mut Tx, voucher_id: i64) -> sqlx::Result<bool> {
    let used = sqlx::query(
        "UPDATE vouchers SET used_count = used_count + 1 WHERE id = $1 AND (usage_limit = 0 OR used_count < usage_limit)",
    )
    .bind(voucher_id)
    .execute(&mut **tx)
    .await?;
    Ok(used.rows_affected() == 1)
}

/// The totals of open bank-transfer orders between `low` and `high`.
pub async fn open_transfer_totals(tx: &mut Tx, low: i64, high: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT total FROM orders WHERE status = $3 AND unique_code > 0 AND total BETWEEN $1 AND $2")
        .bind(low)
        .bind(high)
        .bind(OrderStatus::PendingPayment.code())
        .fetch_all(&mut **tx)
        .await
}

/// Writes the order row, awaiting payment until `expires_at`; its id.
pub async fn insert_order(
    tx: &mut Tx,
    o: &NewOrder,
    chargeable_kg: i64,
    totals: &Totals,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO orders (code, access_token, idempotency_key, user_id, status, name, email, phone, province, city, \
         district, postal_code, street, courier, service, chargeable_kg, payment_method, subtotal, discount, shipping, \
         unique_code, total, created_at, expires_at, updated_at, voucher_code, lang, visitor_hash, utm_source, utm_medium, \
         utm_campaign, visit_id, channel, referrer) \
         VALUES ($1, $2, $3, $4, $27, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $22, $24, $25, (SELECT visitor_hash FROM carts WHERE id = $26), $28, $29, $30, $31, $32, $33) RETURNING id",
    )
    .bind(&o.code)
    .bind(&o.access_token)
    .bind(&o.idempotency_key)
    .bind(o.user_id)
    .bind(&o.address.name)
    .bind(&o.email)
    .bind(&o.address.phone)
    .bind(&o.address.province)
    .bind(&o.address.city)
    .bind(&o.address.district)
    .bind(&o.address.postal_code)
    .bind(&o.address.street)
    .bind(&o.courier)
    .bind(&o.service)
    .bind(chargeable_kg)
    .bind(&o.payment_method)
    .bind(totals.subtotal.amount())
    .bind(totals.discount.amount())
    .bind(totals.shipping.amount())
    .bind(totals.unique_code.amount())
    .bind(totals.total.amount())
    .bind(now)
    .bind(expires_at)
    .bind(o.voucher.as_deref())
    .bind(&o.lang)
    // A guest's orders stay findable by their visitor (the chat shows them).
    .bind(o.cart_id)
    .bind(OrderStatus::PendingPayment.code())
    .bind(o.utm.as_ref().map(|u| u.source.as_str()))
    .bind(o.utm.as_ref().map(|u| u.medium.as_str()))
    .bind(o.utm.as_ref().map(|u| u.campaign.as_str()))
    .bind(o.arrival.as_ref().map(|a| a.visit.as_str()))
    .bind(o.arrival.as_ref().map(|a| a.channel.code()))
    .bind(o.arrival.as_ref().and_then(|a| a.referrer.as_deref()))
    .fetch_one(&mut **tx)
    .await
}

/// Takes `quantity` of a variant's stock if that much is left (never below
/// zero, one conditional statement). False: not enough left.
pub async fn take_stock(tx: &mut Tx, variant_id: i64, quantity: i64) -> sqlx::Result<bool> {
    let taken = sqlx::query("UPDATE variants SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
        .bind(variant_id)
        .bind(quantity)
        .execute(&mut **tx)
        .await?;
    Ok(taken.rows_affected() == 1)
}

/// The order's snapshot of a line: what was bought, at which price.
pub async fn insert_line(tx: &mut Tx, order_id: i64, l: &LineSource) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO order_lines (order_id, variant_id, sku, name, size, colour, unit_price, quantity, line_total, \
         flash_sale_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
    .bind(l.flash_sale_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The stock movement of units reserved by an order.
pub async fn record_reserved(tx: &mut Tx, order_id: i64, variant_id: i64, quantity: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO stock_movements (variant_id, delta, reason, order_id, at) VALUES ($1, $2, 'reserved', $3, $4)")
        .bind(variant_id)
        .bind(-quantity)
        .bind(order_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Empties the cart its order was placed from.
pub async fn empty_cart(tx: &mut Tx, cart_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1").bind(cart_id).execute(&mut **tx).await?;
    sqlx::query("UPDATE carts SET updated_at = $2 WHERE id = $1").bind(cart_id).bind(now).execute(&mut **tx).await?;
    Ok(())
}

/// Keeps the address for the shopper's next checkout (most recent first).
pub async fn remember_address(tx: &mut Tx, user_id: i64, a: &Address, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO addresses (user_id, name, phone, province, city, district, postal_code, street, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (user_id, province, city, district, postal_code, street) \
         DO UPDATE SET name = excluded.name, phone = excluded.phone, last_used_at = excluded.last_used_at",
    )
    .bind(user_id)
    .bind(&a.name)
    .bind(&a.phone)
    .bind(&a.province)
    .bind(&a.city)
    .bind(&a.district)
    .bind(&a.postal_code)
    .bind(&a.street)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn addresses_of(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<Address>> {
    type Row = (String, String, String, String, String, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT name, phone, province, city, district, postal_code, street FROM addresses \
         WHERE user_id = $1 ORDER BY last_used_at DESC LIMIT 5",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, phone, province, city, district, postal_code, street)| Address {
            name,
            phone,
            province,
            city,
            district,
            postal_code,
            street,
        })
        .collect())
}
