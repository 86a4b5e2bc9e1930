//! The studio's attribution report and audience export (staff bundle
//! only): visits, orders, paid revenue and conversion by channel and by
//! campaign link over WIB days, with the server's SVG chart and the CSV;
//! and the CSV of opted-in past buyers by segment.

use super::{AttributionReport, Segment, Tally, AUDIENCE_CSV_PATH, REPORT_CHART_PATH, REPORT_CSV_PATH};
use crate::{
    i18n::{use_lang, Lang, StudioMsg},
    ui::{rupiah, Loaded},
};
use domain::campaign::Channel;
use leptos::prelude::*;

fn channel_label(code: &str) -> StudioMsg {
    match Channel::from_code(code) {
        Some(Channel::Search) => StudioMsg::ChannelSearch,
        Some(Channel::Social) => StudioMsg::ChannelSocial,
        Some(Channel::Email) => StudioMsg::ChannelEmail,
        Some(Channel::Paid) => StudioMsg::ChannelPaid,
        Some(Channel::Referral) => StudioMsg::ChannelReferral,
        Some(Channel::Campaign) => StudioMsg::ChannelCampaign,
        Some(Channel::Direct) | None => StudioMsg::ChannelDirect,
    }
}

/// A query value as a link may carry it: dates, digits and slugs only.
fn plain(value: &str) -> String {
    value.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

fn tally_cells(t: Tally) -> impl IntoView {
    view! {
        <td class="num">{t.visits}</td>
        <td class="num">{t.orders}</td>
        <td class="num">{rupiah(t.revenue)}</td>
        <td class="num">{t.conversion().map(|c| format!("{c}%")).unwrap_or_else(|| "–".into())}</td>
    }
}

fn tally_heads(lang: Lang, first: &'static str) -> impl IntoView {
    view! {
        <th>{first}</th>
        <th class="num">{lang.t(StudioMsg::ReportVisits)}</th>
        <th class="num">{lang.t(StudioMsg::AttributedOrders)}</th>
        <th class="num">{lang.t(StudioMsg::AttributedRevenue)}</th>
        <th class="num">{lang.t(StudioMsg::ReportConversion)}</th>
    }
}

#[component]
pub fn Report() -> impl IntoView {
    let lang = use_lang();
    // Empty: the server's last 30 WIB days.
    let range = RwSignal::new((String::new(), String::new()));
    let report = Resource::new(move || range.get(), |(from, to)| super::attribution(from, to));
    let (from, to) = (NodeRef::<leptos::html::Input>::new(), NodeRef::<leptos::html::Input>::new());
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Some(f), Some(t)) = (from.get(), to.get()) {
            range.set((f.value(), t.value()));
        }
    };
    view! {
        <section class="studio-list report" data-testid="report">
            <h2>{lang.t(StudioMsg::Report)}</h2>
            <p class="muted">{lang.t(StudioMsg::ReportHint)}</p>
            <Loaded resource=report keep=true let:r>
                {
                    let AttributionReport { from: f, to: t, channels, campaigns, total, .. } = r;
                    let query = format!("from={}&to={}", plain(&f), plain(&t));
                    view! {
                        <form class="row report-range" on:submit=show>
                            <label>{lang.t(StudioMsg::ReportFrom)}<input type="date" name="from" node_ref=from value=f.clone()/></label>
                            <label>{lang.t(StudioMsg::ReportTo)}<input type="date" name="to" node_ref=to value=t.clone()/></label>
                            <button type="submit" class="button">{lang.t(StudioMsg::ReportShow)}</button>
                            <a class="button secondary" data-testid="report-csv" download=format!("atribusi-{f}-{t}.csv")
                                href=format!("{REPORT_CSV_PATH}?{query}")>{lang.t(StudioMsg::ReportCsv)}</a>
                        </form>
                        <img class="report-chart" data-testid="report-chart" src=format!("{REPORT_CHART_PATH}?{query}")
                            alt=lang.t(StudioMsg::ReportChart) width="720" height="260"/>
                        <table class="sale-items" data-testid="report-channels">
                            <thead><tr>{tally_heads(lang, lang.t(StudioMsg::ReportChannel))}</tr></thead>
                            <tbody>
                                {channels.into_iter().map(|c| view! {
                                    <tr data-testid="channel-row" data-channel=c.channel.clone()>
                                        <td>{lang.t(channel_label(&c.channel))}</td>{tally_cells(c.tally)}
                                    </tr>
                                }).collect_view()}
                                <tr class="total"><td>{lang.t(StudioMsg::ReportTotal)}</td>{tally_cells(total)}</tr>
                            </tbody>
                        </table>
                        <h3>{lang.t(StudioMsg::Campaigns)}</h3>
                        <table class="sale-items" data-testid="campaigns">
                            <thead><tr>
                                <th>"utm_source / utm_medium"</th>{tally_heads(lang, "utm_campaign")}
                            </tr></thead>
                            <tbody>
                                {campaigns.is_empty().then(|| view! {
                                    <tr><td colspan="6" class="muted">{lang.t(StudioMsg::ReportNoCampaigns)}</td></tr>
                                })}
                                {campaigns.into_iter().map(|c| view! {
                                    <tr data-testid="campaign-row">
                                        <td>{c.source} " / " {c.medium}</td><td>{c.campaign}</td>{tally_cells(c.tally)}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                }
            </Loaded>
        </section>
        <AudienceExport/>
    }
}

/// The segment form: the count follows what is typed, the CSV link carries it.
#[component]
fn AudienceExport() -> impl IntoView {
    let lang = use_lang();
    let segment = RwSignal::new(Segment::default());
    let size = Resource::new(move || segment.get(), super::audience_size);
    let everyone = Resource::new(|| (), |_| super::audience_size(Segment::default()));
    let form = NodeRef::<leptos::html::Form>::new();
    let read = move |_| {
        let Some(form) = form.get() else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        let field = |name: &str| data.get(name).as_string().unwrap_or_default();
        segment.set(Segment {
            last_from: field("last_from"),
            last_to: field("last_to"),
            min_spend: field("min_spend"),
            category: field("category"),
        });
    };
    let csv = move || {
        let s = segment.get();
        format!(
            "{AUDIENCE_CSV_PATH}?last_from={}&last_to={}&min_spend={}&category={}",
            plain(&s.last_from),
            plain(&s.last_to),
            plain(&s.min_spend.replace('.', "")),
            plain(&s.category)
        )
    };
    view! {
        <section class="studio-list audience" data-testid="audience">
            <h2>{lang.t(StudioMsg::Audience)}</h2>
            <p class="muted">{lang.t(StudioMsg::AudienceHint)}</p>
            <form class="row" node_ref=form on:change=read on:submit=move |ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <label>{lang.t(StudioMsg::AudienceLastFrom)}<input type="date" name="last_from"/></label>
                <label>{lang.t(StudioMsg::AudienceLastTo)}<input type="date" name="last_to"/></label>
                <label>{lang.t(StudioMsg::AudienceMinSpend)}<input name="min_spend" inputmode="numeric"/></label>
                <label>{lang.t(StudioMsg::AudienceCategory)}
                    <select name="category">
                        <option value="">{lang.t(StudioMsg::AudienceAny)}</option>
                        <Loaded resource=everyone let:found>
                            {found.1.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
                        </Loaded>
                    </select>
                </label>
            </form>
            <Loaded resource=size keep=true let:counted>
                <p class="row">
                    <span>{lang.t(StudioMsg::AudienceCount)} ": " <strong data-testid="audience-count">{counted.0}</strong></span>
                    <a class="button secondary" data-testid="audience-csv" download="pelanggan-setuju-promo.csv" href=csv>"CSV"</a>
                </p>
            </Loaded>
        </section>
    }
}
