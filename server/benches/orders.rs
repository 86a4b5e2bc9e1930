//! Orders placed per second on one hot variant, beside the raw conditional
//! stock decrement of the same engine, in the same run. SQLite always;
//! PostgreSQL when `ETALASE_TEST_PG` (or the local server) answers.
//! Run: `cargo bench -p server --bench orders` (also part of `cargo xtask bench`).

use app::{
    cart::db::{self as cart_db, CartOwner},
    checkout::{
        db::NewOrder,
        service::{place_order, PlaceOutcome},
    },
    platform::{db, now_ms, random_token, seed},
};
use std::{sync::Arc, time::Instant};

const ORDERS: usize = 400;
const CONCURRENCY: usize = 16;

fn new_order(cart_id: i64, i: usize) -> NewOrder {
    NewOrder {
        idempotency_key: format!("bench-{i}"),
        code: format!("ETL-B{i:05}"),
        access_token: random_token(),
        user_id: None,
        cart_id,
        email: "bench@example.id".into(),
        zone: "jawa".into(),
        address: domain::Address {
            name: "Bench".into(),
            phone: "+628123456789".into(),
            province: "Jawa Barat".into(),
            city: "Bandung".into(),
            district: "Sumur Bandung".into(),
            postal_code: "40111".into(),
            street: "Jl. Braga 12".into(),
        },
        courier: "JNE".into(),
        service: "REG".into(),
        payment_method: "bank_transfer".into(),
        voucher: None,
        lang: "id".into(),
        expected_subtotal: None,
        utm: None,
        arrival: None,
        marketing: false,
    }
}

async fn run(label: &str, url: &str) {
    let (pool, engine) = db::connect(url).await.expect("connect");
    seed::seed_if_empty(&pool).await.expect("seed");
    let variant: i64 =
        sqlx::query_scalar("SELECT id FROM variants ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap();
    sqlx::query("UPDATE variants SET stock = 1000000 WHERE id = $1").bind(variant).execute(&pool).await.unwrap();

    // Raw conditional decrement, CONCURRENCY tasks at once.
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                for _ in 0..ORDERS / CONCURRENCY * 4 {
                    sqlx::query("UPDATE variants SET stock = stock - 1 WHERE id = $1 AND stock >= 1")
                        .bind(variant)
                        .execute(&pool)
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let raw = (ORDERS * 4) as f64 / started.elapsed().as_secs_f64();

    // Full order placement: one cart per order, all on the same variant.
    let mut carts = Vec::with_capacity(ORDERS);
    for i in 0..ORDERS {
        let owner = CartOwner::Visitor(format!("bench-visitor-{i}"));
        let cart = cart_db::find_or_create_cart(&pool, &owner, now_ms()).await.unwrap();
        assert!(cart_db::add(&pool, cart, variant, 1, now_ms()).await.unwrap());
        carts.push(cart);
    }
    let carts = Arc::new(carts);
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|w| {
            let (pool, carts) = (pool.clone(), carts.clone());
            tokio::spawn(async move {
                let mut placed = 0;
                for i in (w..ORDERS).step_by(CONCURRENCY) {
                    let outcome =
                        place_order(&pool, engine, &new_order(carts[i], i), now_ms(), 3_600_000).await.unwrap();
                    if matches!(outcome, PlaceOutcome::Placed { .. }) {
                        placed += 1;
                    }
                }
                placed
            })
        })
        .collect();
    let mut placed = 0;
    for t in tasks {
        placed += t.await.unwrap();
    }
    let rate = placed as f64 / started.elapsed().as_secs_f64();
    println!(
        "{label:<10} orders placed: {rate:>7.0}/s ({placed} orders, {CONCURRENCY} at once)   raw conditional decrement: {raw:>7.0}/s"
    );
}

#[tokio::main]
async fn main() {
    // `cargo test --benches` only builds and starts it: measure under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("orders bench: run it with `cargo bench` (or `cargo xtask bench`)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("etalase-orders-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    run("SQLite", &format!("sqlite://{}/bench.db", dir.display())).await;
    let pg = std::env::var("ETALASE_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&pg).await {
        Ok(admin) => {
            let name = format!("etalase_bench_{}", std::process::id());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
            let url = format!("{}/{name}", pg.rsplit_once('/').unwrap().0);
            run("PostgreSQL", &url).await;
            admin.close().await;
        }
        Err(e) => println!("PostgreSQL  SKIPPED: no server at {pg} ({e})"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
