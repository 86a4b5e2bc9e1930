//! API tests through the real router, on SQLite and on PostgreSQL: the cart's
//! server-side rules, accounts and roles, cross-site refusal, restarts.
//!
//! PostgreSQL runs when `ETALASE_TEST_PG` holds a server URL (a fresh database
//! is created per test); `ETALASE_REQUIRE_PG=1` turns its absence into a failure.

use app::platform::{AppState, Config};
use domain::order::OrderStatus;
use reqwest::{cookie::Jar, Client, StatusCode};
use serde_json::Value;
use std::{net::SocketAddr, sync::Arc};

#[path = "api/chat.rs"]
mod chat;
use chat::*;
#[path = "api/hardening.rs"]
mod hardening;
use hardening::*;
#[path = "api/studio.rs"]
mod studio;
use studio::*;
#[path = "api/vouchers.rs"]
mod vouchers;
use vouchers::*;
#[path = "api/sales.rs"]
mod sales;
use sales::*;
#[path = "api/schema.rs"]
mod schema;

const ADMIN_PASSWORD: &str = "admin-pass-123";

#[derive(Clone, Copy, Debug)]
enum Engine {
    Sqlite,
    Postgres,
}

struct TestApp {
    base: String,
    /// The app's gateway sandbox (`/v2/charge`, pay pages, notifications).
    sandbox: String,
    state: AppState,
    database_url: String,
    server: tokio::task::JoinHandle<()>,
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst), app::platform::now_ms() % 1_000_000)
}

fn pg_base() -> Option<String> {
    std::env::var("ETALASE_TEST_PG").ok().filter(|v| !v.is_empty())
}

async fn fresh_database(engine: Engine) -> String {
    match engine {
        Engine::Sqlite => format!("sqlite://{}/etalase-test-{}.db", std::env::temp_dir().display(), unique()),
        Engine::Postgres => {
            use sqlx::Connection;
            let base = pg_base().expect("PostgreSQL URL");
            let name = format!("etalase_test_{}", unique());
            let mut conn = sqlx::PgConnection::connect(&base).await.expect("connect to PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create database");
            let (prefix, _) = base.rsplit_once('/').expect("database URL with a path");
            format!("{prefix}/{name}")
        }
    }
}

const SANDBOX_KEY: &str = "SB-Mid-server-test-key";

async fn start(database_url: &str) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Each app pays through its own loopback gateway sandbox.
    let sandbox = server::sandbox::spawn(SANDBOX_KEY).await;
    let gateway = app::payments::gateway::MidtransConfig {
        base_url: sandbox.clone(),
        server_key: SANDBOX_KEY.into(),
        simulator_url: Some(format!("{sandbox}/sandbox")),
    };
    let config = Config {
        database_url: database_url.to_string(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        mail_from: "Etalase <toko@etalase.local>".into(),
        public_url: format!("http://{addr}"),
        gateway: Some(gateway),
        upload_dir: Some(std::env::temp_dir().join(format!("etalase-uploads-{}", unique()))),
        ..Config::default()
    };
    let options = leptos::prelude::LeptosOptions::builder().output_name("etalase").build();
    let (state, _) = server::start(&config, options).await.expect("start");
    let router = server::router(state.clone());
    let server = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp {
        base: format!("http://{addr}"),
        sandbox,
        state: state.app.clone(),
        database_url: database_url.to_string(),
        server,
    }
}

async fn spawn(engine: Engine) -> TestApp {
    start(&fresh_database(engine).await).await
}

/// A browser-like client: its own cookie jar, same-origin `Origin` header.
struct Shopper {
    client: Client,
    jar: Arc<Jar>,
    base: String,
}

impl TestApp {
    fn shopper(&self) -> Shopper {
        self.shopper_at(&self.base)
    }

    fn shopper_at(&self, base: &str) -> Shopper {
        let jar = Arc::new(Jar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", base.parse().unwrap());
        let client = Client::builder()
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Shopper { client, jar, base: base.to_string() }
    }

    /// Stops the server and starts a new one on the same database.
    async fn restart(self) -> TestApp {
        self.server.abort();
        let _ = self.server.await;
        self.state.pool.close().await;
        start(&self.database_url).await
    }

    /// A variant id with a known stock, set directly in the database.
    async fn variant_with_stock(&self, stock: i64) -> (i64, i64) {
        self.nth_variant_with_stock(4, stock).await
    }

    /// The slug of the category a variant's product is listed in.
    async fn category_of(&self, variant: i64) -> String {
        sqlx::query_scalar(
            "SELECT c.slug FROM variants v JOIN products p ON p.id = v.product_id \
             JOIN categories c ON c.id = p.category_id WHERE v.id = $1",
        )
        .bind(variant)
        .fetch_one(&self.state.pool)
        .await
        .unwrap()
    }

    async fn nth_variant_with_stock(&self, n: i64, stock: i64) -> (i64, i64) {
        let (id, price): (i64, i64) = sqlx::query_as("SELECT id, price FROM variants ORDER BY id LIMIT 1 OFFSET $1")
            .bind(n)
            .fetch_one(&self.state.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE variants SET stock = $1 WHERE id = $2")
            .bind(stock)
            .bind(id)
            .execute(&self.state.pool)
            .await
            .unwrap();
        (id, price)
    }
}

impl Shopper {
    async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let res = self.client.post(format!("{}/api/{endpoint}", self.base)).form(form).send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn add(&self, variant: i64, quantity: &str) -> (StatusCode, Value) {
        self.call("cart/add", &[("variant_id", &variant.to_string()), ("quantity", quantity)]).await
    }

    async fn cart(&self) -> Value {
        let (status, cart) = self.call("cart", &[]).await;
        assert_eq!(status, StatusCode::OK, "{cart}");
        cart
    }

    async fn login(&self, email: &str, password: &str) -> StatusCode {
        self.call("login", &[("email", email), ("password", password), ("next", "/")]).await.0
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let res = self.client.get(format!("{}{path}", self.base)).header("accept", "text/html").send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    fn cookie(&self, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let header = self.jar.cookies(&self.base.parse().unwrap())?;
        header.to_str().ok()?.split("; ").find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_string))
    }
}

fn message(error: &Value) -> String {
    error.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap_or_default().to_string()
}

async fn quantities_that_make_no_sense_are_refused_with_a_clear_message(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    let (variant, _) = app.variant_with_stock(20).await;
    for (quantity, expected) in [
        ("0", "Jumlah minimal 1"),
        ("-3", "Jumlah minimal 1"),
        ("99999999999999999999999", "Maksimal 10"),
        ("11", "Maksimal 10"),
        ("dua", "angka bulat"),
        ("1.5", "angka bulat"),
    ] {
        let (status, body) = shopper.add(variant, quantity).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "quantity {quantity}: {body}");
        assert!(message(&body).contains(expected), "quantity {quantity}: {body}");
    }
    let (status, body) = shopper.add(variant, "0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(shopper.cart().await["item_count"], 0);
    // The message follows the shopper's language.
    let english = app.shopper();
    english.jar.add_cookie_str("etl_lang=en", &app.base.parse().unwrap());
    let (_, body) = english.add(variant, "-1").await;
    assert!(message(&body).contains("at least 1"), "{body}");
}

async fn a_price_sent_by_the_client_is_ignored(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    let (variant, price) = app.variant_with_stock(20).await;
    let (status, cart) = shopper
        .call(
            "cart/add",
            &[("variant_id", &variant.to_string()), ("quantity", "2"), ("price", "1"), ("unit_price", "1")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cart}");
    assert_eq!(cart["lines"][0]["unit_price"], price);
    assert_eq!(cart["subtotal"], price * 2);
}

async fn concurrent_adds_for_the_last_units_never_exceed_stock(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(3).await;
    // One cart, 50 taps at once, three units in stock.
    let shopper = Arc::new(app.shopper());
    let first = shopper.add(variant, "1").await;
    assert_eq!(first.0, StatusCode::OK, "{:?}", first.1);
    let tasks: Vec<_> = (0..49)
        .map(|_| {
            let shopper = shopper.clone();
            tokio::spawn(async move { shopper.add(variant, "1").await.0 })
        })
        .collect();
    let mut accepted = 1;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => accepted += 1,
            StatusCode::UNPROCESSABLE_ENTITY => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(accepted, 3);
    assert_eq!(shopper.cart().await["lines"][0]["quantity"], 3);
    // 50 other shoppers racing for one last unit: no cart holds more than stock.
    let (last, _) = app.nth_variant_with_stock(9, 1).await;
    let shoppers: Vec<_> = (0..50).map(|_| Arc::new(app.shopper())).collect();
    let tasks: Vec<_> =
        shoppers.iter().cloned().map(|s| tokio::spawn(async move { s.add(last, "2").await.0 })).collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let over: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cart_lines l JOIN variants v ON v.id = l.variant_id WHERE l.quantity > v.stock",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!(over, 0);
}

async fn a_shopper_cannot_enter_staff_areas(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    let (status, body) = shopper
        .call("register", &[("name", "Sari"), ("email", "sari@example.id"), ("password", "rahasia-sekali")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = shopper.call("staff", &[("area", "Admin")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    for path in ["/admin", "/studio", "/agent"] {
        let (status, html) = shopper.get(path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(!html.contains("staff-shell"), "{path} leaked the staff page");
    }
    // Not signed in: sent to the sign-in page.
    let (status, _) = app.shopper().get("/studio").await;
    assert!(status.is_redirection(), "{status}");
    // The admin gets in.
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    let (status, html) = admin.get("/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("staff-shell"));
}

/// Tests run many servers in one process, and a server lists its routes as
/// it starts: pages served meanwhile by another server must still finish
/// (listing routes suppresses resource loading process-wide,
/// leptos-rs/leptos#4773).
async fn pages_finish_while_other_servers_start(engine: Engine) {
    let app = spawn(engine).await;
    let client = Client::builder().timeout(std::time::Duration::from_secs(10)).build().unwrap();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..8)
        .map(|i| {
            let (client, base, done) = (client.clone(), app.base.clone(), done.clone());
            tokio::spawn(async move {
                let path = if i % 2 == 0 { "/halaman/acak" } else { "/p/kemeja-linen-lengan-panjang" };
                let mut answered = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    let res = client.get(format!("{base}{path}")).send().await;
                    let status = res.unwrap_or_else(|e| panic!("{path} never finished: {e}")).status().as_u16();
                    assert!(status == 200 || status == 404, "{path}: {status}");
                    answered += 1;
                }
                answered
            })
        })
        .collect();
    for _ in 0..10 {
        let other = spawn(engine).await;
        other.server.abort();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    for reader in readers {
        assert!(reader.await.expect("reader") > 0);
    }
}

async fn a_cross_site_post_is_refused(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let evil = app.shopper_at(&app.base);
    let res = evil
        .client
        .post(format!("{}/api/cart/add", app.base))
        .header("origin", "https://evil.example")
        .form(&[("variant_id", variant.to_string().as_str()), ("quantity", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(evil.cart().await["item_count"], 0);
    let res = evil
        .client
        .post(format!("{}/api/login", app.base))
        .header("origin", "null")
        .form(&[("email", "admin@etalase.local"), ("password", ADMIN_PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

async fn repeated_wrong_passwords_are_blocked(engine: Engine) {
    let app = spawn(engine).await;
    let attacker = app.shopper();
    for _ in 0..app::account::MAX_FAILURES_PER_ACCOUNT {
        assert_eq!(attacker.login("admin@etalase.local", "tebak-tebak").await, StatusCode::UNAUTHORIZED);
    }
    // Blocked now, even with the right password.
    let (status, body) =
        attacker.call("login", &[("email", "admin@etalase.local"), ("password", ADMIN_PASSWORD), ("next", "/")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(message(&body).contains("15 menit"), "{body}");
    assert!(attacker.cookie("etl_session").is_none());
}

async fn the_cart_survives_a_server_restart(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(10).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "2").await.0, StatusCode::OK);
    let visitor = shopper.cookie("etl_visitor").expect("visitor cookie");
    let app = app.restart().await;
    let again = app.shopper();
    again.jar.add_cookie_str(&format!("etl_visitor={visitor}"), &app.base.parse().unwrap());
    let cart = again.cart().await;
    assert_eq!(cart["item_count"], 2);
    assert_eq!(cart["lines"][0]["variant_id"], variant);
}

async fn the_guest_cart_joins_the_account_at_login_with_a_new_session(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(10).await;
    let shopper = app.shopper();
    shopper.call("register", &[("name", "Budi"), ("email", "budi@example.id"), ("password", "rahasia-budi")]).await;
    let first_session = shopper.cookie("etl_session").expect("session after register");
    shopper.call("logout", &[]).await;
    assert_eq!(shopper.cart().await["item_count"], 0);
    assert_eq!(shopper.add(variant, "3").await.0, StatusCode::OK);
    assert_eq!(shopper.login("budi@example.id", "rahasia-budi").await, StatusCode::OK);
    let second_session = shopper.cookie("etl_session").expect("session after login");
    assert_ne!(first_session, second_session);
    assert_eq!(shopper.cart().await["item_count"], 3);
    // The same account on another device sees the same cart.
    let phone = app.shopper();
    phone.login("budi@example.id", "rahasia-budi").await;
    assert_eq!(phone.cart().await["item_count"], 3);
    // An order placed while signed in is listed in the account, and only there.
    let (status, placed) = phone.place_order("account-order").await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let (status, mine) = shopper.call("account/orders", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine[0]["code"], placed["code"]);
    let (status, _) = app.shopper().call("account/orders", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn pages_are_complete_html_without_javascript(engine: Engine) {
    let app = spawn(engine).await;
    let visitor = app.shopper();
    let (status, home) = visitor.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Terlaris") && home.contains("Rp "), "home misses products");
    let (status, product) = visitor.get("/p/kemeja-linen-lengan-panjang").await;
    assert_eq!(status, StatusCode::OK);
    assert!(product.contains("<h1>Kemeja Linen Lengan Panjang</h1>"));
    assert!(product.contains("Rp 289.000"));
    assert!(product.contains(r#""@type":"Product""#));
    assert!(product.contains(r#"rel="canonical""#));
    let (status, _) = visitor.get("/p/tidak-ada").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = visitor.get("/halaman/acak").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, found) = visitor.get("/search?q=kemja").await;
    assert_eq!(status, StatusCode::OK);
    assert!(found.contains("Kemeja Linen"), "typo search found nothing");
    let (status, body) = visitor.get("/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

/// A hung test fails with its name instead of stalling the whole run.
async fn within_time_limit(test: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(std::time::Duration::from_secs(120), test).await.expect("test took over 120 s: hung?");
}

const ADDRESS: &[(&str, &str)] = &[
    ("name", "Sari Wulandari"),
    ("email", "sari@example.id"),
    ("phone", "0812 3456 7890"),
    ("province", "Jawa Barat"),
    ("city", "Kota Bandung"),
    ("district", "Sumur Bandung"),
    ("postal_code", "40111"),
    ("street", "Jl. Braga No. 12"),
    ("shipping", "JNE|REG"),
    ("payment", "bank_transfer"),
];

impl Shopper {
    async fn place_order(&self, key: &str) -> (StatusCode, Value) {
        let mut form: Vec<(&str, &str)> = ADDRESS.to_vec();
        form.push(("idempotency_key", key));
        self.call("orders/place", &form).await
    }
}

async fn stock_of(app: &TestApp, variant: i64) -> i64 {
    sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
        .bind(variant)
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

async fn fifty_buyers_for_ten_units_make_exactly_ten_orders(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, price) = app.variant_with_stock(50).await;
    let buyers: Vec<Arc<Shopper>> = (0..50).map(|_| Arc::new(app.shopper())).collect();
    for b in &buyers {
        assert_eq!(b.add(variant, "1").await.0, StatusCode::OK);
    }
    sqlx::query("UPDATE variants SET stock = 10 WHERE id = $1").bind(variant).execute(&app.state.pool).await.unwrap();
    let tasks: Vec<_> = buyers
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let b = b.clone();
            tokio::spawn(async move { b.place_order(&format!("buyer-{i}")).await })
        })
        .collect();
    let (mut placed, mut sold_out) = (0, 0);
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            StatusCode::OK => placed += 1,
            StatusCode::UNPROCESSABLE_ENTITY if message(&body).contains("tidak cukup") => sold_out += 1,
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((placed, sold_out), (10, 40));
    assert_eq!(stock_of(&app, variant).await, 0);
    let (orders, sold): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(DISTINCT order_id), CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines WHERE variant_id = $1",
    )
    .bind(variant)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert_eq!((orders, sold), (10, 10));
    // The ledger agrees: units sold + stock left = stock before.
    let moved: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM stock_movements WHERE variant_id = $1")
            .bind(variant)
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(moved, -10);
    let total: i64 = sqlx::query_scalar("SELECT MIN(subtotal) FROM orders").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(total, price);
}

async fn the_same_idempotency_key_ten_times_at_once_makes_one_order(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(10).await;
    let shopper = Arc::new(app.shopper());
    assert_eq!(shopper.add(variant, "2").await.0, StatusCode::OK);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let s = shopper.clone();
            tokio::spawn(async move { s.place_order("double-tap").await })
        })
        .collect();
    let mut codes = Vec::new();
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        codes.push(body["code"].as_str().unwrap().to_string());
    }
    codes.dedup();
    assert_eq!(codes.len(), 1, "{codes:?}");
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(orders, 1);
    assert_eq!(stock_of(&app, variant).await, 8);
}

async fn an_order_is_tracked_only_with_its_token_and_expiry_gives_stock_back(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, price) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "2").await.0, StatusCode::OK);
    let (status, placed) = shopper.place_order("k1").await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let (code, token) = (placed["code"].as_str().unwrap(), placed["token"].as_str().unwrap());
    assert_eq!(shopper.cart().await["item_count"], 0);
    // The guest's order carries their (hashed) visitor, for the chat's context.
    let visitor: Option<String> = sqlx::query_scalar("SELECT visitor_hash FROM orders WHERE code = $1")
        .bind(code)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(visitor, Some(app::platform::token_hash(&shopper.cookie("etl_visitor").unwrap())));
    let stranger = app.shopper();
    let (status, page) = stranger.get(&format!("/orders/{code}?t={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Menunggu pembayaran") && page.contains(code));
    let order: (i64, i64, i64) = sqlx::query_as("SELECT total, unique_code, shipping FROM orders WHERE code = $1")
        .bind(code)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(order.0, price * 2 + order.2 + order.1);
    assert!((1..=999).contains(&order.1));
    assert!(page.contains(&domain::Rupiah::new(order.0).to_string()), "the exact amount is shown");
    for wrong in [format!("/orders/{code}"), format!("/orders/{code}?t=0000"), format!("/orders/ETL-AAAAAA?t={token}")]
    {
        assert_eq!(stranger.get(&wrong).await.0, StatusCode::NOT_FOUND, "{wrong}");
    }
    assert_eq!(stock_of(&app, variant).await, 3);
    let window: i64 = sqlx::query_scalar("SELECT expires_at - created_at FROM orders WHERE code = $1")
        .bind(code)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(window, 24 * 60 * 60 * 1000, "unpaid orders hold stock for the default 24 hours");
    sqlx::query("UPDATE orders SET expires_at = 0").execute(&app.state.pool).await.unwrap();
    let expired =
        app::orders::db::expire_due(&app.state.pool, app.state.engine, app::platform::now_ms()).await.unwrap();
    assert_eq!(expired, 1);
    assert_eq!(stock_of(&app, variant).await, 5);
    let (_, page) = stranger.get(&format!("/orders/{code}?t={token}")).await;
    assert!(page.contains("Dibatalkan"));
}

async fn bad_checkout_input_is_refused_and_changes_nothing(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    for (field, value, expected) in [
        ("phone", "12345", "Nomor HP"),
        ("postal_code", "4011", "Kode pos"),
        ("province", "Atlantis", "provinsi"),
        ("city", "Kota Atlantis", "Kota/kabupaten tidak ditemukan"),
        ("district", "Ubud", "Kecamatan tidak ditemukan"),
        ("shipping", "JNE|KILAT", "kurir"),
        ("payment", "cash", "metode pembayaran"),
    ] {
        let mut form: Vec<(&str, &str)> =
            ADDRESS.iter().map(|&(k, v)| if k == field { (k, value) } else { (k, v) }).collect();
        form.push(("idempotency_key", "bad"));
        let (status, body) = shopper.call("orders/place", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
        assert!(message(&body).contains(expected), "{field}: {body}");
    }
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(orders, 0);
    assert_eq!(stock_of(&app, variant).await, 5);
    assert_eq!(shopper.cart().await["item_count"], 1);
}

async fn staff_move_orders_forward_and_illegal_moves_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    shopper.add(variant, "1").await;
    let (_, placed) = shopper.place_order("k").await;
    let (code, token) = (placed["code"].as_str().unwrap().to_string(), placed["token"].as_str().unwrap().to_string());
    let mv = |who: &Shopper, to: &str, awb: &str| {
        let form = [("code", code.clone()), ("to", to.to_string()), ("awb", awb.to_string())];
        let req = who.client.post(format!("{}/api/admin/orders/move", who.base)).form(&form).send();
        async move { req.await.unwrap().status() }
    };
    // Neither a guest nor a signed-in shopper can move an order.
    assert_eq!(mv(&shopper, "paid", "").await, StatusCode::UNAUTHORIZED);
    let member = app.shopper();
    member.call("register", &[("name", "Rina"), ("email", "rina@example.id"), ("password", "rahasia-rina")]).await;
    assert_eq!(mv(&member, "paid", "").await, StatusCode::FORBIDDEN);
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    assert_eq!(mv(&admin, "shipped", "JNE1234567").await, StatusCode::UNPROCESSABLE_ENTITY, "cannot skip payment");
    assert_eq!(mv(&admin, "paid", "").await, StatusCode::OK);
    assert_eq!(mv(&admin, OrderStatus::PendingPayment.code(), "").await, StatusCode::UNPROCESSABLE_ENTITY, "never backwards");
    assert_eq!(mv(&admin, "packed", "").await, StatusCode::OK);
    assert_eq!(mv(&admin, "shipped", "").await, StatusCode::UNPROCESSABLE_ENTITY, "shipping needs an AWB");
    assert_eq!(mv(&admin, "shipped", "JNE1234567").await, StatusCode::OK);
    let (_, page) = app.shopper().get(&format!("/orders/{code}?t={token}")).await;
    assert!(
        page.contains("JNE1234567") && page.contains("Dikirim") && page.contains("Dikemas") && page.contains("Dibayar")
    );
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_events").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(events, 4);
    // Confirmation, payment and shipping emails wait in the outbox (no SMTP
    // here), newest first, addressed to the shopper and carrying the AWB.
    let (status, outbox) = admin.call("admin/outbox", &[]).await;
    assert_eq!(status, StatusCode::OK, "{outbox}");
    let subjects: Vec<&str> = outbox.as_array().unwrap().iter().map(|e| e["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        [
            format!("Pesanan {code} sedang dikirim"),
            format!("Pembayaran pesanan {code} diterima"),
            format!("Pesanan {code} sudah kami terima")
        ]
    );
    let shipped = &outbox[0];
    assert_eq!((shipped["to"].as_str(), shipped["status"].as_str()), (Some("sari@example.id"), Some("queued")));
    assert!(shipped["text"].as_str().unwrap().contains("JNE1234567"));
    assert!(shipped["html"].as_str().unwrap().contains(&format!("/orders/{code}?t={token}")));
    assert_eq!(member.call("admin/outbox", &[]).await.0, StatusCode::FORBIDDEN, "shoppers never see emails");
}

async fn vouchers_discount_orders_and_unknown_codes_get_a_clear_message(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, price) = app.variant_with_stock(10).await;
    sqlx::query(
        "INSERT INTO vouchers (code, kind, value, min_spend, cap, starts_at, ends_at, usage_limit) \
         VALUES ('HARBOLNAS', 'percent', 10, 0, 20000, 0, 99999999999999, 1), \
                ('BESOK', 'fixed', 50000, 0, NULL, 99999999999998, 99999999999999, 0)",
    )
    .execute(&app.state.pool)
    .await
    .unwrap();
    let shopper = app.shopper();
    shopper.add(variant, "1").await;
    let with = |code: &'static str| {
        let mut form: Vec<(&str, &str)> = ADDRESS.to_vec();
        form.push(("idempotency_key", code));
        form.push(("voucher", code));
        form
    };
    let (status, body) = shopper.call("orders/place", &with("TIDAKADA")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&body).contains("tidak dikenal"), "{body}");
    let (status, body) = shopper.call("orders/place", &with("BESOK")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&body).contains("baru berlaku mulai"), "{body}");
    let (status, placed) = shopper.call("orders/place", &with("harbolnas")).await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let (discount, subtotal): (i64, i64) = sqlx::query_as("SELECT discount, subtotal FROM orders WHERE code = $1")
        .bind(placed["code"].as_str().unwrap())
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(subtotal, price);
    assert_eq!(discount, (price / 10).min(20_000));
    // Its only use is taken: the next shopper is told so.
    let other = app.shopper();
    other.add(variant, "1").await;
    let (status, body) = other.call("orders/place", &with("HARBOLNAS")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&body).contains("habis"), "{body}");
    assert_eq!(other.cart().await["item_count"], 1);
}

impl Shopper {
    async fn place_order_paying(&self, key: &str, method: &str) -> (String, String) {
        let mut form: Vec<(&str, &str)> = ADDRESS.iter().filter(|(k, _)| *k != "payment").copied().collect();
        form.push(("payment", method));
        form.push(("idempotency_key", key));
        let (status, placed) = self.call("orders/place", &form).await;
        assert_eq!(status, StatusCode::OK, "{placed}");
        (placed["code"].as_str().unwrap().to_string(), placed["token"].as_str().unwrap().to_string())
    }

    async fn track(&self, code: &str, token: &str) -> Value {
        let (status, order) = self.call("orders/track", &[("code", code), ("t", token)]).await;
        assert_eq!(status, StatusCode::OK, "{order}");
        order
    }
}

impl TestApp {
    /// Presses a button of the sandbox's pay page, as the shopper's bank would.
    async fn sandbox(&self, code: &str, action: &str) {
        let res = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(format!("{}/sandbox/{code}/{action}", self.sandbox))
            .send()
            .await
            .unwrap();
        let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
        assert!(location.ends_with("store=200"), "{action}: the store answered {location}");
    }

    /// Posts a notification as the gateway would, signed with `key`.
    async fn notify(
        &self,
        code: &str,
        transaction_id: &str,
        status: &str,
        amount: &str,
        key: &str,
    ) -> (StatusCode, String) {
        let status_code = match status {
            "settlement" => "200",
            "pending" => "201",
            _ => "202",
        };
        let body = serde_json::json!({
            "order_id": code,
            "transaction_id": transaction_id,
            "transaction_status": status,
            "status_code": status_code,
            "gross_amount": amount,
            "fraud_status": "accept",
            "payment_type": "qris",
            "signature_key": app::payments::gateway::signature(code, status_code, amount, key),
        });
        let res = reqwest::Client::new()
            .post(format!("{}/payments/midtrans/notify", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    }

    async fn count(&self, sql: &str, code: &str) -> i64 {
        sqlx::query_scalar(sql).bind(code).fetch_one(&self.state.pool).await.unwrap()
    }
}

async fn a_gateway_payment_is_applied_once_and_never_backwards(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let (code, token) = shopper.place_order_paying("va-1", "va_bca").await;
    let order = shopper.track(&code, &token).await;
    assert_eq!(order["status"], OrderStatus::PendingPayment.code());
    assert_eq!(order["unique_code"], 0, "gateway orders carry no transfer code");
    let va = order["payment"]["pay_code"].as_str().unwrap_or_default();
    assert!(va.len() >= 10 && va.chars().all(|c| c.is_ascii_digit()), "VA number shown: {order}");
    // The bank pays: the notification alone makes the order paid.
    app.sandbox(&code, "pay").await;
    assert_eq!(shopper.track(&code, &token).await["status"], "paid");
    // The same notification again, then a late `pending`: nothing moves.
    app.sandbox(&code, "resend").await;
    app.sandbox(&code, "late-pending").await;
    let order = shopper.track(&code, &token).await;
    assert_eq!(order["status"], "paid");
    let paid_events = order["timeline"].as_array().unwrap().iter().filter(|e| e["status"] == "paid").count();
    assert_eq!(paid_events, 1, "one payment: {order}");
    let settlements = app
        .count(
            "SELECT COUNT(*) FROM payment_notifications WHERE order_code = $1 AND transaction_status = 'settlement'",
            &code,
        )
        .await;
    assert_eq!(settlements, 1);
    let emails =
        app.count("SELECT COUNT(*) FROM outbox x JOIN orders o ON o.id = x.order_id WHERE o.code = $1", &code).await;
    assert_eq!(emails, 2, "one confirmation and one payment email, whatever the resends");
    // An `expire` after payment never takes the order back, nor its stock.
    let txn: String = sqlx::query_scalar(
        "SELECT p.transaction_id FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.code = $1",
    )
    .bind(&code)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    let total = order["total"].as_i64().unwrap();
    // (The gateway's status API says the transaction is settled, so the
    // expire is not even confirmed.)
    let (status, body) = app.notify(&code, &txn, "expire", &format!("{total}.00"), SANDBOX_KEY).await;
    assert_eq!((status, body.contains("unconfirmed")), (StatusCode::OK, true), "{body}");
    assert_eq!(shopper.track(&code, &token).await["status"], "paid");
    assert_eq!(stock_of(&app, variant).await, 4);
}

async fn notifications_with_a_bad_signature_or_amount_change_nothing(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let (code, token) = shopper.place_order_paying("qris-1", "qris").await;
    let order = shopper.track(&code, &token).await;
    assert!(order["payment"]["qr_svg"].as_str().unwrap_or_default().starts_with("<?xml"), "QR drawn: {order}");
    let amount = format!("{}.00", order["total"].as_i64().unwrap());
    let before = app
        .count(
            "SELECT COUNT(*) FROM payment_notifications WHERE order_code = $1 AND transaction_status <> 'pending'",
            &code,
        )
        .await;
    // Signed with the wrong key: 401, nothing recorded, nothing paid.
    let (status, _) = app.notify(&code, "forged-1", "settlement", &amount, "SB-Mid-server-not-ours").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Signed properly but for another amount under the order's real
    // transaction: not paid (the gateway does not confirm it), kept for staff.
    let txn: String = sqlx::query_scalar(
        "SELECT p.transaction_id FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.code = $1",
    )
    .bind(&code)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    let (status, body) = app.notify(&code, &txn, "settlement", "1000.00", SANDBOX_KEY).await;
    assert_eq!((status, body.contains("unconfirmed")), (StatusCode::OK, true), "{body}");
    assert_eq!(shopper.track(&code, &token).await["status"], OrderStatus::PendingPayment.code());
    let after = app
        .count(
            "SELECT COUNT(*) FROM payment_notifications WHERE order_code = $1 AND transaction_status <> 'pending'",
            &code,
        )
        .await;
    assert_eq!(after, before + 1, "only the mismatch is logged");
    let logged = app
        .count("SELECT COUNT(*) FROM payment_notifications WHERE order_code = $1 AND outcome = 'unconfirmed'", &code)
        .await;
    assert_eq!(logged, 1);
    // Not JSON, or missing fields: 400.
    let res = reqwest::Client::new()
        .post(format!("{}/payments/midtrans/notify", app.base))
        .body("order_id=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

/// Viewing an order never asks the gateway for anything: a charge the
/// gateway did not answer at checkout is asked for again by the page's
/// retry button (a POST), not by loading the page.
async fn a_read_never_creates_a_charge_and_the_retry_does(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let (code, token) = shopper.place_order_paying("owed-1", "va_bni").await;
    // As if the gateway had not answered at checkout.
    sqlx::query(
        "UPDATE payments SET status = 'uncharged', transaction_id = NULL, pay_code = NULL \
         WHERE order_id = (SELECT id FROM orders WHERE code = $1)",
    )
    .bind(&code)
    .execute(&app.state.pool)
    .await
    .unwrap();
    let owed = "SELECT COUNT(*) FROM payments p JOIN orders o ON o.id = p.order_id \
                WHERE o.code = $1 AND p.transaction_id IS NULL";
    for _ in 0..3 {
        assert!(shopper.track(&code, &token).await["payment"]["pay_code"].is_null());
        let (status, _) = shopper.get(&format!("/orders/{code}?t={token}")).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(app.count(owed, &code).await, 1, "reading the order created no charge");
    let (status, body) = shopper.call("orders/retry_charge", &[("code", &code), ("t", "wrong")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(app.count(owed, &code).await, 1, "a wrong token asks for nothing");
    let (status, body) = shopper.call("orders/retry_charge", &[("code", &code), ("t", &token)]).await;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    assert_eq!(app.count(owed, &code).await, 0, "the retry got the charge");
    assert!(shopper.track(&code, &token).await["payment"]["pay_code"].is_string());
}

async fn a_gateway_expiry_gives_the_stock_back(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(3).await;
    let shopper = app.shopper();
    assert_eq!(shopper.add(variant, "2").await.0, StatusCode::OK);
    let (code, token) = shopper.place_order_paying("alfa-1", "alfamart").await;
    let order = shopper.track(&code, &token).await;
    assert!(order["payment"]["pay_code"].as_str().is_some_and(|c| !c.is_empty()), "{order}");
    assert_eq!(stock_of(&app, variant).await, 1);
    app.sandbox(&code, "expire").await;
    assert_eq!(shopper.track(&code, &token).await["status"], "cancelled");
    assert_eq!(stock_of(&app, variant).await, 3);
    // The expiry notification again is a duplicate; a settlement of some
    // other transaction does not revive the order.
    app.sandbox(&code, "resend").await;
    let amount = format!("{}.00", order["total"].as_i64().unwrap());
    let (status, body) = app.notify(&code, "late-txn", "settlement", &amount, SANDBOX_KEY).await;
    assert_eq!((status, body.contains("other_transaction")), (StatusCode::OK, true), "{body}");
    assert_eq!(shopper.track(&code, &token).await["status"], "cancelled");
    assert_eq!(stock_of(&app, variant).await, 3);

    // The store expired an order itself, then the shopper paid at the
    // gateway after all: kept for staff to refund, the order stays cancelled.
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let (code, token) = shopper.place_order_paying("va-late", "va_bri").await;
    sqlx::query("UPDATE orders SET expires_at = 0 WHERE code = $1").bind(&code).execute(&app.state.pool).await.unwrap();
    app::orders::db::expire_due(&app.state.pool, app.state.engine, app::platform::now_ms()).await.unwrap();
    assert_eq!(shopper.track(&code, &token).await["status"], "cancelled");
    app.sandbox(&code, "pay").await;
    let kept = app
        .count(
            "SELECT COUNT(*) FROM payment_notifications WHERE order_code = $1 AND outcome = 'paid_after_cancel'",
            &code,
        )
        .await;
    assert_eq!(kept, 1);
    assert_eq!(shopper.track(&code, &token).await["status"], "cancelled");
    assert_eq!(stock_of(&app, variant).await, 3);
}

/// A loopback SMTP server speaking the happy path of RFC 5321; it keeps
/// the DATA of every message it accepts.
async fn fake_smtp() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let received = Arc::new(std::sync::Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake.smtp ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-fake.smtp\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await.unwrap();
                            let mut data = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                data.push_str(&l);
                                data.push('\n');
                            }
                            store.lock().unwrap().push(data);
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 OK\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (url, received)
}

async fn emails_leave_the_outbox_only_once_the_smtp_server_took_them(engine: Engine) {
    use app::orders::email::{send_queued, Mailer};
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    shopper.add(variant, "1").await;
    let (status, placed) = shopper.place_order("mail-1").await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let code = placed["code"].as_str().unwrap();
    let from = "Etalase <toko@etalase.local>";
    // The SMTP server is down: nothing is lost, the email waits.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let down = format!("smtp://{}", closed.local_addr().unwrap());
    drop(closed);
    let mailer = Mailer::from_url(&down, from).unwrap();
    assert_eq!(send_queued(&app.state.pool, &mailer, &app.base, 10).await.unwrap(), 0);
    let queued = app.count("SELECT COUNT(*) FROM outbox x JOIN orders o ON o.id = x.order_id WHERE o.code = $1 AND x.status = 'queued'", code).await;
    assert_eq!(queued, 1);
    // It comes back: the email goes out once, as text and HTML.
    let (url, received) = fake_smtp().await;
    let mailer = Mailer::from_url(&url, from).unwrap();
    assert_eq!(send_queued(&app.state.pool, &mailer, &app.base, 10).await.unwrap(), 1);
    assert_eq!(send_queued(&app.state.pool, &mailer, &app.base, 10).await.unwrap(), 0);
    let mails = received.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.contains(&format!("Subject: Pesanan {code} sudah kami terima")), "{mail}");
    assert!(mail.contains("To: sari@example.id") && mail.contains("multipart/alternative"), "{mail}");
    assert!(mail.contains("text/plain") && mail.contains("text/html"));
    let sent = app
        .count(
            "SELECT COUNT(*) FROM outbox x JOIN orders o ON o.id = x.order_id WHERE o.code = $1 AND x.status = 'sent'",
            code,
        )
        .await;
    assert_eq!(sent, 1);
}

async fn a_signed_in_shopper_finds_the_last_address_at_checkout(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    let (status, body) = shopper
        .call("register", &[("name", "Sari"), ("email", "sari.w@example.id"), ("password", "rahasia-sekali")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    shopper.add(variant, "1").await;
    let (_, before) = shopper.call("checkout", &[]).await;
    assert_eq!(before["addresses"].as_array().map(Vec::len), Some(0));
    assert_eq!(before["email"], "sari.w@example.id");
    assert_eq!(shopper.place_order("addr-1").await.0, StatusCode::OK);
    shopper.add(variant, "1").await;
    let (_, after) = shopper.call("checkout", &[]).await;
    let saved = &after["addresses"][0];
    assert_eq!((saved["city"].as_str(), saved["street"].as_str()), (Some("Kota Bandung"), Some("Jl. Braga No. 12")));
    assert_eq!(saved["phone"], "+6281234567890");
    // A guest gets no one's addresses.
    let guest = app.shopper();
    guest.add(variant, "1").await;
    assert_eq!(guest.call("checkout", &[]).await.1["addresses"].as_array().map(Vec::len), Some(0));
}

macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::within_time_limit(super::$name(super::Engine::Sqlite)).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    if super::pg_base().is_none() {
                        assert!(std::env::var("ETALASE_REQUIRE_PG").is_err(), "ETALASE_REQUIRE_PG is set but ETALASE_TEST_PG is not");
                        eprintln!("SKIPPED on PostgreSQL: set ETALASE_TEST_PG to run {}", stringify!($name));
                        return;
                    }
                    super::within_time_limit(super::$name(super::Engine::Postgres)).await
                }
            )*
        }
    };
}

on_both_engines!(
    an_internal_error_is_logged_once_with_its_cause_and_request,
    quantities_that_make_no_sense_are_refused_with_a_clear_message,
    a_price_sent_by_the_client_is_ignored,
    concurrent_adds_for_the_last_units_never_exceed_stock,
    a_shopper_cannot_enter_staff_areas,
    a_cross_site_post_is_refused,
    repeated_wrong_passwords_are_blocked,
    the_cart_survives_a_server_restart,
    the_guest_cart_joins_the_account_at_login_with_a_new_session,
    pages_are_complete_html_without_javascript,
    pages_finish_while_other_servers_start,
    fifty_buyers_for_ten_units_make_exactly_ten_orders,
    the_same_idempotency_key_ten_times_at_once_makes_one_order,
    an_order_is_tracked_only_with_its_token_and_expiry_gives_stock_back,
    bad_checkout_input_is_refused_and_changes_nothing,
    staff_move_orders_forward_and_illegal_moves_are_refused,
    vouchers_discount_orders_and_unknown_codes_get_a_clear_message,
    a_gateway_payment_is_applied_once_and_never_backwards,
    notifications_with_a_bad_signature_or_amount_change_nothing,
    a_gateway_expiry_gives_the_stock_back,
    a_read_never_creates_a_charge_and_the_retry_does,
    emails_leave_the_outbox_only_once_the_smtp_server_took_them,
    a_signed_in_shopper_finds_the_last_address_at_checkout,
    chat_loses_and_duplicates_nothing_across_drops_and_restarts,
    chat_delivers_live_both_ways_with_cards_reads_and_cart,
    a_shopper_reads_only_their_own_conversation,
    chat_refuses_bad_input_with_clear_errors_and_stores_nothing,
    chat_photos_are_checked_reencoded_and_private,
    parallel_password_guesses_are_throttled_before_the_check,
    an_overlong_password_gets_its_own_message,
    malformed_server_function_calls_are_the_clients_error,
    a_payment_status_must_be_the_one_that_was_signed,
    a_burst_of_bank_transfers_never_answers_500,
    every_page_carries_the_security_headers,
    the_sandbox_answers_status_by_transaction_id,
    banners_go_live_at_their_second_with_versions_and_an_audit_row,
    banner_pictures_are_checked_reencoded_cached_for_good_and_paint_the_hero,
    a_visit_by_a_campaign_link_that_orders_later_shows_under_its_source_in_the_report_and_its_csv,
    only_buyers_whose_latest_answer_is_yes_are_ever_exported,
    banners_reordered_show_in_their_new_order_with_versions_and_an_audit_row,
    one_customer_ordering_ten_times_at_once_gets_a_once_per_customer_voucher_once,
    the_studio_makes_vouchers_and_batches_and_the_checkout_says_why_one_does_not_apply,
    a_voucher_on_the_cart_is_checked_again_at_every_change_of_the_cart,
    twenty_shoppers_for_a_voucher_with_one_use_left_make_one_discounted_order,
    a_marketer_reaches_the_studio_only_and_shoppers_and_agents_never_do,
    a_flash_sale_sells_no_unit_beyond_its_cap_to_thirty_buyers_arriving_at_once,
    the_sale_price_exists_only_inside_its_window,
);
