//! The marketing studio (`/studio`, marketers and admins): promo banners —
//! made, edited, published on a schedule, duplicated, archived, every save
//! a version that can be restored and an audit row — flash sales, vouchers,
//! the attribution report and the export of opted-in buyers. The screens
//! are the staff bundle's (`screen` and its siblings); the storefront shows
//! a live banner through `ui::PromoBanner`, the same component the studio
//! previews with.

#[cfg(feature = "ssr")]
pub mod audience;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "staff")]
pub mod report_screen;
#[cfg(feature = "staff")]
pub mod sale_screen;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod sales;
#[cfg(feature = "staff")]
pub mod screen;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "staff")]
pub mod voucher_screen;
#[cfg(feature = "ssr")]
pub mod vouchers;

use crate::error::AppError;
use domain::banner::{BannerForm, BannerState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the studio uploads a banner picture (the raw file as the body).
pub const BANNER_UPLOAD_PATH: &str = "/studio/pictures";

/// What an upload answers: the picture's key and size, and its variants' widths.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedPicture {
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub widths: Vec<u32>,
}

/// A banner as the studio lists and edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioBanner {
    pub id: i64,
    pub form: BannerForm,
    pub published: bool,
    pub archived: bool,
    /// Bumped by every save; a save names the version it started from.
    pub version: i64,
    /// Its state at the server's clock when listed.
    pub state: BannerState,
    pub starts_at: i64,
    pub ends_at: i64,
    pub results: BannerResults,
}

/// What a banner brought: impressions, clicks, and the orders (and paid
/// revenue, in rupiah) of shoppers whose last banner click in the week
/// before ordering was this one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerResults {
    pub impressions: i64,
    pub clicks: i64,
    pub orders: i64,
    pub revenue: i64,
}

/// One saved version of a banner: who saved it, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerVersion {
    pub version: i64,
    pub saved_by: String,
    pub saved_at: i64,
}

/// Every banner, live and scheduled first, with the server's clock.
#[server(prefix = "/api", endpoint = "studio/banners")]
pub async fn studio_banners() -> Result<(Vec<StudioBanner>, i64), AppError> {
    use crate::platform::ctx::state;
    crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    service::list(&state()?).await
}

/// Saves a banner (a new one when `id` is 0) as a new version: `version`
/// is the one the marketer started from, so a save over someone else's
/// newer one is refused rather than lost. Answers the banner's id.
#[server(prefix = "/api", endpoint = "studio/banners/save")]
pub async fn save_banner(id: i64, version: i64, form: BannerForm, publish: bool) -> Result<i64, AppError> {
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    let save = service::Save { id: (id > 0).then_some(id), version, form, publish };
    service::save(&state()?, &staff, save, request_lang()).await
}

/// Puts banners in this order, the first shown first: their priorities
/// from 100 down, each change a version, the whole one audit row.
#[server(prefix = "/api", endpoint = "studio/banners/reorder")]
pub async fn reorder_banners(ids: Vec<i64>) -> Result<(), AppError> {
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    service::reorder(&state()?, &staff, ids, request_lang()).await
}

/// Archives a banner (it leaves the storefront at once) or brings it back.
#[server(prefix = "/api", endpoint = "studio/banners/archive")]
pub async fn archive_banner(id: i64, archived: bool) -> Result<(), AppError> {
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    service::archive(&state()?, &staff, id, archived, request_lang()).await
}

/// A copy of a banner, as an unpublished draft; answers the copy's id.
#[server(prefix = "/api", endpoint = "studio/banners/duplicate")]
pub async fn duplicate_banner(id: i64) -> Result<i64, AppError> {
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    service::duplicate(&state()?, &staff, id, request_lang()).await
}

/// A banner's versions, newest first.
#[server(prefix = "/api", endpoint = "studio/banners/versions")]
pub async fn banner_versions(id: i64) -> Result<Vec<BannerVersion>, AppError> {
    use crate::platform::ctx::state;
    crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    service::versions(&state()?, id).await
}

/// Saves an earlier version again, as the newest.
#[server(prefix = "/api", endpoint = "studio/banners/restore")]
pub async fn restore_banner(id: i64, version: i64) -> Result<(), AppError> {
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    service::restore(&state()?, &staff, id, version, request_lang()).await
}

/// A flash-sale campaign as the studio lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioSale {
    pub id: i64,
    pub name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Its state at the server's clock when listed.
    pub state: domain::sale::SaleState,
    pub per_customer_limit: i64,
    pub sold_out_at_sale_price: bool,
    pub items: Vec<StudioSaleItem>,
}

/// One variant of a campaign: its prices, and units sold against the cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioSaleItem {
    pub sku: String,
    pub sale_price: i64,
    pub normal_price: i64,
    pub cap: i64,
    pub sold: i64,
}

/// Every flash-sale campaign, the latest to end first, with the server's clock.
#[server(prefix = "/api", endpoint = "studio/sales")]
pub async fn studio_sales() -> Result<(Vec<StudioSale>, i64), AppError> {
    use crate::platform::ctx::state;
    crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    sales::list(&state()?).await
}

/// Creates a flash-sale campaign; answers its id.
#[server(prefix = "/api", endpoint = "studio/sales/create")]
pub async fn create_sale(form: domain::sale::SaleForm) -> Result<i64, AppError> {
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    sales::create(&state()?, &staff, form, request_lang()).await
}

/// Where a batch's codes are downloaded as CSV (`?batch=`).
pub const VOUCHER_CSV_PATH: &str = "/studio/vouchers.csv";

/// A typed voucher code, or a generated batch as one row, as the studio lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioVoucher {
    /// The code (a batch: one of its codes).
    pub code: String,
    pub batch: Option<String>,
    /// How many codes (1 for a typed one).
    pub codes: i64,
    pub kind: String,
    pub value: i64,
    pub min_spend: i64,
    pub cap: Option<i64>,
    pub usage_limit: i64,
    /// Uses so far (a batch: of all its codes).
    pub used: i64,
    pub per_customer_limit: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The category's slug it is limited to.
    pub category: Option<String>,
    pub state: domain::sale::SaleState,
}

/// Every voucher code and batch, with the server's clock.
#[server(prefix = "/api", endpoint = "studio/vouchers")]
pub async fn studio_vouchers() -> Result<(Vec<StudioVoucher>, i64), AppError> {
    use crate::platform::ctx::state;
    crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    vouchers::list(&state()?).await
}

/// Creates one voucher code, or a batch of single-use codes; answers the
/// batch's name (none for one code) and how many codes were made.
#[server(prefix = "/api", endpoint = "studio/vouchers/create")]
pub async fn create_vouchers(form: domain::voucher_form::VoucherForm) -> Result<(Option<String>, i64), AppError> {
    use crate::platform::ctx::{request_lang, state};
    let staff = crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    vouchers::create(&state()?, &staff, form, request_lang()).await
}

/// Visits, orders and paid revenue, added up one way or another.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub visits: i64,
    pub orders: i64,
    pub revenue: i64,
}

impl Tally {
    /// Orders per hundred visits, to a tenth; none without visits.
    pub fn conversion(&self) -> Option<String> {
        (self.visits > 0).then(|| format!("{:.1}", self.orders as f64 * 100.0 / self.visits as f64))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelTally {
    /// `domain::campaign::Channel::code`.
    pub channel: String,
    pub tally: Tally,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignTally {
    pub campaign: String,
    pub source: String,
    pub medium: String,
    pub tally: Tally,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTally {
    /// The WIB day, `YYYY-MM-DD`.
    pub date: String,
    pub tally: Tally,
}

/// The attribution report over a range of WIB days: visits (a browser's
/// page views without a half-hour gap), orders placed and the revenue of
/// those paid, per day, per channel and per campaign link. Sums only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionReport {
    pub from: String,
    pub to: String,
    pub days: Vec<DayTally>,
    pub channels: Vec<ChannelTally>,
    pub campaigns: Vec<CampaignTally>,
    pub total: Tally,
}

/// The report's chart (SVG, drawn on the server) and its CSV, for the
/// same `from` and `to` query as the report.
pub const REPORT_CHART_PATH: &str = "/studio/report.svg";
pub const REPORT_CSV_PATH: &str = "/studio/report.csv";

/// The attribution report for `[from, to]`, WIB days (`YYYY-MM-DD`); both
/// empty: the last 30 days, today (WIB, by the server's clock) included.
#[server(prefix = "/api", endpoint = "studio/report")]
pub async fn attribution(from: String, to: String) -> Result<AttributionReport, AppError> {
    use crate::platform::ctx::{fail, provided, request_lang, OrInternal};
    crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    let (start, end) = report::asked_range(&from, &to, crate::platform::now_ms())
        .map_err(|e| fail(AppError::Invalid(request_lang().t(report_range_error(&e)).into())))?;
    report::read(&provided::<report::VisitLog>()?, start, end).await.or_internal()
}

/// Why a report's range was refused, in words.
#[cfg(feature = "ssr")]
pub fn report_range_error(e: &report::RangeError) -> crate::i18n::StudioMsg {
    match e {
        report::RangeError::Date => crate::i18n::StudioMsg::ErrReportDate,
        report::RangeError::Span => crate::i18n::StudioMsg::ErrReportSpan,
    }
}

/// A segment of past buyers who said yes to marketing email, as the
/// studio's form sends it: last order between two WIB days, paid spend at
/// least, a category bought (slug; empty for any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Segment {
    pub last_from: String,
    pub last_to: String,
    pub min_spend: String,
    pub category: String,
}

/// Where the segment's CSV is downloaded (the segment as the query).
pub const AUDIENCE_CSV_PATH: &str = "/studio/audience.csv";

/// How many opted-in past buyers the segment holds, and the categories to
/// choose from (slug, name).
#[server(prefix = "/api", endpoint = "studio/audience")]
pub async fn audience_size(segment: Segment) -> Result<(i64, Vec<(String, String)>), AppError> {
    use crate::platform::ctx::{fail, request_lang, state, OrInternal};
    crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    let audience = audience::parse(&segment).map_err(|m| fail(AppError::Invalid(request_lang().t(m).into())))?;
    let pool = state()?.pool.clone();
    let buyers = audience::buyers(&pool, &audience).await.or_internal()?;
    Ok((buyers.len() as i64, db::category_names(&pool).await.or_internal()?))
}
