//! The studio's flash-sale screen (staff bundle only): the campaigns with
//! their state and each item's units sold against its cap, and the form
//! that creates one (times in WIB, one `SKU, price, cap` line per item).

use super::{CreateSale, StudioSale};
use crate::{
    i18n::{use_lang, StudioMsg},
    ui::{rupiah, wib, Loaded},
};
use domain::sale::{SaleForm, SaleState};
use leptos::prelude::*;

/// A campaign's (or voucher's) window as a badge: its class suffix and
/// label, in the banners' words.
pub(super) fn state_badge(state: SaleState) -> (&'static str, StudioMsg) {
    match state {
        SaleState::Upcoming => ("scheduled", StudioMsg::BannerScheduled),
        SaleState::Running => ("live", StudioMsg::BannerLive),
        SaleState::Ended => ("ended", StudioMsg::BannerEnded),
    }
}

#[component]
pub fn FlashSales() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateSale>::new();
    let sales = Resource::new(move || create.version().get(), |_| super::studio_sales());
    let error = move || create.value().get().and_then(|r| r.err()).map(|e| e.message());
    view! {
        <section class="studio-list flash-sales" data-testid="flash-sales">
            <h2>{lang.t(StudioMsg::FlashSales)}</h2>
            <Loaded resource=sales keep=true let:listed>
                {
                    let (list, now) = listed;
                    view! {
                        <ul class="banner-list">
                            {list.into_iter().map(|s| view! { <SaleRow sale=s/> }).collect_view()}
                        </ul>
                        <NewSale create now/>
                    }
                }
            </Loaded>
            <p class="error" role="alert" data-testid="sale-error">{error}</p>
        </section>
    }
}

#[component]
fn SaleRow(sale: StudioSale) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="panel banner-row" data-testid="sale-row">
            <p class="row">
                <strong>{sale.name.clone()}</strong>
                {let (class, label) = state_badge(sale.state); view! { <span class=format!("badge state-{class}")>{lang.t(label)}</span> }}
            </p>
            <p class="muted">{wib(sale.starts_at)} " – " {wib(sale.ends_at)}</p>
            <table class="sale-items">
                <thead><tr>
                    <th>"SKU"</th><th>{lang.t(StudioMsg::SalePrice)}</th><th>{lang.t(StudioMsg::SaleSold)}</th>
                </tr></thead>
                <tbody>
                    {sale.items.into_iter().map(|i| view! {
                        <tr>
                            <td>{i.sku}</td>
                            <td><s>{rupiah(i.normal_price)}</s> " " {rupiah(i.sale_price)}</td>
                            <td data-testid="sale-sold">{format!("{} / {}", i.sold, i.cap)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </li>
    }
}

/// A new campaign: from the next full hour for two hours.
#[component]
fn NewSale(create: ServerAction<CreateSale>, now: i64) -> impl IntoView {
    let lang = use_lang();
    // A campaign made: the form empties, so a second tap cannot make it twice.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(form)) = (create.value().get(), form.get_untracked()) {
            form.reset();
        }
    });
    let hour = 3_600_000;
    let start = (now / hour + 1) * hour;
    let blank = SaleForm {
        starts_at: domain::banner::wib_input(start),
        ends_at: domain::banner::wib_input(start + 2 * hour),
        ..SaleForm::default()
    };
    view! {
        <ActionForm action=create node_ref=form attr:class="panel sale-form" attr:data-testid="sale-form">
            <h3>{lang.t(StudioMsg::NewSale)}</h3>
            <label>{lang.t(StudioMsg::BannerName)}
                <input name="form[name]" required maxlength="100"/></label>
            <label>{lang.t(StudioMsg::StartsAt)} " (WIB)"
                <input type="datetime-local" name="form[starts_at]" value=blank.starts_at required/></label>
            <label>{lang.t(StudioMsg::EndsAt)} " (WIB)"
                <input type="datetime-local" name="form[ends_at]" value=blank.ends_at required/></label>
            <label>{lang.t(StudioMsg::SaleLimit)}
                <input type="number" name="form[per_customer_limit]" min="0" max="100" value="0" inputmode="numeric"/></label>
            <label class="check">
                <input type="checkbox" name="form[sold_out_at_sale_price]" value="true"/>
                {lang.t(StudioMsg::SaleSoldOutMode)}
            </label>
            <label>{lang.t(StudioMsg::SaleItems)}
                <textarea name="form[items]" rows="5" required placeholder="KMJ-BTK-M-NAV, 99000, 50"></textarea></label>
            <button type="submit" class="button" disabled=move || create.pending().get()>{lang.t(StudioMsg::SaleCreate)}</button>
        </ActionForm>
    }
}
