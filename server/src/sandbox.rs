//! A loopback stand-in for the Midtrans Core API, for the demo and the
//! tests: `POST /v2/charge`, `GET /v2/{order_id or transaction_id}/status`, signed HTTP
//! notifications, and a pay page per transaction whose buttons settle or
//! expire it, resend its last notification (a duplicate) or send a late
//! `pending` (out of order). It keeps its transactions in memory, as the
//! real sandbox keeps them on Midtrans' side, never in the store's database.

use app::payments::gateway::signature;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Json, Router,
};
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

/// The demo's sandbox server key (Midtrans sandbox keys start `SB-Mid-server-`).
pub const DEMO_SERVER_KEY: &str = "SB-Mid-server-etalase-loopback";

#[derive(Clone, Debug)]
struct Transaction {
    order_id: String,
    transaction_id: String,
    payment_type: String,
    gross_amount: String,
    status: String,
    charge_answer: Value,
    notification_url: Option<String>,
    last_notification: Option<Value>,
}

#[derive(Clone)]
struct Sandbox {
    server_key: Arc<str>,
    transactions: Arc<Mutex<HashMap<String, Transaction>>>,
    http: reqwest::Client,
}

/// Serves the sandbox on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener, server_key: String) {
    let sandbox = Sandbox {
        server_key: server_key.into(),
        transactions: Arc::default(),
        http: reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().expect("HTTP client"),
    };
    let app = Router::new()
        .route("/v2/charge", post(charge))
        .route("/v2/{id}/status", get(status))
        .route("/v2/qr/{order_id}", get(qr_image))
        .route("/sandbox/{order_id}", get(pay_page))
        .route("/sandbox/{order_id}/{action}", post(act))
        .with_state(sandbox);
    if let Err(e) = axum::serve(listener, app).await {
        tracing::error!(error = %e, "payment sandbox stopped");
    }
}

/// Starts the sandbox on a free loopback port; returns its base URL.
pub async fn spawn(server_key: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the sandbox");
    let base = format!("http://{}", listener.local_addr().expect("sandbox address"));
    tokio::spawn(serve(listener, server_key.to_string()));
    base
}

fn midtrans_error(code: &str, message: &str) -> Response {
    let http = match code {
        "401" => StatusCode::UNAUTHORIZED,
        "404" => StatusCode::NOT_FOUND,
        "406" => StatusCode::NOT_ACCEPTABLE,
        _ => StatusCode::BAD_REQUEST,
    };
    (http, Json(json!({ "status_code": code, "status_message": message }))).into_response()
}

/// Basic auth with the server key as the user name and an empty password.
fn authorised(headers: &HeaderMap, key: &str) -> bool {
    use base64::Engine as _;
    let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{key}:")));
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
}

fn random_digits(n: usize) -> String {
    app::platform::random_token()
        .bytes()
        .filter(u8::is_ascii_digit)
        .chain(std::iter::repeat(b'7'))
        .take(n)
        .map(char::from)
        .collect()
}

async fn charge(State(sb): State<Sandbox>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if !authorised(&headers, &sb.server_key) {
        return midtrans_error(
            "401",
            "Access denied due to unauthorized transaction, please check client or server key",
        );
    }
    let order_id = body["transaction_details"]["order_id"].as_str().unwrap_or_default().to_string();
    let Some(amount) = body["transaction_details"]["gross_amount"].as_i64().filter(|a| *a > 0) else {
        return midtrans_error("400", "transaction_details.gross_amount is required and must be a positive integer");
    };
    if order_id.is_empty() || order_id.len() > 50 {
        return midtrans_error("400", "transaction_details.order_id is required");
    }
    let payment_type = body["payment_type"].as_str().unwrap_or_default().to_string();
    let transaction_id = {
        let t = app::platform::random_token();
        format!("{}-{}-{}-{}-{}", &t[..8], &t[8..12], &t[12..16], &t[16..20], &t[20..32])
    };
    let gross_amount = format!("{amount}.00");
    let mut answer = json!({
        "status_code": "201",
        "transaction_id": transaction_id,
        "order_id": order_id,
        "merchant_id": "G000000000",
        "gross_amount": gross_amount,
        "currency": "IDR",
        "payment_type": payment_type,
        "transaction_time": "2026-11-22 10:00:00",
        "transaction_status": "pending",
        "fraud_status": "accept",
    });
    let base = format!("http://{}", headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1"));
    let extra = match payment_type.as_str() {
        "bank_transfer" => match body["bank_transfer"]["bank"].as_str() {
            Some("permata") => json!({ "permata_va_number": random_digits(16) }),
            Some(bank @ ("bca" | "bni" | "bri")) => {
                json!({ "va_numbers": [{ "bank": bank, "va_number": random_digits(if bank == "bca" { 11 } else { 16 }) }] })
            }
            _ => return midtrans_error("400", "bank_transfer.bank must be bca, bni, bri or permata"),
        },
        // The legacy Permata charge, still accepted by Midtrans.
        "permata" => json!({ "permata_va_number": random_digits(16) }),
        "echannel" => json!({ "bill_key": random_digits(12), "biller_code": "70012" }),
        "qris" => json!({
            "acquirer": "gopay",
            "qr_string": format!("00020101021226620014COM.GO-JEK.WWW0118{}5204581253033605405{amount}5802ID5908ETALASE6007JAKARTA6304ABCD", random_digits(18)),
            "actions": [{ "name": "generate-qr-code", "method": "GET", "url": format!("{base}/v2/qr/{order_id}") }],
        }),
        "gopay" => json!({ "actions": [
            { "name": "generate-qr-code", "method": "GET", "url": format!("{base}/v2/qr/{order_id}") },
            { "name": "deeplink-redirect", "method": "GET", "url": format!("{base}/sandbox/{order_id}") },
        ] }),
        "shopeepay" => json!({ "actions": [
            { "name": "deeplink-redirect", "method": "GET", "url": format!("{base}/sandbox/{order_id}") },
        ] }),
        "cstore" => match body["cstore"]["store"].as_str() {
            Some("alfamart" | "indomaret") => json!({ "payment_code": random_digits(14) }),
            _ => return midtrans_error("400", "cstore.store must be alfamart or indomaret"),
        },
        _ => return midtrans_error("400", "payment_type is not supported"),
    };
    if let (Some(a), Some(e)) = (answer.as_object_mut(), extra.as_object()) {
        a.extend(e.clone());
        a.insert("status_message".into(), json!(format!("Success, {payment_type} transaction is created")));
    }
    let txn = Transaction {
        order_id: order_id.clone(),
        transaction_id,
        payment_type,
        gross_amount,
        status: "pending".into(),
        charge_answer: answer.clone(),
        notification_url: headers.get("x-override-notification").and_then(|v| v.to_str().ok()).map(String::from),
        last_notification: None,
    };
    {
        let mut all = sb.transactions.lock().expect("sandbox lock");
        if all.contains_key(&order_id) {
            return midtrans_error(
                "406",
                "The request could not be processed due to duplicate order_id. Please use a unique order_id",
            );
        }
        all.insert(order_id.clone(), txn);
    }
    // Like Midtrans, announce the new pending transaction.
    let sb2 = sb.clone();
    tokio::spawn(async move {
        let _ = notify(&sb2, &order_id, None).await;
    });
    (StatusCode::OK, Json(answer)).into_response()
}

async fn status(State(sb): State<Sandbox>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorised(&headers, &sb.server_key) {
        return midtrans_error(
            "401",
            "Access denied due to unauthorized transaction, please check client or server key",
        );
    }
    // Like Midtrans, by order id or by transaction id.
    let found = {
        let all = sb.transactions.lock().expect("sandbox lock");
        all.get(&id).or_else(|| all.values().find(|t| t.transaction_id == id)).cloned()
    };
    let Some(txn) = found else {
        return midtrans_error("404", "Transaction doesn't exist.");
    };
    let mut answer = txn.charge_answer.clone();
    answer["transaction_status"] = json!(txn.status);
    answer["status_code"] = json!(status_code(&txn.status));
    Json(answer).into_response()
}

fn status_code(transaction_status: &str) -> &'static str {
    match transaction_status {
        "settlement" | "capture" => "200",
        "pending" => "201",
        _ => "202",
    }
}

/// Builds and signs the notification of the transaction's current status
/// (or of `status_override`), sends it and remembers it. Returns the
/// store's HTTP status.
async fn notify(sb: &Sandbox, order_id: &str, status_override: Option<&str>) -> Option<u16> {
    let txn = sb.transactions.lock().expect("sandbox lock").get(order_id).cloned()?;
    let transaction_status = status_override.unwrap_or(&txn.status);
    let code = status_code(transaction_status);
    let mut body = txn.charge_answer.clone();
    for (k, v) in [
        ("transaction_status", json!(transaction_status)),
        ("status_code", json!(code)),
        ("status_message", json!("midtrans payment notification")),
        ("signature_key", json!(signature(&txn.order_id, code, &txn.gross_amount, &sb.server_key))),
    ] {
        body[k] = v;
    }
    body.as_object_mut()?.remove("actions");
    sb.transactions.lock().expect("sandbox lock").get_mut(order_id)?.last_notification = Some(body.clone());
    send(sb, &txn, &body).await
}

async fn send(sb: &Sandbox, txn: &Transaction, body: &Value) -> Option<u16> {
    let url = txn.notification_url.as_ref()?;
    // Midtrans retries an unanswered notification; so does the sandbox.
    for attempt in 0..3 {
        match sb.http.post(url).json(body).send().await {
            Ok(res) if res.status().is_success() || res.status().is_client_error() => {
                return Some(res.status().as_u16())
            }
            Ok(res) if attempt == 2 => return Some(res.status().as_u16()),
            _ => tokio::time::sleep(std::time::Duration::from_millis(300 * (attempt + 1))).await,
        }
    }
    None
}

/// The buttons of the pay page, also used by the tests.
async fn act(State(sb): State<Sandbox>, Path((order_id, action)): Path<(String, String)>) -> Response {
    let new_status = match action.as_str() {
        "pay" => Some("settlement"),
        "expire" => Some("expire"),
        "resend" | "late-pending" => None,
        _ => return midtrans_error("404", "unknown sandbox action"),
    };
    let txn = {
        let mut all = sb.transactions.lock().expect("sandbox lock");
        let Some(txn) = all.get_mut(&order_id) else { return midtrans_error("404", "Transaction doesn't exist.") };
        if let Some(s) = new_status {
            if txn.status != "pending" {
                return midtrans_error("412", "Transaction status cannot be updated.");
            }
            txn.status = s.into();
        }
        txn.clone()
    };
    let store_status = match action.as_str() {
        "resend" => match &txn.last_notification {
            Some(body) => send(&sb, &txn, body).await,
            None => notify(&sb, &order_id, None).await,
        },
        "late-pending" => notify(&sb, &order_id, Some("pending")).await,
        _ => notify(&sb, &order_id, None).await,
    };
    tracing::info!(%order_id, %action, ?store_status, "sandbox notification sent");
    Redirect::to(&format!("/sandbox/{order_id}?store={}", store_status.unwrap_or(0))).into_response()
}

async fn qr_image(State(sb): State<Sandbox>, Path(order_id): Path<String>) -> Response {
    let Some(txn) = sb.transactions.lock().expect("sandbox lock").get(&order_id).cloned() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let data = txn.charge_answer["qr_string"]
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| format!("gopay:{}", txn.transaction_id));
    match app::payments::notify::qr_svg(&data) {
        Some(svg) => ([("content-type", "image/svg+xml")], svg).into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn pay_page(State(sb): State<Sandbox>, Path(order_id): Path<String>) -> Response {
    let Some(txn) = sb.transactions.lock().expect("sandbox lock").get(&order_id).cloned() else {
        return (StatusCode::NOT_FOUND, Html("<h1>Transaksi tidak ditemukan / Transaction not found</h1>".to_string()))
            .into_response();
    };
    let id = escape(&txn.order_id);
    let button = |action: &str, label: &str, test: &str| {
        format!(
            r#"<form method="post" action="/sandbox/{id}/{action}"><button data-testid="{test}">{label}</button></form>"#
        )
    };
    let buttons = if txn.status == "pending" {
        format!(
            "{}{}",
            button("pay", "Bayar / Pay", "sandbox-pay"),
            button("expire", "Kedaluwarsa / Expire", "sandbox-expire")
        )
    } else {
        format!(
            "{}{}",
            button("resend", "Kirim ulang notifikasi / Resend notification", "sandbox-resend"),
            button("late-pending", "Kirim 'pending' terlambat / Late 'pending'", "sandbox-late")
        )
    };
    Html(format!(
        r#"<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox pembayaran {id}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1f2933}}
.card{{border:1px solid #d9dde3;border-radius:12px;padding:1rem 1.25rem}}button{{font:inherit;width:100%;padding:.8rem;margin-top:.75rem;border-radius:8px;border:1px solid #1f2933;background:#1f2933;color:#fff}}
form+form button{{background:#fff;color:#1f2933}}.muted{{color:#52606d;font-size:.9rem}}</style></head>
<body><p class="muted">Midtrans sandbox (loopback) — tidak ada uang sungguhan / no real money</p>
<div class="card"><h1>{id}</h1><p>{} · {}</p><p>Status: <strong data-testid="sandbox-status">{}</strong></p>{buttons}</div></body></html>"#,
        escape(&txn.payment_type),
        domain::Rupiah::new(txn.gross_amount.trim_end_matches(".00").parse().unwrap_or(0)),
        escape(&txn.status),
    ))
    .into_response()
}
