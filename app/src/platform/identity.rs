//! Who is calling: one `Caller` per request (the signed-in user of the
//! session cookie, the cart owner that user or the guest's visitor cookie
//! makes, the language), and the staff-area check. Server functions,
//! sockets and plain routes all ask here.

use super::{
    ctx::{fail, parts, set_cookie, state, OrInternal},
    now_ms, random_token, token_hash,
};
use crate::{
    cookies,
    error::AppError,
    i18n::{Lang, Msg},
    model::{Role, StaffArea},
};
use axum::http::HeaderMap;
use sqlx::AnyPool;

pub const SESSION_COOKIE: &str = "etl_session";
pub const VISITOR_COOKIE: &str = "etl_visitor";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
}

/// The columns of `UserRow`, for queries over `users u`.
pub const USER_COLUMNS: &str = "u.id, u.email, u.name, u.password_hash, u.role";

/// Who a cart (and a chat) belongs to: a signed-in shopper or a guest's
/// visitor cookie (stored hashed).
#[derive(Clone, Debug)]
pub enum CartOwner {
    User(i64),
    Visitor(String),
}

impl CartOwner {
    /// One key per shopper across their tabs (rate limits).
    pub fn key(&self) -> String {
        match self {
            CartOwner::User(id) => format!("u{id}"),
            CartOwner::Visitor(hash) => format!("v{hash}"),
        }
    }
}

async fn user_by_session(pool: &AnyPool, token_hash: &str, now: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// The signed-in user of a request's session cookie (also for plain axum
/// routes and sockets, which have no Leptos context).
pub async fn user_from_headers(pool: &AnyPool, headers: &HeaderMap) -> sqlx::Result<Option<UserRow>> {
    let Some(token) = cookies::get(headers, SESSION_COOKIE).filter(|t| t.len() == 64) else {
        return Ok(None);
    };
    user_by_session(pool, &token_hash(&token), now_ms()).await
}

/// The (hashed) visitor cookie of a request, if it carries a plausible one.
pub fn visitor_from_headers(headers: &HeaderMap) -> Option<String> {
    cookies::get(headers, VISITOR_COOKIE).filter(|t| t.len() == 64).map(|t| token_hash(&t))
}

/// Who is calling: looked up once per request, the same way for server
/// functions, sockets and plain routes.
#[derive(Clone, Debug, Default)]
pub struct Caller {
    /// The signed-in user of the session cookie.
    pub user: Option<UserRow>,
    /// The shopper the request speaks for: the account, else the visitor
    /// cookie (hashed); None for a guest who has none yet.
    pub owner: Option<CartOwner>,
    pub lang: Lang,
}

impl Caller {
    /// The caller of a request with these headers.
    pub async fn of_headers(pool: &AnyPool, headers: &HeaderMap) -> sqlx::Result<Caller> {
        let user = user_from_headers(pool, headers).await?;
        let owner = match &user {
            Some(user) => Some(CartOwner::User(user.id)),
            None => visitor_from_headers(headers).map(CartOwner::Visitor),
        };
        Ok(Caller { user, owner, lang: Lang::of_headers(headers) })
    }

    /// Whether the caller's role admits them to a staff area.
    pub fn may_enter(&self, area: StaffArea) -> bool {
        self.user.as_ref().and_then(|u| Role::parse(&u.role)).is_some_and(|role| area.admits(role))
    }
}

/// The caller of one request, looked up at most once however many server
/// functions and resources of a page ask (the server puts an empty one in
/// every request's extensions).
#[derive(Clone, Default)]
pub struct CallerCell(std::sync::Arc<tokio::sync::OnceCell<Caller>>);

/// The caller of the server function's (or render's) request; nobody
/// outside a request.
pub async fn caller() -> Result<Caller, AppError> {
    let Some(parts) = parts() else { return Ok(Caller::default()) };
    let pool = state()?.pool.clone();
    match parts.extensions.get::<CallerCell>() {
        Some(cell) => cell.0.get_or_try_init(|| Caller::of_headers(&pool, &parts.headers)).await.cloned().or_internal(),
        None => Caller::of_headers(&pool, &parts.headers).await.or_internal(),
    }
}

/// The signed-in user of the server function's request.
pub async fn current_user() -> Result<Option<UserRow>, AppError> {
    Ok(caller().await?.user)
}

/// The caller's cart owner. A guest without a visitor cookie gets one only
/// when `create` is set (adding to the cart), so browsing sets no cookie.
pub async fn cart_owner(create: bool) -> Result<Option<CartOwner>, AppError> {
    if let Some(owner) = caller().await?.owner {
        return Ok(Some(owner));
    }
    if !create {
        return Ok(None);
    }
    let token = random_token();
    set_cookie(VISITOR_COOKIE, &token, 60 * 60 * 24 * 365, state()?.config.secure_cookies);
    Ok(Some(CartOwner::Visitor(token_hash(&token))))
}

/// The caller, if they may enter a staff area. Not signed in: a page visit
/// is sent to the sign-in page, an API call gets 401. Signed in without the
/// role: 403.
pub async fn require_area(area: StaffArea) -> Result<UserRow, AppError> {
    let caller = caller().await?;
    let lang = caller.lang;
    let Some(user) = caller.user else {
        let path = area.path();
        let error = AppError::Unauthorized(lang.t(Msg::ErrSignInFirst).into());
        let navigating = parts().is_some_and(|p| {
            p.headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        });
        if navigating {
            leptos_axum::redirect(&format!("/login?next={path}"));
            return Err(error);
        }
        return Err(fail(error));
    };
    match Role::parse(&user.role) {
        Some(role) if area.admits(role) => Ok(user),
        _ => {
            tracing::warn!(user = user.id, ?area, "staff area refused");
            Err(fail(AppError::Forbidden(lang.t(Msg::ForbiddenText).into())))
        }
    }
}
