//! Where the storefront bundle meets the chat bundle (`/pkg/chat.{js,wasm}`,
//! built from `chatui/`): the launcher on every storefront page (a link to
//! the contact page until the wasm runs; its first tap downloads the chat
//! bundle and opens the widget). Nothing of the widget is in the storefront
//! bundle, so a shopper who never opens the chat never pays for it.

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
                        let opened = crate::ui::call_bundle(crate::model::CHAT_BUNDLE, "open_widget", "").await;
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

/// The window event the storefront fires after each client-side navigation.
pub const NAVIGATED_EVENT: &str = "etalase:navigated";
