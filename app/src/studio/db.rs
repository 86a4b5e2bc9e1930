//! The studio's SQL: banners with their versions, and the audit row each
//! change writes in its own transaction.

use domain::{banner::BannerDraft, voucher_form::VoucherDraft};
use sqlx::{Any, AnyPool, Transaction};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StudioRow {
    pub id: i64,
    pub name: String,
    pub placement: String,
    pub title_id: String,
    pub title_en: String,
    pub text_id: String,
    pub text_en: String,
    pub cta_id: String,
    pub cta_en: String,
    pub link: String,
    pub background: String,
    pub category: Option<String>,
    pub priority: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub published: i64,
    pub archived: i64,
    pub version: i64,
    pub image_key: Option<String>,
    pub image_alt_id: String,
    pub image_alt_en: String,
}

const COLUMNS: &str = "b.id, b.name, b.placement, b.title_id, b.title_en, b.text_id, b.text_en, b.cta_id, b.cta_en, \
     b.link, b.background, c.slug AS category, b.priority, b.starts_at, b.ends_at, b.published, b.archived, b.version, \
     b.image_key, b.image_alt_id, b.image_alt_en";

pub async fn list(pool: &AnyPool) -> sqlx::Result<Vec<StudioRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM banners b LEFT JOIN categories c ON c.id = b.category_id \
         ORDER BY b.archived, b.ends_at DESC, b.priority DESC, b.id"
    ))
    .fetch_all(pool)
    .await
}

/// One banner, read with a pool or inside a transaction.
pub async fn get<'e>(db: impl sqlx::Executor<'e, Database = Any>, id: i64) -> sqlx::Result<Option<StudioRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM banners b LEFT JOIN categories c ON c.id = b.category_id WHERE b.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The id of the category with this slug.
pub async fn category_id(tx: &mut Transaction<'static, Any>, slug: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1").bind(slug).fetch_optional(&mut **tx).await
}

/// The columns a save writes, bound by `bind_draft` as `$1`..`$18` in this order.
const DRAFT_COLUMNS: [&str; 18] = [
    "name",
    "placement",
    "title_id",
    "title_en",
    "text_id",
    "text_en",
    "cta_id",
    "cta_en",
    "link",
    "background",
    "category_id",
    "priority",
    "starts_at",
    "ends_at",
    "published",
    "image_key",
    "image_alt_id",
    "image_alt_en",
];

type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Binds a draft's values to `$1`..`$18`, in the order of `DRAFT_COLUMNS`.
fn bind_draft<'q>(query: Query<'q>, d: &'q BannerDraft, category_id: Option<i64>, published: bool) -> Query<'q> {
    query
        .bind(&d.name)
        .bind(d.placement.code())
        .bind(&d.headline_id)
        .bind(&d.headline_en)
        .bind(&d.text_id)
        .bind(&d.text_en)
        .bind(&d.cta_id)
        .bind(&d.cta_en)
        .bind(&d.link)
        .bind(&d.background)
        .bind(category_id)
        .bind(d.priority)
        .bind(d.starts_at)
        .bind(d.ends_at)
        .bind(i64::from(published))
        .bind(d.image.as_deref())
        .bind(&d.image_alt_id)
        .bind(&d.image_alt_en)
}

/// A new banner at version 1; its id.
pub async fn insert(
    tx: &mut Transaction<'static, Any>,
    d: &BannerDraft,
    category_id: Option<i64>,
    published: bool,
) -> sqlx::Result<i64> {
    use sqlx::Row;
    let values: Vec<String> = (1..=DRAFT_COLUMNS.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "INSERT INTO banners ({}, archived, version) VALUES ({}, 0, 1) RETURNING id",
        DRAFT_COLUMNS.join(", "),
        values.join(", ")
    );
    bind_draft(sqlx::query(&sql), d, category_id, published).fetch_one(&mut **tx).await?.try_get(0)
}

/// Overwrites a banner that is still at `version`, moving it to the next
/// version: false when someone saved it meanwhile (or it does not exist).
pub async fn update(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    version: i64,
    d: &BannerDraft,
    category_id: Option<i64>,
    published: bool,
) -> sqlx::Result<bool> {
    let set: Vec<String> = DRAFT_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
    let sql = format!("UPDATE banners SET {}, version = version + 1 WHERE id = $19 AND version = $20", set.join(", "));
    let done =
        bind_draft(sqlx::query(&sql), d, category_id, published).bind(id).bind(version).execute(&mut **tx).await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a banner's priority as a new version.
pub async fn set_priority(tx: &mut Transaction<'static, Any>, id: i64, priority: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE banners SET priority = $1, version = version + 1 WHERE id = $2")
        .bind(priority)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_archived(tx: &mut Transaction<'static, Any>, id: i64, archived: bool) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE banners SET archived = $1, version = version + 1 WHERE id = $2")
        .bind(i64::from(archived))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Keeps `body` (the banner as saved, JSON) as version `version`.
pub async fn add_version(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    version: i64,
    body: &str,
    by: i64,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO banner_versions (banner_id, version, body, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(body)
    .bind(by)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A banner's versions, newest first: (version, who, when).
pub async fn versions(pool: &AnyPool, id: i64) -> sqlx::Result<Vec<(i64, String, i64)>> {
    sqlx::query_as(
        "SELECT v.version, COALESCE(u.name, ''), v.saved_at FROM banner_versions v \
         LEFT JOIN users u ON u.id = v.saved_by WHERE v.banner_id = $1 ORDER BY v.version DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

pub async fn version_body(pool: &AnyPool, id: i64, version: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT body FROM banner_versions WHERE banner_id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .fetch_optional(pool)
        .await
}

/// One staff change: who, what, and the subject before and after (JSON).
pub async fn audit(
    tx: &mut Transaction<'static, Any>,
    actor: i64,
    action: &str,
    subject: &str,
    before: Option<&str>,
    after: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor_id, action, subject, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(before)
        .bind(after)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One click on a banner, with who clicked (for attribution).
pub async fn add_click(
    pool: &AnyPool,
    banner_id: i64,
    at: i64,
    visitor: Option<&str>,
    user: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO banner_clicks (banner_id, at, visitor_hash, user_id) VALUES ($1, $2, $3, $4)")
        .bind(banner_id)
        .bind(at)
        .bind(visitor)
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

/// Each banner's results: impressions, clicks, and the orders (not
/// cancelled) whose shopper's last banner click in the week before the
/// order was this banner, with the revenue of those paid.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct ResultRow {
    pub id: i64,
    pub impressions: i64,
    pub clicks: i64,
    pub orders: i64,
    pub revenue: i64,
}

/// How long a click keeps the credit for an order (7 days, in ms).
pub const ATTRIBUTION_WINDOW_MS: i64 = 7 * 24 * 3_600_000;

/// The statuses of an order that has been paid, for revenue.
const PAID: &str = "('paid', 'packed', 'shipped', 'delivered', 'completed')";

pub async fn results(pool: &AnyPool) -> sqlx::Result<Vec<ResultRow>> {
    sqlx::query_as(&format!(
        "SELECT b.id, b.impressions, \
         (SELECT COUNT(*) FROM banner_clicks k WHERE k.banner_id = b.id) AS clicks, \
         COALESCE(a.orders, 0) AS orders, COALESCE(a.revenue, 0) AS revenue \
         FROM banners b LEFT JOIN ( \
           SELECT c.banner_id, COUNT(*) AS orders, \
             CAST(SUM(CASE WHEN o.status IN {PAID} THEN o.total ELSE 0 END) AS BIGINT) AS revenue \
           FROM orders o JOIN banner_clicks c ON c.id = ( \
             SELECT c2.id FROM banner_clicks c2 \
             WHERE ((o.visitor_hash IS NOT NULL AND c2.visitor_hash = o.visitor_hash) \
                 OR (o.user_id IS NOT NULL AND c2.user_id = o.user_id)) \
               AND c2.at <= o.created_at AND c2.at > o.created_at - {ATTRIBUTION_WINDOW_MS} \
             ORDER BY c2.at DESC, c2.id DESC LIMIT 1) \
           WHERE o.status <> 'cancelled' GROUP BY c.banner_id \
         ) a ON a.banner_id = b.id"
    ))
    .fetch_all(pool)
    .await
}

/// Whether a picture with this key was uploaded.
pub async fn image_exists(tx: &mut Transaction<'static, Any>, key: &str) -> sqlx::Result<bool> {
    let found: Option<String> = sqlx::query_scalar("SELECT image_key FROM banner_images WHERE image_key = $1")
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}

/// Records an uploaded banner picture: its key, size and the widths of its
/// variants. Uploading the same file again changes nothing.
pub async fn insert_image(
    pool: &AnyPool,
    key: &str,
    (width, height): (i64, i64),
    widths: &str,
    uploaded_by: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO banner_images (image_key, width, height, widths, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (image_key) DO NOTHING",
    )
    .bind(key)
    .bind(width)
    .bind(height)
    .bind(widths)
    .bind(uploaded_by)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Writes one voucher code of a draft (of a batch, when `batch` is named).
pub async fn insert_voucher(
    tx: &mut Transaction<'static, Any>,
    code: &str,
    d: &VoucherDraft,
    category_id: Option<i64>,
    batch: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO vouchers (code, kind, value, min_spend, cap, starts_at, ends_at, usage_limit, per_customer_limit, \
         category_id, batch) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(code)
    .bind(d.kind)
    .bind(d.value)
    .bind(d.min_spend)
    .bind(d.cap)
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(d.usage_limit)
    .bind(d.per_customer_limit)
    .bind(category_id)
    .bind(batch)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A typed code, or a batch summed up in one row.
#[derive(sqlx::FromRow)]
pub struct VoucherRow {
    pub code: String,
    pub batch: Option<String>,
    pub codes: i64,
    pub kind: String,
    pub value: i64,
    pub min_spend: i64,
    pub cap: Option<i64>,
    pub usage_limit: i64,
    pub used: i64,
    pub per_customer_limit: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub category: Option<String>,
}

/// Every typed code, and every batch as one row, the latest to end first.
pub async fn vouchers(pool: &AnyPool) -> sqlx::Result<Vec<VoucherRow>> {
    sqlx::query_as(
        "SELECT MIN(v.code) AS code, v.batch, CAST(COUNT(*) AS BIGINT) AS codes, v.kind, v.value, v.min_spend, v.cap, \
         v.usage_limit, CAST(SUM(v.used_count) AS BIGINT) AS used, v.per_customer_limit, v.starts_at, v.ends_at, \
         c.slug AS category FROM vouchers v LEFT JOIN categories c ON c.id = v.category_id \
         GROUP BY CASE WHEN v.batch IS NULL THEN v.code ELSE v.batch END, v.batch, v.kind, v.value, v.min_spend, v.cap, \
         v.usage_limit, v.per_customer_limit, v.starts_at, v.ends_at, c.slug \
         ORDER BY v.ends_at DESC, MIN(v.code)",
    )
    .fetch_all(pool)
    .await
}

/// A batch's codes with their terms and uses, for its CSV.
pub async fn batch_codes(pool: &AnyPool, batch: &str) -> sqlx::Result<Vec<(String, String, i64, i64, i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT code, kind, value, min_spend, starts_at, ends_at, used_count FROM vouchers WHERE batch = $1 ORDER BY code",
    )
    .bind(batch)
    .fetch_all(pool)
    .await
}

/// One visit as the report counts it.
pub struct VisitRow<'a> {
    pub id: &'a str,
    pub started_at: i64,
    pub channel: &'a str,
    pub referrer: Option<&'a str>,
    pub utm: Option<(&'a str, &'a str, &'a str)>,
    pub landing: &'a str,
}

/// Writes a batch of visits in one transaction, many rows per
/// statement (a flash-sale crowd brings thousands a second); a visit
/// already written, by a flush retried after a partial failure, is left as
/// it is.
pub async fn insert_visits(pool: &AnyPool, visits: &[VisitRow<'_>]) -> sqlx::Result<()> {
    // sqlx finds each `$n` among the statement's parameters by name: a few
    // dozen rows per statement keep that cheap.
    const ROWS: usize = 25;
    let mut tx = pool.begin().await?;
    for chunk in visits.chunks(ROWS) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n = i * 8;
                format!("(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7, n + 8)
            })
            .collect();
        let sql = format!(
            "INSERT INTO visits (id, started_at, channel, referrer, utm_source, utm_medium, utm_campaign, landing) \
             VALUES {} ON CONFLICT (id) DO NOTHING",
            values.join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for v in chunk {
            insert = insert
                .bind(v.id)
                .bind(v.started_at)
                .bind(v.channel)
                .bind(v.referrer)
                .bind(v.utm.map(|u| u.0))
                .bind(v.utm.map(|u| u.1))
                .bind(v.utm.map(|u| u.2))
                .bind(v.landing);
        }
        insert.execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// An instant column's WIB day number, `(ms + 7 h) / 1 day`: the same
/// integer division in both engines (`domain::banner::wib_day_number`).
fn wib_day(col: &str) -> String {
    format!("(({col} + 25200000) / 86400000)")
}

/// Visits per (WIB day, channel, utm source, medium, campaign) in
/// `[from, to)`: the report adds them up each way it shows.
pub async fn visit_counts(
    pool: &AnyPool,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(i64, String, Option<String>, Option<String>, Option<String>, i64)>> {
    sqlx::query_as(&format!(
        "SELECT {day}, channel, utm_source, utm_medium, utm_campaign, CAST(COUNT(*) AS BIGINT) FROM visits \
         WHERE started_at >= $1 AND started_at < $2 GROUP BY {day}, channel, utm_source, utm_medium, utm_campaign",
        day = wib_day("started_at")
    ))
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// Orders and paid revenue per (WIB day, channel, utm source, medium,
/// campaign) placed in `[from, to)`; an order placed outside any counted
/// visit is direct.
pub async fn order_counts(
    pool: &AnyPool,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<(i64, String, Option<String>, Option<String>, Option<String>, i64, i64)>> {
    sqlx::query_as(&format!(
        "SELECT {day}, COALESCE(channel, 'direct'), utm_source, utm_medium, utm_campaign, CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status IN {PAID} THEN total ELSE 0 END), 0) AS BIGINT) FROM orders \
         WHERE created_at >= $1 AND created_at < $2 \
         GROUP BY {day}, COALESCE(channel, 'direct'), utm_source, utm_medium, utm_campaign",
        day = wib_day("created_at")
    ))
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// Records one answer to the marketing question, in the caller's
/// transaction (the order's, or a sign-up's).
pub async fn record_consent(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    given: bool,
    source: &str,
    user_id: Option<i64>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO marketing_consents (email, given, source, user_id, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(email.to_lowercase())
        .bind(i64::from(given))
        .bind(source)
        .bind(user_id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// An email's consent: its latest answer (and when), none if never asked.
pub async fn consent_of(pool: &AnyPool, email: &str) -> sqlx::Result<Option<(bool, i64)>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT given, at FROM marketing_consents WHERE email = $1 ORDER BY id DESC LIMIT 1")
            .bind(email.to_lowercase())
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(given, at)| (given == 1, at)))
}

/// Past buyers (paid orders) whose latest answer is yes, in a segment:
/// last order in `[from, to)`, paid spend at least `min_spend`, and (if
/// given) a paid order with a product of that category. Rows: email, name
/// on the latest order, paid orders, spend, last order (ms).
pub async fn audience(
    pool: &AnyPool,
    from: i64,
    to: i64,
    min_spend: i64,
    category: Option<&str>,
) -> sqlx::Result<Vec<(String, String, i64, i64, i64)>> {
    let bought = if category.is_some() {
        "AND EXISTS (SELECT 1 FROM orders b JOIN order_lines l ON l.order_id = b.id \
         JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id \
         JOIN categories c ON c.id = p.category_id \
         WHERE LOWER(b.email) = LOWER(o.email) AND b.status IN {PAID} AND c.slug = $4)"
    } else {
        "AND CAST($4 AS TEXT) = ''"
    };
    sqlx::query_as(&format!(
        "SELECT LOWER(o.email), MAX(o.name), CAST(COUNT(*) AS BIGINT), CAST(SUM(o.total) AS BIGINT), MAX(o.created_at) \
         FROM orders o WHERE o.status IN {PAID} \
         AND (SELECT c.given FROM marketing_consents c WHERE c.email = LOWER(o.email) ORDER BY c.id DESC LIMIT 1) = 1 \
         {bought} \
         GROUP BY LOWER(o.email) \
         HAVING MAX(o.created_at) >= $1 AND MAX(o.created_at) < $2 AND SUM(o.total) >= $3 \
         ORDER BY MAX(o.created_at) DESC",
        bought = bought.replace("{PAID}", PAID)
    ))
    .bind(from)
    .bind(to)
    .bind(min_spend)
    .bind(category.unwrap_or(""))
    .fetch_all(pool)
    .await
}

/// Category slugs and Indonesian names, for the audience's segment.
pub async fn category_names(pool: &AnyPool) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT slug, name_id FROM categories ORDER BY position").fetch_all(pool).await
}
