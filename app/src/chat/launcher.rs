//! Where the storefront bundle meets the chat bundle (`/pkg/chat.{js,wasm}`,
//! built from `chatui/`): the launcher on every storefront page (a link to
//! the contact page until the wasm runs; its first tap downloads the chat
//! bundle and opens the widget). Nothing of the widget is in the storefront
//! bundle, so a shopper who never opens the chat never pays for it.

use crate::i18n::{use_lang, Lang, Msg};
use leptos::prelude::*;

pub use crate::model::CHAT_OPEN_KEY as OPEN_KEY;

/// The launcher, on storefront pages only: the server leaves it out of the
/// staff areas (whose agents have the panel).
#[component]
pub fn Launcher() -> impl IntoView {
    let lang = use_lang();
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let staff_page = crate::model::StaffArea::ALL.iter().any(|area| path.starts_with(area.path()));
    (!staff_page).then(|| view! { <ChatLauncher lang/> })
}

#[cfg_attr(any(feature = "ssr", feature = "islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands")), component)]
fn ChatLauncher(lang: Lang) -> impl IntoView {
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let open = move || {
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
    };
    // The widget was open on the page before: open it again (after
    // hydration, which must see the server's text).
    #[cfg(feature = "hydrate")]
    if window().session_storage().ok().flatten().and_then(|s| s.get_item(OPEN_KEY).ok().flatten()).is_some() {
        request_animation_frame(open);
    }
    view! {
        <a
            class="chat-launcher"
            href="/pages/kontak"
            aria-label=lang.t(Msg::ChatOpenLabel)
            aria-busy=move || loading.get().to_string()
            data-testid="chat-launcher"
            on:click=move |ev| {
                ev.prevent_default();
                open();
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
    }
}
