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
    use crate::platform::{ctx::*, now_ms};
    let lang = request_lang();
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    let now = now_ms();
    let banners = catalog
        .banners
        .iter()
        .filter(|b| b.placement == "hero" && b.starts_at <= now && now < b.ends_at)
        .map(|b| Banner {
            title: lang.pick(&b.title_id, &b.title_en).to_string(),
            text: lang.pick(&b.text_id, &b.text_en).to_string(),
            link: b.link.clone(),
        })
        .collect();
    let categories = catalog
        .categories
        .iter()
        .map(|c| CategoryLink { slug: c.slug.clone(), name: lang.pick(&c.name_id, &c.name_en).into() })
        .collect();
    let mut by_sales: Vec<_> = catalog.products.iter().collect();
    by_sales.sort_by_key(|p| std::cmp::Reverse(p.row.sold_count));
    let mut by_date: Vec<_> = catalog.products.iter().collect();
    by_date.sort_by_key(|p| std::cmp::Reverse(p.row.created_at));
    Ok(HomeData {
        banners,
        categories,
        best_sellers: by_sales.into_iter().take(8).map(|p| server_side::card(p, lang)).collect(),
        new_arrivals: by_date.into_iter().take(8).map(|p| server_side::card(p, lang)).collect(),
    })
}

#[server(prefix = "/api", endpoint = "category")]
pub async fn category_listing(slug: String, query: ListingQuery) -> Result<ListingPage, AppError> {
    use crate::platform::ctx::*;
    let lang = request_lang();
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    let Some(category) = catalog.category(&slug) else {
        return Err(fail(AppError::NotFound(lang.t(crate::i18n::Msg::NotFoundTitle).into())));
    };
    Ok(server_side::listing(&catalog, category, &query, lang))
}

#[server(prefix = "/api", endpoint = "search")]
pub async fn search_products(q: String) -> Result<SearchResults, AppError> {
    use crate::platform::ctx::*;
    let lang = request_lang();
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    let query: String = q.chars().take(100).collect();
    let words = domain::search::words(&query);
    let mut hits: Vec<_> = catalog
        .products
        .iter()
        .filter_map(|p| domain::search::score(&words, &p.search_words).map(|s| (s, p)))
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.row.sold_count.cmp(&a.1.row.sold_count)));
    Ok(SearchResults { query, products: hits.into_iter().take(48).map(|(_, p)| server_side::card(p, lang)).collect() })
}

#[server(prefix = "/api", endpoint = "product")]
pub async fn load_product(slug: String) -> Result<ProductDetail, AppError> {
    use crate::platform::ctx::*;
    let lang = request_lang();
    let catalog = provided::<cache::CatalogCache>()?.get().await.or_internal()?;
    let Some(product) = catalog.product(&slug) else {
        return Err(fail(AppError::NotFound(lang.t(crate::i18n::Msg::NotFoundTitle).into())));
    };
    let category = catalog
        .category_by_id(product.row.category_id)
        .map(|c| CategoryLink { slug: c.slug.clone(), name: lang.pick(&c.name_id, &c.name_en).into() })
        .ok_or_else(|| internal(format!("product {slug} has no category")))?;
    let mut related: Vec<_> = catalog
        .products
        .iter()
        .filter(|p| p.row.category_id == product.row.category_id && p.row.id != product.row.id)
        .collect();
    related.sort_by_key(|p| std::cmp::Reverse(p.row.sold_count));
    Ok(ProductDetail {
        slug: product.row.slug.clone(),
        name: lang.pick(&product.row.name_id, &product.row.name_en).into(),
        description: lang.pick(&product.row.description_id, &product.row.description_en).into(),
        category,
        images: (1..=3).map(|v| crate::model::image_url(&product.row.slug, v)).collect(),
        // Stock shown here is at most the cache's age old (seconds); adding
        // to the cart checks the live stock in the database.
        variants: product
            .variants
            .iter()
            .map(|v| VariantView {
                id: v.id,
                sku: v.sku.clone(),
                size: v.size.clone(),
                colour: lang.pick(&v.colour_id, &v.colour_en).into(),
                colour_hex: v.colour_hex.clone(),
                price: v.price,
                stock: v.stock,
            })
            .collect(),
        related: related.into_iter().take(4).map(|p| server_side::card(p, lang)).collect(),
        canonical: format!("{}/p/{}", state()?.config.public_url, product.row.slug),
    })
}

#[cfg(feature = "ssr")]
pub mod server_side {
    //! Mapping cached rows to wire types, and the listing filter.
    use super::{cache::*, *};
    use crate::i18n::Lang;

    pub fn card(p: &CachedProduct, lang: Lang) -> ProductCard {
        let (price_from, price_to) = p.price_range();
        ProductCard {
            slug: p.row.slug.clone(),
            name: lang.pick(&p.row.name_id, &p.row.name_en).into(),
            price_from,
            price_to,
            image: crate::model::image_url(&p.row.slug, 1),
            colours: p.colour_hexes(),
            in_stock: p.in_stock(),
        }
    }

    pub fn listing(catalog: &Catalog, category: &db::CategoryRow, q: &ListingQuery, lang: Lang) -> ListingPage {
        let in_category: Vec<&CachedProduct> =
            catalog.products.iter().filter(|p| p.row.category_id == category.id).collect();
        let mut sizes: Vec<String> = Vec::new();
        let mut colours: Vec<(String, String)> = Vec::new();
        for v in in_category.iter().flat_map(|p| &p.variants) {
            if !sizes.contains(&v.size) {
                sizes.push(v.size.clone());
            }
            if !colours.iter().any(|(value, _)| *value == v.colour_id) {
                colours.push((v.colour_id.clone(), lang.pick(&v.colour_id, &v.colour_en).into()));
            }
        }
        colours.sort_by(|a, b| a.1.cmp(&b.1));
        let min: Option<i64> = q.min.trim().parse().ok();
        let max: Option<i64> = q.max.trim().parse().ok();
        let mut matching: Vec<&CachedProduct> = in_category
            .into_iter()
            .filter(|p| {
                p.variants.iter().any(|v| {
                    (q.size.is_empty() || v.size == q.size)
                        && (q.colour.is_empty() || v.colour_id == q.colour)
                        && min.is_none_or(|m| v.price >= m)
                        && max.is_none_or(|m| v.price <= m)
                })
            })
            .collect();
        match Sort::parse(&q.sort) {
            Sort::Popular => matching.sort_by_key(|p| std::cmp::Reverse(p.row.sold_count)),
            Sort::Newest => matching.sort_by_key(|p| std::cmp::Reverse(p.row.created_at)),
            Sort::PriceAsc => matching.sort_by_key(|p| p.price_range().0),
            Sort::PriceDesc => matching.sort_by_key(|p| std::cmp::Reverse(p.price_range().0)),
        }
        let total = matching.len();
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page = q.page.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
        ListingPage {
            category: CategoryLink {
                slug: category.slug.clone(),
                name: lang.pick(&category.name_id, &category.name_en).into(),
            },
            products: matching
                .into_iter()
                .skip((page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|p| card(p, lang))
                .collect(),
            total: total as u32,
            page: page as u32,
            pages: pages as u32,
            sizes,
            colours,
        }
    }
}
