//! `Parsed<T>`: a form field parsed into its type where it arrives. What is
//! not a `T` is kept with the reason, so a server function can answer with
//! the exact, translated message (422) rather than a bare "bad request".

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::{fmt, str::FromStr};

pub struct Parsed<T: FromStr> {
    raw: String,
    value: Result<T, T::Err>,
}

impl<T: FromStr> Parsed<T> {
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let value = raw.parse();
        Parsed { raw, value }
    }

    pub fn value(&self) -> Result<&T, &T::Err> {
        self.value.as_ref()
    }

    pub fn raw(&self) -> &str {
        &self.raw
    }
}

impl<T: FromStr + fmt::Display> From<T> for Parsed<T> {
    fn from(value: T) -> Self {
        Parsed { raw: value.to_string(), value: Ok(value) }
    }
}

impl<T: FromStr> Clone for Parsed<T> {
    fn clone(&self) -> Self {
        Parsed::new(self.raw.clone())
    }
}

impl<T: FromStr> fmt::Debug for Parsed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parsed({:?}, {})", self.raw, if self.value.is_ok() { "valid" } else { "invalid" })
    }
}

impl<T: FromStr> PartialEq for Parsed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<T: FromStr> Serialize for Parsed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de, T: FromStr> Deserialize<'de> for Parsed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Parsed::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Quantity, QuantityError};

    #[test]
    fn a_field_keeps_why_it_is_not_its_type() {
        let q: Parsed<Quantity> = serde_json::from_str("\"-2\"").unwrap();
        assert_eq!(q.value().err(), Some(&QuantityError::ZeroOrNegative));
        assert_eq!(q.raw(), "-2");
        let q: Parsed<Quantity> = serde_json::from_str("\"3\"").unwrap();
        assert_eq!(q.value().map(|q| q.get()), Ok(3));
        assert_eq!(serde_json::to_string(&q).unwrap(), "\"3\"");
    }
}
