//! Payment SQL: the payment row an order owes, the gateway's instructions,
//! and applying a gateway notification exactly once.

use super::gateway::Instructions;
use crate::{
    orders::db::{move_in, Move},
    platform::db::{begin, Engine},
};
use domain::{
    order::Actor,
    payment::{decide, whole_rupiah, GatewayStatus, PaymentDecision},
};
use sqlx::{Any, AnyPool, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PaymentRow {
    pub order_id: i64,
    pub method: String,
    pub status: String,
    pub transaction_id: Option<String>,
    pub pay_code: Option<String>,
    pub biller_code: Option<String>,
    pub qr_string: Option<String>,
    pub qr_url: Option<String>,
    pub deeplink: Option<String>,
    pub error: Option<String>,
}

pub async fn insert_uncharged(
    tx: &mut Transaction<'static, Any>,
    order_id: i64,
    method: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO payments (order_id, provider, method, status, created_at, updated_at) \
         VALUES ($1, 'midtrans', $2, 'uncharged', $3, $3)",
    )
    .bind(order_id)
    .bind(method)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Orders awaiting payment whose gateway charge is still owed, oldest first.
pub async fn owed_charges(pool: &AnyPool, limit: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT o.code FROM payments p JOIN orders o ON o.id = p.order_id \
         WHERE p.status = 'uncharged' AND p.transaction_id IS NULL AND o.status = $1 ORDER BY o.id LIMIT $2",
    )
    .bind(domain::order::OrderStatus::PendingPayment.code())
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn of_order(pool: &AnyPool, order_id: i64) -> sqlx::Result<Option<PaymentRow>> {
    sqlx::query_as(
        "SELECT order_id, method, status, transaction_id, pay_code, biller_code, qr_string, qr_url, deeplink, error \
         FROM payments WHERE order_id = $1",
    )
    .bind(order_id)
    .fetch_optional(pool)
    .await
}

/// Stores what the gateway answered. A notification may have arrived first:
/// only an `uncharged` row takes the charge's status.
pub async fn save_instructions(pool: &AnyPool, order_id: i64, i: &Instructions, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE payments SET transaction_id = $2, pay_code = $3, biller_code = $4, qr_string = $5, qr_url = $6, \
         deeplink = $7, error = NULL, updated_at = $8, \
         status = CASE WHEN status = 'uncharged' THEN $9 ELSE status END WHERE order_id = $1",
    )
    .bind(order_id)
    .bind(&i.transaction_id)
    .bind(i.pay_code.as_deref())
    .bind(i.biller_code.as_deref())
    .bind(i.qr_string.as_deref())
    .bind(i.qr_url.as_deref())
    .bind(i.deeplink.as_deref())
    .bind(now)
    .bind(&i.status)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn save_error(pool: &AnyPool, order_id: i64, error: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE payments SET error = $2, updated_at = $3 WHERE order_id = $1")
        .bind(order_id)
        .bind(error)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// A notification whose signature has been checked, and whose status
/// agrees with its signed status code.
#[derive(Clone, Debug)]
pub struct Notification {
    pub order_id: String,
    pub transaction_id: String,
    pub transaction_status: String,
    pub fraud_status: String,
    pub gross_amount: String,
    pub body: String,
}

/// What a notification did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It moved the order (paid, or cancelled with the stock back).
    Applied,
    /// Recorded; the order had nothing to do (a pending, or paid already).
    Noted,
    /// The same notification again: nothing changed.
    Duplicate,
    UnknownOrder,
    /// The amount is not the order's: not paid, kept for staff.
    AmountMismatch,
    /// Paid after the store cancelled the order: kept for staff to refund.
    PaidAfterCancel,
    /// A failure status after the order was paid: the order stays paid.
    NotBackwards,
    /// Refused: the order owes no gateway charge (a bank transfer).
    NotCharged,
    /// Refused: the order's charge is another transaction.
    OtherTransaction,
    /// Refused: the gateway's status API does not confirm it.
    Unconfirmed,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Noted => "noted",
            Outcome::Duplicate => "duplicate",
            Outcome::UnknownOrder => "unknown_order",
            Outcome::AmountMismatch => "amount_mismatch",
            Outcome::PaidAfterCancel => "paid_after_cancel",
            Outcome::NotBackwards => "not_backwards",
            Outcome::NotCharged => "not_charged",
            Outcome::OtherTransaction => "other_transaction",
            Outcome::Unconfirmed => "unconfirmed",
        }
    }

    /// A refused notification is kept for staff but does not take the slot
    /// of its (transaction, status): the genuine one still counts.
    pub fn refused(self) -> bool {
        matches!(self, Outcome::AmountMismatch | Outcome::NotCharged | Outcome::OtherTransaction | Outcome::Unconfirmed)
    }
}

/// Where a notification's order stands with the gateway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChargeState {
    UnknownOrder,
    /// The order pays by bank transfer: no gateway charge exists for it.
    NoCharge,
    /// A gateway charge is owed; the gateway has not answered yet.
    Owed,
    /// The gateway's transaction for the order.
    Charged(String),
}

pub async fn charge_of(pool: &AnyPool, order_code: &str) -> sqlx::Result<ChargeState> {
    let row: Option<(i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT o.id, p.order_id, p.transaction_id FROM orders o LEFT JOIN payments p ON p.order_id = o.id \
         WHERE o.code = $1",
    )
    .bind(order_code)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        None => ChargeState::UnknownOrder,
        Some((_, None, _)) => ChargeState::NoCharge,
        Some((_, Some(_), None)) => ChargeState::Owed,
        Some((_, Some(_), Some(transaction))) => ChargeState::Charged(transaction),
    })
}

/// Keeps a refused notification for staff, outside the once-only slot.
pub async fn record_refused(pool: &AnyPool, n: &Notification, outcome: Outcome, now: i64) -> sqlx::Result<()> {
    insert_notification(pool, n, outcome, now).await
}

async fn insert_notification<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    n: &Notification,
    outcome: Outcome,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO payment_notifications (order_code, transaction_id, transaction_status, gross_amount, outcome, body, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&n.order_id)
    .bind(&n.transaction_id)
    .bind(&n.transaction_status)
    .bind(&n.gross_amount)
    .bind(outcome.code())
    .bind(&n.body)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Applies a verified notification in one transaction: recorded once per
/// (transaction, status), checked against the order's amount, and moving
/// the order only forward.
pub async fn apply(pool: &AnyPool, engine: Engine, n: &Notification, now: i64) -> sqlx::Result<Outcome> {
    let mut tx = begin(pool, engine).await?;
    let lock = if engine == Engine::Postgres { " FOR UPDATE" } else { "" };
    let Some((order_id, status, total)): Option<(i64, String, i64)> =
        sqlx::query_as(&format!("SELECT id, status, total FROM orders WHERE code = $1{lock}"))
            .bind(&n.order_id)
            .fetch_optional(&mut *tx)
            .await?
    else {
        return Ok(Outcome::UnknownOrder);
    };
    let seen: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM payment_notifications WHERE transaction_id = $1 AND transaction_status = $2 \
         AND outcome IN ('applied', 'noted', 'paid_after_cancel', 'not_backwards')",
    )
    .bind(&n.transaction_id)
    .bind(&n.transaction_status)
    .fetch_optional(&mut *tx)
    .await?;
    if seen.is_some() {
        return Ok(Outcome::Duplicate);
    }
    let from = crate::orders::db::parse_status(&status)?;
    let gateway_says = GatewayStatus::of_midtrans(&n.transaction_status, &n.fraud_status);
    let outcome = match decide(from, gateway_says, whole_rupiah(&n.gross_amount) == Some(total)) {
        PaymentDecision::Move(to) => {
            let note = format!("Midtrans {} · {}", n.transaction_status, n.transaction_id);
            let mv = Move { to, actor: Actor::Gateway, note: &note, awb: None, now };
            match move_in(&mut tx, order_id, from, &mv).await? {
                Ok(_) => Outcome::Applied,
                Err(_) => Outcome::Noted,
            }
        }
        PaymentDecision::Noted => Outcome::Noted,
        PaymentDecision::AmountMismatch => Outcome::AmountMismatch,
        PaymentDecision::PaidAfterCancel => Outcome::PaidAfterCancel,
        PaymentDecision::NotBackwards => Outcome::NotBackwards,
    };
    insert_notification(&mut *tx, n, outcome, now).await?;
    if outcome == Outcome::Applied {
        sqlx::query("UPDATE payments SET status = $2, transaction_id = COALESCE(transaction_id, $3), updated_at = $4 WHERE order_id = $1")
            .bind(order_id)
            .bind(&n.transaction_status)
            .bind(&n.transaction_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// The notifications of recent orders, newest first, for the back office.
pub async fn recent_notifications(
    pool: &AnyPool,
    limit: i64,
) -> sqlx::Result<Vec<(String, String, String, String, i64)>> {
    sqlx::query_as(
        "SELECT order_code, transaction_status, gross_amount, outcome, received_at FROM payment_notifications \
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}
