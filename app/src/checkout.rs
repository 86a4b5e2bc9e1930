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
    pub etd: String,
    /// What this service costs for the cart's chargeable weight.
    pub shipping: i64,
    /// The cart's total with this service, before a voucher and a
    /// transfer code (computed on the server by `domain::order::Totals`).
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutData {
    pub cart: CartView,
    /// Derived from the cart's identity and last change: a double tap, a
    /// retry or a second tab on the same cart send the same key.
    pub idempotency_key: String,
    pub rates: Vec<RateView>,
    /// The signed-in shopper's recent addresses, latest first.
    pub addresses: Vec<domain::Address>,
    /// Email of the signed-in shopper (prefilled).
    pub email: String,
    /// Codes of the payment methods on offer (gateway ones only when a
    /// gateway is configured).
    pub methods: Vec<String>,
}

/// An address a signed-in shopper shipped to before.
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
    use crate::platform::ctx::{provided, state};
    service::context(&state()?, &provided()?).await
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
    expected_subtotal: Option<String>,
    marketing: Option<String>,
) -> Result<PlacedOrder, AppError> {
    use crate::platform::ctx::{state, provided, request_lang, fail};
    let lang = request_lang();
    let address = domain::Address { name, phone, province, city, district, postal_code, street };
    let address = service::AddressForm { email, address };
    let marketing = marketing.is_some_and(|m| !m.is_empty());
    let request = service::OrderForm { address, shipping, payment, idempotency_key, voucher, expected_subtotal, marketing }
        .parse()
        .map_err(|msg| fail(AppError::Invalid(lang.t(msg).into())))?;
    let placed = service::place(&state()?, &provided()?, request, lang).await?;
    leptos_axum::redirect(&format!("/orders/{}?t={}", placed.code, placed.token));
    Ok(placed)
}

#[server(prefix = "/api", endpoint = "orders/track")]
pub async fn track_order(code: String, t: String) -> Result<OrderView, AppError> {
    let state = crate::platform::ctx::state()?;
    let order = tracking::order_with_token(&state, &code, &t).await?;
    tracking::view(&state, order).await
}

/// Asks the gateway again for an order's charge when it did not answer at
/// checkout (the tracking page's retry button, a plain form), then back to
/// the tracking page.
#[server(prefix = "/api", endpoint = "orders/retry_charge")]
pub async fn retry_charge(code: String, t: String) -> Result<(), AppError> {
    use crate::platform::ctx::{provided, state, OrInternal};
    let state = state()?;
    let order = tracking::order_with_token(&state, &code, &t).await?;
    crate::payments::notify::ensure_charge(&state, &provided()?, &order).await.or_internal()?;
    leptos_axum::redirect(&format!("/orders/{}?t={}", order.code, order.access_token));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod tracking;
