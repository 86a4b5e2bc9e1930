//! The read-mostly catalog kept in memory: categories, products, variants
//! and banners, reloaded from the database at most every few seconds.
//!
//! Listings, search, home and product pages are served from here, so a
//! flash-sale crowd browsing does not turn into database load. Displayed
//! stock may be a few seconds old; every cart change checks live stock in
//! the database, and the cart page reads it live.

use super::db::{self, BannerRow, CategoryRow, ProductRow, VariantRow};
use sqlx::AnyPool;
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

const MAX_AGE: Duration = Duration::from_secs(5);

pub struct CachedProduct {
    pub row: ProductRow,
    pub variants: Vec<VariantRow>,
    pub search_words: Vec<String>,
}

impl CachedProduct {
    pub fn price_range(&self) -> (i64, i64) {
        let prices = self.variants.iter().map(|v| v.price);
        (prices.clone().min().unwrap_or(0), prices.max().unwrap_or(0))
    }

    pub fn in_stock(&self) -> bool {
        self.variants.iter().any(|v| v.stock > 0)
    }

    /// Distinct colours in display order, as hex codes.
    pub fn colour_hexes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for v in &self.variants {
            if !out.contains(&v.colour_hex) {
                out.push(v.colour_hex.clone());
            }
        }
        out
    }
}

pub struct Catalog {
    pub categories: Vec<CategoryRow>,
    pub products: Vec<CachedProduct>,
    pub banners: Vec<BannerRow>,
    by_slug: HashMap<String, usize>,
}

impl Catalog {
    pub fn product(&self, slug: &str) -> Option<&CachedProduct> {
        self.by_slug.get(slug).map(|&i| &self.products[i])
    }

    pub fn category(&self, slug: &str) -> Option<&CategoryRow> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    pub fn category_by_id(&self, id: i64) -> Option<&CategoryRow> {
        self.categories.iter().find(|c| c.id == id)
    }

    async fn load(pool: &AnyPool) -> sqlx::Result<Catalog> {
        let categories = db::categories(pool).await?;
        let rows = db::products(pool).await?;
        let mut variants: HashMap<i64, Vec<VariantRow>> = HashMap::new();
        for v in db::variants(pool).await? {
            variants.entry(v.product_id).or_default().push(v);
        }
        let banners = db::banners_not_ended(pool, crate::platform::now_ms()).await?;
        let products: Vec<CachedProduct> = rows
            .into_iter()
            .map(|row| {
                let variants = variants.remove(&row.id).unwrap_or_default();
                let category = categories.iter().find(|c| c.id == row.category_id);
                // Names, category and colours only: descriptions share boilerplate
                // words ("kerja") that would make every typo match everything.
                let mut text = format!("{} {}", row.name_id, row.name_en);
                if let Some(c) = category {
                    text.push_str(&format!(" {} {}", c.name_id, c.name_en));
                }
                for v in &variants {
                    text.push_str(&format!(" {} {}", v.colour_id, v.colour_en));
                }
                let mut search_words = domain::search::words(&text);
                search_words.sort();
                search_words.dedup();
                CachedProduct { row, variants, search_words }
            })
            .collect();
        let by_slug = products.iter().enumerate().map(|(i, p)| (p.row.slug.clone(), i)).collect();
        Ok(Catalog { categories, products, banners, by_slug })
    }
}

#[derive(Clone)]
pub struct CatalogCache {
    pool: AnyPool,
    /// Banner impressions since the last flush, by banner id.
    seen: Arc<std::sync::Mutex<HashMap<i64, i64>>>,
    current: Arc<RwLock<Option<(Instant, Arc<Catalog>)>>>,
    reload: Arc<tokio::sync::Mutex<()>>,
}

impl CatalogCache {
    pub fn new(pool: AnyPool) -> Self {
        CatalogCache { pool, seen: Arc::default(), current: Arc::default(), reload: Arc::default() }
    }

    fn fresh(&self) -> Option<Arc<Catalog>> {
        let guard = self.current.read().ok()?;
        let (at, catalog) = guard.as_ref()?;
        (at.elapsed() < MAX_AGE).then(|| catalog.clone())
    }

    /// The current catalog; at most one request reloads it at a time while
    /// the others wait for that load rather than starting their own.
    pub async fn get(&self) -> sqlx::Result<Arc<Catalog>> {
        if let Some(c) = self.fresh() {
            return Ok(c);
        }
        let _one = self.reload.lock().await;
        if let Some(c) = self.fresh() {
            return Ok(c);
        }
        let catalog = Arc::new(Catalog::load(&self.pool).await?);
        if let Ok(mut guard) = self.current.write() {
            *guard = Some((Instant::now(), catalog.clone()));
        }
        Ok(catalog)
    }

    /// Counts one impression of each banner a page showed: in memory, so a
    /// flash-sale home page costs no write per view.
    pub fn count_seen(&self, ids: impl IntoIterator<Item = i64>) {
        if let Ok(mut seen) = self.seen.lock() {
            for id in ids {
                *seen.entry(id).or_default() += 1;
            }
        }
    }

    /// Adds the impressions counted so far to the banners' rows (every few
    /// seconds, and before the studio reads them). A process killed between
    /// two flushes loses at most those seconds of impressions; clicks and
    /// orders are rows and never lost.
    pub async fn flush_seen(&self) -> sqlx::Result<()> {
        let counted: Vec<(i64, i64)> = match self.seen.lock() {
            Ok(mut seen) => seen.drain().collect(),
            Err(_) => return Ok(()),
        };
        for (i, &(id, n)) in counted.iter().enumerate() {
            let added = sqlx::query("UPDATE banners SET impressions = impressions + $1 WHERE id = $2")
                .bind(n)
                .bind(id)
                .execute(&self.pool)
                .await;
            if let Err(e) = added {
                // Put back what was not written, to try again next time.
                self.count_back(&counted[i..]);
                return Err(e);
            }
        }
        Ok(())
    }

    fn count_back(&self, counted: &[(i64, i64)]) {
        if let Ok(mut seen) = self.seen.lock() {
            for &(id, n) in counted {
                *seen.entry(id).or_default() += n;
            }
        }
    }

    /// Forget the cached copy, e.g. after staff edit the catalog.
    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.current.write() {
            *guard = None;
        }
    }
}
