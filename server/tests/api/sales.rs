//! Flash sales (issue 12): no unit is sold at the sale price beyond the
//! cap, whatever arrives at once; the sale price exists only inside the
//! window, whatever the client sends; a per-customer limit and the "sold
//! out at the sale price" setting hold; an expired order gives its units
//! back once; a total the shopper was not shown is never charged.

use super::*;
use domain::banner::wib_input;
use futures::future::join_all;

/// A `datetime-local` value with seconds, in WIB, for epoch ms `at`.
fn wib_at(at: i64) -> String {
    format!("{}:{:02}", wib_input(at), (at / 1000) % 60)
}

async fn create_sale(
    who: &Shopper,
    name: &str,
    window: (i64, i64),
    limit: &str,
    sold_out: bool,
    items: &str,
) -> (StatusCode, Value) {
    let mut form = vec![
        ("form[name]", name.to_string()),
        ("form[starts_at]", wib_at(window.0)),
        ("form[ends_at]", wib_at(window.1)),
        ("form[per_customer_limit]", limit.to_string()),
        ("form[items]", items.to_string()),
    ];
    if sold_out {
        form.push(("form[sold_out_at_sale_price]", "true".into()));
    }
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    who.call("studio/sales/create", &fields).await
}

/// The variant's SKU, its product page (in its colour) and its price.
async fn variant_facts(app: &TestApp, variant: i64) -> (String, String, i64) {
    let (sku, slug, colour, price): (String, String, String, i64) = sqlx::query_as(
        "SELECT v.sku, p.slug, v.colour_id, v.price FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = $1",
    )
    .bind(variant)
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    (sku, format!("/p/{slug}?warna={}", colour.replace(' ', "%20")), price)
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.pool).await.unwrap()
}

/// The unit price each placed order paid for `variant`.
async fn unit_prices(app: &TestApp, variant: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT unit_price FROM order_lines WHERE variant_id = $1 ORDER BY order_id")
        .bind(variant)
        .fetch_all(&app.state.pool)
        .await
        .unwrap()
}

fn as_customer<'a>(email: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = ADDRESS.iter().filter(|(k, _)| *k != "email").copied().collect();
    form.extend([("email", email), ("idempotency_key", key)]);
    form
}

pub async fn a_flash_sale_sells_no_unit_beyond_its_cap_to_thirty_buyers_arriving_at_once(engine: Engine) {
    let app = spawn(engine).await;
    let now = app::platform::now_ms();
    let hour = 3_600_000;
    let (variant, _) = app.variant_with_stock(50).await;
    let (sku, page, price) = variant_facts(&app, variant).await;
    let sale_price = price / 2;
    let guest = app.shopper();
    let items = format!("{sku}, {sale_price}, 5");
    // Only marketers and admins create campaigns.
    assert_eq!(create_sale(&guest, "Kilat", (now - 1_000, now + hour), "0", false, &items).await.0, StatusCode::UNAUTHORIZED);
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);

    // Bad campaigns are refused, naming the line; nothing is written.
    let window = (now - 1_000, now + hour);
    let (status, error) = create_sale(&admin, "Kilat", window, "0", false, &format!("{items}\nTIDAK-ADA, 1000, 5")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(message(&error).contains("Baris 2") && message(&error).contains("TIDAK-ADA"), "{error}");
    let (status, error) = create_sale(&admin, "Kilat", window, "0", false, &format!("{sku}, {price}, 3")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(message(&error).contains("di bawah harga normal"), "{error}");
    let (status, error) = create_sale(&admin, "Kilat", window, "0", false, &format!("{sku}, -5, 3")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(message(&error).contains("Baris 1"), "{error}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM flash_sales").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_log").await, 0);

    // Running now, five units at half price.
    let (status, id) = create_sale(&admin, "Kilat 12.12", window, "0", false, &items).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'sale.create'").await, 1);
    let (_, html) = guest.get(&page).await;
    assert!(html.contains("Kilat 12.12") && html.contains("data-countdown"), "the product page announces the sale");
    assert!(html.contains("Tinggal 5 dengan harga flash sale"), "and how many are left at its price");
    assert!(html.contains(&app::ui::rupiah(sale_price)), "the sale price is shown");
    // The listing's card too: the sale price and what is left at it.
    let category = app.category_of(variant).await;
    let (_, listing) = guest.get(&format!("/c/{category}")).await;
    assert!(listing.contains("Tinggal 5 harga flash sale"), "the card says how many are left at the sale price");

    // Thirty buyers, one unit each, at once: five pay the sale price, the
    // others the normal price (or are told the price changed, never a 500).
    let buyers: Vec<Shopper> = (0..30).map(|_| app.shopper()).collect();
    for b in &buyers {
        assert_eq!(b.add(variant, "1").await.0, StatusCode::OK);
    }
    let keys: Vec<String> = (0..30).map(|i| format!("kilat-{i}")).collect();
    let answers = join_all(buyers.iter().zip(&keys).map(|(b, k)| b.place_order(k))).await;
    for (status, body) in &answers {
        assert!(
            *status == StatusCode::OK
                || (*status == StatusCode::UNPROCESSABLE_ENTITY && message(body).contains("Harga di keranjang berubah")),
            "{status} {body}"
        );
    }
    let paid = unit_prices(&app, variant).await;
    assert_eq!(paid.iter().filter(|p| **p == sale_price).count(), 5, "{paid:?}");
    assert!(paid.iter().all(|p| *p == sale_price || *p == price), "{paid:?}");
    let sold = format!("SELECT sold FROM flash_sale_items WHERE sale_id = {id}");
    assert_eq!(scalar(&app, &sold).await, 5);
    let (status, listed) = admin.call("studio/sales", &[]).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed[0][0]["items"][0]["sold"], 5);
    assert_eq!(listed[0][0]["state"], "Running");
    let (_, listing) = guest.get(&format!("/c/{category}")).await;
    assert!(!listing.contains("harga flash sale"), "the cap reached, the card is back at the normal price");

    // The cap reached: the next cart is at the normal price; a checkout page
    // that still showed the sale price gets its total refused, not charged.
    let late = app.shopper();
    late.add(variant, "1").await;
    let (_, cart) = late.call("cart", &[]).await;
    assert_eq!(cart["lines"][0]["unit_price"], price, "{cart}");
    let orders = scalar(&app, "SELECT COUNT(*) FROM orders").await;
    let shown = sale_price.to_string();
    let mut form = as_customer("telat@example.id", "telat");
    form.push(("expected_subtotal", &shown));
    let (status, error) = late.call("orders/place", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(message(&error).contains("Harga di keranjang berubah"), "{error}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM orders").await, orders, "nothing placed");

    // An unpaid sale order expires: its unit goes back to the cap once,
    // however many expiry rounds run at the same moment.
    let first: String = sqlx::query_scalar(
        "SELECT o.code FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.flash_sale_id IS NOT NULL ORDER BY o.id LIMIT 1",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE orders SET expires_at = 0 WHERE code = $1").bind(&first).execute(&app.state.pool).await.unwrap();
    let at = app::platform::now_ms();
    let rounds = join_all((0..4).map(|_| app::orders::db::expire_due(&app.state.pool, app.state.engine, at))).await;
    assert_eq!(rounds.into_iter().map(|r| r.unwrap()).sum::<usize>(), 1);
    assert_eq!(scalar(&app, &sold).await, 4);
    // Pages read the sales board, a second old at most.
    let mut shown = 0;
    for _ in 0..30 {
        shown = late.call("cart", &[]).await.1["lines"][0]["unit_price"].as_i64().unwrap();
        if shown == sale_price {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(shown, sale_price, "the returned unit sells at the sale price again");
    assert_eq!(late.call("orders/place", &form).await.0, StatusCode::OK, "the total shown is the total charged");
    assert_eq!(scalar(&app, &sold).await, 5);

    // A per-customer limit and "sold out at the sale price".
    let (other, _) = app.nth_variant_with_stock(9, 50).await;
    let (other_sku, other_page, other_price) = variant_facts(&app, other).await;
    let items = format!("{other_sku}, {}, 2", other_price - 1_000);
    let (status, _) = create_sale(&admin, "Kilat Terbatas", window, "1", true, &items).await;
    assert_eq!(status, StatusCode::OK);
    let sari = app.shopper();
    sari.add(other, "2").await;
    let (status, error) = sari.call("orders/place", &as_customer("sari@example.id", "sari-2")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(message(&error).contains("maksimal 1 unit per pembeli"), "{error}");
    sari.call("cart/update", &[("variant_id", &other.to_string()), ("quantity", "1")]).await;
    assert_eq!(sari.call("orders/place", &as_customer("sari@example.id", "sari-1")).await.0, StatusCode::OK);
    let again = app.shopper();
    again.add(other, "1").await;
    let (status, error) = again.call("orders/place", &as_customer("SARI@example.id", "sari-lagi")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one customer, however the email is typed");
    assert!(message(&error).contains("per pembeli"), "{error}");
    let budi = app.shopper();
    budi.add(other, "1").await;
    assert_eq!(budi.call("orders/place", &as_customer("budi@example.id", "budi")).await.0, StatusCode::OK);
    // Both units sold: this campaign sells no more of it until it ends.
    let dewi = app.shopper();
    dewi.add(other, "1").await;
    let (status, error) = dewi.call("orders/place", &as_customer("dewi@example.id", "dewi")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(message(&error).contains("habis di harga flash sale"), "{error}");
    assert!(guest.get(&other_page).await.1.contains("Habis di harga flash sale"));
}

pub async fn the_sale_price_exists_only_inside_its_window(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(50).await;
    let (sku, page, price) = variant_facts(&app, variant).await;
    let sale_price = price - 10_000;
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    let start = app::platform::now_ms() + 3_000;
    let (status, body) =
        create_sale(&admin, "Kilat Detik", (start, start + 3_000), "0", false, &format!("{sku}, {sale_price}, 10")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let shopper = app.shopper();
    shopper.add(variant, "1").await;
    let price_now = |cart: Value| cart["lines"][0]["unit_price"].as_i64().unwrap();

    // Before the start: the normal price, and the home page says when it starts.
    assert_eq!(price_now(shopper.call("cart", &[]).await.1), price);
    let (_, home) = shopper.get("/").await;
    assert!(home.contains("Kilat Detik") && home.contains("Mulai dalam"), "the coming sale is announced");
    assert!(!shopper.get(&page).await.1.contains("dengan harga flash sale"));
    assert_eq!(shopper.place_order("sebelum").await.0, StatusCode::OK);

    // From its start, to the second.
    while app::platform::now_ms() < start + 200 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    shopper.add(variant, "1").await;
    assert_eq!(price_now(shopper.call("cart", &[]).await.1), sale_price);
    assert!(shopper.get("/").await.1.contains("Berakhir dalam"));
    assert_eq!(shopper.place_order("selama").await.0, StatusCode::OK);

    // After its end: the normal price again, whatever the client sends.
    while app::platform::now_ms() < start + 3_200 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    shopper.add(variant, "1").await;
    assert_eq!(price_now(shopper.call("cart", &[]).await.1), price);
    let mut form: Vec<(&str, &str)> = ADDRESS.to_vec();
    let forged = sale_price.to_string();
    form.extend([("idempotency_key", "sesudah"), ("expected_subtotal", forged.as_str())]);
    let (status, error) = shopper.call("orders/place", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a sale price sent after the end is refused: {error}");
    assert_eq!(shopper.place_order("sesudah-normal").await.0, StatusCode::OK);
    assert_eq!(unit_prices(&app, variant).await, [price, sale_price, price]);
}
