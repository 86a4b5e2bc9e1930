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

/// How a line stands against a running flash sale.
enum SaleLine {
    Sale,
    OnlyLeft(i64),
    SoldOut,
}

/// The caller's cart with each line priced as the checkout will price it
/// now: a variant on a running flash sale at its sale price while enough
/// units are left at that price (the sales board, a second old at most;
/// the checkout claims in the database and refuses a changed total).
pub async fn view(pool: &AnyPool, cart_id: i64) -> Result<CartView, AppError> {
    use domain::sale::LinePrice;
    let lang = request_lang();
    let rows = db::lines(pool, cart_id).await.or_internal()?;
    let now = crate::platform::now_ms();
    // Outside a request (no board in context) the database says.
    let offers: std::collections::HashMap<i64, domain::sale::Offer> =
        match leptos::prelude::use_context::<crate::sales::board::SaleBoard>() {
            Some(board) => {
                let board = board.get(now).await.or_internal()?;
                rows.iter().filter_map(|r| board.running(r.variant_id, now).map(|o| (r.variant_id, o.clone()))).collect()
            }
            None => crate::sales::db::running_offers(pool, now).await.or_internal()?,
        };
    let lines: Vec<CartLineView> = rows
        .into_iter()
        .map(|r| {
            let offer = offers.get(&r.variant_id);
            let (unit_price, sale) = match domain::sale::line_price(offer, r.quantity, now) {
                LinePrice::Sale { price, .. } => (price, Some(SaleLine::Sale)),
                LinePrice::OnlyLeft(n) => (r.price, Some(SaleLine::OnlyLeft(n))),
                LinePrice::SoldOutAtSalePrice => (r.price, Some(SaleLine::SoldOut)),
                LinePrice::Normal => (r.price, None),
            };
            let sale_note = sale.and_then(|s| match s {
                SaleLine::Sale => None,
                SaleLine::OnlyLeft(n) => Some(lang.t(Msg::SaleLeft).replace("{n}", &n.to_string())),
                SaleLine::SoldOut => Some(lang.t(Msg::SoldOutAtSalePrice).to_string()),
            });
            CartLineView {
                variant_id: r.variant_id,
                image: crate::model::image_url(&r.slug, 1),
                name: lang.pick(&r.name_id, &r.name_en).into(),
                product_slug: r.slug,
                size: r.size,
                colour: lang.pick(&r.colour_id, &r.colour_en).into(),
                unit_price,
                normal_price: (unit_price != r.price).then_some(r.price),
                sale_note,
                quantity: r.quantity,
                line_total: Rupiah::new(unit_price).times(r.quantity as u32).amount(),
                stock: r.stock,
            }
        })
        .collect();
    Ok(CartView {
        item_count: lines.iter().map(|l| l.quantity).sum(),
        subtotal: Rupiah::sum(lines.iter().map(|l| Rupiah::new(l.line_total))).amount(),
        lines,
    })
}
