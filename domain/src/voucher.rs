//! Vouchers: how a code turns into a discount. Validity windows and usage
//! limits are checked where the voucher is stored; this is the arithmetic.

use crate::Rupiah;
use rust_decimal::Decimal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoucherKind {
    /// Percent off the subtotal (1–100), optionally capped.
    Percent(u32),
    /// A fixed amount off the subtotal.
    Fixed(Rupiah),
    /// The shipping cost, up to the cap when one is set.
    FreeShipping,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Voucher {
    pub kind: VoucherKind,
    pub min_spend: Rupiah,
    pub cap: Option<Rupiah>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoucherError {
    BelowMinimumSpend(Rupiah),
}

impl Voucher {
    /// The discount on an order with this subtotal and shipping cost; never
    /// more than what it applies to, never negative.
    pub fn discount(&self, subtotal: Rupiah, shipping: Rupiah) -> Result<Rupiah, VoucherError> {
        if subtotal < self.min_spend {
            return Err(VoucherError::BelowMinimumSpend(self.min_spend));
        }
        let raw = match self.kind {
            VoucherKind::Percent(p) => {
                Rupiah::from_decimal(subtotal.to_decimal() * Decimal::from(p.min(100)) / Decimal::from(100))
            }
            VoucherKind::Fixed(amount) => amount.min(subtotal),
            VoucherKind::FreeShipping => shipping,
        };
        let capped = match self.cap {
            Some(cap) => raw.min(cap),
            None => raw,
        };
        Ok(capped.max(Rupiah::ZERO))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rp(n: i64) -> Rupiah {
        Rupiah::new(n)
    }

    #[test]
    fn percent_vouchers_respect_their_cap() {
        let v = Voucher { kind: VoucherKind::Percent(10), min_spend: rp(100_000), cap: Some(rp(25_000)) };
        assert_eq!(v.discount(rp(200_000), rp(11_000)), Ok(rp(20_000)));
        assert_eq!(v.discount(rp(500_000), rp(11_000)), Ok(rp(25_000)));
    }

    #[test]
    fn voucher_below_minimum_spend_is_rejected() {
        let v = Voucher { kind: VoucherKind::Fixed(rp(50_000)), min_spend: rp(300_000), cap: None };
        assert_eq!(v.discount(rp(299_999), rp(0)), Err(VoucherError::BelowMinimumSpend(rp(300_000))));
    }

    #[test]
    fn a_fixed_voucher_never_exceeds_the_subtotal_and_free_shipping_covers_shipping() {
        let fixed = Voucher { kind: VoucherKind::Fixed(rp(500_000)), min_spend: rp(0), cap: None };
        assert_eq!(fixed.discount(rp(99_000), rp(11_000)), Ok(rp(99_000)));
        let ship = Voucher { kind: VoucherKind::FreeShipping, min_spend: rp(0), cap: Some(rp(15_000)) };
        assert_eq!(ship.discount(rp(99_000), rp(19_000)), Ok(rp(15_000)));
    }
}
