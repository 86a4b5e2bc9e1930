//! Flash-sale SQL: campaigns written and listed, the offers running or
//! coming, the claim of cap units and of a customer's allowance (each one
//! conditional statement), and the units a cancelled order gives back.

use domain::sale::{Offer, SaleDraft};
use sqlx::{Any, AnyPool, Transaction};
use std::collections::HashMap;

type Tx = Transaction<'static, Any>;

#[derive(sqlx::FromRow)]
pub(crate) struct OfferRow {
    pub variant_id: i64,
    sale_id: i64,
    sale_price: i64,
    cap: i64,
    sold: i64,
    starts_at: i64,
    ends_at: i64,
    per_customer_limit: i64,
    sold_out_at_sale_price: i64,
}

impl OfferRow {
    pub fn offer(&self) -> Offer {
        Offer {
            sale_id: self.sale_id,
            sale_price: self.sale_price,
            cap: self.cap,
            sold: self.sold,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            per_customer_limit: self.per_customer_limit,
            sold_out_at_sale_price: self.sold_out_at_sale_price != 0,
        }
    }
}

/// Every item of a campaign that has not ended at `now`, coming ones too.
const OFFERS: &str = "SELECT i.variant_id, i.sale_id, i.sale_price, i.cap, i.sold, s.starts_at, s.ends_at, \
     s.per_customer_limit, s.sold_out_at_sale_price \
     FROM flash_sale_items i JOIN flash_sales s ON s.id = i.sale_id WHERE s.ends_at > $1";

/// Id, name, start and end of every campaign not ended at `now`.
pub async fn campaigns_not_ended(pool: &AnyPool, now: i64) -> sqlx::Result<Vec<(i64, String, i64, i64)>> {
    sqlx::query_as("SELECT id, name, starts_at, ends_at FROM flash_sales WHERE ends_at > $1 ORDER BY starts_at, id")
        .bind(now)
        .fetch_all(pool)
        .await
}

/// The items of every campaign not ended at `now`.
pub(crate) async fn offers_not_ended(pool: &AnyPool, now: i64) -> sqlx::Result<Vec<OfferRow>> {
    sqlx::query_as(OFFERS).bind(now).fetch_all(pool).await
}

/// Writes a campaign (not its items); its id.
pub async fn insert_campaign(tx: &mut Tx, d: &SaleDraft, created_by: i64, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO flash_sales (name, starts_at, ends_at, per_customer_limit, sold_out_at_sale_price, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&d.name)
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(d.per_customer_limit)
    .bind(i64::from(d.sold_out_at_sale_price))
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// A variant's id and normal price by its SKU, in any case.
pub async fn variant_by_sku(tx: &mut Tx, sku: &str) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as("SELECT id, price FROM variants WHERE UPPER(sku) = $1")
        .bind(sku.to_uppercase())
        .fetch_optional(&mut **tx)
        .await
}

pub async fn insert_item(tx: &mut Tx, sale_id: i64, variant_id: i64, sale_price: i64, cap: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO flash_sale_items (sale_id, variant_id, sale_price, cap) VALUES ($1, $2, $3, $4)")
        .bind(sale_id)
        .bind(variant_id)
        .bind(sale_price)
        .bind(cap)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One item of a campaign with its campaign, as the studio lists them.
#[derive(sqlx::FromRow)]
pub struct ListedItem {
    pub id: i64,
    pub name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub per_customer_limit: i64,
    pub sold_out_at_sale_price: i64,
    pub sku: String,
    pub sale_price: i64,
    pub normal_price: i64,
    pub cap: i64,
    pub sold: i64,
}

/// Every campaign's items, the latest campaign to end first.
pub async fn listed(pool: &AnyPool) -> sqlx::Result<Vec<ListedItem>> {
    sqlx::query_as(
        "SELECT s.id, s.name, s.starts_at, s.ends_at, s.per_customer_limit, s.sold_out_at_sale_price, v.sku, \
         i.sale_price, v.price AS normal_price, i.cap, i.sold \
         FROM flash_sales s JOIN flash_sale_items i ON i.sale_id = s.id JOIN variants v ON v.id = i.variant_id \
         ORDER BY s.ends_at DESC, s.id DESC, v.sku",
    )
    .fetch_all(pool)
    .await
}

/// The running offer on each of these variants at `now` (the lowest sale
/// price where two campaigns overlap), read inside the caller's transaction.
pub async fn running_offers<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    now: i64,
) -> sqlx::Result<HashMap<i64, Offer>> {
    let sql = format!("{OFFERS} AND s.starts_at <= $1 ORDER BY i.variant_id, i.sale_price DESC");
    let rows: Vec<OfferRow> = sqlx::query_as(&sql).bind(now).fetch_all(ex).await?;
    // Later rows (lower prices) replace earlier ones.
    Ok(rows.into_iter().map(|r| (r.variant_id, r.offer())).collect())
}

/// Claims `quantity` units of a variant's cap, if that many are left and
/// the campaign is running at `now`: the check and the claim are one
/// statement. False: not claimed.
pub async fn claim_units(tx: &mut Tx, sale_id: i64, variant_id: i64, quantity: i64, now: i64) -> sqlx::Result<bool> {
    let claimed = sqlx::query(
        "UPDATE flash_sale_items SET sold = sold + $3 WHERE sale_id = $1 AND variant_id = $2 AND sold + $3 <= cap \
         AND EXISTS (SELECT 1 FROM flash_sales s WHERE s.id = $1 AND s.starts_at <= $4 AND s.ends_at > $4)",
    )
    .bind(sale_id)
    .bind(variant_id)
    .bind(quantity)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Counts `quantity` units against a customer's allowance in a campaign
/// (`limit` units, 0: none): one conditional upsert. False: over the limit.
pub async fn claim_allowance(tx: &mut Tx, sale_id: i64, customer: &str, quantity: i64, limit: i64) -> sqlx::Result<bool> {
    if limit == 0 {
        return Ok(true);
    }
    let claimed = sqlx::query(
        "INSERT INTO flash_sale_customers (sale_id, customer, units) SELECT $1, $2, $3 WHERE $3 <= $4 \
         ON CONFLICT (sale_id, customer) DO UPDATE SET units = flash_sale_customers.units + excluded.units \
         WHERE flash_sale_customers.units + excluded.units <= $4",
    )
    .bind(sale_id)
    .bind(customer)
    .bind(quantity)
    .bind(limit)
    .execute(&mut **tx)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// A cancelled order's sale-price units go back to their caps and to its
/// customer's allowance. Once: the caller is the one conditional move into
/// `cancelled`.
pub async fn give_back(tx: &mut Tx, order_id: i64, customer: &str) -> sqlx::Result<()> {
    let lines: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT flash_sale_id, variant_id, quantity FROM order_lines WHERE order_id = $1 AND flash_sale_id IS NOT NULL",
    )
    .bind(order_id)
    .fetch_all(&mut **tx)
    .await?;
    for (sale_id, variant_id, quantity) in lines {
        sqlx::query("UPDATE flash_sale_items SET sold = sold - $3 WHERE sale_id = $1 AND variant_id = $2 AND sold >= $3")
            .bind(sale_id)
            .bind(variant_id)
            .bind(quantity)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE flash_sale_customers SET units = units - $3 WHERE sale_id = $1 AND customer = $2 AND units >= $3")
            .bind(sale_id)
            .bind(customer)
            .bind(quantity)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
