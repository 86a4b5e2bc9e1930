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
    let categories: Vec<i64> = rows.iter().map(|r| r.category_id).collect();
    let lines: Vec<CartLineView> = rows
        .into_iter()
        .map(|r| {
            let (unit_price, sale_note) = match domain::sale::line_price(offers.get(&r.variant_id), r.quantity, now) {
                LinePrice::Sale { price, .. } => (price, None),
                LinePrice::OnlyLeft(n) => (r.price, Some(lang.t(Msg::SaleLeft).replace("{n}", &n.to_string()))),
                LinePrice::SoldOutAtSalePrice => (r.price, Some(lang.t(Msg::SoldOutAtSalePrice).to_string())),
                LinePrice::Normal => (r.price, None),
            };
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
    // Each line's category and total, as the voucher counts them.
    let by_category: Vec<(i64, Rupiah)> =
        categories.into_iter().zip(&lines).map(|(c, l)| (c, Rupiah::new(l.line_total))).collect();
    let voucher = match db::voucher_code(pool, cart_id).await.or_internal()? {
        Some(code) => Some(voucher_on(pool, code, &by_category, now, lang).await?),
        None => None,
    };
    Ok(CartView {
        voucher,
        item_count: lines.iter().map(|l| l.quantity).sum(),
        subtotal: Rupiah::sum(lines.iter().map(|l| Rupiah::new(l.line_total))).amount(),
        lines,
    })
}

/// Why a voucher does not apply, in the shopper's language: the cart's and
/// the checkout's one wording.
pub fn voucher_refusal(why: domain::voucher::VoucherError, category: Option<&str>, lang: crate::i18n::Lang) -> String {
    use domain::voucher::VoucherError as E;
    match why {
        E::NotStarted(at) => lang.t(Msg::ErrVoucherNotStarted).replace("{at}", &crate::ui::wib(at)),
        E::Expired => lang.t(Msg::ErrVoucherExpired).into(),
        E::BelowMinimumSpend(min) => lang.t(Msg::ErrVoucherMinimum).replace("{min}", &min.to_string()),
        E::NotInCategory => lang.t(Msg::ErrVoucherCategory).replace("{category}", category.unwrap_or_default()),
    }
}

/// The applied voucher against the cart as it is now: its discount, or
/// why it does not apply (yet). Read again with every view of the cart, so
/// every change of the cart checks it again; the checkout claims it.
async fn voucher_on(
    pool: &AnyPool,
    code: String,
    lines: &[(i64, Rupiah)],
    now: i64,
    lang: crate::i18n::Lang,
) -> Result<crate::model::CartVoucher, AppError> {
    use crate::model::CartVoucher;
    let refused = |code: String, note: String| Ok(CartVoucher { code, discount: 0, note: Some(note) });
    let Some(found) = db::voucher(pool, &code).await.or_internal()? else {
        return refused(code, lang.t(Msg::ErrVoucherUnknown).into());
    };
    if found.usage_limit > 0 && found.used_count >= found.usage_limit {
        return refused(code, lang.t(Msg::ErrVoucherUsedUp).into());
    }
    if let Some(user) = crate::platform::identity::caller().await?.user {
        let customer = domain::order::customer_key(Some(user.id), &user.email);
        let used = db::customer_uses(pool, found.id, &customer).await.or_internal()?;
        if found.per_customer_limit > 0 && used >= found.per_customer_limit {
            return refused(code, lang.t(Msg::ErrVoucherUsedByYou).into());
        }
    }
    match found.terms.discount_at(now, lines, Rupiah::ZERO) {
        Ok(_) if found.terms.voucher.kind == domain::voucher::VoucherKind::FreeShipping => {
            Ok(CartVoucher { code, discount: 0, note: Some(lang.t(Msg::VoucherShippingLater).into()) })
        }
        Ok(discount) => Ok(CartVoucher { code, discount: discount.amount(), note: None }),
        Err(why) => refused(code, voucher_refusal(why, found.category_name.as_deref(), lang)),
    }
}
