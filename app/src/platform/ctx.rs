//! Request context for server functions: state, cookies, client address,
//! language, and turning an `AppError` into the right HTTP status.

use super::AppState;
use crate::error::AppError;
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use leptos::{
    prelude::*,
    server_fn::{
        codec::JsonEncoding,
        error::{FromServerFnError, ServerFnErrorErr},
    },
};
use leptos_axum::ResponseOptions;

/// The nonce of one response's inline script and style: the server's
/// security layer puts it in the request's extensions and names it in the
/// response's Content-Security-Policy.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Hands the request's CSP nonce to the framework, which puts it on every
/// inline script it writes (and the shell on its own script and style).
pub fn provide_request_nonce() {
    if let Some(CspNonce(nonce)) = parts().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

/// A piece of state a feature keeps for itself (its cache, its gateway,
/// its hub), provided beside `AppState` by the server.
pub fn provided<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| internal(format!("{} missing from context", std::any::type_name::<T>())))
}

pub fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The value of a cookie of the current request.
pub fn cookie(name: &str) -> Option<String> {
    crate::cookies::get(&parts()?.headers, name)
}

pub use crate::i18n::request_lang;

/// Adds a `Set-Cookie` to the response (HttpOnly, SameSite=Lax, Path=/).
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) {
    let cookie = crate::cookies::set_cookie_value(name, value, max_age_secs, secure, crate::cookies::Reach::ServerOnly);
    if let (Some(res), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie)) {
        res.append_header(header::SET_COOKIE, value);
    }
}

pub fn set_status(status: StatusCode) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(status);
    }
}

/// The caller's address: the socket peer, or `X-Forwarded-For` when the
/// store is configured to trust its proxy.
pub fn client_ip(trust_proxy: bool) -> String {
    let Some(parts) = parts() else { return "unknown".into() };
    if trust_proxy {
        if let Some(ip) =
            parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next())
        {
            return ip.trim().to_string();
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Sets the response status that matches the error and hands it back, so
/// server functions end with `Err(fail(..))`.
pub fn fail(err: AppError) -> AppError {
    set_status(match &err {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(_) | AppError::ServerFn(_) => StatusCode::INTERNAL_SERVER_ERROR,
    });
    err
}

/// A server function's arguments that could not be decoded (a missing or
/// mistyped field, an unknown enum value, a field sent twice, an unreadable
/// body) are the client's error: logged once with the cause, at warn so a
/// probe stands out, and answered 400 with the translated message. Every
/// other framework error stays a `ServerFn` error (500).
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        undecodable_arguments(&value).unwrap_or_else(|| AppError::ServerFn(value.to_string()))
    }
}

/// None outside a server function's request (no response to set).
fn undecodable_arguments(err: &ServerFnErrorErr) -> Option<AppError> {
    use ServerFnErrorErr as E;
    if !matches!(err, E::Args(_) | E::MissingArg(_) | E::Deserialization(_)) {
        return None;
    }
    let parts = parts()?;
    use_context::<ResponseOptions>()?;
    let peer = client_ip(use_context::<AppState>().is_some_and(|s| s.config.trust_proxy));
    tracing::warn!(path = %parts.uri.path(), cause = %err, %peer, "malformed server function call refused");
    Some(fail(AppError::BadRequest(request_lang().t(crate::i18n::Msg::ErrBadRequest).to_string())))
}

/// Logs an unexpected failure with its detail and returns the opaque error
/// the user sees.
pub fn internal(detail: impl std::fmt::Display) -> AppError {
    tracing::error!(%detail, "unexpected server error");
    opaque(None)
}

/// Logs an unexpected error once, with its whole cause chain (inside the
/// request's span, so the event names the path and the request), and
/// returns the opaque error the user sees.
pub fn internal_error(error: impl std::error::Error + Send + Sync + 'static) -> AppError {
    // The framework may run a server function outside the request's span,
    // so the event names the request itself.
    let parts = parts();
    let request = parts.as_ref().and_then(|p| p.extensions.get::<RequestId>()).map_or(0, |r| r.0);
    let path = parts.as_ref().map(|p| p.uri.path().to_string()).unwrap_or_default();
    tracing::error!(request, %path, causes = %cause_chain(&error), "unexpected server error");
    opaque(Some(crate::error::Cause(std::sync::Arc::new(error))))
}

/// The number the server gives each request (its tracing span shows it too).
#[derive(Clone, Copy, Debug)]
pub struct RequestId(pub u64);

/// The translated "something went wrong", status 500.
fn opaque(cause: Option<crate::error::Cause>) -> AppError {
    let message = request_lang().t(crate::i18n::Msg::ErrorGeneric).to_string();
    fail(AppError::Internal(crate::error::InternalError { message, cause }))
}

/// "a: b: c" for an error and its sources (a source its error already
/// quotes is not repeated).
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !chain.ends_with(&text) {
            chain.push_str(": ");
            chain.push_str(&text);
        }
        source = cause.source();
    }
    chain
}

/// `?`-friendly conversion of unexpected errors (database, I/O, tasks).
pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, AppError>;
}

impl<T, E: std::error::Error + Send + Sync + 'static> OrInternal<T> for Result<T, E> {
    fn or_internal(self) -> Result<T, AppError> {
        self.map_err(|e| internal_error(e))
    }
}
