//! Outbox SQL: one row per email an order event owes, written in that
//! event's transaction, then marked sent (or failed) by the sender.

use sqlx::{Any, AnyPool, Transaction};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    OrderConfirmation,
    PaymentReceived,
    Shipped,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::OrderConfirmation => "order_confirmation",
            Kind::PaymentReceived => "payment_received",
            Kind::Shipped => "shipped",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        [Kind::OrderConfirmation, Kind::PaymentReceived, Kind::Shipped].into_iter().find(|k| k.code() == code)
    }

    /// The email an order owes its shopper when it reaches `status`.
    pub fn announcing(status: domain::order::OrderStatus) -> Option<Kind> {
        use domain::order::OrderStatus as S;
        match status {
            S::PendingPayment => Some(Kind::OrderConfirmation),
            S::Paid => Some(Kind::PaymentReceived),
            S::Shipped => Some(Kind::Shipped),
            S::Packed | S::Delivered | S::Completed | S::Cancelled => None,
        }
    }
}

/// Queues one email per order and kind (a repeated event queues nothing).
pub async fn queue(tx: &mut Transaction<'static, Any>, order_id: i64, kind: Kind, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO outbox (order_id, kind, to_email, created_at) SELECT id, $2, email, $3 FROM orders WHERE id = $1 \
         ON CONFLICT (order_id, kind) DO NOTHING",
    )
    .bind(order_id)
    .bind(kind.code())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub order_id: i64,
    pub kind: String,
    pub status: String,
    pub created_at: i64,
}

pub async fn recent(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
    sqlx::query_as("SELECT id, order_id, kind, status, created_at FROM outbox ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// The rows still to send, oldest first.
pub async fn queued(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
    sqlx::query_as(
        "SELECT id, order_id, kind, status, created_at FROM outbox WHERE status = 'queued' ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn mark_sent(pool: &AnyPool, id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Counts a failed attempt; the row is marked failed for staff at `max_attempts`.
pub async fn mark_attempt_failed(pool: &AnyPool, id: i64, error: &str, max_attempts: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $2, \
         status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(max_attempts)
    .execute(pool)
    .await
    .map(|_| ())
}
