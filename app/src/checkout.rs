//! Checkout and tracking: from a cart to a placed order (address, courier,
//! voucher, payment method), then the order's page with its payment
//! instructions and timeline. The one feature that knows both orders and
//! payments.

pub mod areas;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;

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
    pub status: domain::order::OrderStatus,
    pub actor: String,
    pub note: String,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub code: String,
    pub status: domain::order::OrderStatus,
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

/// Places the caller's cart as an order: the fields are parsed here, the
/// checkout service does the rest (`service::place`).
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
    shipping: domain::Parsed<domain::order::Shipping>,
    payment: domain::Parsed<crate::payments::Method>,
    idempotency_key: String,
    voucher: Option<String>,
) -> Result<PlacedOrder, AppError> {
    use crate::platform::ctx::*;
    let lang = request_lang();
    let address = service::AddressForm { name, email, phone, province, city, district, postal_code, street };
    let request = service::OrderForm { address, shipping, payment, idempotency_key, voucher }
        .parse()
        .map_err(|msg| fail(AppError::Invalid(lang.t(msg).into())))?;
    let placed = service::place(&state()?, &provided()?, request, lang).await?;
    leptos_axum::redirect(&format!("/orders/{}?t={}", placed.code, placed.token));
    Ok(placed)
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
        let status = o.status().or_internal()?;
        Ok(OrderView {
            payment,
            payment_method: o.payment_method.clone(),
            code: o.code,
            status,
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
                .map(|e| {
                    let status = db::parse_status(&e.status)?;
                    Ok(TimelineEntry { status, actor: e.actor, note: e.note, at: e.at })
                })
                .collect::<sqlx::Result<_>>()
                .or_internal()?,
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
