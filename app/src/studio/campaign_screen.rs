//! The studio's campaign table (staff bundle only): per campaign link
//! (`utm_source`, `utm_medium`, `utm_campaign`), the orders of shoppers who
//! arrived by it within the week before ordering, and their paid revenue.

use crate::{
    i18n::{use_lang, StudioMsg},
    ui::{rupiah, Loaded},
};
use leptos::prelude::*;

#[component]
pub fn Campaigns() -> impl IntoView {
    let lang = use_lang();
    let results = Resource::new(|| (), |_| super::campaign_results());
    view! {
        <section class="studio-list" data-testid="campaigns">
            <h2>{lang.t(StudioMsg::Campaigns)}</h2>
            <p class="muted">{lang.t(StudioMsg::CampaignsHint)}</p>
            <Loaded resource=results let:rows>
                <table class="sale-items">
                    <thead><tr>
                        <th>"utm_campaign"</th><th>"utm_source"</th><th>"utm_medium"</th>
                        <th>{lang.t(StudioMsg::AttributedOrders)}</th><th>{lang.t(StudioMsg::AttributedRevenue)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr data-testid="campaign-row">
                                <td>{r.campaign}</td><td>{r.source}</td><td>{r.medium}</td>
                                <td>{r.orders}</td><td>{rupiah(r.revenue)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Loaded>
        </section>
    }
}
