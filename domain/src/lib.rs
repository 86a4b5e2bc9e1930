//! Pure domain rules of Etalase, shared by the server and the browser: money,
//! cart quantities, contacts, orders, payments, vouchers, promo banners, flash sales, chat and typo-tolerant search
//! matching. No I/O lives here.

pub mod address;
pub mod banner;
pub mod campaign;
pub mod chat;
pub mod contact;
pub mod field;
pub mod money;
pub mod order;
pub mod payment;
pub mod quantity;
pub mod sale;
pub mod statement;
pub mod search;
pub mod voucher;
pub mod voucher_form;

pub use address::{Address, PostalCode};
pub use contact::{Email, Phone};
pub use field::Parsed;
pub use money::Rupiah;
pub use quantity::{Quantity, QuantityError, Shortfall, MAX_PER_LINE};
