//! Cart quantities: parsed once, bounded by the per-line cap.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Most units of one variant a single cart line may hold. Protects the last
/// units of a flash sale from one basket hoarding them.
pub const MAX_PER_LINE: u32 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quantity(u32);

/// Why `wanted` more units could not join a cart line: what the shopper is
/// told, decided from the stock left and what the line already holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortfall {
    SoldOut,
    /// The stock is there, but the line would pass `MAX_PER_LINE`.
    LineCap,
    /// Only `stock` left, `in_cart` of them already in the cart.
    LeftWithCart { stock: i64, in_cart: i64 },
    /// Only `stock` left.
    Left { stock: i64 },
}

impl Shortfall {
    pub fn of(stock: i64, in_cart: i64, wanted: i64) -> Shortfall {
        if stock <= 0 {
            Shortfall::SoldOut
        } else if in_cart + wanted > i64::from(MAX_PER_LINE) && stock >= in_cart + wanted {
            Shortfall::LineCap
        } else if in_cart > 0 {
            Shortfall::LeftWithCart { stock, in_cart }
        } else {
            Shortfall::Left { stock }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    NotANumber,
    ZeroOrNegative,
    AboveLineCap,
}

impl Quantity {
    /// Parses what a shopper typed or a client sent. Leading/trailing spaces
    /// are forgiven; anything else that is not a whole number in
    /// `1..=MAX_PER_LINE` is refused.
    pub fn parse(raw: &str) -> Result<Self, QuantityError> {
        let value: i128 = raw.trim().parse().map_err(|_| QuantityError::NotANumber)?;
        Self::try_from_i128(value)
    }

    pub fn try_from_i128(value: i128) -> Result<Self, QuantityError> {
        if value <= 0 {
            Err(QuantityError::ZeroOrNegative)
        } else if value > MAX_PER_LINE as i128 {
            Err(QuantityError::AboveLineCap)
        } else {
            Ok(Quantity(value as u32))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl std::str::FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(raw: &str) -> Result<Self, QuantityError> {
        Quantity::parse(raw)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortfall_says_what_stops_the_shopper() {
        assert_eq!(Shortfall::of(0, 0, 1), Shortfall::SoldOut);
        assert_eq!(Shortfall::of(50, 8, 3), Shortfall::LineCap);
        assert_eq!(Shortfall::of(3, 2, 2), Shortfall::LeftWithCart { stock: 3, in_cart: 2 });
        assert_eq!(Shortfall::of(3, 0, 5), Shortfall::Left { stock: 3 });
    }

    #[test]
    fn zero_negative_and_absurd_quantities_are_refused() {
        assert_eq!(Quantity::parse("0"), Err(QuantityError::ZeroOrNegative));
        assert_eq!(Quantity::parse("-3"), Err(QuantityError::ZeroOrNegative));
        assert_eq!(Quantity::parse("99999999999999999999"), Err(QuantityError::AboveLineCap));
        assert_eq!(Quantity::parse("11"), Err(QuantityError::AboveLineCap));
        assert_eq!(Quantity::parse("2.5"), Err(QuantityError::NotANumber));
        assert_eq!(Quantity::parse("dua"), Err(QuantityError::NotANumber));
    }

    #[test]
    fn whole_numbers_within_the_cap_are_accepted() {
        assert_eq!(Quantity::parse(" 3 ").map(Quantity::get), Ok(3));
        assert_eq!(Quantity::parse("10").map(Quantity::get), Ok(MAX_PER_LINE));
    }
}
