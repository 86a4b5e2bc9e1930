//! Money: integer rupiah in storage, `rust_decimal` in arithmetic, one rounding rule.

use rust_decimal::{prelude::ToPrimitive, Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of Indonesian rupiah. The rupiah has no minor unit in practice,
/// so amounts are whole numbers; arithmetic that can produce fractions goes
/// through [`Rupiah::from_decimal`], the single rounding rule of the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rupiah(i64);

impl Rupiah {
    pub const ZERO: Rupiah = Rupiah(0);

    pub const fn new(amount: i64) -> Self {
        Rupiah(amount)
    }

    pub const fn amount(self) -> i64 {
        self.0
    }

    /// The one rounding rule: half away from zero, to whole rupiah.
    /// Saturates instead of wrapping on absurd values.
    pub fn from_decimal(value: Decimal) -> Self {
        let rounded = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        Rupiah(rounded.to_i64().unwrap_or(if rounded.is_sign_negative() { i64::MIN } else { i64::MAX }))
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::from(self.0)
    }

    /// Price of `quantity` units.
    pub fn times(self, quantity: u32) -> Self {
        Self::from_decimal(self.to_decimal() * Decimal::from(quantity))
    }

    pub fn sum<I: IntoIterator<Item = Rupiah>>(items: I) -> Self {
        Self::from_decimal(items.into_iter().map(Rupiah::to_decimal).sum())
    }
}

/// Formats as Indonesians write prices: `Rp 1.250.000`.
impl fmt::Display for Rupiah {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(ch);
        }
        if self.0 < 0 {
            write!(f, "-Rp {grouped}")
        } else {
            write!(f, "Rp {grouped}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_written_with_dots_between_thousands() {
        assert_eq!(Rupiah::new(1_250_000).to_string(), "Rp 1.250.000");
        assert_eq!(Rupiah::new(99_000).to_string(), "Rp 99.000");
        assert_eq!(Rupiah::new(500).to_string(), "Rp 500");
        assert_eq!(Rupiah::new(0).to_string(), "Rp 0");
        assert_eq!(Rupiah::new(-15_000).to_string(), "-Rp 15.000");
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(Rupiah::from_decimal(Decimal::new(25, 1)), Rupiah::new(3));
        assert_eq!(Rupiah::from_decimal(Decimal::new(24, 1)), Rupiah::new(2));
        assert_eq!(Rupiah::from_decimal(Decimal::new(-25, 1)), Rupiah::new(-3));
    }

    #[test]
    fn line_totals_multiply_exactly() {
        assert_eq!(Rupiah::new(189_000).times(3), Rupiah::new(567_000));
        assert_eq!(Rupiah::sum([Rupiah::new(1), Rupiah::new(2)]), Rupiah::new(3));
    }
}
