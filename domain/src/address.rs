//! A delivery address in Indonesia: who receives, their phone, and where
//! (province, city or regency, district, five-digit postal code, street).
//! One type for the checkout form's answer, the saved addresses and the
//! order's copy.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub name: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub postal_code: String,
    pub street: String,
}

impl Address {
    /// As a courier label reads it: "street, district, city, province 40111".
    pub fn one_line(&self) -> String {
        format!("{}, {}, {}, {} {}", self.street, self.district, self.city, self.province, self.postal_code)
    }
}

/// A postal code: five digits (spaces around forgiven).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(raw: &str) -> Option<PostalCode> {
        let code = raw.trim();
        (code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())).then(|| PostalCode(code.to_string()))
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postal_code_is_five_digits() {
        assert_eq!(PostalCode::parse(" 40111 ").map(PostalCode::into_string).as_deref(), Some("40111"));
        for wrong in ["4011", "401112", "4011a", ""] {
            assert_eq!(PostalCode::parse(wrong), None, "{wrong:?}");
        }
    }

    #[test]
    fn an_address_reads_as_one_line() {
        let a = Address {
            street: "Jl. Braga 12".into(),
            district: "Sumur Bandung".into(),
            city: "Kota Bandung".into(),
            province: "Jawa Barat".into(),
            postal_code: "40111".into(),
            ..Address::default()
        };
        assert_eq!(a.one_line(), "Jl. Braga 12, Sumur Bandung, Kota Bandung, Jawa Barat 40111");
    }
}
