//! Orders after they are placed: the shopper's order list, the back
//! office's list and status moves, and the customer emails.

#[cfg(feature = "staff")]
pub mod admin;
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
    use crate::{i18n::Msg, platform::ctx::{state, request_lang, fail}};
    let Some(user) = crate::platform::identity::current_user().await? else {
        return Err(fail(AppError::Unauthorized(request_lang().t(Msg::ErrSignInFirst).into())));
    };
    service::summaries(db::of_user(&state()?.pool, user.id).await)
}

/// Recent orders for the back office (ops and admin only).
#[server(prefix = "/api", endpoint = "admin/orders")]
pub async fn staff_orders() -> Result<Vec<OrderSummary>, AppError> {
    use crate::platform::ctx::state;
    crate::platform::identity::require_area(crate::model::StaffArea::Admin).await?;
    service::summaries(db::recent(&state()?.pool, 100).await)
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
    use crate::platform::ctx::{state, OrInternal};
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
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Admin).await?;
    service::move_by_staff(&state()?, &staff, &code, to, &awb, request_lang()).await
}

#[cfg(feature = "ssr")]
pub mod service;
