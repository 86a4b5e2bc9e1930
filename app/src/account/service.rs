//! Accounts' rules: signing in (attempts claimed first), password hashing,
//! sessions, the guest cart merged at sign-in, staff accounts.
use super::*;
use crate::{
    cart::db::{self as cart_db, CartOwner},
    model::Role,
    platform::{
        ctx::{state, cookie, set_cookie, fail, OrInternal},
        identity::{SESSION_COOKIE, VISITOR_COOKIE},
        now_ms, random_token, token_hash,
    },
};
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use db::UserRow;
use sqlx::AnyPool;

const SESSION_DAYS: i64 = 30;

/// An argon2id hash of a random password nobody knows.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xz3hUqGrPzV8tQ5rjBnqFbD7zP6pYh0h3eE0mVhQpX8";

pub fn me_of(user: &UserRow) -> Me {
    Me {
        name: user.name.clone(),
        email: user.email.clone(),
        role: Role::parse(&user.role).unwrap_or(Role::Shopper),
    }
}

/// Hashes with argon2id on a blocking thread: hashing is deliberately slow.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .or_internal()?
    .or_internal()
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .or_internal()
}

/// Starts a fresh session (a new id, so a planted cookie is worthless),
/// ends the previous one, and merges the guest cart into the account.
pub async fn start_session(user: &UserRow) -> Result<(), AppError> {
    let state = state()?;
    let now = now_ms();
    if let Some(old) = cookie(SESSION_COOKIE) {
        db::delete_session(&state.pool, &token_hash(&old)).await.or_internal()?;
    }
    let token = random_token();
    let max_age = SESSION_DAYS * 24 * 60 * 60;
    db::insert_session(&state.pool, &token_hash(&token), user.id, now, now + max_age * 1000).await.or_internal()?;
    set_cookie(SESSION_COOKIE, &token, max_age, state.config.secure_cookies);
    merge_guest_cart(&state.pool, user.id, now).await
}

async fn merge_guest_cart(pool: &AnyPool, user_id: i64, now: i64) -> Result<(), AppError> {
    let Some(visitor) = cookie(VISITOR_COOKIE) else { return Ok(()) };
    let guest = CartOwner::Visitor(token_hash(&visitor));
    let Some(guest_cart) = cart_db::find_cart(pool, &guest).await.or_internal()? else { return Ok(()) };
    let user_cart = cart_db::find_or_create_cart(pool, &CartOwner::User(user_id), now).await.or_internal()?;
    cart_db::merge(pool, guest_cart, user_cart, now).await.or_internal()
}

/// Where to go after sign-in: a local path only (no open redirect), and a
/// staff member with no target lands in their own area.
/// Checks an email and password, counting the attempt (per account and per
/// address) before the password is checked, so parallel guesses are counted
/// one by one and the limit holds under concurrency. The signed-in user, or
/// the translated refusal.
#[tracing::instrument(skip_all, fields(%ip))]
pub async fn sign_in(
    state: &crate::platform::AppState,
    email: &str,
    password: String,
    ip: &str,
    lang: crate::i18n::Lang,
) -> Result<UserRow, AppError> {
    use crate::i18n::Msg;
    let email = email.trim().to_lowercase();
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(fail(AppError::Invalid(lang.t(Msg::ErrPasswordLong).into())));
    }
    let now = now_ms();
    let (email_key, ip_key) = (format!("email:{email}"), format!("ip:{ip}"));
    let by_email = db::claim_attempt(&state.pool, &email_key, now, FAILURE_WINDOW_MS).await.or_internal()?;
    let by_ip = db::claim_attempt(&state.pool, &ip_key, now, FAILURE_WINDOW_MS).await.or_internal()?;
    if by_email > MAX_FAILURES_PER_ACCOUNT || by_ip > MAX_FAILURES_PER_IP {
        tracing::warn!(%email, %ip, by_email, by_ip, "sign-in blocked after repeated attempts");
        return Err(fail(AppError::TooManyRequests(lang.t(Msg::ErrTooManyAttempts).into())));
    }
    let user = db::user_by_email(&state.pool, &email).await.or_internal()?;
    // Verify against a dummy hash when the account does not exist, so the
    // answer takes as long either way and does not reveal which emails exist.
    let hash = user.as_ref().map_or_else(|| DUMMY_HASH.to_string(), |u| u.password_hash.clone());
    let ok = verify_password(password, hash).await? && user.is_some();
    let Some(user) = user.filter(|_| ok) else {
        tracing::info!(%email, %ip, "sign-in failed");
        return Err(fail(AppError::Unauthorized(lang.t(Msg::ErrLoginFailed).into())));
    };
    db::clear_attempts(&state.pool, &email_key).await.or_internal()?;
    db::release_attempt(&state.pool, &ip_key).await.or_internal()?;
    Ok(user)
}

pub fn safe_next(next: &str, user: &UserRow) -> String {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local {
        return next.to_string();
    }
    match Role::parse(&user.role) {
        Some(Role::Admin | Role::Ops) => StaffArea::Admin.path().into(),
        Some(Role::Agent) => StaffArea::Agent.path().into(),
        Some(Role::Marketer) => StaffArea::Studio.path().into(),
        _ => "/account".into(),
    }
}

/// Creates a staff or shopper account from the command line or at first
/// start. Returns `None` when the email already exists.
pub async fn create_user(
    pool: &AnyPool,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<Option<i64>, AppError> {
    let hash = hash_password(password.to_string()).await?;
    db::insert_user(pool, &email.trim().to_lowercase(), name, &hash, role.code(), now_ms()).await.or_internal()
}

/// At first start there is no admin: create one. Returns the one-time
/// password to print when it was generated here.
pub async fn ensure_admin(pool: &AnyPool, fixed_password: Option<String>) -> Result<Option<String>, AppError> {
    if db::count_role(pool, "admin").await.or_internal()? > 0 {
        return Ok(None);
    }
    let generated = fixed_password.is_none();
    let password = fixed_password.unwrap_or_else(|| random_token()[..20].to_string());
    create_user(pool, "admin@etalase.local", "Admin", Role::Admin, &password).await?;
    Ok(generated.then_some(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_valid_argon2id_hash() {
        let parsed = PasswordHash::new(DUMMY_HASH).expect("parses");
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert!(Argon2::default().verify_password(b"anything", &parsed).is_err());
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        let user = UserRow {
            id: 1,
            email: "a@b.id".into(),
            name: "A".into(),
            password_hash: String::new(),
            role: "shopper".into(),
        };
        assert_eq!(safe_next("/cart", &user), "/cart");
        assert_eq!(safe_next("//evil.example", &user), "/account");
        assert_eq!(safe_next("https://evil.example", &user), "/account");
        assert_eq!(safe_next("/\\evil.example", &user), "/account");
    }
}
