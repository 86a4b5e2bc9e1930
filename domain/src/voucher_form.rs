//! A voucher as the studio's form sends it, checked into what may be
//! saved: one code as typed, or a batch of single-use codes to generate.

use crate::banner::parse_wib;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoucherForm {
    /// The code as typed; empty when a batch is generated.
    pub code: String,
    /// How many single-use codes to generate (empty or 0: one code as typed).
    pub batch_count: String,
    /// The generated codes' prefix (`HARBOLNAS` makes `HARBOLNAS-7KQ2M9XA`).
    pub batch_prefix: String,
    /// `percent`, `fixed` or `free_shipping`.
    pub kind: String,
    /// Percent (1–100) or rupiah; ignored for free shipping.
    pub value: String,
    pub min_spend: String,
    /// The most a discount may be (empty: no maximum).
    pub cap: String,
    /// Uses in all (empty or 0: no limit).
    pub usage_limit: String,
    /// Uses per customer (empty or 0: no limit).
    pub per_customer_limit: String,
    pub starts_at: String,
    pub ends_at: String,
    /// A category's slug: the discount then counts only its products.
    pub category: String,
}

/// What the codes of a saved form are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Codes {
    One(String),
    Batch { prefix: String, count: u32 },
}

/// A voucher form that passed every check but the catalog's (its category).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoucherDraft {
    pub codes: Codes,
    pub kind: &'static str,
    pub value: i64,
    pub min_spend: i64,
    pub cap: Option<i64>,
    pub usage_limit: i64,
    pub per_customer_limit: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub category: Option<String>,
}

/// Which field is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoucherFormError {
    Code,
    BatchCount,
    Kind,
    Value,
    Amount,
    Limit,
    Time,
    Window,
}

/// The most codes one batch may generate.
pub const MAX_BATCH: u32 = 5_000;

/// A code: 3–40 of `A–Z`, `0–9` and `-`, upper-cased.
pub fn checked_code(code: &str) -> Option<String> {
    let code = code.trim().to_uppercase();
    let ok = (3..=40).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(code)
}

fn amount(raw: &str) -> Option<i64> {
    let raw = raw.trim().trim_start_matches("Rp").trim().replace('.', "");
    if raw.is_empty() {
        return Some(0);
    }
    raw.parse::<i64>().ok().filter(|n| (0..=1_000_000_000).contains(n))
}

fn count(raw: &str, max: i64) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(0);
    }
    raw.parse::<i64>().ok().filter(|n| (0..=max).contains(n))
}

impl VoucherForm {
    pub fn check(&self) -> Result<VoucherDraft, VoucherFormError> {
        use VoucherFormError as E;
        let batch = count(&self.batch_count, i64::from(MAX_BATCH)).ok_or(E::BatchCount)? as u32;
        let codes = if batch > 0 {
            let prefix = checked_code(&self.batch_prefix).filter(|p| p.len() <= 20).ok_or(E::Code)?;
            Codes::Batch { prefix, count: batch }
        } else {
            Codes::One(checked_code(&self.code).ok_or(E::Code)?)
        };
        let kind = match self.kind.trim() {
            "percent" => "percent",
            "fixed" => "fixed",
            "free_shipping" => "free_shipping",
            _ => return Err(E::Kind),
        };
        let value = match kind {
            "percent" => self.value.trim().parse::<i64>().ok().filter(|p| (1..=100).contains(p)).ok_or(E::Value)?,
            "fixed" => amount(&self.value).filter(|v| *v > 0).ok_or(E::Value)?,
            _ => 0,
        };
        let min_spend = amount(&self.min_spend).ok_or(E::Amount)?;
        let cap = match amount(&self.cap).ok_or(E::Amount)? {
            0 => None,
            cap => Some(cap),
        };
        // A generated code is single-use; a typed one takes the limits given.
        let usage_limit = if batch > 0 { 1 } else { count(&self.usage_limit, 10_000_000).ok_or(E::Limit)? };
        let per_customer_limit = count(&self.per_customer_limit, 1_000).ok_or(E::Limit)?;
        let starts_at = parse_wib(&self.starts_at).ok_or(E::Time)?;
        let ends_at = parse_wib(&self.ends_at).ok_or(E::Time)?;
        if ends_at <= starts_at {
            return Err(E::Window);
        }
        let category = Some(self.category.trim()).filter(|c| !c.is_empty()).map(String::from);
        Ok(VoucherDraft { codes, kind, value, min_spend, cap, usage_limit, per_customer_limit, starts_at, ends_at, category })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> VoucherForm {
        VoucherForm {
            code: "hemat10".into(),
            kind: "percent".into(),
            value: "10".into(),
            min_spend: "Rp 200.000".into(),
            cap: "25.000".into(),
            starts_at: "2026-12-12T00:00".into(),
            ends_at: "2026-12-13T00:00".into(),
            ..VoucherForm::default()
        }
    }

    #[test]
    fn a_typed_code_keeps_its_limits_and_a_batch_is_single_use() {
        let one = form().check().unwrap();
        assert_eq!(one.codes, Codes::One("HEMAT10".into()));
        assert_eq!((one.value, one.min_spend, one.cap, one.usage_limit), (10, 200_000, Some(25_000), 0));
        let batch = VoucherForm { batch_count: "500".into(), batch_prefix: "kilat".into(), usage_limit: "9".into(), ..form() };
        let made = batch.check().unwrap();
        assert_eq!(made.codes, Codes::Batch { prefix: "KILAT".into(), count: 500 });
        assert_eq!(made.usage_limit, 1);
    }

    #[test]
    fn each_bad_field_is_named() {
        use VoucherFormError as E;
        assert_eq!(VoucherForm { code: "a b".into(), ..form() }.check(), Err(E::Code));
        assert_eq!(VoucherForm { value: "150".into(), ..form() }.check(), Err(E::Value));
        assert_eq!(VoucherForm { kind: "bogo".into(), ..form() }.check(), Err(E::Kind));
        assert_eq!(VoucherForm { batch_count: "5001".into(), batch_prefix: "X".into(), ..form() }.check(), Err(E::BatchCount));
        assert_eq!(VoucherForm { min_spend: "-5".into(), ..form() }.check(), Err(E::Amount));
        assert_eq!(VoucherForm { ends_at: "2026-12-11T00:00".into(), ..form() }.check(), Err(E::Window));
        let free = VoucherForm { kind: "free_shipping".into(), value: "".into(), ..form() }.check().unwrap();
        assert_eq!(free.value, 0);
    }
}
