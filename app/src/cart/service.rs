//! Resolving the caller's cart and building the cart view.
use super::{db, db::CartOwner};
use crate::{
    error::AppError,
    i18n::Msg,
    model::{CartLineView, CartView},
    platform::ctx::{state, request_lang, fail, OrInternal},
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

/// What the shopper reads when units could not be added.
pub fn shortfall_message(shortfall: domain::Shortfall, lang: crate::i18n::Lang) -> String {
    use domain::Shortfall as S;
    match shortfall {
        S::SoldOut => lang.t(Msg::ErrSoldOut).to_string(),
        S::LineCap => lang.t(Msg::ErrQuantityCap).to_string(),
        S::LeftWithCart { stock, in_cart } => {
            lang.t(Msg::ErrStockInCart).replace("{n}", &stock.to_string()).replace("{c}", &in_cart.to_string())
        }
        S::Left { stock } => lang.t(Msg::ErrStock).replace("{n}", &stock.to_string()),
    }
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
