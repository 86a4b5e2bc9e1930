//! Orders: the lifecycle state machine, the totals rule and the shipping
//! weight rule. Pure, so every rule is tested without a database.

use crate::Rupiah;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    /// Whether the order still holds stock that cancelling gives back.
    pub fn holds_stock(self) -> bool {
        matches!(self, OrderStatus::PendingPayment | OrderStatus::Paid)
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
