//! Accounts SQL: users, server-side sessions and the sign-in attempt counters.

use sqlx::AnyPool;

pub use crate::platform::identity::UserRow;
use crate::platform::identity::USER_COLUMNS;

pub async fn user_by_email(pool: &AnyPool, email: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1"))
        .bind(email)
        .fetch_optional(pool)
        .await
}

/// Inserts a user; `Ok(None)` when the email is already registered.
pub async fn insert_user(
    pool: &AnyPool,
    email: &str,
    name: &str,
    password_hash: &str,
    role: &str,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(role)
    .bind(now)
    .fetch_optional(pool)
    .await
}

pub async fn count_role(pool: &AnyPool, role: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1").bind(role).fetch_one(pool).await
}

pub async fn insert_session(
    pool: &AnyPool,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &AnyPool, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
    Ok(())
}

/// Claims one sign-in attempt for `key` (an account or an address) in a
/// single statement and returns how many the key has made in its window,
/// this one included. A window older than `window_ms` starts over. Being one
/// upsert, parallel attempts are counted one by one: none of them can see
/// the count from before the others.
pub async fn claim_attempt(pool: &AnyPool, key: &str, now: i64, window_ms: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO login_throttle (key, window_start, attempts) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
         attempts = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.attempts + 1 END, \
         window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 ELSE login_throttle.window_start END \
         RETURNING attempts",
    )
    .bind(key)
    .bind(now)
    .bind(now - window_ms)
    .fetch_one(pool)
    .await
}

/// Forgets the attempts of `key` (after a successful sign-in).
pub async fn clear_attempts(pool: &AnyPool, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(pool).await?;
    Ok(())
}

/// Gives back one attempt of `key`: a successful sign-in does not count
/// against its address.
pub async fn release_attempt(pool: &AnyPool, key: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_throttle SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}
