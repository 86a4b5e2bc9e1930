//! Browser entry point of the chat bundle (`/pkg/chat.{js,wasm,css}`): the
//! storefront's launcher loads it on demand, so a shopper who never opens
//! the chat never downloads it. The agent panel is the staff bundle's.

use wasm_bindgen::prelude::wasm_bindgen;

/// Opens the shopper's widget (mounting it on first use).
#[wasm_bindgen]
pub fn open_widget() {
    console_error_panic_hook::set_once();
    app::chat::widget::open();
}
