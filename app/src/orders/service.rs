//! Orders once placed: rows as the wire's summaries, and staff moving an
//! order along its lifecycle.
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

/// A staff member moves an order along its lifecycle: illegal moves are
/// refused, shipping needs the courier's waybill number; the move is
/// recorded with who made it.
#[tracing::instrument(skip(state, staff, awb, lang), fields(staff = staff.id))]
pub async fn move_by_staff(
    state: &crate::platform::AppState,
    staff: &crate::platform::identity::UserRow,
    code: &str,
    to: domain::order::OrderStatus,
    awb: &str,
    lang: crate::i18n::Lang,
) -> Result<(), AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::fail, now_ms},
    };
    use domain::order::{Actor, Awb, OrderStatus};
    let awb = match to {
        OrderStatus::Shipped => Some(Awb::parse(awb).ok_or_else(|| fail(AppError::Invalid(lang.t(Msg::ErrAwb).into())))?),
        _ => None,
    };
    let note = format!("{} ({})", staff.name, staff.email);
    let awb = awb.as_ref().map(Awb::as_str);
    let mv = db::Move { to, actor: Actor::Staff, note: &note, awb, now: now_ms() };
    let moved = db::move_order(&state.pool, state.engine, code.trim(), &mv).await;
    match moved.or_internal()? {
        Ok(_) => Ok(()),
        Err(reason) => {
            tracing::warn!(%code, %reason, "order move refused");
            Err(fail(AppError::Invalid(format!("{} ({reason})", lang.t(Msg::ErrIllegalMove)))))
        }
    }
}
