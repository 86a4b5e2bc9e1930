//! Order SQL: reading orders back, moving them along their lifecycle and
//! expiring unpaid ones. Placing one is the checkout's.

use crate::platform::db::{begin, unknown, Engine};
use domain::order::{Actor, OrderStatus};
use sqlx::{Any, AnyPool, Transaction};

fn actor_code(actor: Actor) -> &'static str {
    match actor {
        Actor::Shopper => "shopper",
        Actor::Staff => "staff",
        Actor::Gateway => "gateway",
        Actor::System => "system",
    }
}

pub(crate) async fn event(
    tx: &mut Transaction<'static, Any>,
    order_id: i64,
    status: OrderStatus,
    actor: Actor,
    note: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO order_events (order_id, status, actor, note, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(order_id)
        .bind(status.code())
        .bind(actor_code(actor))
        .bind(note)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub code: String,
    pub access_token: String,
    pub status: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub postal_code: String,
    pub street: String,
    pub courier: String,
    pub service: String,
    pub payment_method: String,
    pub subtotal: i64,
    pub discount: i64,
    pub shipping: i64,
    pub unique_code: i64,
    pub total: i64,
    pub awb: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub lang: String,
}

pub fn parse_status(code: &str) -> sqlx::Result<OrderStatus> {
    OrderStatus::parse(code).map_or_else(|| unknown("order status", code), Ok)
}

impl OrderRow {
    /// Where the order goes, as the shopper gave it.
    pub fn address(&self) -> domain::Address {
        domain::Address {
            name: self.name.clone(),
            phone: self.phone.clone(),
            province: self.province.clone(),
            city: self.city.clone(),
            district: self.district.clone(),
            postal_code: self.postal_code.clone(),
            street: self.street.clone(),
        }
    }

    pub fn status(&self) -> sqlx::Result<OrderStatus> {
        parse_status(&self.status)
    }
}

const ORDER_COLUMNS: &str = "id, code, access_token, status, name, email, phone, province, city, district, postal_code, \
    street, courier, service, payment_method, subtotal, discount, shipping, unique_code, total, awb, created_at, expires_at, lang";

pub async fn by_id(pool: &AnyPool, id: i64) -> sqlx::Result<Option<OrderRow>> {
    sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1")).bind(id).fetch_optional(pool).await
}

pub async fn by_code(pool: &AnyPool, code: &str) -> sqlx::Result<Option<OrderRow>> {
    sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE code = $1")).bind(code).fetch_optional(pool).await
}

pub async fn of_user(pool: &AnyPool, user_id: i64) -> sqlx::Result<Vec<OrderRow>> {
    sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE user_id = $1 ORDER BY id DESC LIMIT 50"))
        .bind(user_id)
        .fetch_all(pool)
        .await
}

/// Orders of a chatting shopper: their account's, or their visitor cookie's.
pub async fn of_shopper(
    pool: &AnyPool,
    user_id: Option<i64>,
    visitor_hash: Option<&str>,
) -> sqlx::Result<Vec<OrderRow>> {
    sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE user_id = $1 OR visitor_hash = $2 ORDER BY id DESC LIMIT 20"
    ))
    .bind(user_id.unwrap_or(-1))
    .bind(visitor_hash.unwrap_or("-"))
    .fetch_all(pool)
    .await
}

pub async fn recent(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<OrderRow>> {
    sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders ORDER BY id DESC LIMIT $1"))
        .bind(limit)
        .fetch_all(pool)
        .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrderLineRow {
    pub sku: String,
    pub name: String,
    pub size: String,
    pub colour: String,
    pub unit_price: i64,
    pub quantity: i64,
    pub line_total: i64,
}

pub async fn lines(pool: &AnyPool, order_id: i64) -> sqlx::Result<Vec<OrderLineRow>> {
    sqlx::query_as(
        "SELECT sku, name, size, colour, unit_price, quantity, line_total FROM order_lines WHERE order_id = $1 ORDER BY variant_id",
    )
    .bind(order_id)
    .fetch_all(pool)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRow {
    pub status: String,
    pub actor: String,
    pub note: String,
    pub at: i64,
}

pub async fn events(pool: &AnyPool, order_id: i64) -> sqlx::Result<Vec<EventRow>> {
    sqlx::query_as("SELECT status, actor, note, at FROM order_events WHERE order_id = $1 ORDER BY id")
        .bind(order_id)
        .fetch_all(pool)
        .await
}

/// A move of an order: where to, who moves it and why (the timeline's
/// note), the courier's waybill when it ships, and when.
pub struct Move<'a> {
    pub to: OrderStatus,
    pub actor: Actor,
    pub note: &'a str,
    pub awb: Option<&'a str>,
    pub now: i64,
}

/// Moves an order if the state machine allows it; cancelling gives the
/// stock back. Returns the refusal when the move is illegal.
pub async fn move_order(
    pool: &AnyPool,
    engine: Engine,
    code: &str,
    mv: &Move<'_>,
) -> sqlx::Result<Result<OrderStatus, String>> {
    let mut tx = begin(pool, engine).await?;
    let Some((id, status)): Option<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM orders WHERE code = $1").bind(code).fetch_optional(&mut *tx).await?
    else {
        return Ok(Err("not found".into()));
    };
    let from = parse_status(&status)?;
    let moved = move_in(&mut tx, id, from, mv).await?;
    if moved.is_ok() {
        tx.commit().await?;
    }
    Ok(moved)
}

/// The move itself, inside the caller's transaction (which has read `from`).
pub(crate) async fn move_in(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    from: OrderStatus,
    mv: &Move<'_>,
) -> sqlx::Result<Result<OrderStatus, String>> {
    let Move { to, actor, note, awb, now } = *mv;
    if let Err(e) = from.move_to(to, actor) {
        return Ok(Err(format!("{} → {}", e.from.code(), e.to.code())));
    }
    // Conditional on the status read, so two concurrent moves cannot both apply.
    let moved = sqlx::query(
        "UPDATE orders SET status = $2, awb = COALESCE($3, awb), updated_at = $4 WHERE id = $1 AND status = $5",
    )
    .bind(id)
    .bind(to.code())
    .bind(awb)
    .bind(now)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(Err("changed meanwhile".into()));
    }
    if to == OrderStatus::Cancelled && from.holds_stock() {
        release_stock(tx, id, now).await?;
    }
    if to == OrderStatus::Cancelled {
        release_voucher(tx, id).await?;
        release_sale_units(tx, id).await?;
    }
    event(tx, id, to, actor, note, now).await?;
    if let Some(kind) = super::outbox::Kind::announcing(to) {
        super::outbox::queue(tx, id, kind, now).await?;
    }
    Ok(Ok(to))
}

/// A cancelled order gives its voucher use back, to the voucher's count
/// and to its customer's. Once: only the one move into `cancelled` (a
/// conditional update of the status) reaches here.
async fn release_voucher(tx: &mut Transaction<'static, Any>, order_id: i64) -> sqlx::Result<()> {
    let used: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT voucher_code, voucher_customer FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((Some(code), customer)) = used else { return Ok(()) };
    sqlx::query("UPDATE vouchers SET used_count = used_count - 1 WHERE code = $1 AND used_count > 0")
        .bind(&code)
        .execute(&mut **tx)
        .await?;
    if let Some(customer) = customer {
        sqlx::query(
            "UPDATE voucher_customer_uses SET used = used - 1 WHERE customer = $2 AND used > 0 \
             AND voucher_id = (SELECT id FROM vouchers WHERE code = $1)",
        )
        .bind(&code)
        .bind(&customer)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A cancelled (or expired) order's flash-sale units go back to their
/// caps and to its customer's allowance; once, like the voucher's use.
async fn release_sale_units(tx: &mut Transaction<'static, Any>, order_id: i64) -> sqlx::Result<()> {
    let who: Option<(Option<i64>, String)> = sqlx::query_as("SELECT user_id, email FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some((user_id, email)) = who else { return Ok(()) };
    crate::sales::db::give_back(tx, order_id, &domain::order::customer_key(user_id, &email)).await
}

async fn release_stock(tx: &mut Transaction<'static, Any>, order_id: i64, now: i64) -> sqlx::Result<()> {
    let lines: Vec<(i64, i64)> = sqlx::query_as("SELECT variant_id, quantity FROM order_lines WHERE order_id = $1")
        .bind(order_id)
        .fetch_all(&mut **tx)
        .await?;
    for (variant_id, quantity) in lines {
        sqlx::query("UPDATE variants SET stock = stock + $2 WHERE id = $1")
            .bind(variant_id)
            .bind(quantity)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO stock_movements (variant_id, delta, reason, order_id, at) VALUES ($1, $2, 'released', $3, $4)",
        )
        .bind(variant_id)
        .bind(quantity)
        .bind(order_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Cancels unpaid orders past their deadline and gives their stock back.
/// Returns how many expired.
#[tracing::instrument(skip(pool, engine))]
pub async fn expire_due(pool: &AnyPool, engine: Engine, now: i64) -> sqlx::Result<usize> {
    let due: Vec<String> = sqlx::query_scalar(
        "SELECT code FROM orders WHERE status = 'pending_payment' AND expires_at <= $1 ORDER BY id LIMIT 500",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut expired = 0;
    for code in due {
        let expire = Move { to: OrderStatus::Cancelled, actor: Actor::System, note: "expired", awb: None, now };
        if move_order(pool, engine, &code, &expire).await?.is_ok() {
            expired += 1;
        }
    }
    Ok(expired)
}
