//! Browser entry points of the staff bundle (`/pkg/staff.{js,wasm,css}`):
//! a staff page's shell, once the server has checked the role, loads it and
//! mounts the area's screen into its placeholder. No storefront page loads
//! it, so a shopper never downloads a byte of staff code.

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the screen of the staff area at `path` (`/admin`, `/agent`).
#[wasm_bindgen]
pub fn mount(path: String) {
    console_error_panic_hook::set_once();
    app::staff::screens::mount(&path);
}
