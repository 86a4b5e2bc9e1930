//! Accounts: shopper registration and sign-in, staff roles, server-side
//! sessions, and the role checks every staff server function starts with.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

use crate::{
    error::AppError,
    model::{Me, StaffArea},
};
use leptos::prelude::*;

/// Sign-in attempts checked per account, and per address, in the window;
/// a successful sign-in clears the account's count and gives its attempt
/// back to the address.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 30;
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Passwords are at least 8 characters and at most this many bytes: argon2
/// hashes anything, but a megabyte password is an attack, not a password.
pub const MAX_PASSWORD_BYTES: usize = 256;

#[server(prefix = "/api", endpoint = "me")]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    Ok(crate::platform::identity::current_user().await?.map(|u| service::me_of(&u)))
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::platform::ctx::{client_ip, request_lang, state};
    let state = state()?;
    let ip = client_ip(state.config.trust_proxy);
    let user = service::sign_in(&state, &email, password, &ip, request_lang()).await?;
    service::start_session(&user).await?;
    leptos_axum::redirect(&service::safe_next(&next, &user));
    Ok(())
}

#[server(prefix = "/api", endpoint = "register")]
pub async fn register(name: String, email: String, password: String, marketing: Option<String>) -> Result<(), AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::{state, request_lang, fail, OrInternal}, now_ms},
    };
    let state = state()?;
    let lang = request_lang();
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(fail(AppError::Invalid(lang.t(Msg::ErrNameRequired).into())));
    }
    let Some(email) = domain::Email::parse(&email).map(domain::Email::into_string) else {
        return Err(fail(AppError::Invalid(lang.t(Msg::ErrEmailInvalid).into())));
    };
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(fail(AppError::Invalid(lang.t(Msg::ErrPasswordLong).into())));
    }
    if password.chars().count() < 8 {
        return Err(fail(AppError::Invalid(lang.t(Msg::ErrPasswordShort).into())));
    }
    let hash = service::hash_password(password).await?;
    let Some(id) = db::insert_user(&state.pool, &email, &name, &hash, "shopper", now_ms()).await.or_internal()? else {
        return Err(fail(AppError::Invalid(lang.t(Msg::ErrEmailTaken).into())));
    };
    if marketing.is_some_and(|m| !m.is_empty()) {
        use crate::studio::audience::Asked;
        let mut conn = state.pool.acquire().await.or_internal()?;
        crate::studio::db::record_consent(&mut conn, &email, true, Asked::Signup.code(), Some(id), now_ms())
            .await
            .or_internal()?;
    }
    let user = db::UserRow { id, email, name, password_hash: hash, role: "shopper".into() };
    service::start_session(&user).await?;
    leptos_axum::redirect("/account");
    Ok(())
}

/// The signed-in shopper's answer on marketing email: yes or no and when
/// it was given (None: never asked, or not signed in).
#[server(prefix = "/api", endpoint = "account/marketing")]
pub async fn my_marketing() -> Result<Option<(bool, i64)>, AppError> {
    use crate::platform::ctx::{state, OrInternal};
    let Some(user) = crate::platform::identity::current_user().await? else {
        return Ok(None);
    };
    crate::studio::db::consent_of(&state()?.pool, &user.email).await.or_internal()
}

/// Gives (`given` = "1") or withdraws (anything else) consent to marketing
/// email, as a new answer; back to the account page.
#[server(prefix = "/api", endpoint = "account/marketing/set")]
pub async fn set_marketing(given: String) -> Result<(), AppError> {
    use crate::platform::{ctx::{fail, request_lang, state, OrInternal}, now_ms};
    use crate::studio::audience::Asked;
    let Some(user) = crate::platform::identity::current_user().await? else {
        return Err(fail(AppError::Unauthorized(request_lang().t(crate::i18n::Msg::Login).into())));
    };
    let mut conn = state()?.pool.acquire().await.or_internal()?;
    crate::studio::db::record_consent(&mut conn, &user.email, given == "1", Asked::Account.code(), Some(user.id), now_ms())
        .await
        .or_internal()?;
    leptos_axum::redirect("/account");
    Ok(())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::platform::{ctx::{state, cookie, set_cookie, OrInternal}, identity::SESSION_COOKIE, token_hash};
    let state = state()?;
    if let Some(token) = cookie(SESSION_COOKIE) {
        db::delete_session(&state.pool, &token_hash(&token)).await.or_internal()?;
    }
    set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies);
    leptos_axum::redirect("/");
    Ok(())
}

/// Checks that the caller may enter a staff area. Not signed in: a redirect
/// to the sign-in page. Signed in without the role: 403.
#[server(prefix = "/api", endpoint = "staff")]
pub async fn staff_access(area: StaffArea) -> Result<Me, AppError> {
    let user = crate::platform::identity::require_area(area).await?;
    Ok(service::me_of(&user))
}

#[cfg(feature = "ssr")]
pub mod service;
