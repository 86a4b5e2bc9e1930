//! `ServerState`: the platform's state and what each feature keeps for
//! itself, composed once. The one place that knows every feature.

use app::{
    catalog::cache::CatalogCache, chat::hub::ChatState, payments::gateway::Gateway, platform::AppState,
    sales::board::SaleBoard, studio::report::VisitLog,
};
use axum::extract::FromRef;
use leptos::{config::LeptosOptions, prelude::provide_context};

/// Everything the running store holds: the platform's state and what each
/// feature keeps for itself. The one place that knows every feature; the
/// router hands each handler the part it asks for, and every render and
/// server function finds each part in its context.
#[derive(Clone)]
pub struct ServerState(std::sync::Arc<Parts>);

impl std::ops::Deref for ServerState {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.0
    }
}

/// The parts a `ServerState` handle shares (one allocation: every
/// middleware and render takes a handle, one reference count each).
pub struct Parts {
    pub app: AppState,
    pub catalog: CatalogCache,
    pub gateway: Gateway,
    pub chat: ChatState,
    pub sales: SaleBoard,
    pub visits: VisitLog,
}

impl ServerState {
    pub fn new(app: AppState) -> ServerState {
        ServerState(std::sync::Arc::new(Parts {
            catalog: CatalogCache::new(app.pool.clone()),
            gateway: Gateway::of_config(app.config.gateway.clone()),
            chat: ChatState::default(),
            sales: SaleBoard::new(app.pool.clone()),
            visits: VisitLog::new(app.pool.clone()),
            app,
        }))
    }

    /// Puts every part into the Leptos context of one request.
    pub fn provide(&self) {
        provide_context(self.app.clone());
        provide_context(self.catalog.clone());
        provide_context(self.gateway.clone());
        provide_context(self.chat.clone());
        provide_context(self.sales.clone());
        provide_context(self.visits.clone());
        app::platform::ctx::provide_request_nonce();
    }
}

macro_rules! part_of_server_state {
    ($($part:ty => $field:ident),*) => {$(
        impl FromRef<ServerState> for $part {
            fn from_ref(state: &ServerState) -> Self {
                state.$field.clone()
            }
        }
    )*};
}
part_of_server_state!(AppState => app, CatalogCache => catalog, Gateway => gateway, ChatState => chat, SaleBoard => sales, VisitLog => visits);

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.app.leptos_options.clone()
    }
}
