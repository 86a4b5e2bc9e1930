//! The payment provider interface and its Midtrans Core API adapter: create a
//! charge, ask a transaction's status, verify a notification's signature.
//! The same adapter talks to the real Midtrans or to the loopback sandbox;
//! only the base URL and the server key differ.

use super::Method;
use serde_json::{json, Value};
use std::{future::Future, pin::Pin};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the store asks of a gateway for one order.
#[derive(Clone, Debug)]
pub struct ChargeRequest {
    pub order_code: String,
    pub amount: i64,
    pub method: Method,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// How long the shopper has to pay, in minutes.
    pub expiry_minutes: i64,
    /// Where the gateway sends its notifications for this charge.
    pub notification_url: String,
}

/// What the shopper needs to pay, as the gateway answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Instructions {
    pub order_id: String,
    pub transaction_id: String,
    /// As the gateway writes it: `"289000.00"`.
    pub gross_amount: String,
    /// pending, settlement, expire, cancel, deny …
    pub status: String,
    pub pay_code: Option<String>,
    pub biller_code: Option<String>,
    pub qr_string: Option<String>,
    pub qr_url: Option<String>,
    pub deeplink: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("the gateway could not be reached: {0}")]
    Unreachable(String),
    /// The gateway already has a transaction for this order id.
    #[error("duplicate order id")]
    Duplicate,
    #[error("the gateway refused: {0}")]
    Refused(String),
}

/// A payment provider. One implementation speaks Midtrans' HTTP API; a
/// second provider (Xendit, say) would implement the same three calls.
pub trait PaymentGateway: Send + Sync {
    fn charge<'a>(&'a self, req: &'a ChargeRequest) -> BoxFuture<'a, Result<Instructions, GatewayError>>;
    /// A transaction's status, asked by order id or by transaction id.
    fn status<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Instructions, GatewayError>>;
    /// True when the notification carries this merchant's signature.
    fn verify(&self, order_id: &str, status_code: &str, gross_amount: &str, signature: &str) -> bool;
    /// The sandbox's page that pays an order (None against the real gateway).
    fn simulator_url(&self, order_code: &str) -> Option<String>;
}

/// Whether a notification's `transaction_status` agrees with its
/// `status_code`. Only the code is covered by the signature, so a status
/// that disagrees with it was rewritten on the way: 200 is success
/// (settlement, capture, and the refunds and cancels that follow one), 201
/// pending (or a card capture held for review), 202 a failure (deny,
/// expire, cancel, failure) and 407 an expiry answered by the expire API.
pub fn status_agrees(transaction_status: &str, status_code: &str) -> bool {
    let allowed: &[&str] = match transaction_status {
        "settlement" | "authorize" | "refund" | "partial_refund" | "chargeback" | "partial_chargeback" => &["200"],
        "capture" => &["200", "201"],
        "pending" => &["201"],
        "deny" | "failure" => &["202"],
        "expire" => &["202", "407"],
        "cancel" => &["200", "202"],
        _ => return false,
    };
    allowed.contains(&status_code)
}

/// Midtrans' `signature_key`: SHA-512 of order id, status code, gross amount
/// and server key, hex encoded.
pub fn signature(order_id: &str, status_code: &str, gross_amount: &str, server_key: &str) -> String {
    use sha2::{Digest, Sha512};
    let mut hasher = Sha512::new();
    for part in [order_id, status_code, gross_amount, server_key] {
        hasher.update(part.as_bytes());
    }
    crate::platform::to_hex(&hasher.finalize())
}

pub use crate::platform::MidtransConfig;

/// The store's payment gateway, if one is configured (None: bank transfer
/// only). The server provides it beside `AppState`.
#[derive(Clone, Default)]
pub struct Gateway(pub Option<std::sync::Arc<dyn PaymentGateway>>);

impl Gateway {
    pub fn of_config(config: Option<MidtransConfig>) -> Gateway {
        Gateway(config.map(|c| std::sync::Arc::new(Midtrans::new(c)) as std::sync::Arc<dyn PaymentGateway>))
    }

    pub fn as_ref(&self) -> Option<&std::sync::Arc<dyn PaymentGateway>> {
        self.0.as_ref()
    }

    pub fn is_some(&self) -> bool {
        self.0.is_some()
    }
}

pub struct Midtrans {
    config: MidtransConfig,
    http: reqwest::Client,
}

impl Midtrans {
    pub fn new(config: MidtransConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .connect_timeout(std::time::Duration::from_secs(5))
            .build()
            .expect("HTTP client");
        Midtrans { config, http }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<Value, GatewayError> {
        let res = req
            .basic_auth(&self.config.server_key, Some(""))
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| GatewayError::Unreachable(e.to_string()))?;
        let http_status = res.status();
        let body: Value = res.json().await.map_err(|e| GatewayError::Unreachable(format!("{http_status}: {e}")))?;
        // Midtrans puts its own status code in the body; HTTP may say 200.
        let code = body["status_code"].as_str().unwrap_or_default();
        match code {
            "200" | "201" | "202" | "407" => Ok(body),
            "406" => Err(GatewayError::Duplicate),
            _ => Err(GatewayError::Refused(format!(
                "{code} {}",
                body["status_message"].as_str().unwrap_or("no message")
            ))),
        }
    }
}

/// The charge body of Midtrans' Core API for one method.
pub fn charge_body(req: &ChargeRequest) -> Value {
    let mut body = json!({
        "transaction_details": { "order_id": req.order_code, "gross_amount": req.amount },
        "customer_details": { "first_name": req.name, "email": req.email, "phone": req.phone },
        "custom_expiry": { "expiry_duration": req.expiry_minutes.max(1), "unit": "minute" },
    });
    let extra = match req.method {
        Method::VaBca | Method::VaBni | Method::VaBri | Method::VaPermata => {
            let bank = &req.method.code()[3..];
            json!({ "payment_type": "bank_transfer", "bank_transfer": { "bank": bank } })
        }
        Method::VaMandiri => json!({
            "payment_type": "echannel",
            "echannel": { "bill_info1": "Pembayaran", "bill_info2": req.order_code },
        }),
        Method::Qris => json!({ "payment_type": "qris", "qris": { "acquirer": "gopay" } }),
        Method::Gopay => json!({ "payment_type": "gopay" }),
        Method::Shopeepay => json!({ "payment_type": "shopeepay" }),
        Method::Alfamart | Method::Indomaret => json!({
            "payment_type": "cstore",
            "cstore": { "store": req.method.code(), "message": format!("Etalase {}", req.order_code) },
        }),
        Method::BankTransfer => json!({}),
    };
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    body
}

/// Reads the instructions out of a charge or status answer.
pub fn instructions(body: &Value) -> Instructions {
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(String::from);
    let action = |name: &str| {
        body["actions"].as_array().and_then(|a| a.iter().find(|x| x["name"] == name)).and_then(|x| text(&x["url"]))
    };
    Instructions {
        order_id: text(&body["order_id"]).unwrap_or_default(),
        transaction_id: text(&body["transaction_id"]).unwrap_or_default(),
        gross_amount: text(&body["gross_amount"]).unwrap_or_default(),
        status: text(&body["transaction_status"]).unwrap_or_else(|| "pending".into()),
        pay_code: text(&body["va_numbers"][0]["va_number"])
            .or_else(|| text(&body["permata_va_number"]))
            .or_else(|| text(&body["bill_key"]))
            .or_else(|| text(&body["payment_code"])),
        biller_code: text(&body["biller_code"]),
        qr_string: text(&body["qr_string"]),
        qr_url: action("generate-qr-code"),
        deeplink: action("deeplink-redirect"),
    }
}

impl PaymentGateway for Midtrans {
    fn charge<'a>(&'a self, req: &'a ChargeRequest) -> BoxFuture<'a, Result<Instructions, GatewayError>> {
        Box::pin(async move {
            let body = charge_body(req);
            let answer = self
                .send(
                    self.http
                        .post(self.url("/v2/charge"))
                        .header("X-Override-Notification", &req.notification_url)
                        .json(&body),
                )
                .await?;
            Ok(instructions(&answer))
        })
    }

    fn status<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Instructions, GatewayError>> {
        Box::pin(async move {
            // Ids are Midtrans' own or ours (`ETL-…`); anything else never reaches a URL.
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
                return Err(GatewayError::Refused(format!("not a transaction id: {id:?}")));
            }
            let answer = self.send(self.http.get(self.url(&format!("/v2/{id}/status")))).await?;
            Ok(instructions(&answer))
        })
    }

    fn verify(&self, order_id: &str, status_code: &str, gross_amount: &str, given: &str) -> bool {
        crate::platform::same_token(&signature(order_id, status_code, gross_amount, &self.config.server_key), given)
    }

    fn simulator_url(&self, order_code: &str) -> Option<String> {
        self.config.simulator_url.as_ref().map(|base| format!("{}/{order_code}", base.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_midtrans_documented_formula() {
        // SHA-512 of the four parts concatenated, lowercase hex.
        let sig = signature("ETL-7F3K9Q", "200", "289000.00", "SB-key");
        assert_eq!(sig.len(), 128);
        assert_eq!(sig, signature("ETL-7F3K9Q", "200", "289000.00", "SB-key"));
        assert_ne!(sig, signature("ETL-7F3K9Q", "200", "289001.00", "SB-key"));
        assert_ne!(sig, signature("ETL-7F3K9Q", "200", "289000.00", "other-key"));
    }

    #[test]
    fn a_status_must_agree_with_its_signed_code() {
        assert!(status_agrees("settlement", "200"));
        assert!(status_agrees("pending", "201"));
        assert!(status_agrees("expire", "202"));
        // A signed pending (201) or expire (202) rewritten to a payment.
        assert!(!status_agrees("settlement", "201"));
        assert!(!status_agrees("capture", "202"));
        assert!(!status_agrees("settlement", "202"));
        assert!(!status_agrees("whatever", "200"));
    }

    #[test]
    fn charge_bodies_follow_the_core_api_per_method() {
        let req = ChargeRequest {
            order_code: "ETL-AAAAAA".into(),
            amount: 300_000,
            method: Method::VaBni,
            name: "Sari".into(),
            email: "s@example.id".into(),
            phone: "+6281234567890".into(),
            expiry_minutes: 60,
            notification_url: "http://127.0.0.1/n".into(),
        };
        let body = charge_body(&req);
        assert_eq!(body["payment_type"], "bank_transfer");
        assert_eq!(body["bank_transfer"]["bank"], "bni");
        assert_eq!(body["transaction_details"]["gross_amount"], 300_000);
        let body = charge_body(&ChargeRequest { method: Method::VaMandiri, ..req.clone() });
        assert_eq!(body["payment_type"], "echannel");
        let body = charge_body(&ChargeRequest { method: Method::Indomaret, ..req });
        assert_eq!(
            (body["payment_type"].as_str(), body["cstore"]["store"].as_str()),
            (Some("cstore"), Some("indomaret"))
        );
    }

    #[test]
    fn instructions_are_read_from_each_answer_shape() {
        let va = json!({"transaction_id": "t1", "transaction_status": "pending", "va_numbers": [{"bank": "bca", "va_number": "12345"}]});
        assert_eq!(instructions(&va).pay_code.as_deref(), Some("12345"));
        let mandiri = json!({"transaction_id": "t2", "bill_key": "778899", "biller_code": "70012"});
        let m = instructions(&mandiri);
        assert_eq!((m.pay_code.as_deref(), m.biller_code.as_deref()), (Some("778899"), Some("70012")));
        let gopay = json!({"actions": [{"name": "deeplink-redirect", "url": "gojek://x"}, {"name": "generate-qr-code", "url": "http://q"}]});
        let g = instructions(&gopay);
        assert_eq!((g.deeplink.as_deref(), g.qr_url.as_deref()), (Some("gojek://x"), Some("http://q")));
    }
}
