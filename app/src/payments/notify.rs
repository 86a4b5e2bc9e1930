//! The gateway's side of a payment on the server: creating the charge an
//! order owes (idempotent, retried on demand), the HTTP notification
//! endpoint, and the payment view of the tracking page.

use super::{
    db::{self, Notification, Outcome},
    gateway::{status_agrees, ChargeRequest, Gateway, GatewayError, PaymentGateway},
    Method, PaymentView,
};
use crate::{orders::db::OrderRow, platform::AppState};
use axum::{
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use domain::payment::GatewayStatus;
use serde_json::Value;

/// Where the gateway posts its notifications, relative to the public URL.
pub const NOTIFY_PATH: &str = "/payments/midtrans/notify";

/// Makes sure the order's gateway charge exists: creates it when the
/// payment row is still `uncharged`. Safe to call twice: the gateway keeps
/// one transaction per order id, and a duplicate is answered from its status.
#[tracing::instrument(skip_all, fields(order = %order.code))]
pub async fn ensure_charge(state: &AppState, gateway: &Gateway, order: &OrderRow) -> sqlx::Result<()> {
    if !Method::parse(&order.payment_method).is_some_and(Method::via_gateway) {
        return Ok(());
    }
    match db::of_order(&state.pool, order.id).await? {
        Some(payment) => charge_if_owed(state, gateway, order, &payment).await.map(|_| ()),
        None => Ok(()),
    }
}

/// Creates the charge when `payment` says one is owed; true if it tried.
async fn charge_if_owed(
    state: &AppState,
    gateway: &Gateway,
    order: &OrderRow,
    payment: &db::PaymentRow,
) -> sqlx::Result<bool> {
    let Some(gateway) = gateway.as_ref() else { return Ok(false) };
    let owed = order.status == domain::order::OrderStatus::PendingPayment.code()
        && payment.status == "uncharged"
        && payment.transaction_id.is_none();
    let Some(method) = Method::parse(&payment.method).filter(|_| owed) else { return Ok(false) };
    let now = crate::platform::now_ms();
    let req = ChargeRequest {
        order_code: order.code.clone(),
        amount: order.total,
        method,
        name: order.name.clone(),
        email: order.email.clone(),
        phone: order.phone.clone(),
        expiry_minutes: ((order.expires_at - now) / 60_000).max(1),
        notification_url: format!("{}{NOTIFY_PATH}", state.config.public_url),
    };
    let answer = match gateway.charge(&req).await {
        Err(GatewayError::Duplicate) => gateway.status(&order.code).await,
        other => other,
    };
    match answer {
        Ok(instructions) => db::save_instructions(&state.pool, order.id, &instructions, now).await?,
        Err(e) => {
            tracing::error!(order = %order.code, error = %e, "gateway charge failed");
            db::save_error(&state.pool, order.id, &e.to_string(), now).await?
        }
    }
    Ok(true)
}

/// The payment part of the tracking page (None for a bank transfer). A
/// read: a charge still owed is asked for by `ensure_charge` (the page's
/// retry button, and `charge_owed` in the background), never by viewing.
pub async fn view(state: &AppState, gateway: &Gateway, order: &OrderRow) -> sqlx::Result<Option<PaymentView>> {
    if !Method::parse(&order.payment_method).is_some_and(Method::via_gateway) {
        return Ok(None);
    }
    let Some(p) = db::of_order(&state.pool, order.id).await? else { return Ok(None) };
    let method = Method::parse(&p.method);
    Ok(Some(PaymentView {
        brand: method.map(Method::brand).unwrap_or_default().to_string(),
        method: p.method,
        status: p.status,
        pay_code: p.pay_code,
        biller_code: p.biller_code,
        qr_svg: p.qr_string.as_deref().and_then(qr_svg),
        qr_url: p.qr_url,
        deeplink: p.deeplink,
        simulator_url: gateway.as_ref().and_then(|g| g.simulator_url(&order.code)),
    }))
}

/// Asks the gateway for every charge still owed (it did not answer at
/// checkout), oldest first, at most `limit`; how many it tried.
#[tracing::instrument(skip_all)]
pub async fn charge_owed(state: &AppState, gateway: &Gateway, limit: i64) -> sqlx::Result<usize> {
    if gateway.as_ref().is_none() {
        return Ok(0);
    }
    let mut tried = 0;
    for code in db::owed_charges(&state.pool, limit).await? {
        if let Some(order) = crate::orders::db::by_code(&state.pool, &code).await? {
            ensure_charge(state, gateway, &order).await?;
            tried += 1;
        }
    }
    Ok(tried)
}

/// A QR code as an SVG drawing of its modules.
pub fn qr_svg(data: &str) -> Option<String> {
    use qrcode::{render::svg, QrCode};
    let code = QrCode::new(data.as_bytes()).ok()?;
    Some(code.render::<svg::Color>().min_dimensions(220, 220).quiet_zone(true).build())
}

/// `POST /payments/midtrans/notify`: the gateway's HTTP notification. A bad
/// signature is 401 and changes nothing; a status that disagrees with its
/// signed status code is 400; a notification for an order without a gateway
/// charge, for another transaction, or that the gateway's status API does
/// not confirm is refused (kept for staff, nothing moves); anything applied
/// is applied once.
#[tracing::instrument(skip_all)]
pub async fn notification(State(state): State<AppState>, State(gateway): State<Gateway>, body: Bytes) -> Response {
    let Some(gateway) = gateway.as_ref() else {
        return (StatusCode::NOT_FOUND, "no payment gateway configured").into_response();
    };
    let n = match parse(gateway.as_ref(), &body) {
        Ok(n) => n,
        Err((status, why)) => {
            tracing::warn!(%why, "payment notification refused");
            return (status, why).into_response();
        }
    };
    let now = crate::platform::now_ms();
    let refused = match db::charge_of(&state.pool, &n.order_id).await {
        Ok(db::ChargeState::UnknownOrder) => return (StatusCode::NOT_FOUND, "unknown order").into_response(),
        Ok(db::ChargeState::NoCharge) => Some(Outcome::NotCharged),
        Ok(db::ChargeState::Charged(t)) if t != n.transaction_id => Some(Outcome::OtherTransaction),
        Ok(_) => None,
        Err(e) => return not_stored(&n, e),
    };
    // A status that moves the order is confirmed with the gateway itself
    // (as Midtrans advises) before anything moves.
    let refused = match refused {
        None if GatewayStatus::could_move_an_order(&n.transaction_status) => match gateway.status(&n.transaction_id).await {
            Ok(found) if confirms(&found, &n) => None,
            Ok(found) => {
                tracing::warn!(order = %n.order_id, gateway_says = %found.status, "notification not confirmed by the gateway");
                Some(Outcome::Unconfirmed)
            }
            Err(GatewayError::Unreachable(e)) => {
                // Not acknowledged: the gateway sends it again later.
                tracing::error!(order = %n.order_id, error = %e, "gateway unreachable to confirm a notification");
                return (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response();
            }
            Err(e) => {
                tracing::warn!(order = %n.order_id, error = %e, "notification not confirmed by the gateway");
                Some(Outcome::Unconfirmed)
            }
        },
        other => other,
    };
    let result = match refused {
        Some(outcome) => db::record_refused(&state.pool, &n, outcome, now).await.map(|_| outcome),
        None => db::apply(&state.pool, state.engine, &n, now).await,
    };
    match result {
        Ok(Outcome::UnknownOrder) => (StatusCode::NOT_FOUND, "unknown order").into_response(),
        Ok(outcome) => {
            if outcome.refused() || outcome == Outcome::PaidAfterCancel {
                tracing::error!(order = %n.order_id, status = %n.transaction_status, amount = %n.gross_amount, outcome = outcome.code(), "payment needs staff attention");
            } else {
                tracing::info!(order = %n.order_id, status = %n.transaction_status, outcome = outcome.code(), "payment notification");
            }
            (StatusCode::OK, axum::Json(serde_json::json!({ "outcome": outcome.code() }))).into_response()
        }
        Err(e) => not_stored(&n, e),
    }
}

fn not_stored(n: &Notification, e: sqlx::Error) -> Response {
    // Not acknowledged: the gateway sends it again later.
    tracing::error!(order = %n.order_id, error = %e, "payment notification not stored");
    (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
}

/// Reads a notification body: JSON, the fields the store needs, a valid
/// signature, and a status that agrees with the signed status code.
/// Arbitrary bytes give an error, never a panic.
pub fn parse(gateway: &dyn PaymentGateway, body: &[u8]) -> Result<Notification, (StatusCode, &'static str)> {
    if body.len() > 64 * 1024 {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "notification too large"));
    }
    let text = std::str::from_utf8(body).map_err(|_| (StatusCode::BAD_REQUEST, "notification is not UTF-8"))?;
    let json: Value = serde_json::from_str(text).map_err(|_| (StatusCode::BAD_REQUEST, "notification is not JSON"))?;
    let field = |k: &str| json[k].as_str().unwrap_or_default().to_string();
    let n = Notification {
        order_id: field("order_id"),
        transaction_id: field("transaction_id"),
        transaction_status: field("transaction_status"),
        fraud_status: field("fraud_status"),
        gross_amount: field("gross_amount"),
        body: text.to_string(),
    };
    if n.order_id.is_empty() || n.transaction_id.is_empty() || n.transaction_status.is_empty() {
        return Err((StatusCode::BAD_REQUEST, "order_id, transaction_id and transaction_status are required"));
    }
    let status_code = field("status_code");
    if !gateway.verify(&n.order_id, &status_code, &n.gross_amount, &field("signature_key")) {
        return Err((StatusCode::UNAUTHORIZED, "bad signature"));
    }
    if !status_agrees(&n.transaction_status, &status_code) {
        return Err((StatusCode::BAD_REQUEST, "transaction_status does not match the signed status_code"));
    }
    Ok(n)
}

/// The gateway's own record agrees with the notification: same order, same
/// transaction, same status. (The amount is checked against the order's
/// total when the notification is applied.)
fn confirms(found: &super::gateway::Instructions, n: &Notification) -> bool {
    found.order_id == n.order_id && found.transaction_id == n.transaction_id && found.status == n.transaction_status
}
