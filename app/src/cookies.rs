//! Cookies in one place, through the `cookie` crate: read from a request's
//! headers, and written as a `Set-Cookie` value (`Path=/`, `SameSite=Lax`,
//! `Secure` when the store is served over HTTPS).

use axum::http::{header, HeaderMap};
use cookie::{time::Duration, Cookie, SameSite};

/// The value of the cookie `name` in a request's headers (the first one
/// when several `Cookie` headers name it).
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// Whether the page's scripts may read a cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// `HttpOnly`: sessions and visitor tokens.
    ServerOnly,
    /// Readable by the page: the language choice.
    Page,
}

/// A `Set-Cookie` value; `max_age_secs` 0 deletes the cookie.
pub fn set_cookie_value(name: &str, value: &str, max_age_secs: i64, secure: bool, reach: Reach) -> String {
    Cookie::build((name, value))
        .path("/")
        .max_age(Duration::seconds(max_age_secs))
        .http_only(reach == Reach::ServerOnly)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_cookie_is_found_among_others_and_written_with_its_attributes() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; etl_lang=en"));
        headers.append(header::COOKIE, HeaderValue::from_static("etl_session=abc"));
        assert_eq!(get(&headers, "etl_lang").as_deref(), Some("en"));
        assert_eq!(get(&headers, "etl_session").as_deref(), Some("abc"));
        assert_eq!(get(&headers, "missing"), None);
        let written = set_cookie_value("etl_session", "abc", 60, true, Reach::ServerOnly);
        for part in ["etl_session=abc", "HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age=60"] {
            assert!(written.contains(part), "{written} lacks {part}");
        }
        assert!(!set_cookie_value("etl_lang", "en", 60, false, Reach::Page).contains("HttpOnly"));
    }
}
