//! What a payment gateway's status does to an order: a pure decision, so
//! the notification endpoint only verifies, records and carries it out.

use crate::order::OrderStatus;

/// What a gateway's transaction status says about the money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayStatus {
    /// Settled (or captured and accepted by the fraud check).
    Paid,
    /// Expired, cancelled, denied or failed: no money will come.
    Failed,
    /// Anything else (pending, a challenged capture, a refund): recorded only.
    Other,
}

impl GatewayStatus {
    /// Midtrans' `transaction_status` with its `fraud_status`.
    pub fn of_midtrans(transaction_status: &str, fraud_status: &str) -> GatewayStatus {
        match transaction_status {
            "settlement" | "capture" if matches!(fraud_status, "" | "accept") => GatewayStatus::Paid,
            "expire" | "cancel" | "deny" | "failure" => GatewayStatus::Failed,
            _ => GatewayStatus::Other,
        }
    }

    /// Whether a notification with this `transaction_status` could pay or
    /// cancel an order, and so must be confirmed with the gateway first.
    pub fn could_move_an_order(transaction_status: &str) -> bool {
        matches!(transaction_status, "settlement" | "capture" | "expire" | "cancel" | "deny" | "failure")
    }
}

/// What a verified notification does to its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentDecision {
    /// Move the order to this status.
    Move(OrderStatus),
    /// Record it; the order has nothing to do.
    Noted,
    /// The amount is not the order's total: it pays nothing.
    AmountMismatch,
    /// Money arrived for an order the store already cancelled: staff refund it.
    PaidAfterCancel,
    /// A failure after the order was paid: an order never moves back.
    NotBackwards,
}

/// The decision for an order in status `order` when the gateway says
/// `status` for `amount_is_total` (the notification's amount is exactly the
/// order's total).
pub fn decide(order: OrderStatus, status: GatewayStatus, amount_is_total: bool) -> PaymentDecision {
    use GatewayStatus as G;
    use OrderStatus as O;
    if !amount_is_total {
        return PaymentDecision::AmountMismatch;
    }
    match (status, order) {
        (G::Paid, O::PendingPayment) => PaymentDecision::Move(O::Paid),
        (G::Paid, O::Cancelled) => PaymentDecision::PaidAfterCancel,
        (G::Failed, O::PendingPayment) => PaymentDecision::Move(O::Cancelled),
        (G::Failed, O::Cancelled) | (G::Paid, _) | (G::Other, _) => PaymentDecision::Noted,
        (G::Failed, _) => PaymentDecision::NotBackwards,
    }
}

/// Transfer codes run from 1 to this (three digits, as Indonesian shoppers
/// know them): what tells one bank transfer apart on the statement is its
/// total, the order's amount plus its code.
pub const MAX_TRANSFER_CODE: i64 = 999;

/// A transfer code in 1..=`MAX_TRANSFER_CODE` not in `used`, spread by a
/// random seed (the order's token) so consecutive orders do not get
/// consecutive codes and two concurrent checkouts rarely try the same one.
/// None: every code is taken.
pub fn pick_transfer_code(used: &[i64], seed: &str) -> Option<i64> {
    let used: std::collections::HashSet<i64> = used.iter().copied().collect();
    let n = MAX_TRANSFER_CODE as u64;
    let start = seed.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))) % n;
    (0..n).map(|i| ((start + i) % n) as i64 + 1).find(|c| !used.contains(c))
}

/// A gateway's `gross_amount` (`"289000.00"`) in whole rupiah; None for a
/// fraction, a negative or anything not a number.
pub fn whole_rupiah(gross_amount: &str) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let amount: rust_decimal::Decimal = gross_amount.trim().parse().ok()?;
    if !amount.fract().is_zero() || amount.is_sign_negative() {
        return None;
    }
    amount.to_i64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus as O;

    #[test]
    fn a_settlement_pays_a_pending_order_once_and_never_a_wrong_amount() {
        let paid = GatewayStatus::of_midtrans("settlement", "");
        assert_eq!(decide(O::PendingPayment, paid, true), PaymentDecision::Move(O::Paid));
        assert_eq!(decide(O::PendingPayment, paid, false), PaymentDecision::AmountMismatch);
        assert_eq!(decide(O::Paid, paid, true), PaymentDecision::Noted);
        assert_eq!(decide(O::Cancelled, paid, true), PaymentDecision::PaidAfterCancel);
    }

    #[test]
    fn a_failure_cancels_only_what_is_unpaid() {
        let failed = GatewayStatus::of_midtrans("expire", "");
        assert_eq!(decide(O::PendingPayment, failed, true), PaymentDecision::Move(O::Cancelled));
        assert_eq!(decide(O::Cancelled, failed, true), PaymentDecision::Noted);
        assert_eq!(decide(O::Paid, failed, true), PaymentDecision::NotBackwards);
        assert_eq!(decide(O::Shipped, failed, true), PaymentDecision::NotBackwards);
    }

    #[test]
    fn a_challenged_capture_or_a_pending_moves_nothing() {
        assert_eq!(GatewayStatus::of_midtrans("capture", "challenge"), GatewayStatus::Other);
        assert_eq!(GatewayStatus::of_midtrans("capture", "accept"), GatewayStatus::Paid);
        let pending = GatewayStatus::of_midtrans("pending", "");
        assert_eq!(decide(O::PendingPayment, pending, true), PaymentDecision::Noted);
        assert!(!GatewayStatus::could_move_an_order("pending"));
        assert!(GatewayStatus::could_move_an_order("deny"));
    }

    #[test]
    fn a_transfer_code_is_one_not_taken_until_none_is_left() {
        let code = pick_transfer_code(&[], "seed").unwrap();
        assert!((1..=MAX_TRANSFER_CODE).contains(&code));
        let all_but_7: Vec<i64> = (1..=MAX_TRANSFER_CODE).filter(|c| *c != 7).collect();
        assert_eq!(pick_transfer_code(&all_but_7, "seed"), Some(7));
        let all: Vec<i64> = (1..=MAX_TRANSFER_CODE).collect();
        assert_eq!(pick_transfer_code(&all, "seed"), None);
    }

    #[test]
    fn gross_amounts_must_be_whole_rupiah() {
        assert_eq!(whole_rupiah("289000.00"), Some(289_000));
        assert_eq!(whole_rupiah("289000"), Some(289_000));
        assert_eq!(whole_rupiah("289000.50"), None);
        assert_eq!(whole_rupiah("-5.00"), None);
        assert_eq!(whole_rupiah("abc"), None);
    }
}
