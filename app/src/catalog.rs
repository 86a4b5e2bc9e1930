//! Catalog: home, category listings, typo-tolerant search and product pages.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod art;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;

use crate::{error::AppError, model::*};
use leptos::prelude::*;

/// Products per listing page.
pub const PAGE_SIZE: usize = 12;

/// The home page now; or, for marketers and admins only, as it will be at
/// `as_of` (`YYYY-MM-DDTHH:MM` in WIB): the studio's time-travel preview.
#[server(prefix = "/api", endpoint = "home")]
pub async fn load_home(as_of: Option<String>) -> Result<HomeData, AppError> {
    use crate::platform::ctx::{fail, provided, request_lang, OrInternal};
    let lang = request_lang();
    let as_of = match as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(at) => {
            crate::platform::identity::require_area(crate::model::StaffArea::Studio).await?;
            let instant = domain::banner::parse_wib(at)
                .ok_or_else(|| fail(AppError::Invalid(lang.t(crate::i18n::StudioMsg::ErrBannerTime).into())))?;
            Some(instant)
        }
    };
    let cache = provided::<cache::CatalogCache>()?;
    let catalog = cache.get().await.or_internal()?;
    let now = crate::platform::now_ms();
    let board = provided::<crate::sales::board::SaleBoard>()?.get(now).await.or_internal()?;
    let mut home = service::home(&catalog, &board, lang, as_of.unwrap_or(now));
    home.preview_at = as_of;
    if as_of.is_none() {
        cache.count_seen(home.banners.iter().chain(&home.strip).map(|b| b.id));
    }
    Ok(home)
}

#[server(prefix = "/api", endpoint = "category")]
pub async fn category_listing(slug: String, query: ListingQuery) -> Result<ListingPage, AppError> {
    use crate::platform::ctx::{provided, request_lang, fail, OrInternal};
    let lang = request_lang();
    let cache = provided::<cache::CatalogCache>()?;
    let catalog = cache.get().await.or_internal()?;
    let Some(category) = catalog.category(&slug) else {
        return Err(fail(AppError::NotFound(lang.t(crate::i18n::Msg::NotFoundTitle).into())));
    };
    let now = crate::platform::now_ms();
    let board = provided::<crate::sales::board::SaleBoard>()?.get(now).await.or_internal()?;
    let listing = service::listing(&catalog, &board, category, &query, lang, now);
    cache.count_seen(listing.banners.iter().map(|b| b.id));
    Ok(listing)
}

#[server(prefix = "/api", endpoint = "search")]
pub async fn search_products(q: String) -> Result<SearchResults, AppError> {
    use crate::platform::ctx::{provided, request_lang, OrInternal};
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    let now = crate::platform::now_ms();
    let board = provided::<crate::sales::board::SaleBoard>()?.get(now).await.or_internal()?;
    Ok(service::search(&catalog, &board, &q, request_lang(), now))
}

#[server(prefix = "/api", endpoint = "product")]
pub async fn load_product(slug: String) -> Result<ProductDetail, AppError> {
    use crate::platform::ctx::{fail, internal, provided, request_lang, state, OrInternal};
    let lang = request_lang();
    let cache = provided::<cache::CatalogCache>()?;
    let catalog = cache.get().await.or_internal()?;
    let Some(product) = catalog.product(&slug) else {
        return Err(fail(AppError::NotFound(lang.t(crate::i18n::Msg::NotFoundTitle).into())));
    };
    let now = crate::platform::now_ms();
    let board = provided::<crate::sales::board::SaleBoard>()?.get(now).await.or_internal()?;
    let detail = service::product_detail(&catalog, &board, product, lang, &state()?.config.public_url, now)
        .ok_or_else(|| internal(format!("product {slug} has no category")))?;
    cache.count_seen(detail.banners.iter().map(|b| b.id));
    Ok(detail)
}

#[cfg(feature = "ssr")]
pub mod service;
