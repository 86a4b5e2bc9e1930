//! Vouchers: whether a code applies now and how it turns into a discount.
//! The usage limit is claimed where the voucher is stored (one conditional
//! statement); everything else about a voucher is decided here.

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

impl VoucherKind {
    /// The kind as stored (`percent`, `fixed`, `free_shipping`) with its
    /// value; None for a kind this code does not know (never a default).
    pub fn from_stored(kind: &str, value: i64) -> Option<VoucherKind> {
        match kind {
            "percent" => Some(VoucherKind::Percent(value.clamp(0, 100) as u32)),
            "fixed" => Some(VoucherKind::Fixed(Rupiah::new(value))),
            "free_shipping" => Some(VoucherKind::FreeShipping),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Voucher {
    pub kind: VoucherKind,
    pub min_spend: Rupiah,
    pub cap: Option<Rupiah>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoucherError {
    /// Before its window: it applies from this instant (UTC epoch ms).
    NotStarted(i64),
    /// Its window has ended.
    Expired,
    BelowMinimumSpend(Rupiah),
    /// It counts only one category's products and the order has none.
    NotInCategory,
}

/// A voucher with its validity window `[starts_at, ends_at)`, UTC epoch
/// ms, and the category it is limited to, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoucherTerms {
    pub voucher: Voucher,
    pub starts_at: i64,
    pub ends_at: i64,
    pub category: Option<i64>,
}

impl VoucherTerms {
    /// The discount at instant `now` on an order of `lines` (each line's
    /// category and total) and `shipping`, or why the voucher does not
    /// apply. A voucher limited to a category counts only its lines, for
    /// the minimum spend too.
    pub fn discount_at(&self, now: i64, lines: &[(i64, Rupiah)], shipping: Rupiah) -> Result<Rupiah, VoucherError> {
        if now < self.starts_at {
            return Err(VoucherError::NotStarted(self.starts_at));
        }
        if now >= self.ends_at {
            return Err(VoucherError::Expired);
        }
        let counted = lines.iter().filter(|(category, _)| self.category.is_none_or(|c| c == *category));
        if self.category.is_some() && counted.clone().next().is_none() {
            return Err(VoucherError::NotInCategory);
        }
        self.voucher.discount(Rupiah::sum(counted.map(|(_, total)| *total)), shipping)
    }
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
    fn a_voucher_applies_from_its_start_until_just_before_its_end() {
        let voucher = Voucher { kind: VoucherKind::Fixed(rp(10_000)), min_spend: rp(0), cap: None };
        let terms = VoucherTerms { voucher, starts_at: 1_000, ends_at: 2_000, category: None };
        let order = [(1, rp(50_000))];
        assert_eq!(terms.discount_at(999, &order, rp(0)), Err(VoucherError::NotStarted(1_000)));
        assert_eq!(terms.discount_at(1_000, &order, rp(0)), Ok(rp(10_000)));
        assert_eq!(terms.discount_at(1_999, &order, rp(0)), Ok(rp(10_000)));
        assert_eq!(terms.discount_at(2_000, &order, rp(0)), Err(VoucherError::Expired));
    }

    #[test]
    fn a_category_voucher_counts_only_its_categorys_lines() {
        let voucher = Voucher { kind: VoucherKind::Percent(20), min_spend: rp(100_000), cap: None };
        let terms = VoucherTerms { voucher, starts_at: 0, ends_at: 10, category: Some(3) };
        assert_eq!(terms.discount_at(5, &[(1, rp(500_000))], rp(0)), Err(VoucherError::NotInCategory));
        assert_eq!(terms.discount_at(5, &[(1, rp(500_000)), (3, rp(200_000))], rp(0)), Ok(rp(40_000)));
        assert_eq!(
            terms.discount_at(5, &[(1, rp(500_000)), (3, rp(90_000))], rp(0)),
            Err(VoucherError::BelowMinimumSpend(rp(100_000))),
            "the minimum spend counts the category's lines only"
        );
    }

    #[test]
    fn an_unknown_stored_kind_is_no_voucher_not_free_shipping() {
        assert_eq!(VoucherKind::from_stored("percent", 150), Some(VoucherKind::Percent(100)));
        assert_eq!(VoucherKind::from_stored("free_shipping", 0), Some(VoucherKind::FreeShipping));
        assert_eq!(VoucherKind::from_stored("bogo", 1), None);
    }

    #[test]
    fn a_fixed_voucher_never_exceeds_the_subtotal_and_free_shipping_covers_shipping() {
        let fixed = Voucher { kind: VoucherKind::Fixed(rp(500_000)), min_spend: rp(0), cap: None };
        assert_eq!(fixed.discount(rp(99_000), rp(11_000)), Ok(rp(99_000)));
        let ship = Voucher { kind: VoucherKind::FreeShipping, min_spend: rp(0), cap: Some(rp(15_000)) };
        assert_eq!(ship.discount(rp(99_000), rp(19_000)), Ok(rp(15_000)));
    }
}
