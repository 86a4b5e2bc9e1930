//! The staff bundle's screens (compiled with the `staff` feature only):
//! mounted into the shell's placeholder, one area at a time.

use crate::model::{StaffArea, STAFF_SCREEN_ID};
use leptos::prelude::*;

/// A mounted screen: its area, and its view and reactive owner (dropping
/// it closes the screen's sockets and removes it).
type Mounted = (StaffArea, Box<dyn std::any::Any>);

thread_local! {
    static MOUNTED: std::cell::RefCell<Option<Mounted>> = const { std::cell::RefCell::new(None) };
}

/// Mounts the screen of the area at `path` into the shell's placeholder,
/// replacing whatever was mounted before.
pub fn mount(path: &str) {
    MOUNTED.with(|m| m.take());
    let Some(area) = StaffArea::at(path) else { return };
    let Some(host) = document().get_element_by_id(STAFF_SCREEN_ID) else { return };
    host.set_inner_html("");
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    let handle = leptos::mount::mount_to(host, move || {
        crate::i18n::provide_lang();
        match area {
            StaffArea::Admin => {
                let data = crate::orders::admin::AdminOrdersData::new();
                view! { <crate::orders::admin::AdminOrders data/> }.into_any()
            }
            StaffArea::Agent => {
                let data = crate::chat::panel::AgentData::new();
                view! { <crate::chat::panel::AgentPanel data/> }.into_any()
            }
            StaffArea::Studio => {
                let data = crate::studio::screen::StudioData::new();
                view! { <crate::studio::screen::Studio data/> }.into_any()
            }
        }
    });
    MOUNTED.with(|m| m.replace(Some((area, Box::new(handle)))));
}
