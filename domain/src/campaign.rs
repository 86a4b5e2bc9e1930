//! Campaign links: the `utm_source`, `utm_medium` and `utm_campaign` of the
//! link a shopper arrived by, kept in a cookie as one short value and
//! written on the order placed within its week (last touch wins). Only
//! plain tokens are kept; anything else is dropped, never stored.

/// A campaign link's three names, folded to lower case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utm {
    pub source: String,
    pub medium: String,
    pub campaign: String,
}

/// How long an arrival by a campaign link counts for its orders.
pub const UTM_DAYS: i64 = 7;

/// A name: 1–60 of letters, digits, `-`, `_` and `.`, lower-cased; an
/// empty one is "-" (a link without a source still names its campaign).
fn token(raw: &str) -> Option<String> {
    let raw = raw.trim().to_lowercase();
    if raw.is_empty() {
        return Some("-".into());
    }
    let ok = raw.len() <= 60 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then_some(raw)
}

impl Utm {
    /// From a landing page's query values; None without a campaign, or
    /// when a value is not a plain name.
    pub fn from_query(source: Option<&str>, medium: Option<&str>, campaign: Option<&str>) -> Option<Utm> {
        let campaign = token(campaign?).filter(|c| c != "-")?;
        Some(Utm { source: token(source.unwrap_or(""))?, medium: token(medium.unwrap_or(""))?, campaign })
    }

    /// `source|medium|campaign`, a valid cookie value.
    pub fn to_cookie(&self) -> String {
        format!("{}|{}|{}", self.source, self.medium, self.campaign)
    }

    /// Back from the cookie; None for anything this code did not write.
    pub fn from_cookie(value: &str) -> Option<Utm> {
        let mut parts = value.split('|');
        let (source, medium, campaign) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Utm::from_query(Some(source), Some(medium), Some(campaign))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_link_is_kept_as_plain_names_or_not_at_all() {
        let utm = Utm::from_query(Some("Instagram"), Some("paid"), Some("Harbolnas-12.12")).unwrap();
        assert_eq!(utm.to_cookie(), "instagram|paid|harbolnas-12.12");
        assert_eq!(Utm::from_cookie(&utm.to_cookie()), Some(utm));
        assert_eq!(Utm::from_query(None, None, Some("kilat")).unwrap().to_cookie(), "-|-|kilat");
        assert_eq!(Utm::from_query(Some("ig"), None, None), None, "no campaign, nothing kept");
        assert_eq!(Utm::from_query(Some("<script>"), None, Some("x")), None);
        assert_eq!(Utm::from_cookie("a|b|c|d"), None);
        assert_eq!(Utm::from_cookie("a|b"), None);
    }
}
