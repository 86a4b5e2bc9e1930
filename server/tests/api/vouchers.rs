//! Vouchers under concurrency (issue 12): a limit per customer holds when
//! one customer's orders arrive at once, and a cancelled order gives its
//! use back exactly once, to the voucher and to its customer.

use super::*;
use futures::future::join_all;

fn with_voucher<'a>(email: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = ADDRESS.iter().filter(|(k, _)| *k != "email").copied().collect();
    form.extend([("email", email), ("idempotency_key", key), ("voucher", "SEKALI")]);
    form
}

async fn uses(app: &TestApp) -> (i64, i64) {
    let used: i64 = sqlx::query_scalar("SELECT used_count FROM vouchers WHERE code = 'SEKALI'")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    let by_sari: Option<i64> =
        sqlx::query_scalar("SELECT used FROM voucher_customer_uses WHERE customer = 'email:sari@example.id'")
            .fetch_optional(&app.state.pool)
            .await
            .unwrap();
    (used, by_sari.unwrap_or(0))
}

pub async fn one_customer_ordering_ten_times_at_once_gets_a_once_per_customer_voucher_once(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(50).await;
    sqlx::query(
        "INSERT INTO vouchers (code, kind, value, min_spend, cap, starts_at, ends_at, usage_limit, per_customer_limit) \
         VALUES ('SEKALI', 'percent', 10, 0, NULL, 0, 99999999999999, 0, 1)",
    )
    .execute(&app.state.pool)
    .await
    .unwrap();
    // Ten carts of one customer (one email) place their orders at once.
    let carts: Vec<Shopper> = (0..10).map(|_| app.shopper()).collect();
    for cart in &carts {
        assert_eq!(cart.add(variant, "1").await.0, StatusCode::OK);
    }
    let keys: Vec<String> = (0..10).map(|i| format!("sari-{i}")).collect();
    let forms: Vec<Vec<(&str, &str)>> = keys.iter().map(|key| with_voucher("Sari@Example.id", key)).collect();
    let answers = join_all(carts.iter().zip(&forms).map(|(cart, form)| cart.call("orders/place", form))).await;
    let placed: Vec<&Value> = answers.iter().filter(|(s, _)| *s == StatusCode::OK).map(|(_, v)| v).collect();
    assert_eq!(placed.len(), 1, "{answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(message(body).contains("sudah memakai"), "{body}");
    }
    assert_eq!(uses(&app).await, (1, 1));
    let first = placed[0]["code"].as_str().unwrap().to_string();

    // Another customer may still use it.
    let budi = app.shopper();
    budi.add(variant, "1").await;
    assert_eq!(budi.call("orders/place", &with_voucher("budi@example.id", "budi")).await.0, StatusCode::OK);
    assert_eq!(uses(&app).await.0, 2);

    // Sari's unpaid order expires: its use comes back once, however many
    // expiry rounds run at the same moment.
    sqlx::query("UPDATE orders SET expires_at = 0 WHERE code = $1")
        .bind(&first)
        .execute(&app.state.pool)
        .await
        .unwrap();
    let now = app::platform::now_ms();
    let rounds = join_all((0..4).map(|_| app::orders::db::expire_due(&app.state.pool, app.state.engine, now))).await;
    assert_eq!(rounds.into_iter().map(|r| r.unwrap()).sum::<usize>(), 1);
    assert_eq!(uses(&app).await, (1, 0), "one use back to the voucher and to Sari");

    // So Sari may use it again, once.
    let again = app.shopper();
    again.add(variant, "1").await;
    assert_eq!(again.call("orders/place", &with_voucher("sari@example.id", "sari-again")).await.0, StatusCode::OK);
    assert_eq!(uses(&app).await, (2, 1));
}
