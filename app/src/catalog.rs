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

#[server(prefix = "/api", endpoint = "home")]
pub async fn load_home() -> Result<HomeData, AppError> {
    use crate::platform::ctx::{provided, request_lang, OrInternal};
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    Ok(service::home(&catalog, request_lang(), crate::platform::now_ms()))
}

#[server(prefix = "/api", endpoint = "category")]
pub async fn category_listing(slug: String, query: ListingQuery) -> Result<ListingPage, AppError> {
    use crate::platform::ctx::{provided, request_lang, fail, OrInternal};
    let lang = request_lang();
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    let Some(category) = catalog.category(&slug) else {
        return Err(fail(AppError::NotFound(lang.t(crate::i18n::Msg::NotFoundTitle).into())));
    };
    Ok(service::listing(&catalog, category, &query, lang, crate::platform::now_ms()))
}

#[server(prefix = "/api", endpoint = "search")]
pub async fn search_products(q: String) -> Result<SearchResults, AppError> {
    use crate::platform::ctx::{provided, request_lang, OrInternal};
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    Ok(service::search(&catalog, &q, request_lang()))
}

#[server(prefix = "/api", endpoint = "product")]
pub async fn load_product(slug: String) -> Result<ProductDetail, AppError> {
    use crate::platform::ctx::{fail, internal, provided, request_lang, state, OrInternal};
    let lang = request_lang();
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    let Some(product) = catalog.product(&slug) else {
        return Err(fail(AppError::NotFound(lang.t(crate::i18n::Msg::NotFoundTitle).into())));
    };
    service::product_detail(&catalog, product, lang, &state()?.config.public_url, crate::platform::now_ms())
        .ok_or_else(|| internal(format!("product {slug} has no category")))
}

#[cfg(feature = "ssr")]
pub mod service;
