//! The studio's downloads (marketers and admins, never cached): a voucher
//! batch's codes, the attribution report's CSV and SVG chart, and the CSV
//! of opted-in past buyers by segment.

use crate::state::ServerState;
use app::{i18n::Lang, model::StaffArea, studio};
use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use serde::Deserialize;

pub fn studio_exports() -> Router<ServerState> {
    Router::new()
        .route(studio::VOUCHER_CSV_PATH, get(voucher_batch_csv))
        .route(studio::REPORT_CSV_PATH, get(report_csv))
        .route(studio::REPORT_CHART_PATH, get(report_chart))
        .route(studio::AUDIENCE_CSV_PATH, get(audience_csv))
}

/// The caller's language if they may enter the studio; otherwise the
/// answer to send (401 signed out, 403 without the role).
async fn studio_caller(state: &ServerState, headers: &HeaderMap) -> Result<Lang, Response> {
    let caller = app::platform::identity::Caller::of_headers(&state.app.pool, headers).await.map_err(|e| {
        tracing::error!(error = %e, "session lookup failed");
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    })?;
    if caller.user.is_none() {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    }
    if !caller.may_enter(StaffArea::Studio) {
        return Err(StatusCode::FORBIDDEN.into_response());
    }
    Ok(caller.lang)
}

fn unavailable(what: &str, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "{what} failed");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

/// Rows as a CSV download named `file`.
fn csv_download<'a>(file: &str, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Response {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut written = csv.write_record(header);
    for row in rows {
        written = written.and_then(|_| csv.write_record(&row));
    }
    match written.map_err(csv::Error::from).and_then(|_| csv.into_inner().map_err(|e| e.into_error().into())) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CACHE_CONTROL, "no-store".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "writing a CSV failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A file name's part from a query value: letters, digits and `-` only.
fn plain(value: &str) -> String {
    value.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

#[derive(Deserialize)]
struct BatchQuery {
    batch: String,
}

/// A batch's voucher codes: code, kind, value, minimum spend, window in
/// WIB, uses.
async fn voucher_batch_csv(State(state): State<ServerState>, headers: HeaderMap, Query(query): Query<BatchQuery>) -> Response {
    if let Err(refused) = studio_caller(&state, &headers).await {
        return refused;
    }
    let codes = match studio::db::batch_codes(&state.app.pool, &query.batch).await {
        Ok(codes) if !codes.is_empty() => codes,
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return unavailable("reading a voucher batch", e),
    };
    let rows = codes.into_iter().map(|(code, kind, value, min_spend, starts_at, ends_at, used)| {
        let (starts, ends) = (domain::banner::wib_input(starts_at), domain::banner::wib_input(ends_at));
        vec![code, kind, value.to_string(), min_spend.to_string(), starts, ends, used.to_string()]
    });
    let header = ["code", "kind", "value", "min_spend", "starts_at_wib", "ends_at_wib", "used"];
    csv_download(&format!("{}.csv", plain(&query.batch)), &header, rows)
}

#[derive(Deserialize)]
struct RangeQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The report for a query's range (both empty: the last 30 days), or the
/// answer to send: the reason in words for a range that is not one.
async fn report_of(state: &ServerState, headers: &HeaderMap, query: RangeQuery) -> Result<(Lang, studio::AttributionReport), Response> {
    let lang = studio_caller(state, headers).await?;
    let (start, end) = studio::report::asked_range(&query.from, &query.to, app::platform::now_ms()).map_err(|e| {
        (StatusCode::UNPROCESSABLE_ENTITY, lang.t(studio::report_range_error(&e)).to_string()).into_response()
    })?;
    let report = studio::report::read(&state.visits, start, end).await.map_err(|e| unavailable("the report", e))?;
    Ok((lang, report))
}

/// The report as one CSV: a row per channel, per campaign link and per
/// day, each with visits, orders, paid revenue (rupiah) and conversion (%).
async fn report_csv(State(state): State<ServerState>, headers: HeaderMap, Query(query): Query<RangeQuery>) -> Response {
    let report = match report_of(&state, &headers, query).await {
        Ok((_, report)) => report,
        Err(refused) => return refused,
    };
    let row = |dimension: &str, key: [&str; 5], t: studio::Tally| {
        let mut row: Vec<String> = std::iter::once(dimension).chain(key).map(str::to_string).collect();
        row.extend([t.visits.to_string(), t.orders.to_string(), t.revenue.to_string(), t.conversion().unwrap_or_default()]);
        row
    };
    let mut rows = Vec::new();
    rows.extend(report.channels.iter().map(|c| row("channel", [c.channel.as_str(), "", "", "", ""], c.tally)));
    rows.extend(report.campaigns.iter().map(|c| {
        row("campaign", ["", c.source.as_str(), c.medium.as_str(), c.campaign.as_str(), ""], c.tally)
    }));
    rows.extend(report.days.iter().map(|d| row("day", ["", "", "", "", d.date.as_str()], d.tally)));
    rows.push(row("total", ["", "", "", "", ""], report.total));
    let header = [
        "dimension", "channel", "utm_source", "utm_medium", "utm_campaign", "date_wib", "visits", "orders", "revenue",
        "conversion_percent",
    ];
    csv_download(&format!("atribusi-{}-{}.csv", plain(&report.from), plain(&report.to)), &header, rows)
}

/// The report's chart, drawn on the server.
async fn report_chart(State(state): State<ServerState>, headers: HeaderMap, Query(query): Query<RangeQuery>) -> Response {
    let (lang, report) = match report_of(&state, &headers, query).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    use app::i18n::StudioMsg;
    let labels = (lang.t(StudioMsg::ReportVisits), lang.t(StudioMsg::AttributedOrders));
    let svg = studio::report::chart_svg(&report, lang.t(StudioMsg::ReportChart), labels.0, labels.1);
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'"),
        ],
        svg,
    )
        .into_response()
}

/// The opted-in past buyers of a segment: email, name, paid orders, paid
/// spend, last order (WIB). Nobody whose latest answer is not yes.
async fn audience_csv(State(state): State<ServerState>, headers: HeaderMap, Query(segment): Query<studio::Segment>) -> Response {
    let lang = match studio_caller(&state, &headers).await {
        Ok(lang) => lang,
        Err(refused) => return refused,
    };
    let audience = match studio::audience::parse(&segment) {
        Ok(audience) => audience,
        Err(why) => return (StatusCode::UNPROCESSABLE_ENTITY, lang.t(why).to_string()).into_response(),
    };
    let buyers = match studio::audience::buyers(&state.app.pool, &audience).await {
        Ok(buyers) => buyers,
        Err(e) => return unavailable("the audience", e),
    };
    let rows = buyers.into_iter().map(|(email, name, orders, spend, last)| {
        vec![email, name, orders.to_string(), spend.to_string(), domain::banner::wib_input(last)]
    });
    csv_download("pelanggan-setuju-promo.csv", &["email", "name", "paid_orders", "total_spend", "last_order_wib"], rows)
}
