//! The attribution report on the server: visits (kept in memory by
//! `VisitLog`, written in batches) and orders added up by WIB day, channel
//! and campaign link over a range of WIB days, and its chart as SVG.
//! Marketers see these sums only, never a shopper's contact.

use super::{db, AttributionReport, CampaignTally, ChannelTally, DayTally, Tally};
use domain::banner::{wib_date, wib_day_number, wib_day_start};
use domain::campaign::{Arrival, Utm};
use sqlx::AnyPool;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// The longest range a report adds up, in days.
pub const MAX_DAYS: i64 = 366;
const DAY_MS: i64 = 86_400_000;
/// Visits kept in memory between two writes at most; beyond that (the
/// database away for long) new visits are not counted rather than
/// growing without bound.
const MAX_PENDING: usize = 200_000;

/// One visit, as it started.
#[derive(Clone, Debug)]
pub struct Visit {
    pub arrival: Arrival,
    pub utm: Option<Utm>,
    pub started_at: i64,
    pub landing: String,
}

/// Visits counted in memory and written every few seconds in one
/// transaction, so a flash-sale crowd costs no write per arrival. A process
/// killed between two writes loses at most those seconds of visits (never
/// an order: its channel is written on the order itself).
#[derive(Clone)]
pub struct VisitLog {
    pool: AnyPool,
    pending: Arc<Mutex<Vec<Visit>>>,
}

impl VisitLog {
    pub fn new(pool: AnyPool) -> VisitLog {
        VisitLog { pool, pending: Arc::default() }
    }

    pub fn record(&self, visit: Visit) {
        if let Ok(mut pending) = self.pending.lock() {
            if pending.len() < MAX_PENDING {
                pending.push(visit);
            }
        }
    }

    /// Writes the visits counted so far (every few seconds, and before a
    /// report is read); on failure they are kept for the next try.
    pub async fn flush(&self) -> sqlx::Result<()> {
        let batch: Vec<Visit> = match self.pending.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => return Ok(()),
        };
        if batch.is_empty() {
            return Ok(());
        }
        let rows: Vec<db::VisitRow> = batch
            .iter()
            .map(|v| db::VisitRow {
                id: &v.arrival.visit,
                started_at: v.started_at,
                channel: v.arrival.channel.code(),
                referrer: v.arrival.referrer.as_deref(),
                utm: v.utm.as_ref().map(|u| (u.source.as_str(), u.medium.as_str(), u.campaign.as_str())),
                landing: &v.landing,
            })
            .collect();
        let written = db::insert_visits(&self.pool, &rows).await;
        if written.is_err() {
            if let Ok(mut pending) = self.pending.lock() {
                pending.extend(batch);
            }
        }
        written
    }
}

/// Why a range cannot be reported.
#[derive(Debug, PartialEq, Eq)]
pub enum RangeError {
    /// Not a `YYYY-MM-DD` date.
    Date,
    /// Ends before it starts, or spans more than `MAX_DAYS`.
    Span,
}

/// `[from, to]` WIB days as `[start, end)` UTC ms.
pub fn range(from: &str, to: &str) -> Result<(i64, i64), RangeError> {
    let start = wib_day_start(from).ok_or(RangeError::Date)?;
    let end = wib_day_start(to).ok_or(RangeError::Date)? + DAY_MS;
    if end <= start || (end - start) / DAY_MS > MAX_DAYS {
        return Err(RangeError::Span);
    }
    Ok((start, end))
}

/// A report's range as asked: `[from, to]` WIB days, or with both empty
/// the last 30 days up to the one `now` falls on.
pub fn asked_range(from: &str, to: &str, now: i64) -> Result<(i64, i64), RangeError> {
    if from.trim().is_empty() && to.trim().is_empty() {
        return range(&wib_date(now - 29 * DAY_MS), &wib_date(now));
    }
    range(from, to)
}

fn add(t: &mut Tally, visits: i64, orders: i64, revenue: i64) {
    t.visits += visits;
    t.orders += orders;
    t.revenue += revenue;
}

/// The report of `[start, end)`, the visits counted so far written first.
pub async fn read(visits: &VisitLog, start: i64, end: i64) -> sqlx::Result<AttributionReport> {
    visits.flush().await?;
    build(&visits.pool, start, end).await
}

/// Adds up the visits and orders of `[start, end)`: every day of the range
/// (a day without visits is a zero, so the chart has no gaps), every
/// channel, and every campaign link that brought a visit or an order.
async fn build(pool: &AnyPool, start: i64, end: i64) -> sqlx::Result<AttributionReport> {
    let visits = db::visit_counts(pool, start, end).await?;
    let orders = db::order_counts(pool, start, end).await?;
    let first_day = wib_day_number(start);
    let mut days: Vec<Tally> = vec![Tally::default(); usize::try_from((end - start) / DAY_MS).unwrap_or(0)];
    let mut channels: BTreeMap<String, Tally> = BTreeMap::new();
    let mut campaigns: BTreeMap<(String, String, String), Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let rows = visits
        .into_iter()
        .map(|(day, channel, s, m, c, n)| (day, channel, s, m, c, n, 0, 0))
        .chain(orders.into_iter().map(|(day, channel, s, m, c, n, revenue)| (day, channel, s, m, c, 0, n, revenue)));
    for (day, channel, source, medium, campaign, v, o, r) in rows {
        if let Some(t) = usize::try_from(day - first_day).ok().and_then(|i| days.get_mut(i)) {
            add(t, v, o, r);
        }
        add(channels.entry(channel).or_default(), v, o, r);
        if let Some(campaign) = campaign {
            let key = (campaign, source.unwrap_or_else(|| "-".into()), medium.unwrap_or_else(|| "-".into()));
            add(campaigns.entry(key).or_default(), v, o, r);
        }
        add(&mut total, v, o, r);
    }
    let mut channels: Vec<ChannelTally> =
        channels.into_iter().map(|(channel, tally)| ChannelTally { channel, tally }).collect();
    channels.sort_by(|a, b| b.tally.visits.cmp(&a.tally.visits).then(b.tally.orders.cmp(&a.tally.orders)));
    let mut campaigns: Vec<CampaignTally> = campaigns
        .into_iter()
        .map(|((campaign, source, medium), tally)| CampaignTally { campaign, source, medium, tally })
        .collect();
    campaigns.sort_by(|a, b| b.tally.orders.cmp(&a.tally.orders).then(b.tally.visits.cmp(&a.tally.visits)));
    Ok(AttributionReport {
        from: wib_date(start),
        to: wib_date(end - 1),
        days: days
            .into_iter()
            .enumerate()
            .map(|(i, tally)| DayTally { date: wib_date(start + i as i64 * DAY_MS), tally })
            .collect(),
        channels,
        campaigns,
        total,
    })
}

/// The report's chart: visits per day as bars (left scale), orders per day
/// as a line with points (right scale), dates beneath. Written by hand: a
/// few rectangles and a polyline do not need a plotting crate, and the
/// numbers and dates it writes need no escaping.
pub fn chart_svg(report: &AttributionReport, title: &str, visits_label: &str, orders_label: &str) -> String {
    use std::fmt::Write;
    let (w, h, left, right, top, bottom) = (720.0_f64, 260.0_f64, 48.0, 48.0, 28.0, 36.0);
    let (plot_w, plot_h) = (w - left - right, h - top - bottom);
    let n = report.days.len().max(1) as f64;
    // Scales up to a multiple of 4, so every quarter line is a whole number.
    let scale = |most: i64| (most.max(1) + 3) / 4 * 4;
    let max_visits = scale(report.days.iter().map(|d| d.tally.visits).max().unwrap_or(0)) as f64;
    let max_orders = scale(report.days.iter().map(|d| d.tally.orders).max().unwrap_or(0)) as f64;
    let slot = plot_w / n;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         font-family=\"system-ui, sans-serif\" font-size=\"11\"><title>{title}</title>\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\
         <rect x=\"{left}\" y=\"8\" width=\"10\" height=\"10\" fill=\"#9cc0e4\"/>\
         <text x=\"{lx}\" y=\"17\" fill=\"#2f5d8a\">{visits_label}</text>\
         <line x1=\"{ox}\" x2=\"{ox2}\" y1=\"13\" y2=\"13\" stroke=\"#b4532a\" stroke-width=\"2\"/>\
         <text x=\"{otx}\" y=\"17\" fill=\"#b4532a\">{orders_label}</text>",
        lx = left + 14.0,
        ox = left + 120.0,
        ox2 = left + 136.0,
        otx = left + 140.0,
    );
    // Grid lines at a quarter, half and three quarters, with both scales.
    for q in 0..=4 {
        let y = top + plot_h - plot_h * f64::from(q) / 4.0;
        let _ = write!(
            svg,
            "<line x1=\"{left}\" x2=\"{x2}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/>\
             <text x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\" fill=\"#2f5d8a\">{v}</text>\
             <text x=\"{rx}\" y=\"{ty:.1}\" fill=\"#b4532a\">{o}</text>",
            x2 = w - right,
            lx = left - 6.0,
            rx = w - right + 6.0,
            ty = y + 4.0,
            v = max_visits * f64::from(q) / 4.0,
            o = max_orders * f64::from(q) / 4.0,
        );
    }
    for (i, day) in report.days.iter().enumerate() {
        let bar_h = plot_h * day.tally.visits as f64 / max_visits;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{bar_h:.1}\" fill=\"#9cc0e4\"><title>{d}: {v}</title></rect>",
            x = left + slot * i as f64 + slot * 0.15,
            y = top + plot_h - bar_h,
            bw = slot * 0.7,
            d = day.date,
            v = day.tally.visits,
        );
    }
    let points: Vec<String> = report
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = left + slot * (i as f64 + 0.5);
            let y = top + plot_h - plot_h * d.tally.orders as f64 / max_orders;
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = write!(svg, "<polyline points=\"{}\" fill=\"none\" stroke=\"#b4532a\" stroke-width=\"2\"/>", points.join(" "));
    for (p, d) in points.iter().zip(&report.days) {
        let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
        let _ = write!(svg, "<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"#b4532a\"><title>{}: {}</title></circle>", d.date, d.tally.orders);
    }
    // First, middle and last dates beneath.
    let last = report.days.len().saturating_sub(1);
    let mut labelled = vec![0, last / 2, last];
    labelled.dedup();
    for i in labelled {
        if let Some(d) = report.days.get(i) {
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{y}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
                d.date,
                x = left + slot * (i as f64 + 0.5),
                y = h - bottom + 16.0,
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_whole_wib_days_within_a_year() {
        let (start, end) = range("2026-12-01", "2026-12-01").unwrap();
        assert_eq!(start, domain::banner::parse_wib("2026-12-01T00:00").unwrap());
        assert_eq!(end - start, DAY_MS);
        assert_eq!(range("2026-12-02", "2026-12-01"), Err(RangeError::Span));
        assert_eq!(range("2025-01-01", "2026-12-31"), Err(RangeError::Span));
        assert_eq!(range("1 Des", "2026-12-01"), Err(RangeError::Date));
        let now = domain::banner::parse_wib("2026-12-03T23:59").unwrap();
        let (start, end) = asked_range("", "", now).unwrap();
        assert_eq!((wib_date(start), wib_date(end - 1), (end - start) / DAY_MS), ("2026-11-04".into(), "2026-12-03".into(), 30));
    }

    #[test]
    fn the_chart_has_a_bar_and_a_point_per_day_on_whole_number_scales() {
        let day = |date: &str, visits, orders| DayTally { date: date.into(), tally: Tally { visits, orders, revenue: 0 } };
        let report = AttributionReport {
            from: "2026-12-01".into(),
            to: "2026-12-03".into(),
            days: vec![day("2026-12-01", 10, 1), day("2026-12-02", 0, 0), day("2026-12-03", 40, 4)],
            channels: Vec::new(),
            campaigns: Vec::new(),
            total: Tally::default(),
        };
        let svg = chart_svg(&report, "Kunjungan dan pesanan", "Kunjungan", "Pesanan");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("</rect>").count(), 3, "a bar per day");
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("2026-12-03: 40"));
        assert!(svg.contains(">2026-12-02</text>"), "the middle day is labelled");
        assert!(svg.contains(">40</text>") && svg.contains(">4</text>"), "whole numbers on both scales");
        assert!(!svg.contains(".5<"), "no half visits");
    }
}
