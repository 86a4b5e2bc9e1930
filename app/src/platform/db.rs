//! Connecting to SQLite or PostgreSQL through sqlx's `Any` driver, so one set
//! of queries serves both engines, and running that engine's migrations.
//!
//! Portable SQL rules the queries follow: `$n` placeholders (SQLite accepts
//! them), `BIGINT`/`INTEGER` for every number (decoded as `i64`), no booleans,
//! and `CAST(SUM(..) AS BIGINT)` because PostgreSQL sums to `NUMERIC`.

use sqlx::{any::AnyPoolOptions, Any, AnyPool, Executor, Transaction};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Engine {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            Engine::Sqlite
        }
    }
}

/// Opens a pool and brings the schema up to date. A SQLite file (and its
/// folder) is created when missing.
pub async fn connect(url: &str) -> Result<(AnyPool, Engine), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of_url(url);
    let url = match engine {
        Engine::Sqlite => prepare_sqlite_url(url)?,
        Engine::Postgres => url.to_string(),
    };
    let pool = AnyPoolOptions::new()
        .max_connections(match engine {
            Engine::Sqlite => 8,
            Engine::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    // WAL lets readers run beside the writer; FULL makes every
                    // commit durable before it is acknowledged.
                    conn.execute(
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \
                         PRAGMA busy_timeout=15000; PRAGMA foreign_keys=ON;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    migrate(&pool, engine).await?;
    Ok((pool, engine))
}

fn prepare_sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    if let Some(parent) = std::path::Path::new(&path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
        }
    }
    Ok(format!("sqlite://{path}?mode=rwc"))
}

pub async fn migrate(pool: &AnyPool, engine: Engine) -> Result<(), sqlx::Error> {
    match engine {
        Engine::Sqlite => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
        Engine::Postgres => sqlx::migrate!("../migrations/postgres").run(pool).await?,
    }
    Ok(())
}

/// A write transaction. SQLite's takes the write lock up front.
pub async fn begin(pool: &AnyPool, engine: Engine) -> sqlx::Result<Transaction<'static, Any>> {
    match engine {
        // IMMEDIATE takes the write lock up front: SQLite cannot upgrade a
        // reader to a writer under contention without failing.
        Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Engine::Postgres => pool.begin().await,
    }
}

/// A stored code that is no value of its type: the row is refused, never
/// read as something else.
pub fn unknown<T>(what: &str, code: &str) -> sqlx::Result<T> {
    Err(sqlx::Error::Decode(format!("unknown {what} {code:?}").into()))
}
