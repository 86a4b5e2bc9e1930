//! Promo banners' rules: what a marketer may save (plain text within
//! limits, a link that stays in the store or is https, a colour, a placement
//! with its category, a window entered in Western Indonesian Time), and the
//! state a banner is in at an instant (decided when read, never by a job).

use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Where on the storefront a banner shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    /// The home page's hero carousel (its first banner is the page's LCP).
    HomeHero,
    /// The strip under the home page's categories.
    HomeStrip,
    /// The top of one category's listing.
    CategoryTop,
    /// The strip on every product page.
    ProductStrip,
}

impl Placement {
    pub const ALL: [Placement; 4] =
        [Placement::HomeHero, Placement::HomeStrip, Placement::CategoryTop, Placement::ProductStrip];

    /// The stored spelling.
    pub fn code(self) -> &'static str {
        match self {
            Placement::HomeHero => "hero",
            Placement::HomeStrip => "home-strip",
            Placement::CategoryTop => "category-top",
            Placement::ProductStrip => "product-strip",
        }
    }

    pub fn from_code(code: &str) -> Option<Placement> {
        Placement::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Whether the placement needs a target category.
    pub fn needs_category(self) -> bool {
        self == Placement::CategoryTop
    }
}

/// A banner's state at an instant, derived from its flags and window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BannerState {
    /// Saved but not published: never shown to shoppers.
    Draft,
    /// Published, its start still ahead.
    Scheduled,
    /// Published and inside its window: shoppers see it.
    Live,
    /// Its end has passed.
    Ended,
    /// Put away by a marketer; kept with its versions and results.
    Archived,
}

impl BannerState {
    /// The state at `now` (UTC epoch ms): live exactly while
    /// `starts_at <= now < ends_at`.
    pub fn at(published: bool, archived: bool, starts_at: i64, ends_at: i64, now: i64) -> BannerState {
        match () {
            _ if archived => BannerState::Archived,
            _ if !published => BannerState::Draft,
            _ if now >= ends_at => BannerState::Ended,
            _ if now < starts_at => BannerState::Scheduled,
            _ => BannerState::Live,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BannerState::Draft => "draft",
            BannerState::Scheduled => "scheduled",
            BannerState::Live => "live",
            BannerState::Ended => "ended",
            BannerState::Archived => "archived",
        }
    }
}

/// A banner as a marketer's form sends it: every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerForm {
    pub name: String,
    pub headline_id: String,
    pub headline_en: String,
    pub text_id: String,
    pub text_en: String,
    pub cta_id: String,
    pub cta_en: String,
    pub link: String,
    pub background: String,
    pub placement: String,
    /// A category's slug; only for a placement that needs one.
    pub category: String,
    pub priority: String,
    /// `YYYY-MM-DDTHH:MM` in Western Indonesian Time (a `datetime-local` input).
    pub starts_at: String,
    pub ends_at: String,
    /// The key of an uploaded picture (empty: none), with its alt text.
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub image_alt_id: String,
    #[serde(default)]
    pub image_alt_en: String,
}

/// A banner that may be saved: checked, trimmed, times as UTC epoch ms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerDraft {
    pub name: String,
    pub headline_id: String,
    pub headline_en: String,
    pub text_id: String,
    pub text_en: String,
    pub cta_id: String,
    pub cta_en: String,
    pub link: String,
    pub background: String,
    pub placement: Placement,
    pub category: Option<String>,
    pub priority: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// An uploaded picture's key (16 hex digits) and its alt text.
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_alt_id: String,
    #[serde(default)]
    pub image_alt_en: String,
}

/// Why a form cannot be saved, naming the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BannerError {
    /// A required field is empty.
    Missing(String),
    /// A field is longer than its limit (characters).
    TooLong(String, usize),
    /// A field holds a control character or markup (`<`, `>`).
    NotPlainText(String),
    /// The link is neither a path in the store nor an https address.
    Link,
    /// The colour is not `#rrggbb`.
    Colour,
    /// The picture's key is not one an upload answered.
    Image,
    Placement,
    /// The placement needs a category and none was chosen (or one was
    /// chosen for a placement that takes none).
    Category,
    /// Priority is not a whole number from 0 to 100.
    Priority,
    /// A time is not a date and time.
    Time(String),
    /// The end is not after the start.
    Window,
}

/// The longest each text may be, in characters.
pub const NAME_MAX: usize = 80;
pub const HEADLINE_MAX: usize = 80;
pub const TEXT_MAX: usize = 200;
pub const CTA_MAX: usize = 30;
pub const LINK_MAX: usize = 500;
pub const ALT_MAX: usize = 150;

impl BannerForm {
    /// The form checked field by field; the first problem found is the answer.
    pub fn check(&self) -> Result<BannerDraft, BannerError> {
        let text = |field: &str, value: &str, max: usize, required: bool| -> Result<String, BannerError> {
            let value = value.trim();
            if value.is_empty() && required {
                return Err(BannerError::Missing(field.into()));
            }
            if value.chars().count() > max {
                return Err(BannerError::TooLong(field.into(), max));
            }
            if value.chars().any(|c| c.is_control() || c == '<' || c == '>') {
                return Err(BannerError::NotPlainText(field.into()));
            }
            Ok(value.to_string())
        };
        let placement = Placement::from_code(self.placement.trim()).ok_or(BannerError::Placement)?;
        let category = Some(self.category.trim()).filter(|c| !c.is_empty()).map(String::from);
        if placement.needs_category() != category.is_some() {
            return Err(BannerError::Category);
        }
        let priority = self.priority.trim().parse::<i64>().ok().filter(|p| (0..=100).contains(p));
        let starts_at = parse_wib(&self.starts_at).ok_or_else(|| BannerError::Time("starts_at".into()))?;
        let ends_at = parse_wib(&self.ends_at).ok_or_else(|| BannerError::Time("ends_at".into()))?;
        let draft = BannerDraft {
            name: text("name", &self.name, NAME_MAX, true)?,
            headline_id: text("headline_id", &self.headline_id, HEADLINE_MAX, true)?,
            headline_en: text("headline_en", &self.headline_en, HEADLINE_MAX, true)?,
            text_id: text("text_id", &self.text_id, TEXT_MAX, false)?,
            text_en: text("text_en", &self.text_en, TEXT_MAX, false)?,
            cta_id: text("cta_id", &self.cta_id, CTA_MAX, true)?,
            cta_en: text("cta_en", &self.cta_en, CTA_MAX, true)?,
            link: checked_link(&self.link).ok_or(BannerError::Link)?,
            background: checked_colour(&self.background).ok_or(BannerError::Colour)?,
            placement,
            category,
            priority: priority.ok_or(BannerError::Priority)?,
            starts_at,
            ends_at,
            image: checked_image_key(&self.image)?,
            image_alt_id: String::new(),
            image_alt_en: String::new(),
        };
        let draft = match draft.image {
            Some(_) => BannerDraft {
                image_alt_id: text("image_alt_id", &self.image_alt_id, ALT_MAX, true)?,
                image_alt_en: text("image_alt_en", &self.image_alt_en, ALT_MAX, true)?,
                ..draft
            },
            None => draft,
        };
        if draft.ends_at <= draft.starts_at {
            return Err(BannerError::Window);
        }
        Ok(draft)
    }
}

impl BannerDraft {
    /// The form that would save this draft again (the studio's editor).
    pub fn to_form(&self) -> BannerForm {
        BannerForm {
            name: self.name.clone(),
            headline_id: self.headline_id.clone(),
            headline_en: self.headline_en.clone(),
            text_id: self.text_id.clone(),
            text_en: self.text_en.clone(),
            cta_id: self.cta_id.clone(),
            cta_en: self.cta_en.clone(),
            link: self.link.clone(),
            background: self.background.clone(),
            placement: self.placement.code().into(),
            category: self.category.clone().unwrap_or_default(),
            priority: self.priority.to_string(),
            starts_at: wib_input(self.starts_at),
            ends_at: wib_input(self.ends_at),
            image: self.image.clone().unwrap_or_default(),
            image_alt_id: self.image_alt_id.clone(),
            image_alt_en: self.image_alt_en.clone(),
        }
    }
}

/// An uploaded picture's key as a form sends it: empty (no picture) or the
/// 16 lower-case hex digits the upload answered.
fn checked_image_key(key: &str) -> Result<Option<String>, BannerError> {
    let key = key.trim();
    if key.is_empty() {
        return Ok(None);
    }
    if key.len() == 16 && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(Some(key.to_string()))
    } else {
        Err(BannerError::Image)
    }
}

/// A link a banner may carry: a path inside the store (`/c/batik`, not
/// `//elsewhere` or `/\elsewhere`) or an `https://` address with a host;
/// no spaces, no control characters. Anything else (`javascript:`,
/// `http:`, `data:`) is refused.
pub fn checked_link(link: &str) -> Option<String> {
    let link = link.trim();
    if link.is_empty() || link.len() > LINK_MAX || link.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let internal = link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/\\");
    let https = link
        .strip_prefix("https://")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .is_some_and(|host| !host.is_empty() && !host.contains('@') && !host.contains('\\'));
    (internal || https).then(|| link.to_string())
}

/// `#rrggbb`, lower-cased.
fn checked_colour(colour: &str) -> Option<String> {
    let colour = colour.trim();
    let hex = colour.strip_prefix('#')?;
    (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| colour.to_ascii_lowercase())
}

/// The text colour that reads on `background` (`#rrggbb`): near-black on a
/// light colour, white on a dark one (by the colour's relative luminance).
pub fn text_colour(background: &str) -> &'static str {
    let hex = background.trim_start_matches('#');
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Where white and near-black give the same contrast ratio.
    if luminance > 0.179 {
        "#1a1a1a"
    } else {
        "#ffffff"
    }
}

/// Western Indonesian Time: UTC+7 all year (Indonesia keeps no daylight time).
fn wib_offset() -> UtcOffset {
    UtcOffset::from_hms(7, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// `YYYY-MM-DDTHH:MM` (or with `:SS`) read as Western Indonesian Time, as
/// UTC epoch ms; `None` for anything that is not a real date and time.
pub fn parse_wib(input: &str) -> Option<i64> {
    let (date, clock) = input.trim().split_once('T')?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = clock.splitn(3, ':').map(|p| p.parse::<u8>().ok());
    let (hour, minute, second) = (t.next()??, t.next()??, t.next().unwrap_or(Some(0))?);
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    let at = PrimitiveDateTime::new(date, time).assume_offset(wib_offset());
    Some(i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()?)
}

/// UTC epoch ms as a `datetime-local` value in Western Indonesian Time.
pub fn wib_input(ms: i64) -> String {
    let at = OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(wib_offset());
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", at.year(), u8::from(at.month()), at.day(), at.hour(), at.minute())
}

/// UTC epoch ms as its WIB calendar day, `YYYY-MM-DD`.
pub fn wib_date(ms: i64) -> String {
    wib_input(ms)[..10].to_string()
}

/// The WIB day an instant falls on, as days since 1970-01-01 WIB.
pub fn wib_day_number(ms: i64) -> i64 {
    (ms + 7 * 3_600_000).div_euclid(86_400_000)
}

/// The instant a WIB calendar day (`YYYY-MM-DD`) begins, as UTC epoch ms.
pub fn wib_day_start(date: &str) -> Option<i64> {
    let date = date.trim();
    (date.len() == 10).then(|| parse_wib(&format!("{date}T00:00"))).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wib_day_begins_at_17_00_utc_the_day_before() {
        let start = wib_day_start("2026-12-12").unwrap();
        assert_eq!(start, parse_wib("2026-12-12T00:00").unwrap());
        assert_eq!(wib_date(start), "2026-12-12");
        assert_eq!(wib_date(start - 1), "2026-12-11");
        assert_eq!(wib_day_number(start), wib_day_number(start - 1) + 1);
        assert_eq!(wib_day_number(start) * 86_400_000 - 7 * 3_600_000, start);
        assert_eq!(wib_day_start("2026-02-30"), None);
        assert_eq!(wib_day_start("2026-12-12T00:00"), None);
    }

    fn form() -> BannerForm {
        BannerForm {
            name: "Harbolnas".into(),
            headline_id: "Diskon 12.12".into(),
            headline_en: "12.12 sale".into(),
            text_id: "Semua batik 20%".into(),
            text_en: "All batik 20% off".into(),
            cta_id: "Belanja".into(),
            cta_en: "Shop".into(),
            link: "/c/batik".into(),
            background: "#1F3A5F".into(),
            placement: "hero".into(),
            category: String::new(),
            priority: "10".into(),
            starts_at: "2026-12-12T00:00".into(),
            ends_at: "2026-12-13T00:00".into(),
            ..BannerForm::default()
        }
    }

    #[test]
    fn a_picture_is_an_uploaded_key_with_alt_text_in_both_languages() {
        assert_eq!(form().check().unwrap().image, None);
        let with = |key: &str, alt: &str| BannerForm { image: key.into(), image_alt_id: alt.into(), image_alt_en: alt.into(), ..form() };
        let saved = with("0123456789abcdef", "Model berbatik").check().unwrap();
        assert_eq!((saved.image.as_deref(), saved.image_alt_id.as_str()), (Some("0123456789abcdef"), "Model berbatik"));
        assert_eq!(saved.to_form().image, "0123456789abcdef");
        assert_eq!(with("../../etc/passwd", "x").check(), Err(BannerError::Image));
        assert_eq!(with("0123456789ABCDEF", "x").check(), Err(BannerError::Image));
        assert_eq!(with("0123456789abcdef", " ").check(), Err(BannerError::Missing("image_alt_id".into())));
    }

    #[test]
    fn wib_midnight_is_five_in_the_afternoon_utc_the_day_before() {
        // 2026-12-12 00:00 WIB = 2026-12-11 17:00 UTC.
        assert_eq!(parse_wib("2026-12-12T00:00"), Some(1_797_008_400_000));
        assert_eq!(wib_input(1_797_008_400_000), "2026-12-12T00:00");
        assert_eq!(parse_wib("2026-02-30T10:00"), None);
        assert_eq!(parse_wib("2026-12-12 10:00"), None);
        assert_eq!(parse_wib("2026-12-12T24:00"), None);
    }

    #[test]
    fn a_banner_follows_the_wib_day_boundary_to_the_second() {
        // 2026-12-12 23:59:59 WIB = 16:59:59 UTC; 00:00 WIB = 17:00 UTC the day before.
        let end = parse_wib("2026-12-12T23:59:59").unwrap();
        let utc_17 = 1_797_094_800_000; // 2026-12-12T17:00:00Z
        assert_eq!(end, utc_17 - 1_000);
        let start = parse_wib("2026-12-13T00:00").unwrap();
        assert_eq!(start, utc_17);
        let live = |starts_at, ends_at, now| BannerState::at(true, false, starts_at, ends_at, now) == BannerState::Live;
        assert!(live(0, end, end - 1));
        assert!(!live(0, end, utc_17), "gone at 17:00:00 UTC");
        assert!(live(start, start + 86_400_000, utc_17), "shows at 17:00:00 UTC the day before");
        assert!(!live(start, start + 86_400_000, utc_17 - 1));
    }

    #[test]
    fn a_good_form_becomes_a_draft_in_utc() {
        let draft = form().check().unwrap();
        assert_eq!(draft.background, "#1f3a5f");
        assert_eq!(draft.ends_at - draft.starts_at, 86_400_000);
        assert_eq!(draft.to_form().check(), Ok(draft));
    }

    #[test]
    fn bad_fields_are_named() {
        let with = |f: fn(&mut BannerForm)| {
            let mut b = form();
            f(&mut b);
            b.check().unwrap_err()
        };
        assert_eq!(with(|b| b.headline_id = "  ".into()), BannerError::Missing("headline_id".into()));
        assert_eq!(with(|b| b.headline_en = "<b>x</b>".into()), BannerError::NotPlainText("headline_en".into()));
        assert_eq!(with(|b| b.text_id = "x".repeat(201)), BannerError::TooLong("text_id".into(), 200));
        assert_eq!(with(|b| b.link = "javascript:alert(1)".into()), BannerError::Link);
        assert_eq!(with(|b| b.link = "//evil.example".into()), BannerError::Link);
        assert_eq!(with(|b| b.link = "http://plain.example".into()), BannerError::Link);
        assert_eq!(with(|b| b.background = "red".into()), BannerError::Colour);
        assert_eq!(with(|b| b.placement = "sidebar".into()), BannerError::Placement);
        assert_eq!(with(|b| b.placement = "category-top".into()), BannerError::Category);
        assert_eq!(with(|b| b.priority = "-1".into()), BannerError::Priority);
        assert_eq!(with(|b| b.ends_at = b.starts_at.clone()), BannerError::Window);
        assert_eq!(with(|b| b.starts_at = "besok".into()), BannerError::Time("starts_at".into()));
        assert!(checked_link("https://shop.example/promo?x=1").is_some());
        assert!(checked_link("https://@evil").is_none());
    }

    #[test]
    fn text_reads_on_its_background() {
        assert_eq!(text_colour("#1f3a5f"), "#ffffff");
        assert_eq!(text_colour("#f5e6c8"), "#1a1a1a");
        assert_eq!(text_colour("#ffcc00"), "#1a1a1a");
    }

    #[test]
    fn a_banner_is_live_from_its_start_to_just_before_its_end() {
        let state = |now| BannerState::at(true, false, 1_000, 2_000, now);
        assert_eq!(state(999), BannerState::Scheduled);
        assert_eq!(state(1_000), BannerState::Live);
        assert_eq!(state(1_999), BannerState::Live);
        assert_eq!(state(2_000), BannerState::Ended);
        assert_eq!(BannerState::at(false, false, 0, 2_000, 1_000), BannerState::Draft);
        assert_eq!(BannerState::at(true, true, 0, 2_000, 1_000), BannerState::Archived);
    }
}
