//! What every request passes before it reaches the app: its tracing span,
//! the cross-site refusal, the server-function input guard (size, content type, UTF-8,
//! control characters) and the security headers (a per-response CSP nonce,
//! framing, sniffing, referrer).

use app::{
    error::AppError,
    i18n::{Lang, Msg},
    platform::{ctx::CspNonce, AppState},
};
use axum::{
    body::{to_bytes, Body},
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::net::SocketAddr;
use tracing::Instrument;

/// The largest server-function request body. Every form of the store fits
/// in a few kilobytes; files travel on their own routes with their own limits.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// Why a server-function request was refused before decoding.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    TooLarge,
    UnsupportedType,
    NotUtf8,
    ControlCharacter,
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::NotUtf8 | Refusal::ControlCharacter => StatusCode::BAD_REQUEST,
        }
    }

    fn message(&self) -> Msg {
        match self {
            Refusal::TooLarge => Msg::ErrTooLarge,
            Refusal::UnsupportedType => Msg::ErrUnsupportedType,
            Refusal::NotUtf8 => Msg::ErrNotUtf8,
            Refusal::ControlCharacter => Msg::ErrControlChars,
        }
    }
}

/// Checks a form-encoded body: every name and value decodes to UTF-8 and
/// holds no control character but tab and line breaks. The decoder the
/// server functions use replaces invalid bytes with U+FFFD silently; this
/// refuses them instead, so nothing garbled is ever stored.
pub fn check_form(body: &[u8]) -> Result<(), Refusal> {
    for field in body.split(|b| *b == b'&').filter(|f| !f.is_empty()) {
        for part in field.splitn(2, |b| *b == b'=') {
            let spaced: Vec<u8> = part.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
            let decoded: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
            let text = std::str::from_utf8(&decoded).map_err(|_| Refusal::NotUtf8)?;
            if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
                return Err(Refusal::ControlCharacter);
            }
        }
    }
    Ok(())
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

/// Guards `POST /api/*` (the server functions): a body over
/// [`MAX_FORM_BYTES`] is 413, a body that is not a form 415, bytes that are
/// not UTF-8 or hold control characters 400, each with the translated
/// message in the server functions' error shape, and each logged once at
/// warn with its cause and the caller's address.
pub async fn guard_server_fn_input(req: Request, next: Next) -> Response {
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let refuse = |refusal: Refusal| {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default();
        tracing::warn!(path = %parts.uri.path(), ?refusal, %peer, "server function input refused");
        let lang = Lang::of_headers(&parts.headers);
        let error = AppError::BadRequest(lang.t(refusal.message()).to_string());
        let body = serde_json::to_string(&error).unwrap_or_default();
        (refusal.status(), [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_FORM_BYTES) {
        drain(body).await;
        return refuse(Refusal::TooLarge);
    }
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else { return refuse(Refusal::TooLarge) };
    if !bytes.is_empty() && !is_form(&parts.headers) {
        return refuse(Refusal::UnsupportedType);
    }
    if let Err(refusal) = check_form(&bytes) {
        return refuse(refusal);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Reads and discards an oversized body (up to a few megabytes), so that a
/// careless client still reads its 413 instead of a connection reset in
/// the middle of its upload. Beyond that the connection is simply closed.
async fn drain(body: Body) {
    use futures::StreamExt;
    const DRAIN_LIMIT: usize = 4 * 1024 * 1024;
    let mut stream = body.into_data_stream();
    let mut seen = 0;
    while let Some(Ok(chunk)) = stream.next().await {
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            break;
        }
    }
}

/// The Content-Security-Policy of an HTML page: scripts only from the store
/// or with this response's nonce, wasm compilation, sockets back to the
/// store, no framing by any site, no plugins, forms only to the store.
/// Style attributes stay allowed (the catalog's colour swatches use them).
pub fn content_security_policy(nonce: &str, host: Option<&str>, img_origins: &[String]) -> String {
    let sockets = host.map(|h| format!(" ws://{h} wss://{h}")).unwrap_or_default();
    let images = img_origins.iter().map(|o| format!(" {o}")).collect::<String>();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:{images}; \
         connect-src 'self'{sockets}; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Gives every request a fresh nonce (read by the shell's inline script
/// and style) and every HTML response the CSP that names it. Other
/// responses get a policy that allows nothing to run or frame them.
pub async fn content_security(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = app::platform::random_token()[..32].to_string();
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(String::from);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if html {
        let gateway = state.config.gateway.as_ref().and_then(|g| origin_of(&g.base_url));
        content_security_policy(&nonce, host.as_deref(), &gateway.into_iter().collect::<Vec<_>>())
    } else {
        "default-src 'none'; frame-ancestors 'none'".into()
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    res
}

/// `https://api.midtrans.com/v2` → `https://api.midtrans.com`.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

/// The headers every response carries, whatever produced it; HSTS only
/// when the store's public URL is https (on plain HTTP it would be ignored
/// at best and lock a developer out of a local port at worst).
pub fn static_security_headers(public_url: &str) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
    ];
    if public_url.starts_with("https://") {
        headers
            .push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains")));
    }
    headers
}

/// Runs every request inside a span naming it (a number, the method and
/// the path), so whatever the request logs, an unexpected error above all,
/// says which request it was; and gives it the cell its caller is kept in.
pub async fn request_span(mut req: Request, next: Next) -> Response {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    req.extensions_mut().insert(app::platform::ctx::RequestId(id));
    let span = tracing::info_span!(
        "request",
        id,
        method = %req.method(),
        path = %req.uri().path(),
    );
    // Who is calling is looked up once per request, when first asked.
    req.extensions_mut().insert(app::platform::identity::CallerCell::default());
    next.run(req).instrument(span).await
}

/// Refuses state-changing requests that a browser sent from another site
/// (CSRF): the `Origin` must be this store. Requests without `Origin` are
/// accepted only when the browser does not mark them cross-site.
pub async fn refuse_cross_site(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if is_same_site(req.headers(), &state.config.extra_origins, &state.config.public_url) {
        next.run(req).await
    } else {
        tracing::warn!(origin = ?req.headers().get(header::ORIGIN), path = %req.uri().path(), "cross-site request refused");
        (StatusCode::FORBIDDEN, "Permintaan lintas situs ditolak. / Cross-site request refused.").into_response()
    }
}

pub fn is_same_site(headers: &HeaderMap, extra: &[String], public_url: &str) -> bool {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    match text(header::ORIGIN) {
        Some(origin) => {
            let origin = origin.trim_end_matches('/');
            let host = text(header::HOST).unwrap_or_default();
            let host_of_origin = origin.split_once("://").map(|(_, h)| h).unwrap_or_default();
            (!host.is_empty() && host_of_origin == host) || origin == public_url || extra.iter().any(|o| o == origin)
        }
        None => !matches!(text(header::HeaderName::from_static("sec-fetch-site")), Some("cross-site" | "same-site")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_in_a_form_field_is_refused() {
        assert_eq!(check_form(b"name=%FF%FE%FD%20Sari"), Err(Refusal::NotUtf8));
        assert_eq!(check_form(b"%C3%28=x"), Err(Refusal::NotUtf8));
        assert_eq!(check_form(b"name=Sari+Wulandari&city=Kota%20Bandung"), Ok(()));
        assert_eq!(check_form("name=Dewi%20%E2%9C%93".as_bytes()), Ok(()));
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_are_kept() {
        assert_eq!(check_form(b"name=Sari%00"), Err(Refusal::ControlCharacter));
        assert_eq!(check_form(b"name=Sari%1B%5B31m"), Err(Refusal::ControlCharacter));
        assert_eq!(check_form(b"street=Jl.%20Braga%0D%0ANo.%2012%09"), Ok(()));
    }

    #[test]
    fn the_policy_names_its_nonce_and_forbids_framing() {
        let csp = content_security_policy("abc", Some("127.0.0.1:3000"), &["http://127.0.0.1:3001".into()]);
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("connect-src 'self' ws://127.0.0.1:3000"));
        assert!(csp.contains("img-src 'self' data: blob: http://127.0.0.1:3001"));
    }

    #[test]
    fn hsts_only_over_https() {
        let has_hsts = |url| static_security_headers(url).iter().any(|(k, _)| k == header::STRICT_TRANSPORT_SECURITY);
        assert!(has_hsts("https://shop.example"));
        assert!(!has_hsts("http://127.0.0.1:3000"));
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_post_from_another_site_is_refused() {
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")]);
        assert!(!is_same_site(&h, &[], "http://127.0.0.1:3000"));
        let h = headers(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")]);
        assert!(!is_same_site(&h, &[], "http://127.0.0.1:3000"));
    }

    #[test]
    fn a_post_from_the_store_itself_is_accepted() {
        let h = headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]);
        assert!(is_same_site(&h, &[], "http://127.0.0.1:3000"));
        let h = headers(&[("host", "internal:8080"), ("origin", "https://shop.example")]);
        assert!(is_same_site(&h, &["https://shop.example".into()], "http://127.0.0.1:3000"));
    }
}
