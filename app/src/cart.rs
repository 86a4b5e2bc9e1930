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
    use crate::platform::ctx::*;
    match server_side::current_cart().await? {
        Some((_, cart_id)) => server_side::view(&state()?.pool, cart_id).await,
        None => Ok(CartView::default()),
    }
}

/// Adds units of one variant. Only the variant and the quantity are read from
/// the request: whatever else a client sends (a price, say) is ignored.
#[server(prefix = "/api", endpoint = "cart/add")]
pub async fn add_to_cart(variant_id: String, quantity: domain::Parsed<domain::Quantity>) -> Result<CartView, AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::*, now_ms},
    };
    let state = state()?;
    let lang = request_lang();
    let variant_id = server_side::parse_variant(&variant_id)?;
    let quantity = server_side::parse_quantity(&quantity)?;
    let owner = crate::platform::identity::cart_owner(true).await?.ok_or_else(|| internal("no cart owner"))?;
    let now = now_ms();
    let cart_id = db::find_or_create_cart(&state.pool, &owner, now).await.or_internal()?;
    if !db::add(&state.pool, cart_id, variant_id, quantity.get() as i64, now).await.or_internal()? {
        let Some(row) = db::stock_and_line(&state.pool, cart_id, variant_id).await.or_internal()? else {
            return Err(fail(AppError::NotFound(lang.t(Msg::ErrUnknownVariant).into())));
        };
        let message = if row.stock == 0 {
            lang.t(Msg::ErrSoldOut).to_string()
        } else if row.in_cart + quantity.get() as i64 > domain::MAX_PER_LINE as i64
            && row.stock >= row.in_cart + quantity.get() as i64
        {
            lang.t(Msg::ErrQuantityCap).to_string()
        } else if row.in_cart > 0 {
            lang.t(Msg::ErrStockInCart).replace("{n}", &row.stock.to_string()).replace("{c}", &row.in_cart.to_string())
        } else {
            lang.t(Msg::ErrStock).replace("{n}", &row.stock.to_string())
        };
        return Err(fail(AppError::Invalid(message)));
    }
    state.events.publish(crate::platform::events::Event::CartChanged(owner));
    server_side::view(&state.pool, cart_id).await
}

#[server(prefix = "/api", endpoint = "cart/update")]
pub async fn update_cart_line(
    variant_id: String,
    quantity: domain::Parsed<domain::Quantity>,
) -> Result<CartView, AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::*, now_ms},
    };
    let state = state()?;
    let lang = request_lang();
    let variant_id = server_side::parse_variant(&variant_id)?;
    let quantity = server_side::parse_quantity(&quantity)?;
    let not_in_cart = || fail(AppError::NotFound(lang.t(Msg::ErrNotInCart).into()));
    let (owner, cart_id) = server_side::current_cart().await?.ok_or_else(not_in_cart)?;
    if !db::set_quantity(&state.pool, cart_id, variant_id, quantity.get() as i64, now_ms()).await.or_internal()? {
        return match db::stock_and_line(&state.pool, cart_id, variant_id).await.or_internal()? {
            Some(row) if row.in_cart > 0 => {
                Err(fail(AppError::Invalid(lang.t(Msg::ErrStock).replace("{n}", &row.stock.to_string()))))
            }
            _ => Err(not_in_cart()),
        };
    }
    state.events.publish(crate::platform::events::Event::CartChanged(owner));
    server_side::view(&state.pool, cart_id).await
}

#[server(prefix = "/api", endpoint = "cart/remove")]
pub async fn remove_cart_line(variant_id: String) -> Result<CartView, AppError> {
    use crate::platform::ctx::*;
    let state = state()?;
    let variant_id = server_side::parse_variant(&variant_id)?;
    let Some((owner, cart_id)) = server_side::current_cart().await? else { return Ok(CartView::default()) };
    db::remove(&state.pool, cart_id, variant_id).await.or_internal()?;
    state.events.publish(crate::platform::events::Event::CartChanged(owner));
    server_side::view(&state.pool, cart_id).await
}

#[cfg(feature = "ssr")]
pub mod server_side {
    //! Resolving the caller's cart and building the cart view.
    use super::{db, db::CartOwner};
    use crate::{
        error::AppError,
        i18n::Msg,
        model::{CartLineView, CartView},
        platform::ctx::*,
    };
    use domain::{Quantity, QuantityError, Rupiah};
    use sqlx::AnyPool;

    /// The quantity sent, or the translated reason it is none (422).
    pub fn parse_quantity(sent: &domain::Parsed<Quantity>) -> Result<Quantity, AppError> {
        let lang = request_lang();
        sent.value().copied().map_err(|e| {
            fail(AppError::Invalid(
                lang.t(match e {
                    QuantityError::NotANumber => Msg::ErrQuantityNotNumber,
                    QuantityError::ZeroOrNegative => Msg::ErrQuantityPositive,
                    QuantityError::AboveLineCap => Msg::ErrQuantityCap,
                })
                .into(),
            ))
        })
    }

    pub fn parse_variant(raw: &str) -> Result<i64, AppError> {
        raw.trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| fail(AppError::Invalid(request_lang().t(Msg::ErrChooseVariant).into())))
    }

    /// The caller's existing cart, if any (never creates one).
    pub async fn current_cart() -> Result<Option<(CartOwner, i64)>, AppError> {
        let Some(owner) = crate::platform::identity::cart_owner(false).await? else { return Ok(None) };
        let cart_id = db::find_cart(&state()?.pool, &owner).await.or_internal()?;
        Ok(cart_id.map(|id| (owner, id)))
    }

    pub async fn view(pool: &AnyPool, cart_id: i64) -> Result<CartView, AppError> {
        let lang = request_lang();
        let rows = db::lines(pool, cart_id).await.or_internal()?;
        let lines: Vec<CartLineView> = rows
            .into_iter()
            .map(|r| CartLineView {
                variant_id: r.variant_id,
                image: crate::model::image_url(&r.slug, 1),
                name: lang.pick(&r.name_id, &r.name_en).into(),
                product_slug: r.slug,
                size: r.size,
                colour: lang.pick(&r.colour_id, &r.colour_en).into(),
                unit_price: r.price,
                quantity: r.quantity,
                line_total: Rupiah::new(r.price).times(r.quantity as u32).amount(),
                stock: r.stock,
            })
            .collect();
        Ok(CartView {
            item_count: lines.iter().map(|l| l.quantity).sum(),
            subtotal: Rupiah::sum(lines.iter().map(|l| Rupiah::new(l.line_total))).amount(),
            lines,
        })
    }
}
