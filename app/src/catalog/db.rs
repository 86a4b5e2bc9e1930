//! Catalog SQL: categories, products, variants, banners and content pages.

use sqlx::AnyPool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub slug: String,
    pub name_id: String,
    pub name_en: String,
    pub kind: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub slug: String,
    pub category_id: i64,
    pub name_id: String,
    pub name_en: String,
    pub description_id: String,
    pub description_en: String,
    pub sold_count: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VariantRow {
    pub id: i64,
    pub product_id: i64,
    pub sku: String,
    pub size: String,
    pub colour_id: String,
    pub colour_en: String,
    pub colour_hex: String,
    pub price: i64,
    pub stock: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BannerRow {
    pub id: i64,
    pub placement: String,
    pub category_id: Option<i64>,
    pub title_id: String,
    pub title_en: String,
    pub text_id: String,
    pub text_en: String,
    pub cta_id: String,
    pub cta_en: String,
    pub link: String,
    pub background: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub image_key: Option<String>,
    pub image_alt_id: String,
    pub image_alt_en: String,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    /// The variants' widths, `480,960,1600`.
    pub image_widths: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PageRow {
    pub slug: String,
    pub title_id: String,
    pub title_en: String,
    pub body_id: String,
    pub body_en: String,
}

pub async fn categories(pool: &AnyPool) -> sqlx::Result<Vec<CategoryRow>> {
    sqlx::query_as("SELECT id, slug, name_id, name_en, kind FROM categories ORDER BY position, id")
        .fetch_all(pool)
        .await
}

pub async fn products(pool: &AnyPool) -> sqlx::Result<Vec<ProductRow>> {
    sqlx::query_as(
        "SELECT id, slug, category_id, name_id, name_en, description_id, description_en, \
         sold_count, created_at FROM products WHERE active = 1 ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

const VARIANT_COLUMNS: &str = "id, product_id, sku, size, colour_id, colour_en, colour_hex, price, stock";

pub async fn variants(pool: &AnyPool) -> sqlx::Result<Vec<VariantRow>> {
    sqlx::query_as(&format!("SELECT {VARIANT_COLUMNS} FROM variants ORDER BY product_id, position, id"))
        .fetch_all(pool)
        .await
}

/// Published banners that have not ended yet; the caller filters by the
/// window at the instant of the read, so a cached list still goes live (and
/// ends) at its second.
pub async fn banners_not_ended(pool: &AnyPool, now: i64) -> sqlx::Result<Vec<BannerRow>> {
    sqlx::query_as(
        "SELECT b.id, b.placement, b.category_id, b.title_id, b.title_en, b.text_id, b.text_en, b.cta_id, b.cta_en, \
         b.link, b.background, b.starts_at, b.ends_at, b.image_key, b.image_alt_id, b.image_alt_en, \
         i.width AS image_width, i.height AS image_height, i.widths AS image_widths \
         FROM banners b LEFT JOIN banner_images i ON i.image_key = b.image_key \
         WHERE b.ends_at > $1 AND b.published = 1 AND b.archived = 0 ORDER BY b.priority DESC, b.id",
    )
    .bind(now)
    .fetch_all(pool)
    .await
}

pub async fn content_page(pool: &AnyPool, slug: &str) -> sqlx::Result<Option<PageRow>> {
    sqlx::query_as("SELECT slug, title_id, title_en, body_id, body_en FROM pages WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await
}
