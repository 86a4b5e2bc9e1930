//! Vouchers in the studio: one code as typed, or a batch of single-use
//! codes generated (e.g. 500 for a campaign), saved in one transaction with
//! an audit row; the list with each code's (or batch's) uses; a batch's
//! codes for its CSV export.

use super::{db, StudioVoucher};
use crate::{
    error::AppError,
    i18n::{Lang, StudioMsg},
    platform::{
        ctx::{fail, OrInternal},
        db::begin,
        identity::UserRow,
        now_ms, random_code, AppState,
    },
};
use domain::{
    sale::SaleState,
    voucher_form::{Codes, VoucherForm, VoucherFormError},
};

/// What a save made: the batch's name (None for one typed code) and how
/// many codes.
pub type Created = (Option<String>, i64);

fn refusal(error: VoucherFormError, lang: Lang) -> AppError {
    use VoucherFormError as E;
    let msg = match error {
        E::Code => StudioMsg::ErrVoucherCode,
        E::BatchCount => StudioMsg::ErrVoucherBatch,
        E::Kind | E::Value => StudioMsg::ErrVoucherValue,
        E::Amount => StudioMsg::ErrVoucherAmount,
        E::Limit => StudioMsg::ErrVoucherLimit,
        E::Time => StudioMsg::ErrBannerTime,
        E::Window => StudioMsg::ErrBannerWindow,
    };
    fail(AppError::Invalid(lang.t(msg).into()))
}

pub async fn create(state: &AppState, staff: &UserRow, form: VoucherForm, lang: Lang) -> Result<Created, AppError> {
    let draft = form.check().map_err(|e| refusal(e, lang))?;
    let now = now_ms();
    let mut tx = begin(&state.pool, state.engine).await.or_internal()?;
    let category_id = match &draft.category {
        Some(slug) => Some(
            db::category_id(&mut tx, slug)
                .await
                .or_internal()?
                .ok_or_else(|| fail(AppError::Invalid(lang.t(StudioMsg::ErrBannerPlacement).into())))?,
        ),
        None => None,
    };
    let (codes, batch) = match &draft.codes {
        Codes::One(code) => (vec![code.clone()], None),
        // 8 characters from 31 without look-alikes: 31^8 ≈ 8.5e11 codes,
        // so a batch of thousands is unguessable and practically never
        // meets a code that exists (if it does, nothing is saved).
        Codes::Batch { prefix, count } => {
            ((0..*count).map(|_| format!("{prefix}-{}", random_code(8))).collect(), Some(format!("{prefix}-{}", random_code(4))))
        }
    };
    for code in &codes {
        match db::insert_voucher(&mut tx, code, &draft, category_id, batch.as_deref()).await {
            Ok(()) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(fail(AppError::Invalid(lang.t(StudioMsg::ErrVoucherTaken).replace("{code}", code))));
            }
            Err(e) => return Err(e).or_internal(),
        }
    }
    let subject = match &batch {
        Some(batch) => format!("voucher_batch:{batch}"),
        None => format!("voucher:{}", codes[0]),
    };
    let after = serde_json::json!({
        "codes": codes.len(),
        "kind": draft.kind,
        "value": draft.value,
        "min_spend": draft.min_spend,
        "cap": draft.cap,
        "usage_limit": draft.usage_limit,
        "per_customer_limit": draft.per_customer_limit,
        "starts_at": draft.starts_at,
        "ends_at": draft.ends_at,
        "category": draft.category,
    })
    .to_string();
    db::audit(&mut tx, staff.id, "voucher.create", &subject, None, Some(&after), now).await.or_internal()?;
    tx.commit().await.or_internal()?;
    Ok((batch, codes.len() as i64))
}

/// Every typed code, and every batch as one row, the latest to end first.
pub async fn list(state: &AppState) -> Result<(Vec<StudioVoucher>, i64), AppError> {
    let now = now_ms();
    let rows = db::vouchers(&state.pool).await.or_internal()?;
    let listed = rows
        .into_iter()
        .map(|r| StudioVoucher {
            state: SaleState::at(r.starts_at, r.ends_at, now),
            code: r.code,
            batch: r.batch,
            codes: r.codes,
            kind: r.kind,
            value: r.value,
            min_spend: r.min_spend,
            cap: r.cap,
            usage_limit: r.usage_limit,
            used: r.used,
            per_customer_limit: r.per_customer_limit,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            category: r.category,
        })
        .collect();
    Ok((listed, now))
}
