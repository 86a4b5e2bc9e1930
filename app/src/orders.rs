//! Orders after they are placed: the shopper's order list, the back
//! office's list and status moves, and the customer emails.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod email;
#[cfg(feature = "ssr")]
pub mod outbox;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub code: String,
    pub token: String,
    pub name: String,
    pub status: domain::order::OrderStatus,
    pub total: i64,
    pub created_at: i64,
    pub courier: String,
    pub awb: Option<String>,
}

/// The signed-in shopper's own orders, newest first.
#[server(prefix = "/api", endpoint = "account/orders")]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    use crate::{i18n::Msg, platform::ctx::*};
    let Some(user) = crate::platform::identity::current_user().await? else {
        return Err(fail(AppError::Unauthorized(request_lang().t(Msg::ErrSignInFirst).into())));
    };
    server_side::summaries(db::of_user(&state()?.pool, user.id).await)
}

/// Recent orders for the back office (ops and admin only).
#[server(prefix = "/api", endpoint = "admin/orders")]
pub async fn staff_orders() -> Result<Vec<OrderSummary>, AppError> {
    use crate::platform::ctx::*;
    crate::platform::identity::require_area(crate::model::StaffArea::Admin).await?;
    server_side::summaries(db::recent(&state()?.pool, 100).await)
}

/// A customer email as the back office sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub to: String,
    pub subject: String,
    /// queued, sent or failed
    pub status: String,
    pub created_at: i64,
    pub text: String,
    pub html: String,
}

/// The latest customer emails (ops and admin only).
#[server(prefix = "/api", endpoint = "admin/outbox")]
pub async fn staff_outbox() -> Result<Vec<OutboxEntry>, AppError> {
    use crate::platform::ctx::*;
    crate::platform::identity::require_area(crate::model::StaffArea::Admin).await?;
    let state = state()?;
    let mut entries = Vec::new();
    for row in outbox::recent(&state.pool, 30).await.or_internal()? {
        if let Some(mail) = email::load(&state.pool, &row, &state.config.public_url).await.or_internal()? {
            entries.push(OutboxEntry {
                id: row.id,
                to: mail.to,
                subject: mail.subject,
                status: row.status,
                created_at: row.created_at,
                text: mail.text,
                html: mail.html,
            });
        }
    }
    Ok(entries)
}

/// Moves an order along its lifecycle on behalf of a staff member; illegal
/// moves are refused, shipping needs the courier's waybill number.
#[server(prefix = "/api", endpoint = "admin/orders/move")]
pub async fn move_order_status(code: String, to: domain::order::OrderStatus, awb: String) -> Result<(), AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::*, now_ms},
    };
    use domain::order::{Actor, Awb, OrderStatus};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Admin).await?;
    let state = state()?;
    let lang = request_lang();
    let awb = match to {
        OrderStatus::Shipped => match Awb::parse(&awb) {
            Some(awb) => Some(awb),
            None => return Err(fail(AppError::Invalid(lang.t(Msg::ErrAwb).into()))),
        },
        _ => None,
    };
    let note = format!("{} ({})", staff.name, staff.email);
    match db::move_order(
        &state.pool,
        state.engine,
        code.trim(),
        to,
        Actor::Staff,
        &note,
        awb.as_ref().map(Awb::as_str),
        now_ms(),
    )
    .await
    .or_internal()?
    {
        Ok(_) => Ok(()),
        Err(reason) => {
            tracing::warn!(%code, %reason, "order move refused");
            Err(fail(AppError::Invalid(format!("{} ({reason})", lang.t(Msg::ErrIllegalMove)))))
        }
    }
}

#[cfg(feature = "ssr")]
pub mod server_side {
    //! Order rows as the wire's summaries.
    use super::*;
    use crate::platform::ctx::OrInternal;

    /// Order rows as summaries; a row that cannot be read fails them all.
    pub fn summaries(rows: sqlx::Result<Vec<db::OrderRow>>) -> Result<Vec<OrderSummary>, AppError> {
        rows.and_then(|rows| rows.into_iter().map(summary).collect()).or_internal()
    }

    pub fn summary(o: db::OrderRow) -> sqlx::Result<OrderSummary> {
        Ok(OrderSummary {
            status: o.status()?,
            code: o.code,
            token: o.access_token,
            name: o.name,
            total: o.total,
            created_at: o.created_at,
            courier: format!("{} {}", o.courier, o.service),
            awb: o.awb,
        })
    }
}
