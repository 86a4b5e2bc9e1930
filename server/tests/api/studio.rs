//! The marketing studio (issue 12): banners saved by a marketer go live and
//! end at their second, drafts and archived banners never show, a stale
//! save is refused rather than lost, every save is a version with an audit
//! row, and bad fields are refused by name with nothing written.

use super::*;
use domain::banner::wib_input;

/// A `datetime-local` value with seconds, in WIB, for epoch ms `at`.
fn wib_at(at: i64) -> String {
    format!("{}:{:02}", wib_input(at), (at / 1000) % 60)
}

fn banner_form(headline: &str, starts: i64, ends: i64) -> Vec<(String, String)> {
    [
        ("name", headline),
        ("headline_id", headline),
        ("headline_en", headline),
        ("text_id", "Semua batik 20%"),
        ("text_en", "All batik 20% off"),
        ("cta_id", "Belanja"),
        ("cta_en", "Shop"),
        ("link", "/c/batik"),
        ("background", "#7a1f1f"),
        ("placement", "hero"),
        ("category", ""),
        ("priority", "50"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.to_string()))
    .chain([("form[starts_at]".into(), wib_at(starts)), ("form[ends_at]".into(), wib_at(ends))])
    .collect()
}

async fn save(who: &Shopper, id: i64, version: i64, publish: bool, form: &[(String, String)]) -> (StatusCode, Value) {
    let mut fields: Vec<(String, String)> = vec![
        ("id".into(), id.to_string()),
        ("version".into(), version.to_string()),
        ("publish".into(), publish.to_string()),
    ];
    fields.extend(form.iter().cloned());
    let res = who.client.post(format!("{}/api/studio/banners/save", who.base)).form(&fields).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn home_shows(who: &Shopper, text: &str) -> bool {
    who.get("/").await.1.contains(text)
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.pool).await.unwrap()
}

pub async fn banners_go_live_at_their_second_with_versions_and_an_audit_row(engine: Engine) {
    let app = spawn(engine).await;
    let now = app::platform::now_ms();
    let hour = 3_600_000;
    let guest = app.shopper();
    // Only marketers and admins may use the studio.
    assert_eq!(save(&guest, 0, 0, true, &banner_form("Promo Tamu", now, now + hour)).await.0, StatusCode::UNAUTHORIZED);
    let member = app.shopper();
    member.call("register", &[("name", "Rina"), ("email", "rina@example.id"), ("password", "rahasia-rina")]).await;
    assert_eq!(save(&member, 0, 0, true, &banner_form("Promo Rina", now, now + hour)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(member.call("studio/banners", &[]).await.0, StatusCode::FORBIDDEN);
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    let banners_before = count(&app, "SELECT COUNT(*) FROM banners").await;

    // Bad fields are refused by name; nothing is written.
    let mut hostile = banner_form("Promo Jahat", now, now + hour);
    hostile.retain(|(k, _)| k != "form[link]");
    hostile.push(("form[link]".into(), "javascript:alert(1)".into()));
    let (status, error) = save(&admin, 0, 0, true, &hostile).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(message(&error).contains("https://"), "{error}");
    let (status, error) = save(&admin, 0, 0, true, &banner_form("Promo Terbalik", now + hour, now)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let (status, _) = save(&admin, 0, 0, true, &banner_form("<script>x</script>", now, now + hour)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM banners").await, banners_before);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log").await, 0);

    // Published and inside its window: on the home page at once.
    let (status, id) = save(&admin, 0, 0, true, &banner_form("Promo Kilat Satu", now - 60_000, now + hour)).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();
    assert!(home_shows(&guest, "Promo Kilat Satu").await);
    // A draft inside its window never shows.
    let (status, _) = save(&admin, 0, 0, false, &banner_form("Promo Draf", now - 60_000, now + hour)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!home_shows(&guest, "Promo Draf").await);

    // Scheduled three seconds ahead and ending three seconds later: absent,
    // then present, then gone, with no job flipping a flag (the catalog
    // cache included: it is read at each page's instant).
    let start = app::platform::now_ms() + 3_000;
    let (status, _) = save(&admin, 0, 0, true, &banner_form("Promo Detik", start, start + 3_000)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!home_shows(&guest, "Promo Detik").await, "not before its start");
    while app::platform::now_ms() < start + 200 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(home_shows(&guest, "Promo Detik").await, "live from its start");
    while app::platform::now_ms() < start + 3_200 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!home_shows(&guest, "Promo Detik").await, "gone at its end");

    // A second save from version 1 makes version 2; a save still based on
    // version 1 is refused, not silently lost.
    let (status, _) = save(&admin, id, 1, true, &banner_form("Promo Kilat Dua", now - 60_000, now + hour)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home_shows(&guest, "Promo Kilat Dua").await && !home_shows(&guest, "Promo Kilat Satu").await);
    let (status, error) = save(&admin, id, 1, true, &banner_form("Promo Basi", now - 60_000, now + hour)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let (status, versions) = admin.call("studio/banners/versions", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{versions}");
    let listed: Vec<i64> = versions.as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
    assert_eq!(listed, [2, 1]);
    assert!(versions[0]["saved_by"].as_str().unwrap().len() > 1);

    // Restoring version 1 brings its headline back as version 3.
    let (status, _) = admin.call("studio/banners/restore", &[("id", &id.to_string()), ("version", "1")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home_shows(&guest, "Promo Kilat Satu").await);
    let subject = format!("SELECT COUNT(*) FROM audit_log WHERE subject = 'banner:{id}'");
    assert_eq!(count(&app, &subject).await, 3, "two saves and a restore");
    let before: Option<String> = sqlx::query_scalar(&format!(
        "SELECT before_json FROM audit_log WHERE subject = 'banner:{id}' AND action = 'banner.restore'"
    ))
    .fetch_one(&app.state.pool)
    .await
    .unwrap();
    assert!(before.unwrap().contains("Promo Kilat Dua"), "the audit row keeps what was replaced");

    // A category's top shows only on that category; the product strip on
    // product pages; a category-top banner needs its category.
    let placed = |headline: &str, placement: &str, category: &str| {
        let mut form = banner_form(headline, now - 60_000, now + hour);
        form.retain(|(k, _)| k != "form[placement]" && k != "form[category]");
        form.push(("form[placement]".into(), placement.into()));
        form.push(("form[category]".into(), category.into()));
        form
    };
    assert_eq!(
        save(&admin, 0, 0, true, &placed("Promo Tanpa Kategori", "category-top", "")).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(save(&admin, 0, 0, true, &placed("Promo Batik", "category-top", "batik")).await.0, StatusCode::OK);
    assert_eq!(save(&admin, 0, 0, true, &placed("Promo Produk", "product-strip", "")).await.0, StatusCode::OK);
    assert!(guest.get("/c/batik").await.1.contains("Promo Batik"));
    assert!(!guest.get("/c/kemeja").await.1.contains("Promo Batik"));
    assert!(!home_shows(&guest, "Promo Batik").await);
    assert!(guest.get("/p/kemeja-linen-lengan-panjang").await.1.contains("Promo Produk"));

    // Friday's home page on Wednesday: the time-travel preview shows a
    // banner that starts in two days, to studio staff only.
    let friday = now + 48 * hour;
    assert_eq!(save(&admin, 0, 0, true, &banner_form("Promo Jumat", friday, friday + hour)).await.0, StatusCode::OK);
    let preview = format!("/?pratinjau={}", wib_input(friday + 60_000));
    let (status, page) = admin.get(&preview).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Promo Jumat") && page.contains("Pratinjau beranda per"), "the preview shows Friday");
    assert!(page.contains(r#"name="robots" content="noindex""#));
    assert!(!home_shows(&admin, "Promo Jumat").await, "not on today's home page");
    let (status, page) = guest.get(&preview).await;
    assert!(!page.contains("Promo Jumat") && status != StatusCode::OK, "a shopper cannot look ahead ({status})");
    assert!(!member.get(&preview).await.1.contains("Promo Jumat"));

    // Results: impressions counted per page view, a click through the
    // server (not a prefetch), and the order of the shopper who clicked.
    let results_of = |listed: &Value| -> (i64, i64, i64, i64) {
        let b = listed[0].as_array().unwrap().iter().find(|b| b["id"].as_i64() == Some(id)).unwrap().clone();
        let r = &b["results"];
        (
            r["impressions"].as_i64().unwrap(),
            r["clicks"].as_i64().unwrap(),
            r["orders"].as_i64().unwrap(),
            r["revenue"].as_i64().unwrap(),
        )
    };
    let (status, listed) = admin.call("studio/banners", &[]).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let (seen_before, clicks_before, _, _) = results_of(&listed);
    let buyer = app.shopper();
    assert!(home_shows(&buyer, &format!("href=\"/b/{id}\"")).await, "a live banner links through the server");
    buyer.get("/").await;
    let prefetch =
        buyer.client.get(format!("{}/b/{id}", buyer.base)).header("sec-purpose", "prefetch").send().await.unwrap();
    assert_eq!(prefetch.status(), StatusCode::SEE_OTHER);
    let click = buyer.client.get(format!("{}/b/{id}", buyer.base)).send().await.unwrap();
    assert_eq!(click.status(), StatusCode::SEE_OTHER);
    assert_eq!(click.headers()["location"], "/c/batik");
    assert!(buyer.cookie("etl_visitor").is_some(), "a guest who clicks gets a visitor cookie");
    let (variant, _) = app.variant_with_stock(5).await;
    buyer.add(variant, "1").await;
    let (status, placed) = buyer.place_order("banner-order").await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let code = placed["code"].as_str().unwrap().to_string();
    // Another shopper who never clicked orders too: not the banner's.
    let other = app.shopper();
    other.add(variant, "1").await;
    assert_eq!(other.place_order("no-banner").await.0, StatusCode::OK);
    let (status, _) = admin.call("admin/orders/move", &[("code", &code), ("to", "paid"), ("awb", "")]).await;
    assert_eq!(status, StatusCode::OK);
    let total: i64 = sqlx::query_scalar("SELECT total FROM orders WHERE code = $1")
        .bind(&code)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    let (_, listed) = admin.call("studio/banners", &[]).await;
    assert_eq!(results_of(&listed), (seen_before + 2, clicks_before + 1, 1, total));

    // Archived: off the storefront at once; listed in the studio as archived.
    let (status, _) = admin.call("studio/banners/archive", &[("id", &id.to_string()), ("archived", "true")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!home_shows(&guest, "Promo Kilat Satu").await);
    let (status, listed) = admin.call("studio/banners", &[]).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let states: Vec<(String, String)> = listed[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["form"]["name"].as_str().unwrap().to_string(), b["state"].as_str().unwrap().to_string()))
        .collect();
    assert!(states.contains(&("Promo Kilat Satu".into(), "Archived".into())), "{states:?}");
    assert!(states.contains(&("Promo Draf".into(), "Draft".into())), "{states:?}");
    assert!(states.contains(&("Promo Detik".into(), "Ended".into())), "{states:?}");
}

/// A picture with the texture of a photograph: smooth light and noise.
fn photo_png(width: u32, height: u32) -> Vec<u8> {
    let mut seed: u32 = 12345;
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let noise = ((seed >> 16) % 24) as i32 - 12;
        let shade = |base: f32, f: f32| (base + 60.0 * (f * x as f32 / width as f32 + y as f32 / height as f32).sin()) as i32;
        let c = |v: i32| (v + noise).clamp(0, 255) as u8;
        image::Rgb([c(shade(150.0, 5.0)), c(shade(110.0, 3.0)), c(shade(80.0, 7.0))])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(who: &Shopper, content_type: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let res = who
        .client
        .post(format!("{}{}", who.base, app::studio::BANNER_UPLOAD_PATH))
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub async fn banner_pictures_are_checked_reencoded_cached_for_good_and_paint_the_hero(engine: Engine) {
    let app = spawn(engine).await;
    let photo = photo_png(2400, 1000);
    let guest = app.shopper();
    assert_eq!(upload(&guest, "image/png", photo.clone()).await.0, StatusCode::UNAUTHORIZED);
    let member = app.shopper();
    member.call("register", &[("name", "Rina"), ("email", "rina@example.id"), ("password", "rahasia-rina")]).await;
    assert_eq!(upload(&member, "image/png", photo.clone()).await.0, StatusCode::FORBIDDEN);
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);

    // Refused, each with its reason, and nothing recorded.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec();
    let (status, error) = upload(&admin, "image/svg+xml", svg).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&error).contains("SVG"), "{error}");
    let (status, _) = upload(&admin, "image/png", b"<html><script>alert(1)</script></html>".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an HTML file calling itself a PNG");
    let (status, error) = upload(&admin, "image/png", photo_png(300, 200)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&error).contains("480"), "{error}");
    let (status, _) = upload(&admin, "image/jpeg", vec![0xFF; 11 * 1024 * 1024]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM banner_images").await, 0);
    // A text file called a JPEG; a 48-megapixel picture (a few KB of PNG).
    let (status, _) = upload(&admin, "image/jpeg", b"just some text, named photo.jpg".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let bomb = {
        let picture = image::GrayImage::new(8_000, 6_000);
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let (status, error) = upload(&admin, "image/png", bomb).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&error).contains("megapiksel"), "{error}");
    let stored = app.state.config.upload_dir().join("banners");
    assert!(std::fs::read_dir(&stored).map_or(true, |mut d| d.next().is_none()), "nothing refused is left on disk");

    // A photograph: three JPEG widths, served under their content's name for good.
    let (status, made) = upload(&admin, "image/png", photo.clone()).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let key = made["key"].as_str().unwrap().to_string();
    assert_eq!(made["widths"], serde_json::json!([480, 960, 1600]));
    assert_eq!((made["width"].as_i64(), made["height"].as_i64()), (Some(2400), Some(1000)));
    for width in [480u32, 960, 1600] {
        let res = guest.client.get(format!("{}/img/b/{key}-{width}.jpg", guest.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
        let bytes = res.bytes().await.unwrap();
        let back = image::load_from_memory(&bytes).unwrap();
        assert_eq!((back.width(), back.height()), (width, (1000 * width + 1200) / 2400));
        eprintln!("banner picture {width} wide: {} KB", bytes.len() / 1024);
    }
    assert_eq!(guest.get(&format!("/img/b/{key}-999.jpg")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(guest.get("/img/b/..%2F..%2Fetalase.db").await.0, StatusCode::NOT_FOUND);
    // The same file again is the same picture.
    assert_eq!(upload(&admin, "image/png", photo).await.1["key"], key.as_str());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM banner_images").await, 1);

    // A hero with the picture: it needs alt text, and a key that was uploaded.
    let now = app::platform::now_ms();
    let with_picture = |key: &str, alt: &str| {
        let mut form = banner_form("Promo Bergambar", now - 60_000, now + 3_600_000);
        form.retain(|(k, _)| k != "form[priority]");
        form.extend([
            ("form[priority]".to_string(), "100".to_string()),
            ("form[image]".into(), key.into()),
            ("form[image_alt_id]".into(), alt.into()),
            ("form[image_alt_en]".into(), format!("{alt} (en)")),
        ]);
        form
    };
    let (status, error) = save(&admin, 0, 0, true, &with_picture(&key, "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&error).contains("image_alt_id"), "{error}");
    let (status, _) = save(&admin, 0, 0, true, &with_picture("0123456789abcdef", "Model berbatik")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a picture that was never uploaded");
    let (status, saved) = save(&admin, 0, 0, true, &with_picture(&key, "Model berbatik")).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, home) = guest.get("/").await;
    let srcset = format!("srcset=\"/img/b/{key}-480.jpg 480w, /img/b/{key}-960.jpg 960w, /img/b/{key}-1600.jpg 1600w\"");
    let img = home.split("<img").find(|tag| tag.contains(&srcset)).expect("the hero's picture has its widths");
    let img = &img[..img.find('>').unwrap()];
    for attr in ["width=\"2400\"", "height=\"1000\"", "fetchpriority=\"high\"", "loading=\"eager\"", "alt=\"Model berbatik\"", "sizes="] {
        assert!(img.contains(attr), "{attr} in {img}");
    }
}

impl Shopper {
    /// A page opened from another site's link.
    pub(crate) async fn get_from(&self, path: &str, referer: &str) -> StatusCode {
        let url = format!("{}{path}", self.base);
        self.client.get(url).header("accept", "text/html").header("referer", referer).send().await.unwrap().status()
    }

    /// A studio download: its status, content type and body.
    pub(crate) async fn download(&self, path: &str) -> (StatusCode, String, String) {
        let res = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        (res.status(), kind, res.text().await.unwrap())
    }
}

pub async fn a_visit_by_a_campaign_link_that_orders_later_shows_under_its_source_in_the_report_and_its_csv(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(20).await;
    // A shopper arrives by an Instagram link, browses on, and orders later
    // in the same visit: one visit, one order, both under the campaign.
    let ada = app.shopper();
    let (status, _) = ada.get("/?utm_source=instagram&utm_campaign=1212").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ada.cookie("etl_utm").as_deref(), Some("instagram|-|1212"));
    let visit = ada.cookie("etl_visit").expect("a visit began");
    assert!(visit.ends_with("|social|-"), "{visit}");
    assert_eq!(ada.get("/c/batik").await.0, StatusCode::OK);
    assert_eq!(ada.cookie("etl_visit"), Some(visit.clone()), "the same visit goes on");
    ada.add(variant, "1").await;
    let (status, placed) = ada.place_order("utm-1").await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    let code = placed["code"].as_str().unwrap().to_string();
    // Another comes from a Google result and buys nothing; a link with
    // markup in it is not kept at all (a plain direct visit).
    let bob = app.shopper();
    assert_eq!(bob.get_from("/c/batik", "https://www.google.co.id/search?q=batik").await, StatusCode::OK);
    assert!(bob.cookie("etl_visit").unwrap().ends_with("|search|google.co.id"));
    let hostile = app.shopper();
    hostile.get("/?utm_source=x&utm_campaign=%3Cscript%3E").await;
    assert_eq!(hostile.cookie("etl_utm"), None);
    assert!(hostile.cookie("etl_visit").unwrap().ends_with("|direct|-"));
    // A crowd of first-time visitors: one visit each, however many arrive
    // between two writes.
    let crowd: Vec<Shopper> = (0..60).map(|_| app.shopper()).collect();
    futures::future::join_all(crowd.iter().map(|s| s.get("/c/kemeja"))).await;
    // An order placed outside any counted visit is direct.
    let other = app.shopper();
    other.add(variant, "1").await;
    assert_eq!(other.place_order("utm-none").await.0, StatusCode::OK);

    let today = domain::banner::wib_date(app::platform::now_ms());
    let range = [("from", today.as_str()), ("to", today.as_str())];
    assert_eq!(other.call("studio/report", &range).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(other.download("/studio/report.csv").await.0, StatusCode::UNAUTHORIZED);
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    let (status, report) = admin.call("studio/report", &range).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let campaigns = report["campaigns"].as_array().unwrap();
    assert_eq!(campaigns.len(), 1, "{report}");
    assert_eq!((campaigns[0]["campaign"].as_str(), campaigns[0]["source"].as_str()), (Some("1212"), Some("instagram")));
    assert_eq!((campaigns[0]["tally"]["visits"].as_i64(), campaigns[0]["tally"]["orders"].as_i64()), (Some(1), Some(1)));
    let channel = |code: &str| {
        let c = report["channels"].as_array().unwrap().iter().find(|c| c["channel"] == code).cloned();
        c.map(|c| (c["tally"]["visits"].as_i64().unwrap(), c["tally"]["orders"].as_i64().unwrap()))
    };
    assert_eq!(channel("social"), Some((1, 1)));
    assert_eq!(channel("search"), Some((1, 0)));
    assert_eq!(channel("direct"), Some((61, 1)), "the hostile link's visit, the crowd's, the order with no visit");
    assert_eq!(report["total"]["visits"].as_i64(), Some(63));
    assert_eq!(report["days"].as_array().unwrap().len(), 1);
    // Sums only: no shopper's contact reaches the studio.
    let text = report.to_string();
    assert!(!text.contains("sari@example.id") && !text.contains("0812") && !text.contains("Braga"), "{text}");

    let (status, kind, csv) = admin.download(&format!("/studio/report.csv?from={today}&to={today}")).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(kind.starts_with("text/csv"));
    assert!(csv.starts_with("dimension,channel,utm_source,utm_medium,utm_campaign,date_wib,visits,orders,revenue,conversion_percent"));
    assert!(csv.lines().any(|l| l == "campaign,,instagram,-,1212,,1,1,0,100.0"), "{csv}");
    assert!(csv.lines().any(|l| l == "channel,search,,,,,1,0,0,0.0"), "{csv}");
    let (status, kind, svg) = admin.download(&format!("/studio/report.svg?from={today}&to={today}")).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/svg+xml; charset=utf-8"));
    assert!(svg.starts_with("<svg") && svg.contains(&format!("{today}: 63<")), "a bar of 63 visits today");
    let (status, _, why) = admin.download("/studio/report.csv?from=2026-12-31&to=2026-12-01").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(why.contains("terbalik"), "{why}");

    // Paid: the campaign's revenue is the order's total.
    let (status, _) = admin.call("admin/orders/move", &[("code", &code), ("to", "paid"), ("awb", "")]).await;
    assert_eq!(status, StatusCode::OK);
    let total: i64 =
        sqlx::query_scalar("SELECT total FROM orders WHERE code = $1").bind(&code).fetch_one(&app.state.pool).await.unwrap();
    let (_, report) = admin.call("studio/report", &range).await;
    assert_eq!(report["campaigns"][0]["tally"]["revenue"].as_i64(), Some(total));
}

/// Places an order for `email`, ticking the marketing box or not.
async fn order_as(shopper: &Shopper, variant: i64, email: &str, marketing: bool, key: &str) -> String {
    shopper.add(variant, "1").await;
    let mut form: Vec<(&str, &str)> = ADDRESS.iter().filter(|(k, _)| *k != "email").copied().collect();
    form.extend([("email", email), ("idempotency_key", key)]);
    if marketing {
        form.push(("marketing", "1"));
    }
    let (status, placed) = shopper.call("orders/place", &form).await;
    assert_eq!(status, StatusCode::OK, "{placed}");
    placed["code"].as_str().unwrap().to_string()
}

pub async fn only_buyers_whose_latest_answer_is_yes_are_ever_exported(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(50).await;
    let category = app.category_of(variant).await;
    let mut codes = Vec::new();
    // Ticked at checkout; left unticked at checkout.
    codes.push(order_as(&app.shopper(), variant, "ayu@example.id", true, "c-1").await);
    codes.push(order_as(&app.shopper(), variant, "budi@example.id", false, "c-2").await);
    // Ticked at sign-up, then withdrawn on the account page.
    let citra = app.shopper();
    let signed_up = [("name", "Citra"), ("email", "citra@example.id"), ("password", "a-long-password"), ("marketing", "1")];
    citra.call("register", &signed_up).await;
    assert!(citra.cookie("etl_session").is_some(), "signed up and in");
    codes.push(order_as(&citra, variant, "citra@example.id", false, "c-3").await);
    let (_, said) = citra.call("account/marketing", &[]).await;
    assert_eq!(said[0], true, "{said}");
    citra.call("account/marketing/set", &[("given", "0")]).await;
    let (_, said) = citra.call("account/marketing", &[]).await;
    assert_eq!(said[0], false, "withdrawn: {said}");
    // Not asked at sign-up, given later on the account page.
    let dewi = app.shopper();
    let signed_up = [("name", "Dewi"), ("email", "dewi@example.id"), ("password", "a-long-password")];
    dewi.call("register", &signed_up).await;
    assert_eq!(dewi.call("account/marketing", &[]).await.1, Value::Null, "never asked");
    codes.push(order_as(&dewi, variant, "dewi@example.id", false, "c-4").await);
    dewi.call("account/marketing/set", &[("given", "1")]).await;
    // Ticked, but never paid: not a past buyer.
    order_as(&app.shopper(), variant, "eka@example.id", true, "c-5").await;

    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    for code in &codes {
        let (status, body) = admin.call("admin/orders/move", &[("code", code), ("to", "paid"), ("awb", "")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let emails = |csv: &str| -> Vec<String> { csv.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect() };
    let (status, _, csv) = admin.download("/studio/audience.csv").await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(csv.starts_with("email,name,paid_orders,total_spend,last_order_wib\n"), "{csv}");
    let mut exported = emails(&csv);
    exported.sort();
    assert_eq!(exported, ["ayu@example.id", "dewi@example.id"], "{csv}");
    // Segments: the category bought, a spend no one reached, a past range.
    let (_, _, csv) = admin.download(&format!("/studio/audience.csv?category={category}&min_spend=1")).await;
    assert_eq!(emails(&csv).len(), 2, "{csv}");
    let (_, _, csv) = admin.download("/studio/audience.csv?min_spend=999999999").await;
    assert!(emails(&csv).is_empty(), "{csv}");
    let (_, _, csv) = admin.download("/studio/audience.csv?last_from=2020-01-01&last_to=2020-12-31").await;
    assert!(emails(&csv).is_empty(), "{csv}");
    let other = if category == "kaos" { "kemeja" } else { "kaos" };
    let (_, _, csv) = admin.download(&format!("/studio/audience.csv?category={other}")).await;
    assert!(emails(&csv).is_empty(), "{csv}");
    let (status, _, why) = admin.download("/studio/audience.csv?category=x%27%20OR%201%3D1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
    let (status, size) = admin.call("studio/audience", &[("segment[min_spend]", "0")]).await;
    assert_eq!((status, size[0].as_i64()), (StatusCode::OK, Some(2)), "{size}");
    // Only the studio's people export.
    assert_eq!(dewi.download("/studio/audience.csv").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.shopper().download("/studio/audience.csv").await.0, StatusCode::UNAUTHORIZED);
    app.user("agen@etalase.local", "Agen", app::model::Role::Agent).await;
    let agent = app.shopper();
    assert_eq!(agent.login("agen@etalase.local", "a-long-password").await, StatusCode::OK);
    assert_eq!(agent.download("/studio/audience.csv").await.0, StatusCode::FORBIDDEN);
    assert_eq!(agent.call("studio/audience", &[("segment[min_spend]", "0")]).await.0, StatusCode::FORBIDDEN);
}

pub async fn banners_reordered_show_in_their_new_order_with_versions_and_an_audit_row(engine: Engine) {
    let app = spawn(engine).await;
    let now = app::platform::now_ms();
    let admin = app.shopper();
    assert_eq!(admin.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    let mut ids = Vec::new();
    for name in ["Urut Satu", "Urut Dua", "Urut Tiga"] {
        let (status, id) = save(&admin, 0, 0, true, &banner_form(name, now - 60_000, now + 3_600_000)).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        ids.push(id.as_i64().unwrap());
    }
    let order_on_home = |home: &str| -> Vec<usize> {
        let mut at: Vec<(usize, usize)> =
            ["Urut Satu", "Urut Dua", "Urut Tiga"].iter().enumerate().map(|(i, n)| (home.find(n).unwrap(), i)).collect();
        at.sort();
        at.into_iter().map(|(_, i)| i).collect()
    };
    let guest = app.shopper();
    // Three, then one, then two.
    let wanted = [ids[2], ids[0], ids[1]];
    let fields: Vec<(String, String)> = wanted.iter().enumerate().map(|(i, id)| (format!("ids[{i}]"), id.to_string())).collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(guest.call("studio/banners/reorder", &fields).await.0, StatusCode::UNAUTHORIZED);
    let (status, body) = admin.call("studio/banners/reorder", &fields).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(order_on_home(&guest.get("/").await.1), [2, 0, 1], "the hero is the first");
    let priority = |id: i64| format!("SELECT priority FROM banners WHERE id = {id}");
    assert_eq!(
        (count(&app, &priority(ids[2])).await, count(&app, &priority(ids[0])).await, count(&app, &priority(ids[1])).await),
        (100, 99, 98)
    );
    let (_, versions) = admin.call("studio/banners/versions", &[("id", &ids[2].to_string())]).await;
    assert_eq!(versions.as_array().unwrap().len(), 2, "the move is a version: {versions}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'banner.reorder'").await, 1);
    // The same id twice is refused, and nothing moves.
    let twice = [("ids[0]", ids[0].to_string()), ("ids[1]", ids[0].to_string())];
    let twice: Vec<(&str, &str)> = twice.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(admin.call("studio/banners/reorder", &twice).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, &priority(ids[0])).await, 99);
}
