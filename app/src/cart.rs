//! Cart: a guest cart bound to a visitor cookie or a signed-in shopper's
//! cart, stored in the database. Prices and stock always come from the server.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

use crate::{error::AppError, model::CartView};
use leptos::prelude::*;

/// The window event that says the cart changed, with the cart's new item
/// count as its `detail`: fired by the islands that change it (add to cart,
/// the cart page's lines) and by the chat bundle's product cards; the header
/// badge follows it. The wasm modules share no memory, the window is common.
pub const CART_CHANGED_EVENT: &str = "etalase:cart";

/// Tells every listener (the header badge) the cart now holds `count` items
/// (in the browser; nothing on the server).
pub fn announce_count(count: i64) {
    #[cfg(feature = "hydrate")]
    {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&wasm_bindgen::JsValue::from_f64(count as f64));
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(CART_CHANGED_EVENT, &init) {
            let _ = web_sys::window().map(|w| w.dispatch_event(&event));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = count;
}

/// The request's cart, read once per page on the server and shared by the
/// header's badge and the cart page (made at the root, outside any Suspense).
#[derive(Clone, Copy)]
pub struct PageCart(pub Resource<Result<CartView, AppError>>);

pub fn provide_page_cart() {
    provide_context(PageCart(Resource::new(|| (), |_| get_cart())));
}

pub fn page_cart() -> Resource<Result<CartView, AppError>> {
    expect_context::<PageCart>().0
}

/// The item count of a `CartView` answer, read without decoding the rest.
#[derive(serde::Deserialize)]
pub struct ItemCount {
    pub item_count: i64,
}

/// The header's item count: rendered by the server, then kept current by
/// `CART_CHANGED_EVENT`.
#[cfg_attr(any(feature = "ssr", feature = "islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands")), component)]
pub fn CartBadge(count: i64) -> impl IntoView {
    let count = RwSignal::new(count);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let listener = window_event_listener_untyped(CART_CHANGED_EVENT, move |ev| {
            if let Some(n) = ev.dyn_ref::<web_sys::CustomEvent>().and_then(|e| e.detail().as_f64()) {
                count.set(n as i64);
            }
        });
        on_cleanup(move || listener.remove());
    }
    view! { <span class="badge" data-testid="cart-count" aria-live="polite">{count}</span> }
}

#[server(prefix = "/api", endpoint = "cart")]
pub async fn get_cart() -> Result<CartView, AppError> {
    use crate::platform::ctx::state;
    match service::current_cart().await? {
        Some((_, cart_id)) => service::view(&state()?.pool, cart_id).await,
        None => Ok(CartView::default()),
    }
}

/// Adds units of one variant. Only the variant and the quantity are read from
/// the request: whatever else a client sends (a price, say) is ignored.
#[server(prefix = "/api", endpoint = "cart/add")]
pub async fn add_to_cart(variant_id: String, quantity: domain::Parsed<domain::Quantity>) -> Result<CartView, AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::{state, request_lang, fail, internal, OrInternal}, now_ms},
    };
    let state = state()?;
    let lang = request_lang();
    let variant_id = service::parse_variant(&variant_id)?;
    let quantity = service::parse_quantity(&quantity)?;
    let owner = crate::platform::identity::cart_owner(true).await?.ok_or_else(|| internal("no cart owner"))?;
    let now = now_ms();
    let cart_id = db::find_or_create_cart(&state.pool, &owner, now).await.or_internal()?;
    if !db::add(&state.pool, cart_id, variant_id, i64::from(quantity.get()), now).await.or_internal()? {
        let Some(row) = db::stock_and_line(&state.pool, cart_id, variant_id).await.or_internal()? else {
            return Err(fail(AppError::NotFound(lang.t(Msg::ErrUnknownVariant).into())));
        };
        let shortfall = domain::Shortfall::of(row.stock, row.in_cart, i64::from(quantity.get()));
        return Err(fail(AppError::Invalid(service::shortfall_message(shortfall, lang))));
    }
    state.events.publish(crate::platform::events::Event::CartChanged(owner));
    service::view(&state.pool, cart_id).await
}

#[server(prefix = "/api", endpoint = "cart/update")]
pub async fn update_cart_line(
    variant_id: String,
    quantity: domain::Parsed<domain::Quantity>,
) -> Result<CartView, AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::{state, request_lang, fail, OrInternal}, now_ms},
    };
    let state = state()?;
    let lang = request_lang();
    let variant_id = service::parse_variant(&variant_id)?;
    let quantity = service::parse_quantity(&quantity)?;
    let not_in_cart = || fail(AppError::NotFound(lang.t(Msg::ErrNotInCart).into()));
    let (owner, cart_id) = service::current_cart().await?.ok_or_else(not_in_cart)?;
    if !db::set_quantity(&state.pool, cart_id, variant_id, quantity.get() as i64, now_ms()).await.or_internal()? {
        return match db::stock_and_line(&state.pool, cart_id, variant_id).await.or_internal()? {
            Some(row) if row.in_cart > 0 => {
                Err(fail(AppError::Invalid(lang.t(Msg::ErrStock).replace("{n}", &row.stock.to_string()))))
            }
            _ => Err(not_in_cart()),
        };
    }
    state.events.publish(crate::platform::events::Event::CartChanged(owner));
    service::view(&state.pool, cart_id).await
}

#[server(prefix = "/api", endpoint = "cart/remove")]
pub async fn remove_cart_line(variant_id: String) -> Result<CartView, AppError> {
    use crate::platform::ctx::{state, OrInternal};
    let state = state()?;
    let variant_id = service::parse_variant(&variant_id)?;
    let Some((owner, cart_id)) = service::current_cart().await? else { return Ok(CartView::default()) };
    db::remove(&state.pool, cart_id, variant_id).await.or_internal()?;
    state.events.publish(crate::platform::events::Event::CartChanged(owner));
    service::view(&state.pool, cart_id).await
}

/// Applies a voucher code to the caller's cart (an empty code removes it).
/// A code that does not exist is refused; one that exists but does not
/// apply to the cart as it stands is kept, with the reason shown, and
/// checked again at every change of the cart.
#[server(prefix = "/api", endpoint = "cart/voucher")]
pub async fn apply_voucher(code: String) -> Result<CartView, AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::{fail, request_lang, state, OrInternal}, now_ms},
    };
    let state = state()?;
    let lang = request_lang();
    let Some((_, cart_id)) = service::current_cart().await? else {
        return Err(fail(AppError::Invalid(lang.t(Msg::CartEmpty).into())));
    };
    let code: String = code.trim().to_uppercase().chars().take(40).collect();
    if code.is_empty() {
        db::set_voucher(&state.pool, cart_id, None, now_ms()).await.or_internal()?;
    } else {
        if db::voucher(&state.pool, &code).await.or_internal()?.is_none() {
            return Err(fail(AppError::Invalid(lang.t(Msg::ErrVoucherUnknown).into())));
        }
        db::set_voucher(&state.pool, cart_id, Some(&code), now_ms()).await.or_internal()?;
    }
    service::view(&state.pool, cart_id).await
}

#[cfg(feature = "ssr")]
pub mod service;
