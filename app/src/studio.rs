//! The marketing studio (`/studio`, marketers and admins): promo banners —
//! made, edited, published on a schedule, duplicated, archived, every save
//! a version that can be restored and an audit row. The screen is the staff
//! bundle's (`screen`); the storefront shows a live banner through
//! `ui::PromoBanner`, the same component the studio previews with.

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "staff")]
pub mod campaign_screen;
#[cfg(feature = "staff")]
pub mod sale_screen;
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

/// What one campaign link brought: orders placed by shoppers who arrived
/// by it within the week before, and the revenue of those paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignResult {
    pub source: String,
    pub medium: String,
    pub campaign: String,
    pub orders: i64,
    pub revenue: i64,
}

/// Every campaign that brought an order, the most orders first.
#[server(prefix = "/api", endpoint = "studio/campaigns")]
pub async fn campaign_results() -> Result<Vec<CampaignResult>, AppError> {
    use crate::platform::ctx::{state, OrInternal};
    crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
    let rows = db::campaigns(&state()?.pool).await.or_internal()?;
    Ok(rows
        .into_iter()
        .map(|(source, medium, campaign, orders, revenue)| CampaignResult { source, medium, campaign, orders, revenue })
        .collect())
}
