//! Cart: a guest cart bound to a visitor cookie or a signed-in shopper's
//! cart, stored in the database. Prices and stock always come from the server.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

use crate::{error::AppError, model::CartView};
use leptos::prelude::*;

/// The window event that says the cart changed outside the storefront's own
/// actions (the chat bundle's product cards fire it); the cart reloads.
pub const CART_CHANGED_EVENT: &str = "etalase:cart";

/// The cart actions and the cart itself, provided once at the root so the
/// header badge and every page share them.
#[derive(Clone, Copy)]
pub struct CartContext {
    pub add: ServerAction<AddToCart>,
    pub update: ServerAction<UpdateCartLine>,
    pub remove: ServerAction<RemoveCartLine>,
    pub cart: Resource<Result<CartView, AppError>>,
}

pub fn provide_cart_context() {
    let add = ServerAction::<AddToCart>::new();
    let update = ServerAction::<UpdateCartLine>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    // Changes made elsewhere: the chat bundle's product cards say so with a
    // window event.
    let outside = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener_untyped(CART_CHANGED_EVENT, move |_| outside.update(|n| *n += 1));
        on_cleanup(move || listener.remove());
    }
    let cart = Resource::new(
        move || (add.version().get(), update.version().get(), remove.version().get(), outside.get()),
        |_| get_cart(),
    );
    provide_context(CartContext { add, update, remove, cart });
}

pub fn use_cart() -> CartContext {
    expect_context::<CartContext>()
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

#[cfg(feature = "ssr")]
pub mod service;
