//! Browser entry points of the chat bundle (`/pkg/chat.{js,wasm}`): the
//! storefront's launcher and the `/agent` page load it on demand, so a
//! shopper who never opens the chat never downloads it.

use wasm_bindgen::prelude::wasm_bindgen;

/// Opens the shopper's widget (mounting it on first use).
#[wasm_bindgen]
pub fn open_widget() {
    console_error_panic_hook::set_once();
    app::chat::widget::open();
}

/// Mounts the agent panel into the `/agent` page's placeholder.
#[wasm_bindgen]
pub fn mount_agent_panel() {
    console_error_panic_hook::set_once();
    app::chat::panel::mount();
}

/// Takes the agent panel down (its socket closes) when the page leaves `/agent`.
#[wasm_bindgen]
pub fn unmount_agent_panel() {
    app::chat::panel::unmount();
}
