//! Payment methods and the payment instructions a shopper sees: bank transfer
//! with a unique code (confirmed by staff) and the methods of a Midtrans-style
//! gateway (virtual accounts, QRIS, e-wallets, convenience stores).

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod gateway;
#[cfg(feature = "ssr")]
pub mod notify;

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

impl std::str::FromStr for Method {
    type Err = ();

    fn from_str(code: &str) -> Result<Self, ()> {
        Method::parse(code.trim()).ok_or(())
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Every way to pay, by the code stored on the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    BankTransfer,
    VaBca,
    VaBni,
    VaBri,
    VaMandiri,
    VaPermata,
    Qris,
    Gopay,
    Shopeepay,
    Alfamart,
    Indomaret,
}

impl Method {
    pub const ALL: [Method; 11] = [
        Method::BankTransfer,
        Method::VaBca,
        Method::VaBni,
        Method::VaBri,
        Method::VaMandiri,
        Method::VaPermata,
        Method::Qris,
        Method::Gopay,
        Method::Shopeepay,
        Method::Alfamart,
        Method::Indomaret,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Method::BankTransfer => "bank_transfer",
            Method::VaBca => "va_bca",
            Method::VaBni => "va_bni",
            Method::VaBri => "va_bri",
            Method::VaMandiri => "va_mandiri",
            Method::VaPermata => "va_permata",
            Method::Qris => "qris",
            Method::Gopay => "gopay",
            Method::Shopeepay => "shopeepay",
            Method::Alfamart => "alfamart",
            Method::Indomaret => "indomaret",
        }
    }

    pub fn parse(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Brand names, the same in both languages.
    pub fn brand(self) -> &'static str {
        match self {
            Method::BankTransfer => "Transfer bank",
            Method::VaBca => "BCA Virtual Account",
            Method::VaBni => "BNI Virtual Account",
            Method::VaBri => "BRI Virtual Account",
            Method::VaMandiri => "Mandiri Bill Payment",
            Method::VaPermata => "Permata Virtual Account",
            Method::Qris => "QRIS",
            Method::Gopay => "GoPay",
            Method::Shopeepay => "ShopeePay",
            Method::Alfamart => "Alfamart",
            Method::Indomaret => "Indomaret",
        }
    }

    /// The checkout groups methods under these headings.
    pub fn group(self) -> Msg {
        match self {
            Method::BankTransfer => Msg::PayManual,
            Method::VaBca | Method::VaBni | Method::VaBri | Method::VaMandiri | Method::VaPermata => {
                Msg::PayVirtualAccount
            }
            Method::Qris | Method::Gopay | Method::Shopeepay => Msg::PayWallet,
            Method::Alfamart | Method::Indomaret => Msg::PayStore,
        }
    }

    /// Paid through the gateway (everything but the manual bank transfer).
    pub fn via_gateway(self) -> bool {
        self != Method::BankTransfer
    }
}

/// What the tracking page shows for a gateway payment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub method: String,
    pub brand: String,
    /// pending, settlement, expire, cancel, deny, or uncharged (no answer yet).
    pub status: String,
    /// VA number, Mandiri bill key or store payment code.
    pub pay_code: Option<String>,
    pub biller_code: Option<String>,
    /// The QRIS code drawn as SVG on the server (only modules, no text).
    pub qr_svg: Option<String>,
    /// The gateway's QR image (GoPay), when it gives no QR string.
    pub qr_url: Option<String>,
    pub deeplink: Option<String>,
    /// The sandbox's pay page, when the store runs against the sandbox.
    pub simulator_url: Option<String>,
}
