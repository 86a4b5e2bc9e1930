//! The checkout's rules: a checkout form parsed into an order request (each
//! field to its type, the address against the reference data), then placed:
//! the caller's cart, one transaction for the order, its payment row and
//! its confirmation email (`db::place`), then the gateway charge.

use super::{areas, db, server_side::order_code, PlacedOrder};
use crate::{
    error::AppError,
    i18n::{Lang, Msg},
    payments::{gateway::Gateway, Method},
    platform::{ctx::*, identity::CartOwner, now_ms, random_token, AppState},
};
use domain::{order::Shipping, Email, Parsed, Phone};

/// The address fields as a form sends them.
pub struct AddressForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub postal_code: String,
    pub street: String,
}

/// A checkout form as it arrives.
pub struct OrderForm {
    pub address: AddressForm,
    pub shipping: Parsed<Shipping>,
    pub payment: Parsed<Method>,
    pub idempotency_key: String,
    pub voucher: Option<String>,
}

/// A delivery address that exists: the city and district as the reference
/// data spells them, and the province's shipping zone.
pub struct Address {
    pub name: String,
    pub email: Email,
    pub phone: Phone,
    pub province: String,
    pub zone: &'static str,
    pub city: String,
    pub district: String,
    pub postal_code: String,
    pub street: String,
}

/// A checkout form once every field is what it says.
pub struct OrderRequest {
    pub address: Address,
    pub shipping: Shipping,
    pub method: Method,
    pub idempotency_key: String,
    pub voucher: Option<String>,
}

impl AddressForm {
    /// The address, or the message that says which field is wrong (fields
    /// are checked in the order the form shows them).
    pub fn parse(self) -> Result<Address, Msg> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Msg::ErrNameRequired);
        }
        let email = Email::parse(&self.email).ok_or(Msg::ErrEmailInvalid)?;
        let phone = Phone::parse(&self.phone).ok_or(Msg::ErrPhone)?;
        let province = self.province.trim().to_string();
        let zone = areas::zone_of(&province).ok_or(Msg::ErrProvince)?;
        let street = self.street.trim().to_string();
        if street.chars().count() < 5 || street.chars().count() > 300 {
            return Err(Msg::ErrAddress);
        }
        // City and district must exist in the reference data; stored as spelled there.
        let regency = areas::reference::find_city(&province, &self.city).ok_or(Msg::ErrCity)?;
        let district = areas::reference::find_district(regency, &self.district).ok_or(Msg::ErrDistrict)?;
        let postal_code = self.postal_code.trim().to_string();
        if postal_code.len() != 5 || !postal_code.chars().all(|c| c.is_ascii_digit()) {
            return Err(Msg::ErrPostalCode);
        }
        Ok(Address {
            name,
            email,
            phone,
            province,
            zone,
            city: regency.name.to_string(),
            district: district.to_string(),
            postal_code,
            street,
        })
    }
}

impl OrderForm {
    pub fn parse(self) -> Result<OrderRequest, Msg> {
        let address = self.address.parse()?;
        let shipping = self.shipping.value().map_err(|_| Msg::ErrCourier)?.clone();
        let method = *self.payment.value().map_err(|_| Msg::ErrPayment)?;
        let voucher = self
            .voucher
            .map(|v| v.trim().to_uppercase())
            .filter(|v| !v.is_empty())
            .map(|v| v.chars().take(40).collect());
        Ok(OrderRequest { address, shipping, method, idempotency_key: self.idempotency_key, voucher })
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
    let Some((owner, cart_id)) = crate::cart::server_side::current_cart().await? else {
        return invalid(Msg::CartEmpty);
    };
    // The key is scoped to the cart, so one shopper's key never replays another's order.
    let key = request.idempotency_key.trim();
    if key.is_empty() || key.len() > 128 {
        return invalid(Msg::ErrGeneric);
    }
    let a = request.address;
    let new = db::NewOrder {
        idempotency_key: format!("{cart_id}:{key}"),
        code: order_code(),
        access_token: random_token(),
        user_id: match owner {
            CartOwner::User(id) => Some(id),
            CartOwner::Visitor(_) => None,
        },
        cart_id,
        name: a.name,
        email: a.email.into_string(),
        phone: a.phone.into_string(),
        province: a.province,
        zone: a.zone.to_string(),
        city: a.city,
        district: a.district,
        postal_code: a.postal_code,
        street: a.street,
        courier: request.shipping.courier,
        service: request.shipping.service,
        payment_method: request.method.code().to_string(),
        lang: lang.code().to_string(),
        voucher: request.voucher,
    };
    let outcome =
        db::place(&state.pool, state.engine, &new, now_ms(), state.config.payment_window_ms()).await.or_internal()?;
    use db::PlaceOutcome::*;
    let (code, access_token) = match outcome {
        Placed { code, access_token } | Replayed { code, access_token } => (code, access_token),
        EmptyCart => return invalid(Msg::CartEmpty),
        NoRate => return invalid(Msg::ErrCourier),
        NoUniqueCode => {
            tracing::warn!("no unique bank-transfer total left for this amount");
            return invalid(Msg::ErrNoUniqueTotal);
        }
        VoucherUnknown => return invalid(Msg::ErrVoucherUnknown),
        VoucherNotValidNow => return invalid(Msg::ErrVoucherNotValid),
        VoucherUsedUp => return invalid(Msg::ErrVoucherUsedUp),
        VoucherBelowMinimum(min) => {
            let text = lang.t(Msg::ErrVoucherMinimum).replace("{min}", &domain::Rupiah::new(min).to_string());
            return Err(fail(AppError::Invalid(text)));
        }
        SoldOut { name, left } => {
            let text = lang.t(Msg::ErrSoldOutAtCheckout).replace("{name}", &name).replace("{n}", &left.to_string());
            return Err(fail(AppError::Invalid(text)));
        }
    };
    if request.method.via_gateway() {
        if let Some(order) = crate::orders::db::by_code(&state.pool, &code).await.or_internal()? {
            crate::payments::notify::ensure_charge(state, gateway, &order).await.or_internal()?;
        }
    }
    Ok(PlacedOrder { code, token: access_token })
}
