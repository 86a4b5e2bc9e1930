//! Plain axum routes and middleware beside the Leptos app: health check,
//! product pictures, language switch, cache headers.

use app::{
    i18n::{Lang, LANG_COOKIE},
    platform::AppState,
};
use axum::{
    extract::{Path, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Router,
};
use serde::Deserialize;

pub fn plain_routes() -> Router<crate::state::ServerState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/pkg/{file}", get(pkg_file))
        .route("/img/p/{slug}/{file}", get(product_image))
        .route("/lang", post(switch_language))
        .route(&format!("{}/{{id}}", app::model::BANNER_CLICK_PATH), get(banner_click))
        // Authenticated by the gateway's signature, not by a session.
        .route(app::payments::notify::NOTIFY_PATH, post(app::payments::notify::notification))
        .route(app::chat::SHOPPER_WS_PATH, get(crate::chat::shopper_socket))
        .route(app::chat::AGENT_WS_PATH, get(crate::chat::agent_socket))
        // The body limit sits above the photo limit so the handler can answer
        // an oversized photo with its own clear message.
        .route(
            app::chat::UPLOAD_PATH,
            post(crate::chat::upload)
                .layer(axum::extract::DefaultBodyLimit::max(app::chat::MAX_UPLOAD_BYTES + 1024 * 1024)),
        )
        .route(&format!("{}/{{name}}", app::chat::FILES_PATH), get(crate::chat::file))
        .route(
            app::studio::BANNER_UPLOAD_PATH,
            post(banner_picture_upload).layer(axum::extract::DefaultBodyLimit::max(MAX_BANNER_BYTES + 1024 * 1024)),
        )
        .route(&format!("{}/{{file}}", app::model::BANNER_IMAGE_PATH), get(banner_picture))
        .merge(crate::exports::studio_exports())
}

/// The largest banner picture the studio accepts, in bytes.
pub const MAX_BANNER_BYTES: usize = 10 * 1024 * 1024;

/// A banner picture from the studio (marketers and admins): the raw file as
/// the body. Checked from its bytes and re-encoded (`pictures`), written
/// under its content hash outside the web root, one JPEG per width; the
/// answer is its key, size and widths. The same file twice is one picture.
async fn banner_picture_upload(State(state): State<crate::state::ServerState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    use app::i18n::StudioMsg;
    use crate::pictures::Refusal;
    let caller = match app::platform::identity::Caller::of_headers(&state.app.pool, &headers).await {
        Ok(caller) => caller,
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let lang = caller.lang;
    let refuse = |status: StatusCode, msg: StudioMsg| {
        (status, axum::Json(serde_json::json!({ "error": lang.t(msg) }))).into_response()
    };
    let Some(user) = caller.user.clone() else { return refuse(StatusCode::UNAUTHORIZED, StudioMsg::ErrPictureSignIn) };
    if !caller.may_enter(app::model::StaffArea::Studio) {
        return refuse(StatusCode::FORBIDDEN, StudioMsg::ErrPictureSignIn);
    }
    if body.len() > MAX_BANNER_BYTES {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, StudioMsg::ErrPictureTooBig);
    }
    let made = match tokio::task::spawn_blocking(move || crate::pictures::banner_variants(&body)).await {
        Ok(Ok(made)) => made,
        Ok(Err(Refusal::NotAPicture)) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, StudioMsg::ErrPictureType),
        Ok(Err(Refusal::TooManyPixels)) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, StudioMsg::ErrPicturePixels),
        Ok(Err(Refusal::TooNarrow)) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, StudioMsg::ErrPictureNarrow),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let dir = state.app.config.upload_dir().join("banners");
    let written = async {
        tokio::fs::create_dir_all(&dir).await?;
        for (width, bytes) in &made.files {
            // Written whole and synced under a temporary name, then renamed:
            // a reader never sees half a file.
            let name = format!("{}-{width}.jpg", made.key);
            let partial = dir.join(format!("{name}.part"));
            let mut f = tokio::fs::File::create(&partial).await?;
            tokio::io::AsyncWriteExt::write_all(&mut f, bytes).await?;
            f.sync_all().await?;
            tokio::fs::rename(&partial, dir.join(name)).await?;
        }
        std::io::Result::Ok(())
    };
    if let Err(e) = written.await {
        tracing::error!(error = %e, "storing a banner picture failed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let widths: Vec<u32> = made.files.iter().map(|(w, _)| *w).collect();
    let listed = widths.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let size = (i64::from(made.width), i64::from(made.height));
    let recorded = app::studio::db::insert_image(&state.app.pool, &made.key, size, &listed, user.id, app::platform::now_ms());
    if let Err(e) = recorded.await {
        tracing::error!(error = %e, "recording a banner picture failed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    axum::Json(serde_json::json!({ "key": made.key, "width": made.width, "height": made.height, "widths": widths }))
        .into_response()
}

/// A banner picture's variant (`{key}-{width}.jpg`): its name is its
/// content, so it is cached for good.
async fn banner_picture(State(state): State<crate::state::ServerState>, Path(file): Path<String>) -> Response {
    let plausible = file.len() <= 30
        && file.ends_with(".jpg")
        && file.split_once('-').is_some_and(|(key, rest)| {
            key.len() == 16
                && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                && rest.trim_end_matches(".jpg").parse::<u32>().is_ok()
        });
    if !plausible {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(state.app.config.upload_dir().join("banners").join(&file)).await {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A click on a live banner: kept with who clicked (a guest without a
/// visitor cookie gets one, so an order can later be attributed), then a
/// redirect to the banner's link. A browser's prefetch (`Sec-Purpose`) is
/// not a click. An ended or unknown banner leads home.
async fn banner_click(
    State(state): State<AppState>,
    State(catalog): State<app::catalog::cache::CatalogCache>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    use app::platform::{
        identity::{user_from_headers, visitor_from_headers, VISITOR_COOKIE},
        random_token, token_hash,
    };
    let prefetch = headers
        .get("sec-purpose")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("prefetch"));
    let user = user_from_headers(&state.pool, &headers).await.ok().flatten().map(|u| u.id);
    let mut new_cookie = None;
    let visitor = match visitor_from_headers(&headers) {
        Some(v) => Some(v),
        None if user.is_none() && !prefetch => {
            let token = random_token();
            new_cookie = Some(app::cookies::set_cookie_value(
                VISITOR_COOKIE,
                &token,
                60 * 60 * 24 * 365,
                state.config.secure_cookies,
                app::cookies::Reach::ServerOnly,
            ));
            Some(token_hash(&token))
        }
        None => None,
    };
    let to = match app::studio::service::click(&state, &catalog, id, visitor.as_deref(), user, !prefetch).await {
        Ok(to) => to.unwrap_or_else(|| "/".into()),
        Err(e) => {
            tracing::error!(error = %e, banner = id, "banner click not kept");
            "/".into()
        }
    };
    let mut res = Redirect::to(&to).into_response();
    if let Some(cookie) = new_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    res
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn product_image(
    State(catalog): State<app::catalog::cache::CatalogCache>,
    Path((slug, file)): Path<(String, String)>,
) -> Response {
    let view = match file.as_str() {
        "1.svg" => 1,
        "2.svg" => 2,
        "3.svg" => 3,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let catalog = match catalog.get().await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "catalog unavailable");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let Some(product) = catalog.product(&slug) else { return StatusCode::NOT_FOUND.into_response() };
    let kind = catalog.category_by_id(product.row.category_id).map(|c| c.kind.as_str()).unwrap_or("kemeja");
    let hex = product.variants.first().map(|v| v.colour_hex.as_str()).unwrap_or("#888888");
    let svg = app::catalog::art::product_svg(kind, hex, view, &product.row.name_id);
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg).into_response()
}

/// Build output (`/pkg/*`: wasm, JS, CSS) from the table read at start-up
/// (`platform::assets`), compressed once with brotli at its best level, in
/// the background, and kept in memory: a quarter smaller over the wire than
/// on-the-fly compression, at no per-request cost. Until the brotli copy is
/// ready the file goes out as is (and the compression layer compresses it
/// quickly), so no request waits for the best level.
async fn pkg_file(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let content_type = match file.rsplit('.').next() {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    if file.contains("..") || file.contains('/') {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some((asset, immutable)) = state.assets.get(&file) else { return StatusCode::NOT_FOUND.into_response() };
    let accepts_br = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("br")));
    let mut res = match asset.brotli.get().filter(|_| accepts_br) {
        Some(br) => ([(header::CONTENT_ENCODING, "br")], br.clone()).into_response(),
        None => asset.bytes.clone().into_response(),
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if immutable {
        // Named by its content: this name never means other bytes.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    }
    res
}

/// Makes the brotli copies of the build output in the background at
/// start-up, before the first shopper asks.
pub async fn warm_pkg_cache(state: AppState) {
    let _ = tokio::task::spawn_blocking(move || {
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
        for asset in state.assets.all() {
            let mut out = Vec::new();
            if brotli::BrotliCompress(&mut asset.bytes.as_ref(), &mut out, &params).is_ok() {
                let _ = asset.brotli.set(out.into());
            }
        }
    })
    .await;
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    back: String,
}

/// Remembers the chosen language in a cookie and goes back to the page.
async fn switch_language(State(state): State<AppState>, Form(form): Form<LanguageForm>) -> Response {
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    let back = if form.back.starts_with('/') && !form.back.starts_with("//") && !form.back.contains('\\') {
        form.back
    } else {
        "/".into()
    };
    let cookie = app::cookies::set_cookie_value(
        LANG_COOKIE,
        lang.code(),
        60 * 60 * 24 * 365,
        state.config.secure_cookies,
        app::cookies::Reach::Page,
    );
    let mut res = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// Build output asked for by its plain name is revalidated (content-hashed
/// names carry `immutable`, set by `pkg_file`); pictures set their own header.
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    if is_asset && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300, stale-while-revalidate=86400"),
        );
    }
    res
}

/// Counts visits and keeps how a shopper arrived. A storefront page
/// (a GET answered with HTML, outside the staff areas, not for a crawler)
/// without a live visit cookie, or reached by a campaign link, starts a
/// visit: its channel comes from the link, else from the other site that
/// sent the shopper, else (direct) from a campaign link of the last week.
/// The visit cookie is renewed at each page; a campaign link is also kept
/// for `UTM_DAYS`. Only plain names are kept.
pub async fn track_visit(State(state): State<crate::state::ServerState>, req: Request, next: Next) -> Response {
    use domain::campaign::{external_referrer, Arrival, Channel, Utm};
    use std::collections::HashMap;
    let is_get = req.method() == axum::http::Method::GET;
    let path = req.uri().path();
    // Build output, pictures and server functions are never pages: they
    // pass through untouched, with nothing read.
    let not_a_page = ["/api/", "/pkg/", "/img/"].iter().any(|p| path.starts_with(p));
    if !is_get || not_a_page {
        return next.run(req).await;
    }
    let headers = req.headers();
    let staff = app::model::StaffArea::ALL.iter().any(|a| path.starts_with(a.path()));
    let crawler = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).is_some_and(|ua| {
        let ua = ua.to_ascii_lowercase();
        ["bot", "spider", "crawl", "lighthouse"].iter().any(|w| ua.contains(w))
    });
    let counted = !staff && !crawler;
    // Most requests carry no campaign: their query is not parsed.
    let named = req.uri().query().is_some_and(|q| q.contains("utm_campaign"));
    let utm = named
        .then(|| axum::extract::Query::<HashMap<String, String>>::try_from_uri(req.uri()).ok())
        .flatten()
        .and_then(|axum::extract::Query(q)| {
            let get = |k: &str| q.get(k).map(String::as_str);
            Utm::from_query(get("utm_source"), get("utm_medium"), get("utm_campaign"))
        });
    let current = app::cookies::get(headers, app::model::VISIT_COOKIE).and_then(|v| Arrival::from_cookie(&v));
    let known_utm = app::cookies::get(headers, app::model::UTM_COOKIE).and_then(|v| Utm::from_cookie(&v));
    let referrer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .zip(headers.get(header::HOST).and_then(|v| v.to_str().ok()))
        .and_then(|(referer, host)| external_referrer(referer, host));
    let landing: String = path.chars().take(200).collect();
    let mut res = next.run(req).await;
    let secure = state.app.config.secure_cookies;
    let set = |res: &mut Response, name: &str, value: &str, max_age: i64| {
        let cookie = app::cookies::set_cookie_value(name, value, max_age, secure, app::cookies::Reach::ServerOnly);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, value);
        }
    };
    if let Some(utm) = &utm {
        set(&mut res, app::model::UTM_COOKIE, &utm.to_cookie(), domain::campaign::UTM_DAYS * 24 * 3600);
    }
    let is_page = res.status() == StatusCode::OK
        && res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !(counted && is_page) {
        return res;
    }
    let arrival = match current {
        Some(arrival) if utm.is_none() => arrival,
        _ => {
            // A link's campaign, else a referring site, else last week's link.
            let utm = utm.or_else(|| known_utm.filter(|_| referrer.is_none()));
            let channel = Channel::of(utm.as_ref(), referrer.as_deref());
            let arrival = Arrival { visit: app::platform::random_code(24).to_lowercase(), channel, referrer };
            state.visits.record(app::studio::report::Visit {
                arrival: arrival.clone(),
                utm,
                started_at: app::platform::now_ms(),
                landing,
            });
            arrival
        }
    };
    set(&mut res, app::model::VISIT_COOKIE, &arrival.to_cookie(), domain::campaign::VISIT_IDLE_SECONDS);
    res
}
