//! The `server` binary: serves the store, or runs a staff command
//! (`server add-staff EMAIL ROLE [NAME]`).

use clap::Parser;
use leptos::prelude::*;
use server::cli::{Cli, Command};
use tracing_subscriber::EnvFilter;

/// Rendering a page is allocation-heavy (a CPU profile of the product page
/// under load spent a quarter of its time in glibc's malloc and free):
/// mimalloc serves many small, short-lived allocations across threads
/// faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    // Parsed first: a wrong flag or variable stops here, before the
    // database is opened, migrated or seeded.
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let config = cli.env.into_config();
    let conf = match get_configuration(None) {
        Ok(conf) => conf,
        Err(e) => fatal(&format!("leptos configuration: {e}")),
    };
    let leptos_options = conf.leptos_options;
    let (state, generated) = match server::start(&config, leptos_options.clone()).await {
        Ok(started) => started,
        Err(e) => fatal(&e),
    };
    if let Some(password) = generated {
        tracing::warn!(
            "first start: created admin@etalase.local with the one-time password {password} — sign in at /login and keep it safe"
        );
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            if let Some(addr) = config.sandbox_addr {
                match tokio::net::TcpListener::bind(addr).await {
                    Ok(listener) => {
                        tracing::info!("payment sandbox (Midtrans protocol, no real money) on http://{addr}");
                        tokio::spawn(server::sandbox::serve(listener, server::sandbox::DEMO_SERVER_KEY.into()));
                    }
                    Err(e) => {
                        tracing::error!("payment sandbox cannot listen on {addr}: {e}; gateway payments will wait")
                    }
                }
            }
            if let Some(url) = config.smtp_url.as_deref() {
                match app::orders::email::Mailer::from_url(url, &config.mail_from) {
                    Ok(mailer) => {
                        tokio::spawn(send_emails(state.app.clone(), mailer));
                    }
                    Err(e) => fatal(&e),
                }
            } else {
                tracing::info!("no ETALASE_SMTP_URL: customer emails wait in the outbox at /admin");
            }
            serve(state, leptos_options.site_addr).await
        }
        Command::AddStaff { email, role, name } => add_staff(&state.app, &email, role, name).await,
    }
}

async fn serve(state: server::ServerState, addr: std::net::SocketAddr) {
    tokio::spawn(expire_unpaid_orders(state.app.clone()));
    tokio::spawn(write_counts(state.catalog.clone(), state.visits.clone()));
    tokio::spawn(charge_owed(state.app.clone(), state.gateway.clone()));
    tokio::spawn(server::routes::warm_pkg_cache(state.app.clone()));
    let (catalog, visits) = (state.catalog.clone(), state.visits.clone());
    let router = server::router(state);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => fatal(&format!("cannot listen on {addr}: {e}")),
    };
    tracing::info!("Etalase is listening on http://{addr}");
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    if let Err(e) = axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await {
        fatal(&format!("server error: {e}"));
    }
    // A stop asked for politely keeps the last seconds' counts too.
    let (seen, visited) = tokio::join!(catalog.flush_seen(), visits.flush());
    if let Err(e) = seen.and(visited) {
        tracing::error!(error = %e, "the last counts were not written");
    }
}

/// `add-staff EMAIL ROLE [NAME]`: the password comes from
/// `ETALASE_STAFF_PASSWORD`, or is generated and printed once.
async fn add_staff(state: &app::platform::AppState, email: &str, role: app::model::Role, name: Option<String>) {
    let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or("Staff").to_string());
    let (password, generated) = match std::env::var("ETALASE_STAFF_PASSWORD") {
        Ok(p) if p.len() >= 8 => (p, false),
        _ => (app::platform::random_token()[..20].to_string(), true),
    };
    match app::account::service::create_user(&state.pool, email, &name, role, &password).await {
        Ok(Some(_)) if generated => {
            tracing::warn!("created {email} ({}) with the one-time password {password}", role.code())
        }
        Ok(Some(_)) => tracing::info!("created {email} ({})", role.code()),
        Ok(None) => fatal(&format!("{email} already has an account")),
        Err(e) => fatal(&format!("could not create {email}: {e}")),
    }
}

/// Every five seconds, adds the banner impressions counted in memory to
/// the banners' rows and writes the visits counted meanwhile.
async fn write_counts(catalog: app::catalog::cache::CatalogCache, visits: app::studio::report::VisitLog) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        if let Err(e) = catalog.flush_seen().await {
            tracing::error!(error = %e, "banner impressions not written (kept for the next try)");
        }
        if let Err(e) = visits.flush().await {
            tracing::error!(error = %e, "visits not written (kept for the next try)");
        }
    }
}

/// Every few seconds, sends what the outbox holds. Safe to stop at any
/// moment: an email is marked sent only after the SMTP server took it.
async fn send_emails(state: app::platform::AppState, mailer: app::orders::email::Mailer) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        match app::orders::email::send_queued(&state.pool, &mailer, &state.config.public_url, 50).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("sent {n} customer emails"),
            Err(e) => tracing::error!(error = %e, "outbox unavailable"),
        }
    }
}

/// Once a minute, cancels unpaid orders past their deadline and gives their
/// stock back. Safe with several instances: each cancel is conditional.
async fn expire_unpaid_orders(state: app::platform::AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match app::orders::db::expire_due(&state.pool, state.engine, app::platform::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "expired unpaid orders"),
            Err(e) => tracing::error!(error = %e, "expiring unpaid orders failed"),
        }
    }
}

/// Every few seconds, asks the gateway for the charges it did not answer at
/// checkout, so the tracking page shows how to pay without the shopper
/// asking again. Safe to repeat: the gateway keeps one charge per order.
async fn charge_owed(state: app::platform::AppState, gateway: app::payments::gateway::Gateway) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
    loop {
        tick.tick().await;
        match app::payments::notify::charge_owed(&state, &gateway, 20).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(tried = n, "asked the gateway again for owed charges"),
            Err(e) => tracing::error!(error = %e, "charging owed payments failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

fn fatal(message: &str) -> ! {
    tracing::error!("{message}");
    std::process::exit(1)
}
