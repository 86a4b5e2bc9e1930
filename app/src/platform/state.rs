//! `AppState`: the pool, the engine, configuration and the event bus,
//! provided to every server function and route through context / axum
//! state. What a feature keeps for itself (the catalog cache, the payment
//! gateway, the chat hub) is provided beside it by the server, so this
//! layer knows no feature.

use super::{assets::Assets, db::Engine, events::EventBus};
use crate::model::{CHAT_BUNDLE, FORMS_STYLE, STAFF_BUNDLE};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::AnyPool;
use std::sync::Arc;

/// How long an unpaid order holds its stock unless configured otherwise.
pub const DEFAULT_PAYMENT_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// The store's configuration, one type: the binary parses it from its
/// command line and environment (`server::cli`), the tests build it.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `sqlite://path` or `postgres://user@host/db`.
    pub database_url: String,
    /// Password for the first admin; generated and printed when unset.
    pub admin_password: Option<String>,
    /// Where the loopback payment sandbox listens when no Midtrans key is
    /// configured (None: no sandbox).
    pub sandbox_addr: Option<std::net::SocketAddr>,
    /// SMTP server for customer emails; without it emails wait in the
    /// outbox shown in /admin.
    pub smtp_url: Option<String>,
    /// The sender of customer emails.
    pub mail_from: String,
    /// Trust `X-Forwarded-For` for the client address (behind a proxy only).
    pub trust_proxy: bool,
    /// Mark cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// Origins allowed to POST besides the request's own host, e.g.
    /// `https://shop.example.com` behind a proxy that rewrites Host.
    pub extra_origins: Vec<String>,
    /// Public base URL used in canonical links and the gateway's
    /// notification URL, e.g. `https://shop.example.com`.
    pub public_url: String,
    /// The payment gateway (Midtrans or the loopback sandbox); None offers
    /// bank transfer only.
    pub gateway: Option<MidtransConfig>,
    /// How long an unpaid order holds its stock (None: 24 hours).
    pub payment_window_minutes: Option<i64>,
    /// Where chat photos are kept, outside the web root (None: `data/chat-files`).
    pub upload_dir: Option<std::path::PathBuf>,
}

impl Config {
    pub fn upload_dir(&self) -> std::path::PathBuf {
        self.upload_dir.clone().unwrap_or_else(|| std::path::PathBuf::from("data/chat-files"))
    }

    pub fn payment_window_ms(&self) -> i64 {
        self.payment_window_minutes.map(|m| m * 60_000).unwrap_or(DEFAULT_PAYMENT_WINDOW_MS)
    }
}

#[derive(Clone)]
pub struct MidtransConfig {
    /// `https://api.midtrans.com`, `https://api.sandbox.midtrans.com` or the loopback sandbox.
    pub base_url: String,
    pub server_key: String,
    /// Base of the sandbox's pay pages, when the base URL is the sandbox.
    pub simulator_url: Option<String>,
}

/// Never prints the server key.
impl std::fmt::Debug for MidtransConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MidtransConfig").field("base_url", &self.base_url).field("server_key", &"…").finish()
    }
}

/// The platform's state, handed to every request: a handle on `Shared`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What `AppState` shares: one allocation, so that handing the state to a
/// request (every middleware, route and render takes its own handle) is one
/// reference count, not a copy of each part.
pub struct Shared {
    pub pool: AnyPool,
    pub engine: Engine,
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    /// The site stylesheet, inlined into every page's `<head>` so the first
    /// paint waits for no extra request (None: link to it instead).
    pub inline_css: Option<Arc<str>>,
    /// The stylesheet the pages with forms and orders inline after it
    /// (`model::FORMS_STYLE`, `ui::FormsStyle`).
    pub forms_css: Option<Arc<str>>,
    /// The storefront, chat and staff bundles, named by their content.
    pub assets: Arc<Assets>,
    /// The address of the script that loads them (`Assets::loader_script`,
    /// one of `assets`), which every page names.
    pub loader_src: Arc<str>,
    pub events: EventBus,
}

impl AppState {
    pub fn new(pool: AnyPool, engine: Engine, leptos_options: LeptosOptions, config: Config) -> Self {
        let pkg_dir = std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir);
        let islands = crate::model::ISLAND_BUNDLES.map(|(name, _)| name);
        let bundles: Vec<&str> =
            [&*leptos_options.output_name, CHAT_BUNDLE, STAFF_BUNDLE, FORMS_STYLE].into_iter().chain(islands).collect();
        let mut assets = Assets::load(&pkg_dir, &bundles);
        assets.add(super::assets::LOADER, assets.loader_script(&leptos_options).into_bytes());
        let text = |name: &str| assets.get(name).and_then(|(css, _)| std::str::from_utf8(&css.bytes).ok()).map(Arc::from);
        let (inline_css, forms_css) = (text(&format!("{}.css", leptos_options.output_name)), text(&format!("{FORMS_STYLE}.css")));
        AppState(Arc::new(Shared {
            inline_css,
            forms_css,
            loader_src: format!("/{}/{}", leptos_options.site_pkg_dir, assets.name(super::assets::LOADER)).into(),
            assets: Arc::new(assets),
            events: EventBus::default(),
            pool,
            engine,
            leptos_options,
            config: Arc::new(config),
        }))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
