//! Orders: the lifecycle state machine, the totals rule and the shipping
//! weight rule. Pure, so every rule is tested without a database.

use crate::Rupiah;
use serde::{Deserialize, Serialize};

/// Where an order stands. On the wire and in the database it is its code
/// (`pending_payment`, `paid`, …); anything else is refused, never guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Packed,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
}

/// Who moved an order: recorded on every timeline event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Shopper,
    Staff,
    Gateway,
    System,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: OrderStatus,
    pub to: OrderStatus,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Packed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Packed => "packed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<OrderStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether `actor` may move an order from `self` to `to`. Orders only move
    /// forward; cancelling is possible until the parcel is packed, and only
    /// staff or the system (expiry) cancel a paid order.
    pub fn may_move(self, to: OrderStatus, actor: Actor) -> bool {
        use Actor::*;
        use OrderStatus::*;
        match (self, to) {
            (PendingPayment, Paid) => matches!(actor, Staff | Gateway),
            (PendingPayment, Cancelled) => true,
            (Paid, Packed) | (Packed, Shipped) | (Shipped, Delivered) => actor == Staff,
            (Paid, Cancelled) => matches!(actor, Staff | System),
            (Delivered, Completed) => matches!(actor, Staff | System | Shopper),
            _ => false,
        }
    }

    pub fn move_to(self, to: OrderStatus, actor: Actor) -> Result<OrderStatus, IllegalTransition> {
        if self.may_move(to, actor) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// The statuses `actor` may move an order to from here, forward first,
    /// cancelling last: what a screen offers as buttons.
    pub fn next_moves(self, actor: Actor) -> Vec<OrderStatus> {
        Self::ALL.into_iter().filter(|to| self.may_move(*to, actor)).collect()
    }

    /// Whether the order is still moving (neither completed nor cancelled).
    pub fn is_open(self) -> bool {
        !matches!(self, OrderStatus::Completed | OrderStatus::Cancelled)
    }

    /// Whether the order still holds stock that cancelling gives back.
    pub fn holds_stock(self) -> bool {
        matches!(self, OrderStatus::PendingPayment | OrderStatus::Paid)
    }
}

/// A shipping choice: a courier and one of its services (`JNE|REG` in a
/// form). Whether the pair exists, and its price, is the server's to say.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shipping {
    pub courier: String,
    pub service: String,
}

impl std::str::FromStr for Shipping {
    type Err = ();

    fn from_str(raw: &str) -> Result<Self, ()> {
        let (courier, service) = raw.trim().split_once('|').ok_or(())?;
        let part = |p: &str| {
            let p = p.trim();
            (!p.is_empty() && p.len() <= 40 && !p.chars().any(char::is_control)).then(|| p.to_string())
        };
        Ok(Shipping { courier: part(courier).ok_or(())?, service: part(service).ok_or(())? })
    }
}

impl std::fmt::Display for Shipping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}|{}", self.courier, self.service)
    }
}

/// A courier's waybill number (AWB): 6 to 40 letters and digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Awb(String);

impl Awb {
    pub fn parse(raw: &str) -> Option<Awb> {
        let awb = raw.trim();
        ((6..=40).contains(&awb.len()) && awb.chars().all(|c| c.is_ascii_alphanumeric())).then(|| Awb(awb.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The amounts of an order. `total = subtotal - discount + shipping + unique_code`,
/// with the discount never above the subtotal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal: Rupiah,
    pub discount: Rupiah,
    pub shipping: Rupiah,
    /// The bank-transfer code added so a statement line names the order.
    pub unique_code: Rupiah,
    pub total: Rupiah,
}

impl Totals {
    pub fn compute(lines: &[(Rupiah, u32)], discount: Rupiah, shipping: Rupiah, unique_code: Rupiah) -> Totals {
        let subtotal = Rupiah::sum(lines.iter().map(|(price, qty)| price.times(*qty)));
        let discount = discount.clamp(Rupiah::ZERO, subtotal);
        let total = Rupiah::from_decimal(
            subtotal.to_decimal() - discount.to_decimal() + shipping.to_decimal() + unique_code.to_decimal(),
        );
        Totals { subtotal, discount, shipping, unique_code, total }
    }
}

/// Who a per-customer limit (a voucher's, a flash sale's) counts: the
/// account, else the email as typed in any case.
pub fn customer_key(user_id: Option<i64>, email: &str) -> String {
    match user_id {
        Some(id) => format!("user:{id}"),
        None => format!("email:{}", email.trim().to_lowercase()),
    }
}

/// Couriers charge the larger of actual and volumetric weight (L×W×H cm / 6000
/// kg), rounded up to whole kilograms, at least one.
pub fn chargeable_kg(actual_grams: u32, volume_cm3: u64) -> u32 {
    let volumetric_grams = volume_cm3.saturating_mul(1000) / 6000;
    let grams = (actual_grams as u64).max(volumetric_grams);
    grams.div_ceil(1000).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_order_moves_forward_to_completion() {
        let s = OrderStatus::PendingPayment;
        let s = s.move_to(OrderStatus::Paid, Actor::Gateway).unwrap();
        let s = s.move_to(OrderStatus::Packed, Actor::Staff).unwrap();
        let s = s.move_to(OrderStatus::Shipped, Actor::Staff).unwrap();
        let s = s.move_to(OrderStatus::Delivered, Actor::Staff).unwrap();
        assert_eq!(s.move_to(OrderStatus::Completed, Actor::System), Ok(OrderStatus::Completed));
    }

    #[test]
    fn a_late_pending_never_moves_a_paid_order_back() {
        assert!(OrderStatus::Paid.move_to(OrderStatus::PendingPayment, Actor::Gateway).is_err());
        assert!(OrderStatus::Shipped.move_to(OrderStatus::Cancelled, Actor::Staff).is_err());
        assert!(OrderStatus::PendingPayment.move_to(OrderStatus::Paid, Actor::Shopper).is_err());
    }

    #[test]
    fn staff_are_offered_exactly_the_moves_they_may_make() {
        use OrderStatus::*;
        assert_eq!(PendingPayment.next_moves(Actor::Staff), vec![Paid, Cancelled]);
        assert_eq!(Paid.next_moves(Actor::Staff), vec![Packed, Cancelled]);
        assert_eq!(Packed.next_moves(Actor::Staff), vec![Shipped]);
        assert_eq!(Completed.next_moves(Actor::Staff), vec![]);
        assert_eq!(PendingPayment.next_moves(Actor::Shopper), vec![Cancelled]);
        for from in OrderStatus::ALL {
            for to in from.next_moves(Actor::Staff) {
                assert!(from.move_to(to, Actor::Staff).is_ok());
            }
        }
    }

    #[test]
    fn a_shipping_choice_is_a_courier_and_a_service() {
        let s: Shipping = "JNE|REG".parse().unwrap();
        assert_eq!((s.courier.as_str(), s.service.as_str()), ("JNE", "REG"));
        assert_eq!(s.to_string(), "JNE|REG");
        assert!("JNE".parse::<Shipping>().is_err());
        assert!("JNE|".parse::<Shipping>().is_err());
        assert_eq!("J&T|EZ".parse::<Shipping>().map(|s| s.courier), Ok("J&T".to_string()));
        assert!(" |REG".parse::<Shipping>().is_err());
    }

    #[test]
    fn a_waybill_is_letters_and_digits() {
        assert_eq!(Awb::parse(" JNE0012345 ").map(|a| a.as_str().to_string()).as_deref(), Some("JNE0012345"));
        assert_eq!(Awb::parse("12345"), None);
        assert_eq!(Awb::parse("JNE 0012345"), None);
        assert_eq!(Awb::parse(&"9".repeat(41)), None);
    }

    #[test]
    fn a_status_travels_as_its_code() {
        for s in OrderStatus::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.code()));
            assert_eq!(serde_json::from_str::<OrderStatus>(&json).unwrap(), s);
        }
        assert!(serde_json::from_str::<OrderStatus>("\"lost\"").is_err());
    }

    #[test]
    fn volumetric_weight_counts_when_the_parcel_is_bulky() {
        assert_eq!(chargeable_kg(300, 10 * 10 * 10), 1);
        assert_eq!(chargeable_kg(1200, 0), 2);
        assert_eq!(chargeable_kg(500, 40 * 30 * 20), 4);
    }

    fn status() -> impl Strategy<Value = OrderStatus> {
        proptest::sample::select(OrderStatus::ALL.to_vec())
    }

    fn actor() -> impl Strategy<Value = Actor> {
        proptest::sample::select(vec![Actor::Shopper, Actor::Staff, Actor::Gateway, Actor::System])
    }

    proptest! {
        #[test]
        fn totals_always_equal_lines_minus_discount_plus_shipping(
            lines in proptest::collection::vec((0i64..5_000_000, 1u32..=10), 0..8),
            discount in 0i64..10_000_000,
            shipping in 0i64..500_000,
            code in 0i64..1000,
        ) {
            let lines: Vec<(Rupiah, u32)> = lines.into_iter().map(|(p, q)| (Rupiah::new(p), q)).collect();
            let t = Totals::compute(&lines, Rupiah::new(discount), Rupiah::new(shipping), Rupiah::new(code));
            let subtotal: i64 = lines.iter().map(|(p, q)| p.amount() * *q as i64).sum();
            prop_assert_eq!(t.subtotal.amount(), subtotal);
            prop_assert_eq!(t.total.amount(), subtotal - discount.min(subtotal) + shipping + code);
            prop_assert!(t.total.amount() >= 0);
        }

        #[test]
        fn random_event_sequences_only_make_legal_moves(events in proptest::collection::vec((status(), actor()), 0..40)) {
            let mut current = OrderStatus::PendingPayment;
            let mut cancelled_after_packing = false;
            for (to, who) in events {
                match current.move_to(to, who) {
                    Ok(next) => {
                        prop_assert!(current.may_move(next, who));
                        if next == OrderStatus::Cancelled && !current.holds_stock() {
                            cancelled_after_packing = true;
                        }
                        current = next;
                    }
                    Err(e) => prop_assert_eq!(e.from, current),
                }
            }
            prop_assert!(!cancelled_after_packing);
        }
    }
}
