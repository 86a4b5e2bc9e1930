//! Checkout and tracking: from a cart to a placed order (address, courier,
//! voucher, payment method), then the order's page with its payment
//! instructions and timeline. The one feature that knows both orders and
//! payments.

pub mod areas;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

use crate::{error::AppError, model::CartView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where shoppers transfer to (shown with the exact amount on the tracking page).
pub const BANK_ACCOUNT: &str = "BCA 123 456 7890 a.n. PT Sandang Nusa Sejahtera";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateView {
    pub courier: String,
    pub service: String,
    pub zone: String,
    pub per_kg: i64,
    pub etd: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutData {
    pub cart: CartView,
    /// Derived from the cart's identity and last change: a double tap, a
    /// retry or a second tab on the same cart send the same key.
    pub idempotency_key: String,
    pub chargeable_kg: i64,
    pub rates: Vec<RateView>,
    /// The signed-in shopper's recent addresses, latest first.
    pub addresses: Vec<SavedAddress>,
    /// Email of the signed-in shopper (prefilled).
    pub email: String,
    /// Codes of the payment methods on offer (gateway ones only when a
    /// gateway is configured).
    pub methods: Vec<String>,
}

/// An address a signed-in shopper shipped to before.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SavedAddress {
    pub name: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub postal_code: String,
    pub street: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedOrder {
    pub code: String,
    pub token: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub name: String,
    pub variant: String,
    pub quantity: i64,
    pub line_total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub status: String,
    pub actor: String,
    pub note: String,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub code: String,
    pub status: String,
    pub name: String,
    pub address: String,
    pub courier: String,
    pub awb: Option<String>,
    pub lines: Vec<OrderLineView>,
    pub subtotal: i64,
    pub shipping: i64,
    pub discount: i64,
    pub unique_code: i64,
    pub total: i64,
    pub bank_account: String,
    pub expires_at: i64,
    pub timeline: Vec<TimelineEntry>,
    pub payment_method: String,
    /// Gateway payment instructions (None for a bank transfer).
    pub payment: Option<crate::payments::PaymentView>,
}

#[server(prefix = "/api", endpoint = "checkout")]
pub async fn checkout_context() -> Result<CheckoutData, AppError> {
    use crate::platform::{ctx::*, token_hash};
    let state = state()?;
    // One lookup of the caller's cart serves the view, the key and the weight.
    let (cart, key, grams) = match crate::cart::server_side::current_cart().await? {
        Some((_, cart_id)) => {
            let version = crate::cart::db::version(&state.pool, cart_id).await.or_internal()?;
            (
                crate::cart::server_side::view(&state.pool, cart_id).await?,
                token_hash(&format!("cart:{cart_id}:{version}")),
                db::cart_weight_grams(&state.pool, cart_id).await.or_internal()?,
            )
        }
        None => (CartView::default(), String::new(), 0),
    };
    let rates = db::rates(&state.pool)
        .await
        .or_internal()?
        .into_iter()
        .map(|(courier, service, zone, per_kg, etd)| RateView { courier, service, zone, per_kg, etd })
        .collect();
    let gateway = provided::<crate::payments::gateway::Gateway>()?;
    let methods = crate::payments::Method::ALL
        .into_iter()
        .filter(|m| !m.via_gateway() || gateway.is_some())
        .map(|m| m.code().to_string())
        .collect();
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
        chargeable_kg: domain::order::chargeable_kg(grams.max(0) as u32, 0) as i64,
        rates,
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSuggestions {
    pub cities: Vec<String>,
    pub districts: Vec<String>,
}

/// Cities/regencies of a province and districts of a city, for the
/// checkout's suggestions.
#[server(prefix = "/api", endpoint = "areas")]
pub async fn area_choices(province: String, city: String) -> Result<AreaSuggestions, AppError> {
    Ok(AreaSuggestions {
        cities: areas::reference::cities(province.trim()).into_iter().map(String::from).collect(),
        districts: areas::reference::find_city(province.trim(), &city)
            .map(|r| r.districts.iter().map(|d| d.to_string()).collect())
            .unwrap_or_default(),
    })
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "orders/place")]
pub async fn place_order(
    name: String,
    email: String,
    phone: String,
    province: String,
    city: String,
    district: String,
    postal_code: String,
    street: String,
    shipping: String,
    payment: String,
    idempotency_key: String,
    voucher: Option<String>,
) -> Result<PlacedOrder, AppError> {
    use crate::{
        i18n::Msg,
        platform::{ctx::*, now_ms, random_token},
    };
    use db::PlaceOutcome;
    let state = state()?;
    let lang = request_lang();
    let invalid = |m: Msg| Err(fail(AppError::Invalid(lang.t(m).into())));
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return invalid(Msg::ErrNameRequired);
    }
    let Some(email) = domain::Email::parse(&email).map(domain::Email::into_string) else {
        return invalid(Msg::ErrEmailInvalid);
    };
    let Some(phone) = domain::Phone::parse(&phone).map(domain::Phone::into_string) else {
        return invalid(Msg::ErrPhone);
    };
    let Some(zone) = areas::zone_of(province.trim()) else { return invalid(Msg::ErrProvince) };
    let street = street.trim().to_string();
    if street.chars().count() < 5 || street.chars().count() > 300 {
        return invalid(Msg::ErrAddress);
    }
    // City and district must exist in the reference data; stored as spelled there.
    let Some(regency) = areas::reference::find_city(province.trim(), &city) else { return invalid(Msg::ErrCity) };
    let Some(district) = areas::reference::find_district(regency, &district) else { return invalid(Msg::ErrDistrict) };
    let (city, district) = (regency.name.to_string(), district.to_string());
    let postal_code = postal_code.trim().to_string();
    if postal_code.len() != 5 || !postal_code.chars().all(|c| c.is_ascii_digit()) {
        return invalid(Msg::ErrPostalCode);
    }
    let Some((courier, service)) = shipping.split_once('|') else { return invalid(Msg::ErrCourier) };
    let Some(method) = crate::payments::Method::parse(payment.trim()) else { return invalid(Msg::ErrPayment) };
    if method.via_gateway() && !provided::<crate::payments::gateway::Gateway>()?.is_some() {
        return invalid(Msg::ErrPayment);
    }
    let Some((owner, cart_id)) = crate::cart::server_side::current_cart().await? else {
        return invalid(Msg::CartEmpty);
    };
    let user_id = match owner {
        crate::cart::db::CartOwner::User(id) => Some(id),
        _ => None,
    };
    // The key is scoped to the cart, so one shopper's key never replays another's order.
    let key = idempotency_key.trim();
    if key.is_empty() || key.len() > 128 {
        return invalid(Msg::ErrGeneric);
    }
    let new = db::NewOrder {
        idempotency_key: format!("{cart_id}:{key}"),
        code: server_side::order_code(),
        access_token: random_token(),
        user_id,
        cart_id,
        name,
        email,
        phone,
        province: province.trim().to_string(),
        zone: zone.to_string(),
        city,
        district,
        postal_code,
        street,
        courier: courier.to_string(),
        service: service.to_string(),
        payment_method: method.code().to_string(),
        lang: lang.code().to_string(),
        voucher: voucher
            .map(|v| v.trim().to_uppercase())
            .filter(|v| !v.is_empty())
            .map(|v| v.chars().take(40).collect()),
    };
    let outcome =
        db::place(&state.pool, state.engine, &new, now_ms(), state.config.payment_window_ms()).await.or_internal()?;
    match outcome {
        PlaceOutcome::Placed { code, access_token } | PlaceOutcome::Replayed { code, access_token } => {
            if method.via_gateway() {
                // The order stands whether or not the gateway answers now;
                // the tracking page asks again while no charge exists.
                if let Some(order) = crate::orders::db::by_code(&state.pool, &code).await.or_internal()? {
                    crate::payments::notify::ensure_charge(&state, &provided()?, &order).await.or_internal()?;
                }
            }
            leptos_axum::redirect(&format!("/orders/{code}?t={access_token}"));
            Ok(PlacedOrder { code, token: access_token })
        }
        PlaceOutcome::EmptyCart => invalid(Msg::CartEmpty),
        PlaceOutcome::NoRate => invalid(Msg::ErrCourier),
        PlaceOutcome::NoUniqueCode => {
            tracing::warn!("no unique bank-transfer total left for this amount");
            invalid(Msg::ErrNoUniqueTotal)
        }
        PlaceOutcome::VoucherUnknown => invalid(Msg::ErrVoucherUnknown),
        PlaceOutcome::VoucherNotValidNow => invalid(Msg::ErrVoucherNotValid),
        PlaceOutcome::VoucherUsedUp => invalid(Msg::ErrVoucherUsedUp),
        PlaceOutcome::VoucherBelowMinimum(min) => Err(fail(AppError::Invalid(
            lang.t(Msg::ErrVoucherMinimum).replace("{min}", &domain::Rupiah::new(min).to_string()),
        ))),
        PlaceOutcome::SoldOut { name, left } => Err(fail(AppError::Invalid(
            lang.t(Msg::ErrSoldOutAtCheckout).replace("{name}", &name).replace("{n}", &left.to_string()),
        ))),
    }
}

#[server(prefix = "/api", endpoint = "orders/track")]
pub async fn track_order(code: String, t: String) -> Result<OrderView, AppError> {
    use crate::{i18n::Msg, platform::ctx::*};
    let state = state()?;
    let lang = request_lang();
    let not_found = || fail(AppError::NotFound(lang.t(Msg::NotFoundText).into()));
    let order = crate::orders::db::by_code(&state.pool, code.trim()).await.or_internal()?.ok_or_else(not_found)?;
    if !crate::platform::same_token(&order.access_token, &t) {
        return Err(not_found());
    }
    server_side::view(&state, order).await
}

#[cfg(feature = "ssr")]
pub mod server_side {
    //! Order codes and the order view.
    use super::*;
    use crate::{orders::db, platform::ctx::OrInternal};

    /// `ETL-` and six characters from an alphabet without look-alikes
    /// (31^6 ≈ 887 million codes), drawn from the OS generator.
    pub fn order_code() -> String {
        const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        let token = crate::platform::random_token();
        let code: String = token
            .as_bytes()
            .chunks(2)
            .take(6)
            .map(|pair| {
                let byte = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("00"), 16).unwrap_or(0);
                ALPHABET[byte as usize % ALPHABET.len()] as char
            })
            .collect();
        format!("ETL-{code}")
    }

    pub async fn view(state: &crate::platform::AppState, o: db::OrderRow) -> Result<OrderView, AppError> {
        let pool = &state.pool;
        let lines = db::lines(pool, o.id).await.or_internal()?;
        let events = db::events(pool, o.id).await.or_internal()?;
        let payment =
            crate::payments::notify::view(state, &crate::platform::ctx::provided()?, &o).await.or_internal()?;
        Ok(OrderView {
            payment,
            payment_method: o.payment_method.clone(),
            code: o.code,
            status: o.status,
            name: o.name,
            address: format!("{}, {}, {}, {} {}", o.street, o.district, o.city, o.province, o.postal_code),
            courier: format!("{} {}", o.courier, o.service),
            awb: o.awb,
            lines: lines
                .into_iter()
                .map(|l| OrderLineView {
                    name: l.name,
                    variant: format!("{} · {}", l.colour, l.size),
                    quantity: l.quantity,
                    line_total: l.line_total,
                })
                .collect(),
            subtotal: o.subtotal,
            shipping: o.shipping,
            discount: o.discount,
            unique_code: o.unique_code,
            total: o.total,
            bank_account: BANK_ACCOUNT.to_string(),
            expires_at: o.expires_at,
            timeline: events
                .into_iter()
                .map(|e| TimelineEntry { status: e.status, actor: e.actor, note: e.note, at: e.at })
                .collect(),
        })
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
}
