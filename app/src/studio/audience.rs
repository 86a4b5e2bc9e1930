//! Marketing consent and the audience export: every answer a shopper gives
//! (at checkout, at sign-up, in the account) is a row, the latest one
//! counts, and only past buyers whose latest answer is yes are ever
//! exported, by segment, for an email tool.

use super::{db, Segment};
use crate::i18n::StudioMsg;
use sqlx::AnyPool;

/// Where a consent was given or withdrawn (the `source` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    Checkout,
    Signup,
    Account,
}

impl Asked {
    pub fn code(self) -> &'static str {
        match self {
            Asked::Checkout => "checkout",
            Asked::Signup => "signup",
            Asked::Account => "account",
        }
    }
}

/// A segment read: `[from, to)` of the last order, minimum paid spend,
/// the category bought if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audience {
    pub from: i64,
    pub to: i64,
    pub min_spend: i64,
    pub category: Option<String>,
}

/// Reads the studio's segment form; an empty date is open-ended.
pub fn parse(segment: &Segment) -> Result<Audience, StudioMsg> {
    let day = |s: &str, open: i64, extra: i64| -> Result<i64, StudioMsg> {
        if s.trim().is_empty() {
            return Ok(open);
        }
        domain::banner::wib_day_start(s).map(|t| t + extra).ok_or(StudioMsg::ErrReportDate)
    };
    let from = day(&segment.last_from, 0, 0)?;
    let to = day(&segment.last_to, i64::MAX, 86_400_000)?;
    if to <= from {
        return Err(StudioMsg::ErrReportSpan);
    }
    let min = segment.min_spend.trim().replace('.', "");
    let min_spend = if min.is_empty() { Ok(0) } else { min.parse::<i64>().ok().filter(|m| *m >= 0).ok_or(StudioMsg::ErrVoucherAmount) }?;
    let category = segment.category.trim();
    let plain = category.len() <= 60 && category.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !plain {
        return Err(StudioMsg::ErrAudienceCategory);
    }
    Ok(Audience { from, to, min_spend, category: (!category.is_empty()).then(|| category.to_string()) })
}

/// One opted-in past buyer as exported: email, name on the latest order,
/// paid orders, paid spend, last order (UTC ms).
pub type Buyer = (String, String, i64, i64, i64);

/// The opted-in past buyers of a segment, the latest buyer first.
pub async fn buyers(pool: &AnyPool, audience: &Audience) -> sqlx::Result<Vec<Buyer>> {
    db::audience(pool, audience.from, audience.to, audience.min_spend, audience.category.as_deref()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_is_read_or_refused_with_its_reason() {
        let seg = |from: &str, to: &str, min: &str, cat: &str| Segment {
            last_from: from.into(),
            last_to: to.into(),
            min_spend: min.into(),
            category: cat.into(),
        };
        let all = parse(&seg("", "", "", "")).unwrap();
        assert_eq!((all.from, all.to, all.min_spend, all.category), (0, i64::MAX, 0, None));
        let december = parse(&seg("2026-12-01", "2026-12-31", "500.000", "batik")).unwrap();
        assert_eq!(december.to - december.from, 31 * 86_400_000);
        assert_eq!((december.min_spend, december.category.as_deref()), (500_000, Some("batik")));
        assert_eq!(parse(&seg("2026-12-31", "2026-12-01", "", "")), Err(StudioMsg::ErrReportSpan));
        assert_eq!(parse(&seg("kemarin", "", "", "")), Err(StudioMsg::ErrReportDate));
        assert_eq!(parse(&seg("", "", "-5", "")), Err(StudioMsg::ErrVoucherAmount));
        assert_eq!(parse(&seg("", "", "", "x' OR 1=1")), Err(StudioMsg::ErrAudienceCategory));
    }
}
