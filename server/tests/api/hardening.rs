//! Hostile and careless input (issue 9): parallel password guessing,
//! malformed server-function calls, payment notifications whose status was
//! rewritten, a flash-sale burst of bank transfers, security headers.

use super::*;
use futures::{stream, StreamExt};

/// Forty wrong passwords for one account at the same moment: at most the
/// configured number are checked, the rest are refused before any check.
/// Then forty for forty accounts from one address: the address limit holds.
pub async fn parallel_password_guesses_are_throttled_before_the_check(engine: Engine) {
    let app = spawn(engine).await;
    let attacker = Arc::new(app.shopper());
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let a = attacker.clone();
            tokio::spawn(async move { a.login("admin@etalase.local", &format!("tebakan-{i}")).await })
        })
        .collect();
    let (mut checked, mut throttled) = (0, 0);
    for g in guesses {
        match g.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!(checked <= app::account::MAX_FAILURES_PER_ACCOUNT, "{checked} passwords were checked");
    assert_eq!(checked + throttled, 40);
    // Blocked now, even with the right password.
    assert_eq!(attacker.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);

    // One address guessing across many accounts.
    let app = spawn(engine).await;
    let attacker = Arc::new(app.shopper());
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let a = attacker.clone();
            tokio::spawn(async move { a.login(&format!("orang{i}@example.id"), "tebak-tebak").await })
        })
        .collect();
    let mut checked = 0;
    for g in guesses {
        if g.await.unwrap() == StatusCode::UNAUTHORIZED {
            checked += 1;
        }
    }
    assert!(checked <= app::account::MAX_FAILURES_PER_IP, "{checked} guesses from one address were checked");
}

/// A password has an upper bound with its own message; a megabyte of it is
/// refused before anything reads it.
pub async fn an_overlong_password_gets_its_own_message(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    let long = "a".repeat(app::account::MAX_PASSWORD_BYTES + 1);
    let (status, body) =
        shopper.call("register", &[("name", "Sari"), ("email", "sari@example.id"), ("password", &long)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(message(&body).contains("terlalu panjang"), "{body}");
    let (status, body) =
        shopper.call("login", &[("email", "sari@example.id"), ("password", &long), ("next", "/")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let megabyte = "a".repeat(1024 * 1024);
    let (status, body) =
        shopper.call("register", &[("name", "Sari"), ("email", "sari@example.id"), ("password", &megabyte)]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(!message(&body).is_empty(), "{body}");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'sari@example.id'")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
}

impl Shopper {
    /// Posts raw bytes to a server function with the given content type.
    pub async fn post_raw(&self, endpoint: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let res = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// Each malformed call the attack found answering 500: the client's error,
/// answered 400 (413 for size, 415 for a wrong type) with a translated
/// message, and nothing changes.
pub async fn malformed_server_function_calls_are_the_clients_error(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    let (variant, _) = app.variant_with_stock(10).await;
    let v = variant.to_string();
    let mut order_form: Vec<(&str, &str)> = ADDRESS.to_vec();
    order_form.push(("idempotency_key", "hostile-1"));
    let encoded = |pairs: &[(&str, &str)]| -> Vec<u8> {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "+").replace('|', "%7C")))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    };
    let with_name = |name: &str| -> Vec<u8> {
        let mut body = encoded(&order_form.iter().filter(|(k, _)| *k != "name").copied().collect::<Vec<_>>());
        body.extend_from_slice(format!("&name={name}").as_bytes());
        body
    };
    // The shopper has something in the cart, so a place_order that got
    // through would make an order.
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let cases: Vec<(&str, &str, &str, Vec<u8>, StatusCode)> = vec![
        ("missing field", "cart/add", FORM, format!("variant_id={v}").into_bytes(), StatusCode::BAD_REQUEST),
        ("wrong type", "chat_rate", FORM, b"rating=abc".to_vec(), StatusCode::BAD_REQUEST),
        ("unknown enum value", "staff", FORM, b"area=Gudang".to_vec(), StatusCode::BAD_REQUEST),
        (
            "the same field twice",
            "cart/add",
            FORM,
            format!("variant_id={v}&variant_id={v}&quantity=1").into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "raw bytes that are not UTF-8",
            "cart/add",
            FORM,
            [format!("variant_id={v}&quantity=").as_bytes(), b"\xff\xfe"].concat(),
            StatusCode::BAD_REQUEST,
        ),
        ("percent-encoded invalid UTF-8", "orders/place", FORM, with_name("%FF%FE%FD%20Sari"), StatusCode::BAD_REQUEST),
        ("a control character", "orders/place", FORM, with_name("Sari%00%1B"), StatusCode::BAD_REQUEST),
        ("a body over 2 MB", "cart/add", FORM, vec![b'a'; 2 * 1024 * 1024 + 1], StatusCode::PAYLOAD_TOO_LARGE),
        (
            "JSON instead of a form",
            "cart/add",
            "application/json",
            format!("{{\"variant_id\":\"{v}\"}}").into_bytes(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (what, endpoint, content_type, body, expected) in cases {
        let (status, answer) = shopper.post_raw(endpoint, content_type, body).await;
        assert_eq!(status, expected, "{what}: {answer}");
        assert!(
            answer.get("BadRequest").and_then(Value::as_str).is_some_and(|m| !m.is_empty() && !m.contains("serializ")),
            "{what}: a translated message, not the framework's: {answer}"
        );
    }
    // Nothing changed: one line in the cart, no order.
    assert_eq!(shopper.cart().await["item_count"], 1);
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(orders, 0);
    // English for a shopper who chose it.
    let (status, answer) = shopper
        .client
        .post(format!("{}/api/cart/add", app.base))
        .header("cookie", "etl_lang=en")
        .form(&[("variant_id", v.as_str())])
        .send()
        .await
        .map(|r| (r.status(), r))
        .unwrap();
    let answer: Value = answer.json().await.unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message(&answer).contains("request"), "{answer}");
    // The well-formed call still works.
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
}

async fn gateway_transaction(app: &TestApp, code: &str) -> String {
    sqlx::query_scalar("SELECT p.transaction_id FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.code = $1")
        .bind(code)
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

impl TestApp {
    /// Posts a notification signed over `status_code`, whatever its status says.
    pub async fn notify_raw(
        &self,
        code: &str,
        txn: &str,
        status: &str,
        status_code: &str,
        amount: &str,
    ) -> (StatusCode, String) {
        let body = serde_json::json!({
            "order_id": code,
            "transaction_id": txn,
            "transaction_status": status,
            "status_code": status_code,
            "gross_amount": amount,
            "fraud_status": "accept",
            "payment_type": "bank_transfer",
            "signature_key": app::payments::gateway::signature(code, status_code, amount, SANDBOX_KEY),
        });
        let res =
            Client::new().post(format!("{}/payments/midtrans/notify", self.base)).json(&body).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }
}

/// A signed `pending` rewritten to `settlement`, a `capture` on an expire's
/// signature, a wrong amount under the real transaction, a notification for
/// another transaction, one for a bank-transfer order: none pays, and the
/// genuine settlement still does.
pub async fn a_payment_status_must_be_the_one_that_was_signed(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let (code, token) = shopper.place_order_paying("va-signed", "va_bni").await;
    let txn = gateway_transaction(&app, &code).await;
    let amount = format!("{}.00", shopper.track(&code, &token).await["total"].as_i64().unwrap());
    let (status, body) = app.notify_raw(&code, &txn, "settlement", "201", &amount).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "pending rewritten to settlement: {body}");
    let (status, body) = app.notify_raw(&code, &txn, "capture", "202", &amount).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "capture on an expire signature: {body}");
    assert_eq!(shopper.track(&code, &token).await["status"], OrderStatus::PendingPayment.code());
    // The wrong amount under the real transaction: kept, not paid...
    let (status, body) = app.notify_raw(&code, &txn, "settlement", "200", "1000.00").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("unconfirmed") || body.contains("amount_mismatch"), "{body}");
    // ...another transaction of the gateway for this order: refused...
    let (_, body) = app.notify_raw(&code, "0f1e2d3c-aaaa-bbbb-cccc-000000000000", "settlement", "200", &amount).await;
    assert!(body.contains("other_transaction"), "{body}");
    assert_eq!(shopper.track(&code, &token).await["status"], OrderStatus::PendingPayment.code());
    // ...and the genuine settlement still pays the order.
    app.sandbox(&code, "pay").await;
    assert_eq!(shopper.track(&code, &token).await["status"], "paid");

    // A bank-transfer order never had a gateway charge: a signed settlement
    // for it is refused.
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let (status, placed) = shopper.place_order("transfer-signed").await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let (tcode, ttoken) = (placed["code"].as_str().unwrap().to_string(), placed["token"].as_str().unwrap().to_string());
    let tamount = format!("{}.00", shopper.track(&tcode, &ttoken).await["total"].as_i64().unwrap());
    let (status, body) =
        app.notify_raw(&tcode, "9a8b7c6d-0000-1111-2222-333344445555", "settlement", "200", &tamount).await;
    assert_eq!((status, body.contains("not_charged")), (StatusCode::OK, true), "{body}");
    assert_eq!(shopper.track(&tcode, &ttoken).await["status"], OrderStatus::PendingPayment.code());
}

/// A flash-sale burst of bank-transfer checkouts for one price: every total
/// that can be told apart is placed, the rest get a clear message naming the
/// other methods, never a 500, and no two open transfers share a total.
pub async fn a_burst_of_bank_transfers_never_answers_500(engine: Engine) {
    const BUYERS: usize = 2_000;
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(BUYERS as i64).await;
    let app = Arc::new(app);
    let answers: Vec<(StatusCode, Value)> = stream::iter(0..BUYERS)
        .map(|i| {
            let app = app.clone();
            async move {
                let buyer = app.shopper();
                let (status, body) = buyer.add(variant, "1").await;
                assert_eq!(status, StatusCode::OK, "{body}");
                buyer.place_order(&format!("burst-{i}")).await
            }
        })
        .buffer_unordered(48)
        .collect()
        .await;
    let (mut placed, mut full) = (0, 0);
    for (status, body) in &answers {
        match *status {
            StatusCode::OK => placed += 1,
            StatusCode::UNPROCESSABLE_ENTITY if message(body).contains("QRIS") => full += 1,
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(placed + full, BUYERS);
    assert_eq!(placed, domain::payment::MAX_TRANSFER_CODE as usize, "every distinct total is used");
    let (open, distinct): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT total) FROM orders WHERE status = 'pending_payment' AND unique_code > 0",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!((open, distinct), (placed as i64, placed as i64));
    assert_eq!(stock_of(&app, variant).await, (BUYERS - placed) as i64);
}

/// Every page, storefront and staff, found or not, carries the security
/// headers; the CSP names the nonce the page's inline script carries.
pub async fn every_page_carries_the_security_headers(engine: Engine) {
    let app = spawn(engine).await;
    let product: String =
        sqlx::query_scalar("SELECT slug FROM products ORDER BY id LIMIT 1").fetch_one(&app.state.pool).await.unwrap();
    let category: String =
        sqlx::query_scalar("SELECT slug FROM categories ORDER BY id LIMIT 1").fetch_one(&app.state.pool).await.unwrap();
    let staff = app.shopper();
    assert_eq!(staff.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    let shopper = app.shopper();
    let pages = [
        "/".to_string(),
        format!("/c/{category}"),
        format!("/p/{product}"),
        "/search?q=kemeja".into(),
        "/cart".into(),
        "/checkout".into(),
        "/orders/ETL-NOPE00?t=x".into(),
        "/login".into(),
        "/register".into(),
        "/account".into(),
        "/pages/privasi".into(),
        "/tidak-ada".into(),
        "/agent".into(),
        "/studio".into(),
        "/admin".into(),
    ];
    for who in [&shopper, &staff] {
        for path in &pages {
            let res = who.client.get(format!("{}{path}", app.base)).header("accept", "text/html").send().await.unwrap();
            let status = res.status();
            let h = res.headers().clone();
            let text = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            let html = res.text().await.unwrap();
            if status.is_redirection() {
                continue;
            }
            let csp = text("content-security-policy");
            assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{path}: {csp}");
            let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or_default();
            assert!(
                script_src.contains("'wasm-unsafe-eval'") && !script_src.contains("unsafe-inline"),
                "{path}: {csp}"
            );
            let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap_or_default();
            assert!(nonce.len() >= 16, "{path}: {csp}");
            assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{path}: the inline script carries the nonce");
            assert_eq!(text("x-content-type-options"), "nosniff", "{path}");
            assert_eq!(text("referrer-policy"), "strict-origin-when-cross-origin", "{path}");
            assert_eq!(text("x-frame-options"), "DENY", "{path}");
            assert!(text("permissions-policy").contains("camera=()"), "{path}");
        }
    }
    // Two responses never share a nonce.
    let nonce_of = |h: &reqwest::header::HeaderMap| h["content-security-policy"].to_str().unwrap().to_string();
    let a = shopper.client.get(format!("{}/", app.base)).send().await.unwrap();
    let b = shopper.client.get(format!("{}/", app.base)).send().await.unwrap();
    assert_ne!(nonce_of(a.headers()), nonce_of(b.headers()));
    // Not HTML: nothing may run or frame it either.
    let res = shopper.client.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
}

/// The sandbox answers a status by transaction id as Midtrans does, and
/// takes the legacy Permata charge.
pub async fn the_sandbox_answers_status_by_transaction_id(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let (code, _) = shopper.place_order_paying("va-status", "va_bca").await;
    let txn = gateway_transaction(&app, &code).await;
    let client = Client::new();
    for id in [&code, &txn] {
        let res = client
            .get(format!("{}/v2/{id}/status", app.sandbox))
            .basic_auth(SANDBOX_KEY, Some(""))
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            (body["order_id"].as_str(), body["transaction_id"].as_str()),
            (Some(code.as_str()), Some(txn.as_str()))
        );
    }
    let res = client
        .post(format!("{}/v2/charge", app.sandbox))
        .basic_auth(SANDBOX_KEY, Some(""))
        .json(&serde_json::json!({
            "payment_type": "permata",
            "transaction_details": { "order_id": "permata-legacy-1", "gross_amount": 145000 },
        }))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status_code"], "201", "{body}");
    assert_eq!(body["permata_va_number"].as_str().map(str::len), Some(16), "{body}");
}

/// Everything the servers of this test process log at warn and above, for
/// the tests that read what was logged.
pub fn captured_logs() -> String {
    use std::sync::{Mutex, OnceLock};
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    #[derive(Clone)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let logs = LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink(logs.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::WARN)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one log capture per test process");
        logs
    });
    String::from_utf8_lossy(&logs.lock().unwrap()).into_owned()
}

/// An unexpected failure (here: the cart's table gone from under the
/// running store) answers the usual translated message, and the log holds
/// one event with the whole cause chain and the request (its number and path).
pub async fn an_internal_error_is_logged_once_with_its_cause_and_request(engine: Engine) {
    captured_logs();
    let app = spawn(engine).await;
    let shopper = app.shopper();
    let table = format!("cart_lines_gone_{}", unique());
    sqlx::query(&format!("ALTER TABLE cart_lines RENAME TO {table}")).execute(&app.state.pool).await.unwrap();
    let (status, body) = shopper.call("cart/add", &[("variant_id", "1"), ("quantity", "1")]).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(message(&body).contains("Terjadi kesalahan"), "the shopper reads the usual message: {body}");
    assert!(!body.to_string().contains("cart_lines"), "no detail reaches the shopper: {body}");
    // The cause names the missing table; only this test renames it.
    let cause = match engine {
        Engine::Sqlite => "no such table: cart_lines",
        Engine::Postgres => "relation \"cart_lines\" does not exist",
    };
    let logs = captured_logs();
    let events: Vec<&str> =
        logs.lines().filter(|l| l.contains("unexpected server error") && l.contains(cause)).collect();
    assert_eq!(events.len(), 1, "one event for one failure:\n{logs}");
    let event = events[0];
    assert!(event.contains("request=") && event.contains("path=/api/cart/add"), "the request: {event}");
    assert!(event.contains("causes=error returned from database"), "the cause chain: {event}");
    sqlx::query(&format!("ALTER TABLE {table} RENAME TO cart_lines")).execute(&app.state.pool).await.unwrap();
}
