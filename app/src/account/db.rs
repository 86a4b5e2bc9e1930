//! Accounts SQL: users, server-side sessions and failed sign-in records.

use sqlx::AnyPool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
}

const USER_COLUMNS: &str = "u.id, u.email, u.name, u.password_hash, u.role";

pub async fn user_by_email(pool: &AnyPool, email: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1"))
        .bind(email)
        .fetch_optional(pool)
        .await
}

pub async fn user_by_session(pool: &AnyPool, token_hash: &str, now: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(token_hash)
    .bind(now)
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

/// Failed sign-ins since `since` for this email and for this address.
pub async fn recent_failures(pool: &AnyPool, email: &str, ip: &str, since: i64) -> sqlx::Result<(i64, i64)> {
    let by_email = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at > $2")
        .bind(email)
        .bind(since)
        .fetch_one(pool)
        .await?;
    let by_ip = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2")
        .bind(ip)
        .bind(since)
        .fetch_one(pool)
        .await?;
    Ok((by_email, by_ip))
}

pub async fn record_failure(pool: &AnyPool, email: &str, ip: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(ip)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn clear_failures(pool: &AnyPool, email: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(email).execute(pool).await?;
    Ok(())
}
