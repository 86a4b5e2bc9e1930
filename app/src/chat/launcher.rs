//! Where the storefront bundle meets the chat bundle (`/pkg/chat.{js,wasm}`,
//! built from `chatui/`): the launcher on every storefront page (a link to
//! the contact page until the wasm runs; its first tap downloads the chat
//! bundle and opens the widget) and the `/agent` page's panel placeholder.
//! Nothing of the widget or the panel is in the storefront bundle, so a
//! shopper who never opens the chat never pays for it.

use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;

#[component]
pub fn ChatLauncher() -> impl IntoView {
    let lang = use_lang();
    let location = leptos_router::hooks::use_location();
    let staff_page = move || {
        let path = location.pathname.get();
        crate::model::StaffArea::ALL.iter().any(|area| path.starts_with(area.path()))
    };
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    // Each navigation is told to the chat bundle, if it is open (the agent
    // sees the shopper's page as it changes).
    #[cfg(feature = "hydrate")]
    Effect::new(move |first: Option<()>| {
        location.pathname.track();
        if first.is_some() {
            if let Ok(event) = web_sys::Event::new(NAVIGATED_EVENT) {
                let _ = web_sys::window().map(|w| w.dispatch_event(&event));
            }
        }
    });
    view! {
        <Show when=move || !staff_page()>
            <a
                class="chat-launcher"
                href="/pages/kontak"
                aria-label=lang.t(Msg::ChatOpenLabel)
                aria-busy=move || loading.get().to_string()
                data-testid="chat-launcher"
                on:click=move |ev| {
                    ev.prevent_default();
                    if loading.get_untracked() {
                        return;
                    }
                    loading.set(true);
                    failed.set(false);
                    #[cfg(feature = "hydrate")]
                    leptos::task::spawn_local(async move {
                        let opened = call("open_widget").await;
                        loading.set(false);
                        failed.set(!opened);
                    });
                }
            >
                <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
                    <path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/>
                </svg>
                <span>
                    {move || lang.t(if loading.get() {
                        Msg::Loading
                    } else if failed.get() {
                        Msg::ChatLoadFailed
                    } else {
                        Msg::ChatOpen
                    })}
                </span>
            </a>
        </Show>
    }
}

/// Calls an entry point of the chat bundle, loading it first if needed
/// (through `window.etalaseChat`, defined by the page's inline script next
/// to the hydration loader). False when the bundle could not be loaded.
#[cfg(feature = "hydrate")]
pub async fn call(entry: &str) -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else { return false };
    let Ok(loader) = js_sys::Reflect::get(&window, &JsValue::from_str("etalaseChat")) else { return false };
    let Ok(loader) = loader.dyn_into::<js_sys::Function>() else { return false };
    let Ok(promise) = loader.call1(&JsValue::NULL, &JsValue::from_str(entry)) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The window event the storefront fires after each client-side navigation.
pub const NAVIGATED_EVENT: &str = "etalase:navigated";

/// The element of the `/agent` page the agent panel mounts into.
pub const AGENT_PANEL_HOST_ID: &str = "agent-panel";

/// The agent panel's place on `/agent` (rendered once the server has
/// checked the role): the chat bundle mounts the panel into it, and takes it
/// down when the storefront navigates away.
#[component]
pub fn AgentPanelHost() -> impl IntoView {
    let lang = use_lang();
    let failed = RwSignal::new(false);
    let mount = move || {
        failed.set(false);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move { failed.set(!call("mount_agent_panel").await) });
    };
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| mount());
        on_cleanup(|| {
            leptos::task::spawn_local(async {
                call("unmount_agent_panel").await;
            })
        });
    }
    // The panel replaces this content once mounted.
    view! {
        <div id=AGENT_PANEL_HOST_ID data-testid="agent-panel-host">
            {move || if failed.get() {
                view! { <button class="button" type="button" on:click=move |_| mount()>{lang.t(Msg::ChatLoadFailed)}</button> }.into_any()
            } else {
                view! { <p class="muted">{lang.t(Msg::Loading)}</p> }.into_any()
            }}
        </div>
    }
}
