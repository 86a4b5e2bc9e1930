//! The gateway's side of a payment on the server: creating the charge an
//! order owes (idempotent, retried on demand), the HTTP notification
//! endpoint, and the payment view of the tracking page.

use super::{
    db::{self, Notification, Outcome},
    gateway::{ChargeRequest, GatewayError},
    Method, PaymentView,
};
use crate::{orders::db::OrderRow, server::AppState};
use axum::{
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::Value;

/// Where the gateway posts its notifications, relative to the public URL.
pub const NOTIFY_PATH: &str = "/payments/midtrans/notify";

/// Makes sure the order's gateway charge exists: creates it when the
/// payment row is still `uncharged`. Safe to call twice: the gateway keeps
/// one transaction per order id, and a duplicate is answered from its status.
pub async fn ensure_charge(state: &AppState, order: &OrderRow) -> sqlx::Result<()> {
    if !Method::parse(&order.payment_method).is_some_and(Method::via_gateway) {
        return Ok(());
    }
    match db::of_order(&state.pool, order.id).await? {
        Some(payment) => charge_if_owed(state, order, &payment).await.map(|_| ()),
        None => Ok(()),
    }
}

/// Creates the charge when `payment` says one is owed; true if it tried.
async fn charge_if_owed(state: &AppState, order: &OrderRow, payment: &db::PaymentRow) -> sqlx::Result<bool> {
    let Some(gateway) = state.gateway.as_ref() else { return Ok(false) };
    let owed = order.status == "pending_payment" && payment.status == "uncharged" && payment.transaction_id.is_none();
    let Some(method) = Method::parse(&payment.method).filter(|_| owed) else { return Ok(false) };
    let now = crate::server::now_ms();
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
/// charge still owed (the gateway did not answer at checkout) is asked for
/// again here.
pub async fn view(state: &AppState, order: &OrderRow) -> sqlx::Result<Option<PaymentView>> {
    if !Method::parse(&order.payment_method).is_some_and(Method::via_gateway) {
        return Ok(None);
    }
    let Some(mut p) = db::of_order(&state.pool, order.id).await? else { return Ok(None) };
    if charge_if_owed(state, order, &p).await? {
        let Some(charged) = db::of_order(&state.pool, order.id).await? else { return Ok(None) };
        p = charged;
    }
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
        simulator_url: state.gateway.as_ref().and_then(|g| g.simulator_url(&order.code)),
    }))
}

/// A QR code as an SVG drawing of its modules.
pub fn qr_svg(data: &str) -> Option<String> {
    use qrcode::{render::svg, QrCode};
    let code = QrCode::new(data.as_bytes()).ok()?;
    Some(code.render::<svg::Color>().min_dimensions(220, 220).quiet_zone(true).build())
}

/// `POST /payments/midtrans/notify`: the gateway's HTTP notification. A bad
/// signature is 401 and changes nothing; anything applied is applied once.
pub async fn notification(State(state): State<AppState>, body: Bytes) -> Response {
    let Some(gateway) = state.gateway.as_ref() else {
        return (StatusCode::NOT_FOUND, "no payment gateway configured").into_response();
    };
    if body.len() > 64 * 1024 {
        return (StatusCode::PAYLOAD_TOO_LARGE, "notification too large").into_response();
    }
    let Ok(json) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "notification is not JSON").into_response();
    };
    let field = |k: &str| json[k].as_str().unwrap_or_default().to_string();
    let (order_id, status_code, gross_amount, signature) =
        (field("order_id"), field("status_code"), field("gross_amount"), field("signature_key"));
    if order_id.is_empty() || field("transaction_id").is_empty() || field("transaction_status").is_empty() {
        return (StatusCode::BAD_REQUEST, "order_id, transaction_id and transaction_status are required")
            .into_response();
    }
    if !gateway.verify(&order_id, &status_code, &gross_amount, &signature) {
        tracing::warn!(%order_id, "payment notification with a bad signature refused");
        return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
    }
    let n = Notification {
        order_id,
        transaction_id: field("transaction_id"),
        transaction_status: field("transaction_status"),
        fraud_status: field("fraud_status"),
        gross_amount,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    match db::apply(&state.pool, state.engine, &n, crate::server::now_ms()).await {
        Ok(Outcome::UnknownOrder) => (StatusCode::NOT_FOUND, "unknown order").into_response(),
        Ok(outcome) => {
            match outcome {
                Outcome::AmountMismatch | Outcome::PaidAfterCancel => {
                    tracing::error!(order = %n.order_id, status = %n.transaction_status, amount = %n.gross_amount, outcome = outcome.code(), "payment needs staff attention")
                }
                _ => {
                    tracing::info!(order = %n.order_id, status = %n.transaction_status, outcome = outcome.code(), "payment notification")
                }
            }
            (StatusCode::OK, axum::Json(serde_json::json!({ "outcome": outcome.code() }))).into_response()
        }
        Err(e) => {
            // Not acknowledged: the gateway sends it again later.
            tracing::error!(order = %n.order_id, error = %e, "payment notification not stored");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}
