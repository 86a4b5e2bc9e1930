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

async fn create_vouchers(who: &Shopper, fields: &[(&str, &str)], window: (i64, i64)) -> (StatusCode, Value) {
    let (starts, ends) = (domain::banner::wib_input(window.0), domain::banner::wib_input(window.1));
    let mut form: Vec<(String, String)> = fields.iter().map(|(k, v)| (format!("form[{k}]"), v.to_string())).collect();
    form.extend([("form[starts_at]".into(), starts), ("form[ends_at]".into(), ends)]);
    let res = who.client.post(format!("{}/api/studio/vouchers/create", who.base)).form(&form).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A variant of a product in the category with this slug, with stock.
async fn variant_in(app: &TestApp, category: &str) -> (i64, i64) {
    let (id, price): (i64, i64) = sqlx::query_as(
        "SELECT v.id, v.price FROM variants v JOIN products p ON p.id = v.product_id JOIN categories c ON c.id = p.category_id \
         WHERE c.slug = $1 ORDER BY v.id LIMIT 1",
    )
    .bind(category)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock = 50 WHERE id = $1").bind(id).execute(&app.state.pool).await.unwrap();
    (id, price)
}

fn paying_with<'a>(code: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = ADDRESS.to_vec();
    form.extend([("idempotency_key", key), ("voucher", code)]);
    form
}

pub async fn the_studio_makes_vouchers_and_batches_and_the_checkout_says_why_one_does_not_apply(engine: Engine) {
    let app = spawn(engine).await;
    let now = app::platform::now_ms();
    let (day, week) = (86_400_000, 7 * 86_400_000);
    let member = app.shopper();
    member.call("register", &[("name", "Rina"), ("email", "rina@example.id"), ("password", "rahasia-rina")]).await;
    let one = [("code", "batik20"), ("kind", "percent"), ("value", "20"), ("category", "batik")];
    assert_eq!(create_vouchers(&member, &one, (now - day, now + week)).await.0, StatusCode::FORBIDDEN);
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);

    // Bad fields are refused by name; nothing is written.
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vouchers").fetch_one(&app.state.pool).await.unwrap();
    let (status, error) = create_vouchers(&admin, &[("code", "X"), ("kind", "percent"), ("value", "20")], (now, now + day)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&error).contains("3–40"), "{error}");
    let (status, _) = create_vouchers(&admin, &[("code", "LEBIH"), ("kind", "percent"), ("value", "150")], (now, now + day)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vouchers").fetch_one(&app.state.pool).await.unwrap();
    assert_eq!(after, before);

    // One typed code, limited to batik; one not started; one ended; a batch of 500.
    assert_eq!(create_vouchers(&admin, &one, (now - day, now + week)).await.0, StatusCode::OK);
    let (status, error) = create_vouchers(&admin, &one, (now - day, now + week)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the same code twice");
    assert!(message(&error).contains("BATIK20"), "{error}");
    let later = [("code", "NANTI"), ("kind", "fixed"), ("value", "10000")];
    assert_eq!(create_vouchers(&admin, &later, (now + day, now + week)).await.0, StatusCode::OK);
    let gone = [("code", "LALU"), ("kind", "fixed"), ("value", "10000")];
    assert_eq!(create_vouchers(&admin, &gone, (now - week, now - day)).await.0, StatusCode::OK);
    let batch = [("batch_count", "500"), ("batch_prefix", "kilat"), ("kind", "fixed"), ("value", "15.000")];
    let (status, made) = create_vouchers(&admin, &batch, (now - day, now + week)).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    assert_eq!(made[1], 500);
    let name = made[0].as_str().unwrap().to_string();

    // Listed: the batch as one row of 500 codes.
    let (status, listed) = admin.call("studio/vouchers", &[]).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let row = listed[0].as_array().unwrap().iter().find(|v| v["batch"] == name.as_str()).unwrap().clone();
    assert_eq!((row["codes"].as_i64(), row["used"].as_i64()), (Some(500), Some(0)));

    // Its CSV: a header and 500 distinct codes, to studio staff only.
    let csv_url = format!("{}{}?batch={name}", admin.base, app::studio::VOUCHER_CSV_PATH);
    assert_eq!(member.client.get(&csv_url).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = admin.client.get(&csv_url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains(".csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "code,kind,value,min_spend,starts_at_wib,ends_at_wib,used");
    let codes: std::collections::HashSet<&str> = lines[1..].iter().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(codes.len(), 500);
    assert!(codes.iter().all(|c| c.starts_with("KILAT-") && c.len() == 14), "{codes:?}");
    let first = *codes.iter().next().unwrap();

    // At the checkout, each refusal says why.
    let (kemeja, _) = variant_in(&app, "kemeja").await;
    let (batik, batik_price) = variant_in(&app, "batik").await;
    let shopper = app.shopper();
    shopper.add(kemeja, "1").await;
    for (code, why) in [
        ("BATIK20", "hanya untuk produk kategori Batik"),
        ("NANTI", "baru berlaku mulai"),
        ("LALU", "sudah berakhir"),
        ("TIDAKADA", "tidak dikenal"),
    ] {
        let (status, error) = shopper.call("orders/place", &paying_with(code, code)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {error}");
        assert!(message(&error).contains(why), "{code}: {error}");
    }
    // With a batik line, 20% of the batik line only.
    shopper.add(batik, "1").await;
    let (status, placed) = shopper.call("orders/place", &paying_with("batik20", "batik-ok")).await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let discount: i64 = sqlx::query_scalar("SELECT discount FROM orders WHERE code = $1")
        .bind(placed["code"].as_str().unwrap())
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(discount, batik_price / 5);

    // A batch code is single-use.
    let a = app.shopper();
    a.add(kemeja, "1").await;
    assert_eq!(a.call("orders/place", &paying_with(first, "kilat-a")).await.0, StatusCode::OK);
    let b = app.shopper();
    b.add(kemeja, "1").await;
    let (status, error) = b.call("orders/place", &paying_with(first, "kilat-b")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&error).contains("sudah habis"), "{error}");
    let (_, listed) = admin.call("studio/vouchers", &[]).await;
    let row = listed[0].as_array().unwrap().iter().find(|v| v["batch"] == name.as_str()).unwrap().clone();
    assert_eq!(row["used"], 1);
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'voucher.create'")
            .fetch_one(&app.state.pool)
            .await
            .unwrap(),
        4
    );
}

pub async fn a_voucher_on_the_cart_is_checked_again_at_every_change_of_the_cart(engine: Engine) {
    let app = spawn(engine).await;
    let now = app::platform::now_ms();
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    let terms = [("code", "BATIK10"), ("kind", "percent"), ("value", "10"), ("category", "batik"), ("min_spend", "0")];
    assert_eq!(create_vouchers(&admin, &terms, (now - 86_400_000, now + 86_400_000)).await.0, StatusCode::OK);
    let (kemeja, _) = variant_in(&app, "kemeja").await;
    let (batik, batik_price) = variant_in(&app, "batik").await;
    let shopper = app.shopper();
    shopper.add(kemeja, "1").await;
    // An unknown code is refused and not kept.
    let (status, error) = shopper.call("cart/voucher", &[("code", "TIDAKADA")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&error).contains("tidak dikenal"), "{error}");
    // A code that does not apply yet is kept, with the reason.
    let (status, cart) = shopper.call("cart/voucher", &[("code", "batik10")]).await;
    assert_eq!(status, StatusCode::OK, "{cart}");
    assert_eq!(cart["voucher"]["code"], "BATIK10");
    assert_eq!(cart["voucher"]["discount"], 0);
    assert!(cart["voucher"]["note"].as_str().unwrap().contains("kategori Batik"), "{cart}");
    // Adding a batik line makes it apply; changing the quantity changes it.
    let (_, cart) = shopper.add(batik, "1").await;
    assert_eq!(cart["voucher"]["discount"], batik_price / 10, "{cart}");
    assert_eq!(cart["voucher"]["note"], Value::Null);
    let (_, cart) = shopper.call("cart/update", &[("variant_id", &batik.to_string()), ("quantity", "2")]).await;
    assert_eq!(cart["voucher"]["discount"], batik_price * 2 / 10, "{cart}");
    let (_, cart) = shopper.call("cart/remove", &[("variant_id", &batik.to_string())]).await;
    assert_eq!(cart["voucher"]["discount"], 0, "{cart}");
    // The cart and the checkout page show it; an empty code removes it.
    assert!(shopper.get("/cart").await.1.contains("kategori Batik"));
    assert!(shopper.get("/checkout").await.1.contains("value=\"BATIK10\""));
    let (_, cart) = shopper.call("cart/voucher", &[("code", "")]).await;
    assert_eq!(cart["voucher"], Value::Null);
}

pub async fn twenty_shoppers_for_a_voucher_with_one_use_left_make_one_discounted_order(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(60).await;
    sqlx::query(
        "INSERT INTO vouchers (code, kind, value, min_spend, cap, starts_at, ends_at, usage_limit, used_count) \
         VALUES ('TERAKHIR', 'fixed', 10000, 0, NULL, 0, 99999999999999, 5, 4)",
    )
    .execute(&app.state.pool)
    .await
    .unwrap();
    let shoppers: Vec<Shopper> = (0..20).map(|_| app.shopper()).collect();
    for s in &shoppers {
        assert_eq!(s.add(variant, "1").await.0, StatusCode::OK);
    }
    let emails: Vec<(String, String)> = (0..20).map(|i| (format!("pembeli{i}@example.id"), format!("akhir-{i}"))).collect();
    let forms: Vec<Vec<(&str, &str)>> = emails
        .iter()
        .map(|(email, key)| {
            let mut form: Vec<(&str, &str)> = ADDRESS.iter().filter(|(k, _)| *k != "email").copied().collect();
            form.extend([("email", email.as_str()), ("idempotency_key", key.as_str()), ("voucher", "TERAKHIR")]);
            form
        })
        .collect();
    let answers = join_all(shoppers.iter().zip(&forms).map(|(s, f)| s.call("orders/place", f))).await;
    let placed: Vec<&Value> = answers.iter().filter(|(s, _)| *s == StatusCode::OK).map(|(_, v)| v).collect();
    assert_eq!(placed.len(), 1, "{answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(message(body).contains("sudah habis"), "{body}");
    }
    let used = || async {
        sqlx::query_scalar::<_, i64>("SELECT used_count FROM vouchers WHERE code = 'TERAKHIR'")
            .fetch_one(&app.state.pool)
            .await
            .unwrap()
    };
    assert_eq!(used().await, 5);
    // Expired unpaid, with the expiry run twice at once: the use comes back once.
    sqlx::query("UPDATE orders SET expires_at = 0 WHERE code = $1")
        .bind(placed[0]["code"].as_str().unwrap())
        .execute(&app.state.pool)
        .await
        .unwrap();
    let now = app::platform::now_ms();
    let rounds = join_all((0..2).map(|_| app::orders::db::expire_due(&app.state.pool, app.state.engine, now))).await;
    assert_eq!(rounds.into_iter().map(|r| r.unwrap()).sum::<usize>(), 1);
    assert_eq!(used().await, 4);
}

pub async fn a_marketer_reaches_the_studio_only_and_shoppers_and_agents_never_do(engine: Engine) {
    let app = spawn(engine).await;
    app.user("maya@etalase.local", "Maya", app::model::Role::Marketer).await;
    app.user("rina@etalase.local", "Rina", app::model::Role::Agent).await;
    let marketer = app.shopper();
    assert_eq!(marketer.login("maya@etalase.local", "a-long-password").await, StatusCode::OK);
    let agent = app.shopper();
    assert_eq!(agent.login("rina@etalase.local", "a-long-password").await, StatusCode::OK);
    let shopper = app.shopper();
    shopper.call("register", &[("name", "Budi"), ("email", "budi@example.id"), ("password", "rahasia-budi")]).await;
    // The marketer's studio answers.
    assert_eq!(marketer.call("studio/banners", &[]).await.0, StatusCode::OK);
    assert_eq!(marketer.call("studio/vouchers", &[]).await.0, StatusCode::OK);
    assert_eq!(marketer.call("studio/report", &[("from", ""), ("to", "")]).await.0, StatusCode::OK);
    assert_eq!(marketer.download("/studio/audience.csv").await.0, StatusCode::OK);
    // Orders, payments, stock and shoppers' contacts are not the marketer's.
    let move_args: &[(&str, &str)] = &[("code", "ETL-XXXXXX"), ("to", "paid"), ("awb", "")];
    for (endpoint, args) in [
        ("admin/orders", move_args),
        ("admin/orders/move", move_args),
        ("admin/outbox", move_args),
        ("chat_queue", &[][..]),
        ("chat_context", &[("conversation_id", "1")][..]),
    ] {
        let (status, body) = marketer.call(endpoint, args).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}: {body}");
    }
    assert_eq!(marketer.get("/admin").await.0, StatusCode::FORBIDDEN);
    assert_eq!(marketer.get("/agent").await.0, StatusCode::FORBIDDEN);
    // No studio function for an agent or a shopper.
    for who in [&agent, &shopper] {
        for endpoint in ["studio/banners", "studio/sales", "studio/vouchers", "studio/report", "studio/audience", "studio/banners/reorder"] {
            let args = [("ids[0]", "1"), ("from", ""), ("to", ""), ("segment[min_spend]", "0")];
            assert_eq!(who.call(endpoint, &args).await.0, StatusCode::FORBIDDEN, "{endpoint}");
        }
        for download in ["/studio/report.csv", "/studio/report.svg", "/studio/audience.csv", "/studio/vouchers.csv?batch=X"] {
            assert_eq!(who.download(download).await.0, StatusCode::FORBIDDEN, "{download}");
        }
        assert_eq!(upload_status(who).await, StatusCode::FORBIDDEN);
    }
}

async fn upload_status(who: &Shopper) -> StatusCode {
    who.client
        .post(format!("{}{}", who.base, app::studio::BANNER_UPLOAD_PATH))
        .header("content-type", "image/png")
        .body(vec![0u8; 16])
        .send()
        .await
        .unwrap()
        .status()
}
