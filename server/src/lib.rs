//! The Etalase HTTP server as a library: the command line and environment
//! (`cli`), start-up (database, migrations, seed, first admin) and the axum router, so
//! the binary and the API tests build exactly the same application.

pub mod chat;
pub mod cli;
pub mod exports;
pub mod guard;
pub mod pictures;
pub mod routes;
pub mod sandbox;
pub mod state;

pub use state::ServerState;

use app::{
    platform::{db, seed, AppState, Config},
    shell, App,
};
use axum::{middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{compression::CompressionLayer, set_header::SetResponseHeaderLayer, timeout::TimeoutLayer};

/// Opens the database (migrating and seeding it) and builds the state; the
/// chat starts following cart changes. Returns the state and, at the very
/// first start, the generated admin password.
pub async fn start(config: &Config, leptos_options: LeptosOptions) -> Result<(ServerState, Option<String>), String> {
    let (pool, engine) = db::connect(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    if seed::seed_if_empty(&pool).await.map_err(|e| format!("seed: {e}"))? {
        tracing::info!("seeded the demo catalog");
    }
    let generated = app::account::service::ensure_admin(&pool, config.admin_password.clone())
        .await
        .map_err(|e| format!("admin: {e}"))?;
    let state = ServerState::new(AppState::new(pool, engine, leptos_options, config.clone()));
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
        .layer(middleware::from_fn_with_state(state.clone(), routes::track_visit))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(guard::request_span))
        // No request may hang: a page whose render stalls answers 503 after
        // 30 s instead of holding the shopper's connection open.
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIME_LIMIT))
        .with_state(state)
}
