//! The studio's voucher screen (staff bundle only): every typed code and
//! every generated batch with its uses, a batch's codes as CSV, and the
//! form that makes one code or a batch of single-use codes.

use super::{sale_screen::state_badge, CreateVouchers, StudioVoucher};
use crate::{
    i18n::{use_lang, Msg, StudioMsg},
    ui::{rupiah, wib, Loaded},
};
use domain::voucher_form::VoucherForm;
use leptos::prelude::*;

#[component]
pub fn Vouchers() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateVouchers>::new();
    let vouchers = Resource::new(move || create.version().get(), |_| super::studio_vouchers());
    let error = move || create.value().get().and_then(|r| r.err()).map(|e| e.message());
    view! {
        <section class="studio-list vouchers" data-testid="vouchers">
            <h2>{lang.t(StudioMsg::Vouchers)}</h2>
            <Loaded resource=vouchers keep=true let:listed>
                {
                    let (list, now) = listed;
                    view! {
                        <ul class="banner-list">
                            {list.into_iter().map(|v| view! { <VoucherRow voucher=v/> }).collect_view()}
                        </ul>
                        <NewVouchers create now/>
                    }
                }
            </Loaded>
            <p class="error" role="alert" data-testid="voucher-error">{error}</p>
        </section>
    }
}

#[component]
fn VoucherRow(voucher: StudioVoucher) -> impl IntoView {
    let lang = use_lang();
    let (class, label) = state_badge(voucher.state);
    let what = match voucher.kind.as_str() {
        "percent" => format!("{}%", voucher.value),
        "fixed" => rupiah(voucher.value),
        _ => lang.t(StudioMsg::VoucherFreeShipping).to_string(),
    };
    let uses = match (&voucher.batch, voucher.usage_limit) {
        (Some(_), _) => format!("{} / {} {}", voucher.used, voucher.codes, lang.t(StudioMsg::VoucherCodes)),
        (None, 0) => voucher.used.to_string(),
        (None, limit) => format!("{} / {limit}", voucher.used),
    };
    view! {
        <li class="panel banner-row" data-testid="voucher-row">
            <p class="row">
                <strong>{voucher.batch.clone().unwrap_or(voucher.code.clone())}</strong>
                <span class=format!("badge state-{class}")>{lang.t(label)}</span>
            </p>
            <p class="muted">
                {what}
                {(voucher.min_spend > 0).then(|| format!(" · {} {}", lang.t(StudioMsg::VoucherMinSpend), rupiah(voucher.min_spend)))}
                {voucher.cap.map(|cap| format!(" · {} {}", lang.t(StudioMsg::VoucherCap), rupiah(cap)))}
                {voucher.category.clone().map(|c| format!(" · {} {c}", lang.t(Msg::Categories)))}
                " · " {wib(voucher.starts_at)} " – " {wib(voucher.ends_at)}
            </p>
            <p class="row">
                <span>{lang.t(StudioMsg::VoucherUses)} ": " <strong data-testid="voucher-uses">{uses}</strong></span>
                {voucher.batch.map(|batch| view! {
                    <a class="button secondary" data-testid="voucher-csv" download=format!("{batch}.csv")
                        href=format!("{}?batch={batch}", super::VOUCHER_CSV_PATH)>"CSV"</a>
                })}
            </p>
        </li>
    }
}

/// One code, or a batch of single-use codes, from the next full hour for a week.
#[component]
fn NewVouchers(create: ServerAction<CreateVouchers>, now: i64) -> impl IntoView {
    let lang = use_lang();
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(form)) = (create.value().get(), form.get_untracked()) {
            form.reset();
        }
    });
    let hour = 3_600_000;
    let start = (now / hour + 1) * hour;
    let blank = VoucherForm {
        starts_at: domain::banner::wib_input(start),
        ends_at: domain::banner::wib_input(start + 7 * 24 * hour),
        ..VoucherForm::default()
    };
    view! {
        <ActionForm action=create node_ref=form attr:class="panel sale-form" attr:data-testid="voucher-form">
            <h3>{lang.t(StudioMsg::NewVouchers)}</h3>
            <label>{lang.t(StudioMsg::VoucherCode)}
                <input name="form[code]" maxlength="40" autocapitalize="characters"/></label>
            <p class="muted">{lang.t(StudioMsg::VoucherOr)}</p>
            <div class="row">
                <label>{lang.t(StudioMsg::VoucherBatchCount)}
                    <input type="number" name="form[batch_count]" min="0" max="5000" inputmode="numeric"/></label>
                <label>{lang.t(StudioMsg::VoucherBatchPrefix)}
                    <input name="form[batch_prefix]" maxlength="20" autocapitalize="characters"/></label>
            </div>
            <label>{lang.t(StudioMsg::VoucherKind)}
                <select name="form[kind]">
                    <option value="percent">{lang.t(StudioMsg::VoucherPercent)}</option>
                    <option value="fixed">{lang.t(StudioMsg::VoucherFixed)}</option>
                    <option value="free_shipping">{lang.t(StudioMsg::VoucherFreeShipping)}</option>
                </select></label>
            <label>{lang.t(StudioMsg::VoucherValue)}<input name="form[value]" inputmode="numeric"/></label>
            <label>{lang.t(StudioMsg::VoucherMinSpend)}<input name="form[min_spend]" inputmode="numeric" value="0"/></label>
            <label>{lang.t(StudioMsg::VoucherCap)}<input name="form[cap]" inputmode="numeric"/></label>
            <label>{lang.t(StudioMsg::VoucherUsageLimit)}<input type="number" name="form[usage_limit]" min="0" value="0"/></label>
            <label>{lang.t(StudioMsg::SaleLimit)}<input type="number" name="form[per_customer_limit]" min="0" value="1"/></label>
            <label>{lang.t(StudioMsg::StartsAt)} " (WIB)"
                <input type="datetime-local" name="form[starts_at]" value=blank.starts_at required/></label>
            <label>{lang.t(StudioMsg::EndsAt)} " (WIB)"
                <input type="datetime-local" name="form[ends_at]" value=blank.ends_at required/></label>
            <label>{lang.t(StudioMsg::VoucherCategory)}<input name="form[category]" placeholder="batik"/></label>
            <button type="submit" class="button" disabled=move || create.pending().get()>{lang.t(StudioMsg::VoucherCreate)}</button>
        </ActionForm>
    }
}
