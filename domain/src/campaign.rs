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

/// How long a visit lasts without a page view: a shopper back after
/// half an hour starts a new visit (the usual web-analytics session).
pub const VISIT_IDLE_SECONDS: i64 = 30 * 60;

/// Where a visit came from, the report's first grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Typed, bookmarked, or a link from an app that sends no referrer.
    Direct,
    /// An organic result of a search engine.
    Search,
    Social,
    Email,
    /// An ad: a campaign link whose medium says it was paid for.
    Paid,
    /// A link on another site.
    Referral,
    /// A campaign link whose medium is none of the above.
    Campaign,
}

const SEARCH_ENGINES: [&str; 7] = ["google", "bing", "yahoo", "duckduckgo", "yandex", "ecosia", "baidu"];
const SOCIAL_SITES: [&str; 14] = [
    "instagram", "facebook", "fb", "tiktok", "t", "x", "twitter", "youtube", "whatsapp", "wa", "pinterest", "threads",
    "line", "linkedin",
];

/// The registrable name of a host without its public suffix, roughly:
/// `l.instagram.com` → `instagram`, `www.google.co.id` → `google`.
fn site_name(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    // Skip a two-letter country code and a generic second level under it.
    let mut end = labels.len();
    if end >= 2 && labels[end - 1].len() == 2 {
        end -= 1;
        if end >= 2 && matches!(labels[end - 1], "co" | "com" | "ac" | "or" | "go" | "net" | "web" | "my" | "org") {
            end -= 1;
        }
    } else if end >= 2 {
        end -= 1;
    }
    labels.get(end.saturating_sub(1)).copied().unwrap_or(host)
}

impl Channel {
    pub const ALL: [Channel; 7] =
        [Channel::Direct, Channel::Search, Channel::Social, Channel::Email, Channel::Paid, Channel::Referral, Channel::Campaign];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Direct => "direct",
            Channel::Search => "search",
            Channel::Social => "social",
            Channel::Email => "email",
            Channel::Paid => "paid",
            Channel::Referral => "referral",
            Channel::Campaign => "campaign",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// A visit's channel: a campaign link decides by its medium (then its
    /// source); without one, the external site that sent the shopper does.
    pub fn of(utm: Option<&Utm>, referrer: Option<&str>) -> Channel {
        if let Some(utm) = utm {
            let medium = utm.medium.as_str();
            return if matches!(medium, "cpc" | "ppc" | "paid" | "cpm" | "ads" | "display" | "paid_social" | "paidsocial") {
                Channel::Paid
            } else if medium == "email" || medium == "newsletter" {
                Channel::Email
            } else if matches!(medium, "social" | "sosmed" | "social-media" | "social_media")
                || (medium == "-" && SOCIAL_SITES.contains(&site_name(&utm.source)))
            {
                Channel::Social
            } else if medium == "organic" {
                Channel::Search
            } else if medium == "referral" || medium == "affiliate" {
                Channel::Referral
            } else {
                Channel::Campaign
            };
        }
        match referrer.map(site_name) {
            None => Channel::Direct,
            Some(site) if SEARCH_ENGINES.contains(&site) => Channel::Search,
            Some(site) if SOCIAL_SITES.contains(&site) => Channel::Social,
            Some(_) => Channel::Referral,
        }
    }
}

/// The host of a `Referer` header when it is another site's, lower-cased
/// and without `www.`; None for our own pages, an empty or odd header.
pub fn external_referrer(referer: &str, own_host: &str) -> Option<String> {
    let rest = referer.strip_prefix("https://").or_else(|| referer.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let own = own_host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let ok = !host.is_empty()
        && host.len() <= 100
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    (ok && host != own).then(|| host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// One visit as its cookie keeps it: its id, its channel and the site that
/// sent it, so an order placed later in the visit is written with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub visit: String,
    pub channel: Channel,
    pub referrer: Option<String>,
}

impl Arrival {
    /// `visit|channel|referrer` (`-` for none), a valid cookie value.
    pub fn to_cookie(&self) -> String {
        format!("{}|{}|{}", self.visit, self.channel.code(), self.referrer.as_deref().unwrap_or("-"))
    }

    /// Back from the cookie; None for anything this code did not write.
    pub fn from_cookie(value: &str) -> Option<Arrival> {
        let mut parts = value.split('|');
        let (visit, channel, referrer) = (parts.next()?, parts.next()?, parts.next()?);
        let plain = |s: &str| s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        let ok = parts.next().is_none() && (16..=64).contains(&visit.len()) && plain(visit) && plain(referrer) && !referrer.is_empty();
        ok.then_some(())?;
        Some(Arrival {
            visit: visit.to_string(),
            channel: Channel::from_code(channel)?,
            referrer: (referrer != "-").then(|| referrer.to_string()),
        })
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

    #[test]
    fn a_visit_s_channel_comes_from_its_link_or_the_site_that_sent_it() {
        let utm = |s: &str, m: &str| Utm::from_query(Some(s), Some(m), Some("1212")).unwrap();
        assert_eq!(Channel::of(Some(&utm("instagram", "")), None), Channel::Social);
        assert_eq!(Channel::of(Some(&utm("instagram", "cpc")), None), Channel::Paid);
        assert_eq!(Channel::of(Some(&utm("mailchimp", "email")), Some("google.com")), Channel::Email);
        assert_eq!(Channel::of(Some(&utm("koran", "print")), None), Channel::Campaign);
        assert_eq!(Channel::of(None, None), Channel::Direct);
        assert_eq!(Channel::of(None, Some("google.co.id")), Channel::Search);
        assert_eq!(Channel::of(None, Some("l.instagram.com")), Channel::Social);
        assert_eq!(Channel::of(None, Some("t.co")), Channel::Social);
        assert_eq!(Channel::of(None, Some("kaskus.co.id")), Channel::Referral);
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
    }

    #[test]
    fn only_another_site_is_a_referrer_and_the_visit_cookie_takes_back_only_what_it_wrote() {
        assert_eq!(external_referrer("https://www.google.co.id/search?q=batik", "etalase.id").as_deref(), Some("google.co.id"));
        assert_eq!(external_referrer("https://etalase.id/c/batik", "etalase.id"), None);
        assert_eq!(external_referrer("http://127.0.0.1:3000/", "127.0.0.1:3000"), None);
        assert_eq!(external_referrer("android-app://com.google.android.gm/", "etalase.id"), None);
        assert_eq!(external_referrer("https://user@evil<script>.com/", "etalase.id"), None);
        let arrival = Arrival { visit: "a".repeat(32), channel: Channel::Search, referrer: Some("google.co.id".into()) };
        assert_eq!(Arrival::from_cookie(&arrival.to_cookie()), Some(arrival.clone()));
        let direct = Arrival { referrer: None, channel: Channel::Direct, ..arrival };
        assert_eq!(Arrival::from_cookie(&direct.to_cookie()), Some(direct));
        assert_eq!(Arrival::from_cookie("short|direct|-"), None);
        assert_eq!(Arrival::from_cookie(&format!("{}|nowhere|-", "a".repeat(32))), None);
        assert_eq!(Arrival::from_cookie(&format!("{}|direct|<b>", "a".repeat(32))), None);
    }
}
