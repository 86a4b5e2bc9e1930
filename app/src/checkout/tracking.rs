//! An order as its tracking page shows it, for whoever holds its link.
use super::*;
use crate::{orders::db, platform::ctx::OrInternal};

/// The order of a tracking link; a wrong code or token is "not found".
pub async fn order_with_token(
    state: &crate::platform::AppState,
    code: &str,
    token: &str,
) -> Result<db::OrderRow, AppError> {
    use crate::{
        i18n::Msg,
        platform::ctx::{fail, request_lang},
    };
    let not_found = || fail(AppError::NotFound(request_lang().t(Msg::NotFoundText).into()));
    let order = db::by_code(&state.pool, code.trim()).await.or_internal()?.ok_or_else(not_found)?;
    if !crate::platform::same_token(&order.access_token, token) {
        return Err(not_found());
    }
    Ok(order)
}

pub async fn view(state: &crate::platform::AppState, o: db::OrderRow) -> Result<OrderView, AppError> {
    let pool = &state.pool;
    let lines = db::lines(pool, o.id).await.or_internal()?;
    let events = db::events(pool, o.id).await.or_internal()?;
    let payment =
        crate::payments::notify::view(state, &crate::platform::ctx::provided()?, &o).await.or_internal()?;
    let status = o.status().or_internal()?;
    let address = o.address().one_line();
    Ok(OrderView {
        payment,
        payment_method: o.payment_method.clone(),
        code: o.code,
        status,
        name: o.name,
        address,
        courier: format!("{} {}", o.courier, o.service),
        awb: o.awb,
        lines: lines
            .into_iter()
            .map(|l| OrderLineView {
                name: l.name,
                variant: format!("{} · {}", l.colour, l.size),
                quantity: l.quantity,
                line_total: l.line_total,
            })
            .collect(),
        subtotal: o.subtotal,
        shipping: o.shipping,
        discount: o.discount,
        unique_code: o.unique_code,
        total: o.total,
        bank_account: BANK_ACCOUNT.to_string(),
        expires_at: o.expires_at,
        timeline: events
            .into_iter()
            .map(|e| {
                let status = db::parse_status(&e.status)?;
                Ok(TimelineEntry { status, actor: e.actor, note: e.note, at: e.at })
            })
            .collect::<sqlx::Result<_>>()
            .or_internal()?,
    })
}
