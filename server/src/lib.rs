//! The Etalase HTTP server as a library: configuration from the environment,
//! start-up (database, migrations, seed, first admin) and the axum router, so
//! the binary and the API tests build exactly the same application.

pub mod chat;
pub mod guard;
pub mod routes;
pub mod sandbox;
pub mod state;

pub use state::ServerState;

use app::{
    payments::gateway::MidtransConfig,
    platform::{db, seed, AppState, Config},
    shell, App,
};
use axum::{middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{compression::CompressionLayer, set_header::SetResponseHeaderLayer, timeout::TimeoutLayer};

/// Everything the server reads from its environment.
#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub config: Config,
    /// Password for the first admin; generated and printed when unset.
    pub admin_password: Option<String>,
    /// Where the loopback payment sandbox listens when no Midtrans key is
    /// configured (None: no sandbox, bank transfer only unless a key is set).
    pub sandbox_addr: Option<std::net::SocketAddr>,
    /// SMTP server for customer emails, e.g. `smtps://user:pass@smtp.example.com`;
    /// without it emails wait in the outbox shown in /admin.
    pub smtp_url: Option<String>,
    /// The sender of customer emails.
    pub mail_from: String,
}

impl Settings {
    pub fn from_env() -> Settings {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let flag = |k: &str| var(k).is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let public_url = var("ETALASE_PUBLIC_URL")
            .unwrap_or_else(|| "http://127.0.0.1:3000".into())
            .trim_end_matches('/')
            .to_string();
        // Real credentials switch the adapter to Midtrans; without them the
        // store pays through the loopback sandbox.
        let (gateway, sandbox_addr) = match var("MIDTRANS_SERVER_KEY") {
            Some(server_key) => {
                let production = flag("MIDTRANS_IS_PRODUCTION");
                let base_url = var("MIDTRANS_BASE_URL").unwrap_or_else(|| {
                    if production { "https://api.midtrans.com" } else { "https://api.sandbox.midtrans.com" }.into()
                });
                (Some(MidtransConfig { base_url, server_key, simulator_url: None }), None)
            }
            None => {
                let addr: std::net::SocketAddr =
                    var("ETALASE_SANDBOX_ADDR").and_then(|a| a.parse().ok()).unwrap_or(([127, 0, 0, 1], 3001).into());
                let base = format!("http://{addr}");
                let config = MidtransConfig {
                    base_url: base.clone(),
                    server_key: sandbox::DEMO_SERVER_KEY.into(),
                    simulator_url: Some(format!("{base}/sandbox")),
                };
                (Some(config), Some(addr))
            }
        };
        Settings {
            smtp_url: var("ETALASE_SMTP_URL"),
            mail_from: var("ETALASE_MAIL_FROM").unwrap_or_else(|| "Etalase <toko@etalase.local>".into()),
            sandbox_addr,
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/etalase.db".into()),
            admin_password: var("ETALASE_ADMIN_PASSWORD"),
            config: Config {
                trust_proxy: flag("ETALASE_TRUST_PROXY"),
                secure_cookies: flag("ETALASE_SECURE_COOKIES"),
                extra_origins: var("ETALASE_ALLOWED_ORIGINS")
                    .map(|v| v.split(',').map(|o| o.trim().trim_end_matches('/').to_string()).collect())
                    .unwrap_or_default(),
                public_url,
                gateway,
                upload_dir: var("ETALASE_UPLOAD_DIR").map(std::path::PathBuf::from),
                payment_window_minutes: var("ETALASE_PAYMENT_WINDOW_MINUTES")
                    .and_then(|m| m.parse::<i64>().ok())
                    .filter(|m| (5..=7 * 24 * 60).contains(m)),
            },
        }
    }
}

/// Opens the database (migrating and seeding it) and builds the state; the
/// chat starts following cart changes. Returns the state and, at the very
/// first start, the generated admin password.
pub async fn start(
    settings: &Settings,
    leptos_options: LeptosOptions,
) -> Result<(ServerState, Option<String>), String> {
    let (pool, engine) = db::connect(&settings.database_url).await.map_err(|e| format!("database: {e}"))?;
    if seed::seed_if_empty(&pool).await.map_err(|e| format!("seed: {e}"))? {
        tracing::info!("seeded the demo catalog");
    }
    let generated = app::account::server_side::ensure_admin(&pool, settings.admin_password.clone())
        .await
        .map_err(|e| format!("admin: {e}"))?;
    let state = ServerState::new(AppState::new(pool, engine, leptos_options, settings.config.clone()));
    tokio::spawn(app::chat::follow_carts(state.app.clone(), state.chat.clone()));
    Ok((state, generated))
}

/// The longest any request may take before the server answers 503.
pub const REQUEST_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The app's routes, listed once per process. Listing renders the app with
/// resource loading suppressed process-wide (leptos_server's
/// `SuppressResourceLoad`): a resource first polled meanwhile, by a page of
/// another server in the same process, would wait forever
/// (leptos-rs/leptos#4773). The tests run many servers in one process.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: ServerState) -> Router {
    let mut router = app_router(state.clone());
    // Once, for every response, whatever produced it.
    for (name, value) in guard::static_security_headers(&state.app.config.public_url) {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router
}

fn app_router(state: ServerState) -> Router {
    let routes = route_list();
    let context_state = state.clone();
    let fallback_state = state.clone();
    let shell_options = state.app.leptos_options.clone();
    Router::new()
        .merge(routes::plain_routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || context_state.provide(),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(
            move || fallback_state.provide(),
            shell,
        ))
        .layer(middleware::from_fn(guard::guard_server_fn_input))
        .layer(middleware::from_fn_with_state(state.app.clone(), guard::refuse_cross_site))
        .layer(middleware::from_fn_with_state(state.app.clone(), guard::content_security))
        .layer(middleware::from_fn(routes::cache_headers))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(guard::request_span))
        // No request may hang: a page whose render stalls answers 503 after
        // 30 s instead of holding the shopper's connection open.
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIME_LIMIT))
        .with_state(state)
}
