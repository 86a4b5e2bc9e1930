//! Flash-sale campaigns in the studio: a campaign saved as one transaction
//! (the campaign, its items checked against the catalog, an audit row),
//! and the list with each item's units sold against its cap.

use super::{db::audit, StudioSale, StudioSaleItem};
use crate::{
    error::AppError,
    i18n::{Lang, StudioMsg},
    platform::{
        ctx::{fail, provided, OrInternal},
        db::begin,
        identity::UserRow,
        now_ms, AppState,
    },
    sales::{board::SaleBoard, db},
};
use domain::sale::{SaleError, SaleForm, SaleState};

/// Why a campaign form was refused, in the marketer's language.
fn refusal(error: SaleError, lang: Lang) -> AppError {
    let line = |msg: StudioMsg, n: usize| lang.t(msg).replace("{n}", &n.to_string());
    let message = match error {
        SaleError::Name => lang.t(StudioMsg::ErrSaleName).to_string(),
        SaleError::Start | SaleError::End => lang.t(StudioMsg::ErrBannerTime).to_string(),
        SaleError::EndBeforeStart => lang.t(StudioMsg::ErrBannerWindow).to_string(),
        SaleError::PerCustomerLimit => lang.t(StudioMsg::ErrSaleLimit).to_string(),
        SaleError::NoItems => lang.t(StudioMsg::ErrSaleNoItems).to_string(),
        SaleError::Line(n) => line(StudioMsg::ErrSaleLine, n),
        SaleError::DuplicateSku(n) => line(StudioMsg::ErrSaleDuplicate, n),
    };
    fail(AppError::Invalid(message))
}

/// Creates a campaign; answers its id. Every SKU must exist and its sale
/// price be below the variant's own price, or nothing is written.
pub async fn create(state: &AppState, staff: &UserRow, form: SaleForm, lang: Lang) -> Result<i64, AppError> {
    let draft = form.check().map_err(|e| refusal(e, lang))?;
    let now = now_ms();
    let mut tx = begin(&state.pool, state.engine).await.or_internal()?;
    let id = db::insert_campaign(&mut tx, &draft, staff.id, now).await.or_internal()?;
    for item in &draft.items {
        let Some((variant_id, price)) = db::variant_by_sku(&mut tx, &item.sku).await.or_internal()? else {
            return Err(fail(AppError::Invalid(
                lang.t(StudioMsg::ErrSaleSku).replace("{n}", &item.line.to_string()).replace("{sku}", &item.sku),
            )));
        };
        if item.sale_price >= price {
            return Err(fail(AppError::Invalid(
                lang.t(StudioMsg::ErrSalePrice).replace("{n}", &item.line.to_string()).replace("{sku}", &item.sku),
            )));
        }
        db::insert_item(&mut tx, id, variant_id, item.sale_price, item.cap).await.or_internal()?;
    }
    let after = serde_json::json!({
        "name": draft.name,
        "starts_at": draft.starts_at,
        "ends_at": draft.ends_at,
        "per_customer_limit": draft.per_customer_limit,
        "sold_out_at_sale_price": draft.sold_out_at_sale_price,
        "items": draft.items.iter().map(|i| serde_json::json!({"sku": i.sku, "sale_price": i.sale_price, "cap": i.cap})).collect::<Vec<_>>(),
    })
    .to_string();
    audit(&mut tx, staff.id, "sale.create", &format!("flash_sale:{id}"), None, Some(&after), now).await.or_internal()?;
    tx.commit().await.or_internal()?;
    if let Ok(board) = provided::<SaleBoard>() {
        board.invalidate();
    }
    Ok(id)
}

/// Every campaign, the latest to end first, with its items.
pub async fn list(state: &AppState) -> Result<(Vec<StudioSale>, i64), AppError> {
    let rows = db::listed(&state.pool).await.or_internal()?;
    let now = now_ms();
    let mut sales: Vec<StudioSale> = Vec::new();
    for r in rows {
        let item = StudioSaleItem { sku: r.sku, sale_price: r.sale_price, normal_price: r.normal_price, cap: r.cap, sold: r.sold };
        match sales.last_mut() {
            Some(last) if last.id == r.id => last.items.push(item),
            _ => sales.push(StudioSale {
                id: r.id,
                name: r.name,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                state: SaleState::at(r.starts_at, r.ends_at, now),
                per_customer_limit: r.per_customer_limit,
                sold_out_at_sale_price: r.sold_out_at_sale_price != 0,
                items: vec![item],
            }),
        }
    }
    Ok((sales, now))
}
