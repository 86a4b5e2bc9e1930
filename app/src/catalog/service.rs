//! The catalog's reads, from the in-memory cache to wire types: the home
//! page, listings with their filters, search and product pages.
use super::{cache::*, *};
use crate::{i18n::Lang, sales::board::Board};

/// The home page at instant `now`: the hero banners live then, the flash
/// sale running then (or the next one), the categories, best sellers and
/// new arrivals.
pub fn home(catalog: &Catalog, board: &Board, lang: Lang, now: i64) -> HomeData {
    use domain::banner::Placement;
    let banners = banners_at(catalog, Placement::HomeHero, None, lang, now);
    let strip = banners_at(catalog, Placement::HomeStrip, None, lang, now);
    let categories = catalog.categories.iter().map(|c| category_link(c, lang)).collect();
    let mut by_sales: Vec<_> = catalog.products.iter().collect();
    by_sales.sort_by_key(|p| std::cmp::Reverse(p.row.sold_count));
    let mut by_date: Vec<_> = catalog.products.iter().collect();
    by_date.sort_by_key(|p| std::cmp::Reverse(p.row.created_at));
    HomeData {
        banners,
        strip,
        preview_at: None,
        categories,
        best_sellers: by_sales.into_iter().take(8).map(|p| card(p, board, lang, now)).collect(),
        new_arrivals: by_date.into_iter().take(8).map(|p| card(p, board, lang, now)).collect(),
        sale: board.notice(now),
        on_sale: catalog
            .products
            .iter()
            .filter(|p| p.variants.iter().any(|v| board.variant_sale(v.id, v.price, now).is_some()))
            .take(8)
            .map(|p| card(p, board, lang, now))
            .collect(),
    }
}

/// The banners of `placement` (and `category`, where the placement has
/// one) live at instant `now`: `starts_at <= now < ends_at`.
pub fn banners_at(
    catalog: &Catalog,
    placement: domain::banner::Placement,
    category: Option<i64>,
    lang: Lang,
    now: i64,
) -> Vec<Banner> {
    catalog
        .banners
        .iter()
        .filter(|b| b.placement == placement.code() && b.category_id == category)
        .filter(|b| b.starts_at <= now && now < b.ends_at)
        .map(|b| Banner {
            id: b.id,
            title: lang.pick(&b.title_id, &b.title_en).to_string(),
            text: lang.pick(&b.text_id, &b.text_en).to_string(),
            cta: lang.pick(&b.cta_id, &b.cta_en).to_string(),
            link: b.link.clone(),
            background: b.background.clone(),
            picture: b.image_key.as_ref().map(|key| BannerPicture {
                key: key.clone(),
                width: b.image_width.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                height: b.image_height.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                widths: b.image_widths.as_deref().unwrap_or("").split(',').filter_map(|w| w.parse().ok()).collect(),
                alt: lang.pick(&b.image_alt_id, &b.image_alt_en).to_string(),
            }),
        })
        .collect()
}

/// Products matching a typed query, best first (at most 48).
pub fn search(catalog: &Catalog, board: &Board, q: &str, lang: Lang, now: i64) -> SearchResults {
    let query: String = q.chars().take(100).collect();
    let words = domain::search::words(&query);
    let mut hits: Vec<_> = catalog
        .products
        .iter()
        .filter_map(|p| domain::search::score(&words, &p.search_words).map(|s| (s, p)))
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.row.sold_count.cmp(&a.1.row.sold_count)));
    SearchResults { query, products: hits.into_iter().take(48).map(|(_, p)| card(p, board, lang, now)).collect() }
}

/// A product page: variants, pictures and related products. None when the
/// product's category is missing from the cache.
pub fn product_detail(
    catalog: &Catalog,
    board: &Board,
    product: &CachedProduct,
    lang: Lang,
    public_url: &str,
    now: i64,
) -> Option<ProductDetail> {
    let category = category_link(catalog.category_by_id(product.row.category_id)?, lang);
    let mut related: Vec<_> = catalog
        .products
        .iter()
        .filter(|p| p.row.category_id == product.row.category_id && p.row.id != product.row.id)
        .collect();
    related.sort_by_key(|p| std::cmp::Reverse(p.row.sold_count));
    Some(ProductDetail {
        slug: product.row.slug.clone(),
        name: lang.pick(&product.row.name_id, &product.row.name_en).into(),
        description: lang.pick(&product.row.description_id, &product.row.description_en).into(),
        category,
        images: (1..=3).map(|v| crate::model::image_url(&product.row.slug, v)).collect(),
        // Stock shown here is at most the cache's age old (seconds); adding
        // to the cart checks the live stock in the database.
        // A variant on a running sale sells at its sale price while units
        // are left at it (the board: a second old at most; the checkout
        // claims in the database).
        variants: product
            .variants
            .iter()
            .map(|v| {
                let sale = board.variant_sale(v.id, v.price, now);
                VariantView {
                    id: v.id,
                    sku: v.sku.clone(),
                    size: v.size.clone(),
                    colour: lang.pick(&v.colour_id, &v.colour_en).into(),
                    colour_hex: v.colour_hex.clone(),
                    price: sale.as_ref().filter(|s| s.left > 0).map_or(v.price, |s| s.sale_price),
                    stock: v.stock,
                    sale: sale.map(|s| (s.normal_price, s.left)),
                }
            })
            .collect(),
        related: related.into_iter().take(4).map(|p| card(p, board, lang, now)).collect(),
        canonical: format!("{public_url}/p/{}", product.row.slug),
        banners: banners_at(catalog, domain::banner::Placement::ProductStrip, None, lang, now),
        sale: product.variants.iter().find_map(|v| board.running(v.id, now)).and_then(|o| board.notice_of(o.sale_id, now)),
    })
}

fn category_link(c: &db::CategoryRow, lang: Lang) -> CategoryLink {
    CategoryLink { slug: c.slug.clone(), name: lang.pick(&c.name_id, &c.name_en).into() }
}

/// A product's card; on a running flash sale its lowest price now, the
/// normal one struck through.
pub fn card(p: &CachedProduct, board: &Board, lang: Lang, now: i64) -> ProductCard {
    let (normal_from, price_to) = p.price_range();
    let on_sale: Vec<_> =
        p.variants.iter().filter_map(|v| board.variant_sale(v.id, v.price, now)).filter(|s| s.left > 0).collect();
    let sale_from = on_sale.iter().map(|s| s.sale_price).min().filter(|sale| *sale < normal_from);
    ProductCard {
        slug: p.row.slug.clone(),
        name: lang.pick(&p.row.name_id, &p.row.name_en).into(),
        price_from: sale_from.unwrap_or(normal_from),
        price_to,
        was_from: sale_from.map(|_| normal_from),
        sale_left: sale_from.map(|_| on_sale.iter().map(|s| s.left).sum()),
        image: crate::model::image_url(&p.row.slug, 1),
        colours: p.colour_hexes(),
        in_stock: p.in_stock(),
    }
}

pub fn listing(
    catalog: &Catalog,
    board: &Board,
    category: &db::CategoryRow,
    q: &ListingQuery,
    lang: Lang,
    now: i64,
) -> ListingPage {
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
        category: category_link(category, lang),
        products: matching
            .into_iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|p| card(p, board, lang, now))
            .collect(),
        total: total as u32,
        page: page as u32,
        pages: pages as u32,
        sizes,
        colours,
        banners: banners_at(catalog, domain::banner::Placement::CategoryTop, Some(category.id), lang, now),
    }
}
