//! Flash sales: campaigns with a window and, per variant, a sale price and
//! a cap of units sold at that price, counted apart from stock (the rules
//! are `domain::sale`). `db.rs` reads offers and claims and gives back cap
//! units in the caller's transaction; `board.rs` keeps the running and
//! coming campaigns in memory for pages, a second old at most. The studio
//! creates campaigns; the cart and the checkout price lines through here.

#[cfg(feature = "ssr")]
pub mod board;
#[cfg(feature = "ssr")]
pub mod db;

use serde::{Deserialize, Serialize};

pub use crate::model::SaleNotice;

/// A variant's sale as its product page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantSale {
    pub variant_id: i64,
    pub sale_price: i64,
    pub normal_price: i64,
    /// Units left at the sale price.
    pub left: i64,
}
