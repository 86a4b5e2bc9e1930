//! The checkout's rules: a checkout form parsed into an order request (each
//! field to its type, the address against the reference data), then placed:
//! the caller's cart, one transaction for the order, its stock, voucher use,
//! transfer code, payment row and confirmation email (`place_order`, the
//! one place that knows both orders and payments), then the gateway charge.

use super::{
    areas,
    db::{self, NewOrder},
    CheckoutData, PlacedOrder, RateView,
};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    model::CartView,
    orders::{db::event, outbox},
    payments::{gateway::Gateway, Method},
    platform::{
        ctx::{fail, OrInternal},
        db::Engine,
        identity::CartOwner,
        now_ms, random_token, token_hash, AppState,
    },
};
use domain::{
    order::{chargeable_kg, Actor, OrderStatus, Shipping, Totals},
    payment::{pick_transfer_code, MAX_TRANSFER_CODE},
    voucher::VoucherError,
    Address, Email, Parsed, Phone, PostalCode, Rupiah,
};
use sqlx::AnyPool;

/// The address fields as a form sends them.
pub struct AddressForm {
    pub email: String,
    pub address: Address,
}

/// A checkout form as it arrives.
pub struct OrderForm {
    pub address: AddressForm,
    pub shipping: Parsed<Shipping>,
    pub payment: Parsed<Method>,
    pub idempotency_key: String,
    pub voucher: Option<String>,
    /// The subtotal the checkout page showed (absent: not checked).
    pub expected_subtotal: Option<String>,
    /// The unticked-by-default box "send me promotions by email" was ticked.
    pub marketing: bool,
}

/// Who receives the order, at an address that exists: the city and
/// district as the reference data spells them, the phone in its one form,
/// and the province's shipping zone.
pub struct Recipient {
    pub email: Email,
    pub zone: &'static str,
    pub address: Address,
}

/// A checkout form once every field is what it says.
pub struct OrderRequest {
    pub recipient: Recipient,
    pub shipping: Shipping,
    pub method: Method,
    pub idempotency_key: String,
    pub voucher: Option<String>,
    pub expected_subtotal: Option<i64>,
    pub marketing: bool,
}

impl AddressForm {
    /// The address, or the message that says which field is wrong (fields
    /// are checked in the order the form shows them).
    pub fn parse(self) -> Result<Recipient, Msg> {
        let form = self.address;
        let name = form.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Msg::ErrNameRequired);
        }
        let email = Email::parse(&self.email).ok_or(Msg::ErrEmailInvalid)?;
        let phone = Phone::parse(&form.phone).ok_or(Msg::ErrPhone)?;
        let province = form.province.trim().to_string();
        let zone = areas::zone_of(&province).ok_or(Msg::ErrProvince)?;
        let street = form.street.trim().to_string();
        if street.chars().count() < 5 || street.chars().count() > 300 {
            return Err(Msg::ErrAddress);
        }
        // City and district must exist in the reference data; stored as spelled there.
        let regency = areas::reference::find_city(&province, &form.city).ok_or(Msg::ErrCity)?;
        let district = areas::reference::find_district(regency, &form.district).ok_or(Msg::ErrDistrict)?;
        let postal_code = PostalCode::parse(&form.postal_code).ok_or(Msg::ErrPostalCode)?;
        let address = Address {
            name,
            phone: phone.into_string(),
            province,
            city: regency.name.to_string(),
            district: district.to_string(),
            postal_code: postal_code.into_string(),
            street,
        };
        Ok(Recipient { email, zone, address })
    }
}

impl OrderForm {
    pub fn parse(self) -> Result<OrderRequest, Msg> {
        let recipient = self.address.parse()?;
        let shipping = self.shipping.value().map_err(|_| Msg::ErrCourier)?.clone();
        let method = *self.payment.value().map_err(|_| Msg::ErrPayment)?;
        let voucher = self
            .voucher
            .map(|v| v.trim().to_uppercase())
            .filter(|v| !v.is_empty())
            .map(|v| v.chars().take(40).collect());
        let expected_subtotal = match self.expected_subtotal.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(sent) => Some(sent.parse::<i64>().map_err(|_| Msg::ErrGeneric)?),
        };
        Ok(OrderRequest {
            recipient,
            shipping,
            method,
            idempotency_key: self.idempotency_key,
            voucher,
            expected_subtotal,
            marketing: self.marketing,
        })
    }
}

/// Places the caller's cart as `request`, once per idempotency key; a
/// gateway method then gets its charge (the order stands whether or not
/// the gateway answers now: the tracking page asks again).
#[tracing::instrument(skip_all, fields(method = %request.method, courier = %request.shipping))]
pub async fn place(
    state: &AppState,
    gateway: &Gateway,
    request: OrderRequest,
    lang: Lang,
) -> Result<PlacedOrder, AppError> {
    let invalid = |m: Msg| Err(fail(AppError::Invalid(lang.t(m).into())));
    if request.method.via_gateway() && !gateway.is_some() {
        return invalid(Msg::ErrPayment);
    }
    let Some((owner, cart_id)) = crate::cart::service::current_cart().await? else {
        return invalid(Msg::CartEmpty);
    };
    // The key is scoped to the cart, so one shopper's key never replays another's order.
    let key = request.idempotency_key.trim();
    if key.is_empty() || key.len() > 128 {
        return invalid(Msg::ErrGeneric);
    }
    let recipient = request.recipient;
    let new = NewOrder {
        idempotency_key: format!("{cart_id}:{key}"),
        code: order_code(),
        access_token: random_token(),
        user_id: match owner {
            CartOwner::User(id) => Some(id),
            CartOwner::Visitor(_) => None,
        },
        cart_id,
        email: recipient.email.into_string(),
        zone: recipient.zone.to_string(),
        address: recipient.address,
        courier: request.shipping.courier,
        service: request.shipping.service,
        payment_method: request.method.code().to_string(),
        lang: lang.code().to_string(),
        voucher: request.voucher,
        expected_subtotal: request.expected_subtotal,
        utm: crate::platform::ctx::cookie(crate::model::UTM_COOKIE).and_then(|v| domain::campaign::Utm::from_cookie(&v)),
        arrival: crate::platform::ctx::cookie(crate::model::VISIT_COOKIE)
            .and_then(|v| domain::campaign::Arrival::from_cookie(&v)),
        marketing: request.marketing,
    };
    let outcome =
        place_order(&state.pool, state.engine, &new, now_ms(), state.config.payment_window_ms()).await.or_internal()?;
    let (code, access_token) = match outcome {
        PlaceOutcome::Placed { code, access_token } => {
            if let Some(board) = leptos::prelude::use_context::<crate::sales::board::SaleBoard>() {
                board.claimed(now_ms());
            }
            (code, access_token)
        }
        PlaceOutcome::Replayed { code, access_token } => (code, access_token),
        refused => return Err(fail(AppError::Invalid(refusal(refused, lang)))),
    };
    if request.method.via_gateway() {
        if let Some(order) = crate::orders::db::by_code(&state.pool, &code).await.or_internal()? {
            crate::payments::notify::ensure_charge(state, gateway, &order).await.or_internal()?;
        }
    }
    Ok(PlacedOrder { code, token: access_token })
}

/// `ETL-` and six characters from an alphabet without look-alikes
/// (32^6 ≈ 1.07 billion codes), drawn from the OS generator.
pub fn order_code() -> String {
    format!("ETL-{}", crate::platform::random_code(6))
}

/// What the checkout page needs: the caller's cart (with the idempotency
/// key of its current version, and its weight), the shipping rates, the
/// payment methods on offer, and a signed-in shopper's saved addresses.
pub async fn context(state: &AppState, gateway: &Gateway) -> Result<CheckoutData, AppError> {
    // One lookup of the caller's cart serves the view, the key and the weight.
    let (cart, key, grams) = match crate::cart::service::current_cart().await? {
        Some((_, cart_id)) => {
            let version = crate::cart::db::version(&state.pool, cart_id).await.or_internal()?;
            (
                crate::cart::service::view(&state.pool, cart_id).await?,
                token_hash(&format!("cart:{cart_id}:{version}")),
                db::cart_weight_grams(&state.pool, cart_id).await.or_internal()?,
            )
        }
        None => (CartView::default(), String::new(), 0),
    };
    let kg = kg_of(grams);
    let priced: Vec<(Rupiah, u32)> =
        cart.lines.iter().map(|l| (Rupiah::new(l.unit_price), l.quantity.clamp(0, i64::from(u32::MAX)) as u32)).collect();
    let rates = db::rates(&state.pool)
        .await
        .or_internal()?
        .into_iter()
        .map(|(courier, service, zone, per_kg, etd)| {
            let shipping = Rupiah::new(per_kg).times(kg);
            let total = Totals::compute(&priced, Rupiah::ZERO, shipping, Rupiah::ZERO).total;
            RateView { courier, service, zone, etd, shipping: shipping.amount(), total: total.amount() }
        })
        .collect();
    let methods =
        Method::ALL.into_iter().filter(|m| !m.via_gateway() || gateway.is_some()).map(|m| m.code().to_string()).collect();
    let (addresses, email) = match crate::platform::identity::current_user().await? {
        Some(user) => (db::addresses_of(&state.pool, user.id).await.or_internal()?, user.email),
        None => (Vec::new(), String::new()),
    };
    Ok(CheckoutData {
        addresses,
        email,
        methods,
        cart,
        idempotency_key: key,
        rates,
    })
}

/// The chargeable kilograms of a cart weighing `grams` (no volume known).
fn kg_of(grams: i64) -> u32 {
    chargeable_kg(grams.clamp(0, i64::from(u32::MAX)) as u32, 0)
}

/// Why an order was not placed, in the shopper's language.
fn refusal(outcome: PlaceOutcome, lang: Lang) -> String {
    use PlaceOutcome::*;
    match outcome {
        Placed { .. } | Replayed { .. } | EmptyCart => lang.t(Msg::CartEmpty).into(),
        NoRate => lang.t(Msg::ErrCourier).into(),
        NoUniqueCode => {
            tracing::warn!("no unique bank-transfer total left for this amount");
            lang.t(Msg::ErrNoUniqueTotal).into()
        }
        VoucherUnknown => lang.t(Msg::ErrVoucherUnknown).into(),
        Voucher(why) => crate::cart::service::voucher_refusal(why, None, lang),
        VoucherNotInCategory(category) => {
            crate::cart::service::voucher_refusal(VoucherError::NotInCategory, Some(&category), lang)
        }
        VoucherUsedUp => lang.t(Msg::ErrVoucherUsedUp).into(),
        VoucherUsedByYou => lang.t(Msg::ErrVoucherUsedByYou).into(),
        SoldOut { name, left } => {
            lang.t(Msg::ErrSoldOutAtCheckout).replace("{name}", &name).replace("{n}", &left.to_string())
        }
        SaleOnlyLeft { name, left } => {
            lang.t(Msg::ErrSaleOnlyLeft).replace("{name}", &name).replace("{n}", &left.to_string())
        }
        SalePerCustomer { name, limit } => {
            lang.t(Msg::ErrSalePerCustomer).replace("{name}", &name).replace("{n}", &limit.to_string())
        }
        SaleSoldOut { name } => lang.t(Msg::ErrSaleSoldOut).replace("{name}", &name),
        PricesChanged => lang.t(Msg::ErrPricesChanged).into(),
    }
}

/// What placing an order came to.
#[derive(Debug, PartialEq, Eq)]
pub enum PlaceOutcome {
    Placed {
        code: String,
        access_token: String,
    },
    /// The idempotency key was used before: the same answer again.
    Replayed {
        code: String,
        access_token: String,
    },
    EmptyCart,
    SoldOut {
        name: String,
        left: i64,
    },
    NoRate,
    /// Every transfer total this order could have is held by an open
    /// transfer: the shopper picks another method or tries later.
    NoUniqueCode,
    VoucherUnknown,
    VoucherUsedUp,
    /// This customer (account, else email) has used the voucher as often as
    /// it allows one customer.
    VoucherUsedByYou,
    /// The voucher's own terms refuse it (window, minimum spend).
    Voucher(VoucherError),
    /// The voucher counts only this category's products, and the cart has none.
    VoucherNotInCategory(String),
    /// Fewer units of a line are left at its flash-sale price than it asks for.
    SaleOnlyLeft {
        name: String,
        left: i64,
    },
    /// The line would take the customer past the campaign's limit.
    SalePerCustomer {
        name: String,
        limit: i64,
    },
    /// The cap is reached and the campaign sells no more of it until it ends.
    SaleSoldOut {
        name: String,
    },
    /// The subtotal is not the one the shopper was shown.
    PricesChanged,
}

/// Places an order from its cart: prices and stock re-read from the
/// database, stock taken by a conditional decrement (never below zero), the
/// order written with its line snapshot, totals, first timeline event,
/// stock movements, payment row and confirmation email, the cart emptied.
/// All or nothing; idempotent by key. A unique violation (the same key
/// racing, or two orders drawing one transfer total) replays or retries.
#[tracing::instrument(skip_all, fields(order = %order.code))]
pub async fn place_order(
    pool: &AnyPool,
    engine: Engine,
    order: &NewOrder,
    now: i64,
    ttl_ms: i64,
) -> sqlx::Result<PlaceOutcome> {
    for _attempt in 0..8 {
        match place_once(pool, engine, order, now, now + ttl_ms).await {
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                if let Some((code, access_token)) = db::find_by_key(pool, &order.idempotency_key).await? {
                    return Ok(PlaceOutcome::Replayed { code, access_token });
                }
            }
            other => return other,
        }
    }
    Ok(PlaceOutcome::NoUniqueCode)
}

/// One attempt, in one transaction; nothing is written unless it commits.
async fn place_once(
    pool: &AnyPool,
    engine: Engine,
    o: &NewOrder,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<PlaceOutcome> {
    let mut tx = db::begin_with_cart(pool, engine, o.cart_id).await?;
    if let Some((code, access_token)) = db::find_by_key(&mut *tx, &o.idempotency_key).await? {
        return Ok(PlaceOutcome::Replayed { code, access_token });
    }
    let mut lines = db::cart_lines(&mut tx, o.cart_id).await?;
    if lines.is_empty() {
        return Ok(PlaceOutcome::EmptyCart);
    }
    let customer = domain::order::customer_key(o.user_id, &o.email);
    if let Some(refused) = sale_prices(&mut tx, &mut lines, &customer, now).await? {
        return Ok(refused);
    }
    let grams: i64 = lines.iter().map(|l| l.weight_grams * l.quantity).sum();
    let kg = i64::from(kg_of(grams));
    let Some(per_kg) = db::rate_per_kg(&mut tx, &o.courier, &o.service, &o.zone).await? else {
        return Ok(PlaceOutcome::NoRate);
    };
    let priced: Vec<(Rupiah, u32)> = lines.iter().map(|l| (Rupiah::new(l.price), l.quantity as u32)).collect();
    let subtotal = Rupiah::sum(priced.iter().map(|(p, q)| p.times(*q)));
    // The page the shopper ordered from showed this subtotal: a sale that
    // started, ended or ran out since then is shown before it is charged.
    if o.expected_subtotal.is_some_and(|expected| expected != subtotal.amount()) {
        return Ok(PlaceOutcome::PricesChanged);
    }
    let shipping = Rupiah::new(per_kg).times(kg as u32);
    let discount = match &o.voucher {
        None => Rupiah::ZERO,
        Some(code) => {
            let by_category: Vec<(i64, Rupiah)> =
                lines.iter().map(|l| (l.category_id, Rupiah::new(l.price).times(l.quantity as u32))).collect();
            match redeem_voucher(&mut tx, code, &customer, now, &by_category, shipping).await? {
                Ok(discount) => discount,
                Err(refused) => return Ok(refused),
            }
        }
    };
    let unique_code = if o.payment_method == Method::BankTransfer.code() {
        let base = Totals::compute(&priced, discount, shipping, Rupiah::ZERO).total.amount();
        match transfer_code(&mut tx, base, &o.access_token).await? {
            Some(code) => code,
            None => return Ok(PlaceOutcome::NoUniqueCode),
        }
    } else {
        0
    };
    let totals = Totals::compute(&priced, discount, shipping, Rupiah::new(unique_code));
    let order_id = db::insert_order(&mut tx, o, kg, &totals, now, expires_at).await?;
    if o.voucher.is_some() {
        db::set_voucher_customer(&mut tx, order_id, &customer).await?;
    }
    for l in &lines {
        if !db::take_stock(&mut tx, l.variant_id, l.quantity).await? {
            return Ok(PlaceOutcome::SoldOut { name: l.name_id.clone(), left: l.stock });
        }
        db::insert_line(&mut tx, order_id, l).await?;
        db::record_reserved(&mut tx, order_id, l.variant_id, l.quantity, now).await?;
    }
    let placed = OrderStatus::PendingPayment;
    event(&mut tx, order_id, placed, Actor::Shopper, "", now).await?;
    if let Some(email) = outbox::Kind::announcing(placed) {
        outbox::queue(&mut tx, order_id, email, now).await?;
    }
    if let Some(user_id) = o.user_id {
        db::remember_address(&mut tx, user_id, &o.address, now).await?;
    }
    if o.marketing {
        use crate::studio::audience::Asked;
        crate::studio::db::record_consent(&mut *tx, &o.email, true, Asked::Checkout.code(), o.user_id, now).await?;
    }
    if o.payment_method != Method::BankTransfer.code() {
        // The gateway charge is created after commit; this row says one is owed.
        crate::payments::db::insert_uncharged(&mut tx, order_id, &o.payment_method, now).await?;
    }
    db::empty_cart(&mut tx, o.cart_id, now).await?;
    tx.commit().await?;
    Ok(PlaceOutcome::Placed { code: o.code.clone(), access_token: o.access_token.clone() })
}

/// The flash-sale price of each line whose variant is on a running sale:
/// its cap units and the customer's allowance claimed in the order's
/// transaction (each one conditional statement, so no unit is sold at the
/// sale price beyond the cap, whatever runs at once), or why the order
/// cannot be placed as the cart stands.
async fn sale_prices(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    lines: &mut [db::LineSource],
    customer: &str,
    now: i64,
) -> sqlx::Result<Option<PlaceOutcome>> {
    use domain::sale::LinePrice;
    let offers = crate::sales::db::running_offers(&mut **tx, now).await?;
    for l in lines.iter_mut() {
        let Some(offer) = offers.get(&l.variant_id) else { continue };
        let name = l.name_id.clone();
        match offer.price_for(l.quantity, now) {
            LinePrice::Normal => {}
            LinePrice::SoldOutAtSalePrice => return Ok(Some(PlaceOutcome::SaleSoldOut { name })),
            LinePrice::OnlyLeft(left) => return Ok(Some(PlaceOutcome::SaleOnlyLeft { name, left })),
            LinePrice::Sale { price, sale_id } => {
                // Read in this transaction, claimed by one conditional
                // statement: on PostgreSQL another checkout may have taken
                // the last units in between; the shopper then sees the price
                // the cart has now before paying it.
                if !crate::sales::db::claim_units(tx, sale_id, l.variant_id, l.quantity, now).await? {
                    return Ok(Some(PlaceOutcome::PricesChanged));
                }
                let limit = offer.per_customer_limit;
                if !crate::sales::db::claim_allowance(tx, sale_id, customer, l.quantity, limit).await? {
                    return Ok(Some(PlaceOutcome::SalePerCustomer { name, limit }));
                }
                l.price = price;
                l.flash_sale_id = Some(sale_id);
            }
        }
    }
    Ok(None)
}

/// The voucher's discount on this order, its use counted in the order's
/// transaction (a failed order gives the use back), or why it does not apply.
async fn redeem_voucher(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    code: &str,
    customer: &str,
    now: i64,
    lines: &[(i64, Rupiah)],
    shipping: Rupiah,
) -> sqlx::Result<Result<Rupiah, PlaceOutcome>> {
    let Some(found) = db::voucher(tx, code).await? else {
        return Ok(Err(PlaceOutcome::VoucherUnknown));
    };
    let discount = match found.terms.discount_at(now, lines, shipping) {
        Ok(discount) => discount,
        Err(VoucherError::NotInCategory) => {
            return Ok(Err(PlaceOutcome::VoucherNotInCategory(found.category_name.unwrap_or_default())))
        }
        Err(why) => return Ok(Err(PlaceOutcome::Voucher(why))),
    };
    if !db::claim_voucher_use(tx, found.id).await? {
        return Ok(Err(PlaceOutcome::VoucherUsedUp));
    }
    if !db::claim_customer_use(tx, found.id, customer, found.per_customer_limit).await? {
        return Ok(Err(PlaceOutcome::VoucherUsedByYou));
    }
    Ok(Ok(discount))
}

/// A transfer code that makes this amount's total unique among open
/// transfers (None: all are taken). The unique index on open transfer
/// totals settles a race between two checkouts; the loser retries.
async fn transfer_code(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    base: i64,
    seed: &str,
) -> sqlx::Result<Option<i64>> {
    let taken = db::open_transfer_totals(tx, base + 1, base + MAX_TRANSFER_CODE).await?;
    let used: Vec<i64> = taken.iter().map(|t| t - base).collect();
    Ok(pick_transfer_code(&used, seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_codes_are_short_and_not_sequential() {
        let a = order_code();
        let b = order_code();
        assert_eq!(a.len(), 10);
        assert!(a.starts_with("ETL-"));
        assert_ne!(a, b);
    }
}
