//! The studio's rules on the server: a save checks the form, writes the
//! banner, its version and the audit row in one transaction, then drops the
//! cached catalog so the storefront shows the change on its next read.

use super::{db, BannerResults, BannerVersion, StudioBanner};
use crate::{
    catalog::cache::CatalogCache,
    error::AppError,
    i18n::{Lang, StudioMsg},
    platform::{
        ctx::{fail, provided, OrInternal},
        db::begin,
        identity::UserRow,
        now_ms, AppState,
    },
};
use domain::banner::{BannerDraft, BannerError, BannerForm, BannerState, Placement};
use serde::{Deserialize, Serialize};

/// What a version keeps: the banner as saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Saved {
    draft: BannerDraft,
    published: bool,
}

fn saved_of(row: &db::StudioRow) -> Option<Saved> {
    let draft = BannerDraft {
        name: row.name.clone(),
        headline_id: row.title_id.clone(),
        headline_en: row.title_en.clone(),
        text_id: row.text_id.clone(),
        text_en: row.text_en.clone(),
        cta_id: row.cta_id.clone(),
        cta_en: row.cta_en.clone(),
        link: row.link.clone(),
        background: row.background.clone(),
        placement: Placement::from_code(&row.placement)?,
        category: row.category.clone(),
        priority: row.priority,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        image: row.image_key.clone(),
        image_alt_id: row.image_alt_id.clone(),
        image_alt_en: row.image_alt_en.clone(),
    };
    Some(Saved { draft, published: row.published == 1 })
}

fn json(saved: &Saved) -> String {
    serde_json::to_string(saved).unwrap_or_default()
}

pub async fn list(state: &AppState) -> Result<(Vec<StudioBanner>, i64), AppError> {
    if let Ok(cache) = provided::<CatalogCache>() {
        // The impressions counted in memory so far, so the list is current.
        cache.flush_seen().await.or_internal()?;
    }
    let now = now_ms();
    let rows = db::list(&state.pool).await.or_internal()?;
    let results: std::collections::HashMap<i64, db::ResultRow> =
        db::results(&state.pool).await.or_internal()?.into_iter().map(|r| (r.id, r)).collect();
    let banners = rows
        .iter()
        .filter_map(|row| {
            let saved = saved_of(row)?;
            Some(StudioBanner {
                id: row.id,
                form: saved.draft.to_form(),
                published: saved.published,
                archived: row.archived == 1,
                version: row.version,
                state: BannerState::at(saved.published, row.archived == 1, row.starts_at, row.ends_at, now),
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                results: results.get(&row.id).map_or_else(BannerResults::default, |r| BannerResults {
                    impressions: r.impressions,
                    clicks: r.clicks,
                    orders: r.orders,
                    revenue: r.revenue,
                }),
            })
        })
        .collect();
    Ok((banners, now))
}

/// A save from the editor: `id` none for a new banner.
pub struct Save {
    pub id: Option<i64>,
    pub version: i64,
    pub form: BannerForm,
    pub publish: bool,
}

/// Why a form was refused, in the marketer's language, naming the field.
fn refusal(error: BannerError, lang: Lang) -> AppError {
    let message = match error {
        BannerError::Missing(field) => format!("{}: {field}", lang.t(StudioMsg::ErrBannerMissing)),
        BannerError::TooLong(field, max) => format!("{}: {field} (≤ {max})", lang.t(StudioMsg::ErrBannerTooLong)),
        BannerError::NotPlainText(field) => format!("{}: {field}", lang.t(StudioMsg::ErrBannerPlainText)),
        BannerError::Link => lang.t(StudioMsg::ErrBannerLink).into(),
        BannerError::Colour => lang.t(StudioMsg::ErrBannerColour).into(),
        BannerError::Image => lang.t(StudioMsg::ErrBannerImage).into(),
        BannerError::Placement | BannerError::Category => lang.t(StudioMsg::ErrBannerPlacement).into(),
        BannerError::Priority => lang.t(StudioMsg::ErrBannerPriority).into(),
        BannerError::Time(field) => format!("{}: {field}", lang.t(StudioMsg::ErrBannerTime)),
        BannerError::Window => lang.t(StudioMsg::ErrBannerWindow).into(),
    };
    fail(AppError::Invalid(message))
}

pub async fn save(state: &AppState, staff: &UserRow, save: Save, lang: Lang) -> Result<i64, AppError> {
    let draft = save.form.check().map_err(|e| refusal(e, lang))?;
    write(state, staff, save.id, save.version, Saved { draft, published: save.publish }, "banner.save", lang).await
}

/// Writes `saved` as the banner's next version (a new banner when `id` is
/// none), with its audit row, in one transaction.
async fn write(
    state: &AppState,
    staff: &UserRow,
    id: Option<i64>,
    version: i64,
    saved: Saved,
    action: &str,
    lang: Lang,
) -> Result<i64, AppError> {
    let now = now_ms();
    let mut tx = begin(&state.pool, state.engine).await.or_internal()?;
    let category_id = match &saved.draft.category {
        Some(slug) => Some(
            db::category_id(&mut tx, slug).await.or_internal()?.ok_or_else(|| refusal(BannerError::Category, lang))?,
        ),
        None => None,
    };
    if let Some(key) = &saved.draft.image {
        if !db::image_exists(&mut tx, key).await.or_internal()? {
            return Err(refusal(BannerError::Image, lang));
        }
    }
    let (id, before, version) = match id {
        None => (db::insert(&mut tx, &saved.draft, category_id, saved.published).await.or_internal()?, None, 1),
        Some(id) => {
            let before = db::get(&mut *tx, id).await.or_internal()?.ok_or_else(not_found(lang))?;
            if !db::update(&mut tx, id, version, &saved.draft, category_id, saved.published).await.or_internal()? {
                return Err(fail(AppError::Invalid(lang.t(StudioMsg::ErrBannerChanged).into())));
            }
            (id, saved_of(&before).map(|s| json(&s)), version + 1)
        }
    };
    let after = json(&saved);
    db::add_version(&mut tx, id, version, &after, staff.id, now).await.or_internal()?;
    db::audit(&mut tx, staff.id, action, &format!("banner:{id}"), before.as_deref(), Some(&after), now)
        .await
        .or_internal()?;
    tx.commit().await.or_internal()?;
    forget_cached_catalog();
    Ok(id)
}

fn not_found(lang: Lang) -> impl FnOnce() -> AppError {
    move || fail(AppError::NotFound(lang.t(StudioMsg::ErrBannerUnknown).into()))
}

/// The storefront reads banners from the cached catalog: drop it so the
/// next page shows the change.
fn forget_cached_catalog() {
    if let Ok(cache) = provided::<CatalogCache>() {
        cache.invalidate();
    }
}

/// Gives banners the priorities of this order (100 for the first, then
/// down by one), in one transaction: a version for each banner whose
/// priority changes, one audit row with the order before and after.
pub async fn reorder(state: &AppState, staff: &UserRow, ids: Vec<i64>, lang: Lang) -> Result<(), AppError> {
    let mut seen = std::collections::HashSet::new();
    if ids.is_empty() || ids.len() > 100 || !ids.iter().all(|id| seen.insert(*id)) {
        return Err(fail(AppError::Invalid(lang.t(StudioMsg::ErrBannerPriority).into())));
    }
    let now = now_ms();
    let mut tx = begin(&state.pool, state.engine).await.or_internal()?;
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for (i, id) in ids.iter().enumerate() {
        let row = db::get(&mut *tx, *id).await.or_internal()?.ok_or_else(not_found(lang))?;
        let priority = 100 - i as i64;
        before.push((row.id, row.priority));
        after.push((row.id, priority));
        if row.priority != priority {
            db::set_priority(&mut tx, *id, priority).await.or_internal()?;
            let moved = db::get(&mut *tx, *id).await.or_internal()?.ok_or_else(not_found(lang))?;
            if let Some(saved) = saved_of(&moved) {
                db::add_version(&mut tx, *id, moved.version, &json(&saved), staff.id, now).await.or_internal()?;
            }
        }
    }
    let (before, after) = (serde_json::json!(before).to_string(), serde_json::json!(after).to_string());
    db::audit(&mut tx, staff.id, "banner.reorder", "banners", Some(&before), Some(&after), now).await.or_internal()?;
    tx.commit().await.or_internal()?;
    forget_cached_catalog();
    Ok(())
}

pub async fn archive(state: &AppState, staff: &UserRow, id: i64, archived: bool, lang: Lang) -> Result<(), AppError> {
    let mut tx = begin(&state.pool, state.engine).await.or_internal()?;
    if !db::set_archived(&mut tx, id, archived).await.or_internal()? {
        return Err(not_found(lang)());
    }
    let action = if archived { "banner.archive" } else { "banner.unarchive" };
    db::audit(&mut tx, staff.id, action, &format!("banner:{id}"), None, None, now_ms()).await.or_internal()?;
    tx.commit().await.or_internal()?;
    forget_cached_catalog();
    Ok(())
}

pub async fn duplicate(state: &AppState, staff: &UserRow, id: i64, lang: Lang) -> Result<i64, AppError> {
    let row = db::get(&state.pool, id).await.or_internal()?.ok_or_else(not_found(lang))?;
    let mut saved = saved_of(&row).ok_or_else(not_found(lang))?;
    saved.draft.name = format!("{} ({})", saved.draft.name, lang.t(StudioMsg::CopySuffix))
        .chars()
        .take(domain::banner::NAME_MAX)
        .collect();
    saved.published = false;
    write(state, staff, None, 0, saved, "banner.duplicate", lang).await
}

pub async fn versions(state: &AppState, id: i64) -> Result<Vec<BannerVersion>, AppError> {
    let rows = db::versions(&state.pool, id).await.or_internal()?;
    Ok(rows.into_iter().map(|(version, saved_by, saved_at)| BannerVersion { version, saved_by, saved_at }).collect())
}

pub async fn restore(state: &AppState, staff: &UserRow, id: i64, version: i64, lang: Lang) -> Result<(), AppError> {
    let body = db::version_body(&state.pool, id, version).await.or_internal()?.ok_or_else(not_found(lang))?;
    let saved: Saved = serde_json::from_str(&body).or_internal()?;
    let current = db::get(&state.pool, id).await.or_internal()?.ok_or_else(not_found(lang))?;
    write(state, staff, Some(id), current.version, saved, "banner.restore", lang).await.map(|_| ())
}

/// A click on banner `id`: where it leads, if the banner is live now, and
/// the click kept (with who clicked) unless it was only a prefetch.
pub async fn click(
    state: &AppState,
    cache: &CatalogCache,
    id: i64,
    visitor: Option<&str>,
    user: Option<i64>,
    counted: bool,
) -> sqlx::Result<Option<String>> {
    let now = now_ms();
    let catalog = cache.get().await?;
    let Some(banner) = catalog.banners.iter().find(|b| b.id == id && b.starts_at <= now && now < b.ends_at) else {
        return Ok(None);
    };
    if counted {
        db::add_click(&state.pool, id, now, visitor, user).await?;
    }
    Ok(Some(banner.link.clone()))
}
