//! Flash sales: a campaign's window, a variant's sale price and its cap
//! (units sold at that price, counted apart from stock), and what a line of
//! a cart costs under it: the one rule the product page, the cart and the
//! checkout share.

use crate::banner::parse_wib;
use serde::{Deserialize, Serialize};

/// A variant's sale price in a campaign, as the database holds it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub sale_id: i64,
    pub sale_price: i64,
    /// Units that may be sold at the sale price.
    pub cap: i64,
    /// Units sold at the sale price so far.
    pub sold: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Units one customer may buy at sale prices in this campaign (0: no limit).
    pub per_customer_limit: i64,
    /// Once the cap is reached the variant is "sold out at the sale price"
    /// until the sale ends, instead of going back to its normal price.
    pub sold_out_at_sale_price: bool,
}

/// Where a campaign stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaleState {
    Upcoming,
    Running,
    Ended,
}

impl SaleState {
    /// `starts_at <= now < ends_at` is running, to the millisecond.
    pub fn at(starts_at: i64, ends_at: i64, now: i64) -> SaleState {
        if now < starts_at {
            SaleState::Upcoming
        } else if now < ends_at {
            SaleState::Running
        } else {
            SaleState::Ended
        }
    }
}

/// What a line of some units of a variant costs at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinePrice {
    /// The variant's own price: no running sale, or its cap is reached.
    Normal,
    /// The sale price, for every unit of the line.
    Sale { price: i64, sale_id: i64 },
    /// The cap is reached and the campaign says so instead of the normal price.
    SoldOutAtSalePrice,
    /// Fewer units than the line asks for are left at the sale price.
    OnlyLeft(i64),
}

impl Offer {
    pub fn state_at(&self, now: i64) -> SaleState {
        SaleState::at(self.starts_at, self.ends_at, now)
    }

    /// Units still to be sold at the sale price.
    pub fn left(&self) -> i64 {
        (self.cap - self.sold).max(0)
    }

    /// What `quantity` units cost under this offer at `now`. Before the
    /// start and after the end the sale price does not exist.
    pub fn price_for(&self, quantity: i64, now: i64) -> LinePrice {
        if self.state_at(now) != SaleState::Running {
            return LinePrice::Normal;
        }
        match self.left() {
            0 if self.sold_out_at_sale_price => LinePrice::SoldOutAtSalePrice,
            0 => LinePrice::Normal,
            left if left < quantity => LinePrice::OnlyLeft(left),
            _ => LinePrice::Sale { price: self.sale_price, sale_id: self.sale_id },
        }
    }
}

/// What a line costs when its variant may have an offer.
pub fn line_price(offer: Option<&Offer>, quantity: i64, now: i64) -> LinePrice {
    offer.map_or(LinePrice::Normal, |o| o.price_for(quantity, now))
}

/// A campaign as the studio's form sends it: times in WIB, one item per
/// line as `SKU, sale price, cap` (pasted from a spreadsheet or typed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SaleForm {
    pub name: String,
    pub starts_at: String,
    pub ends_at: String,
    pub per_customer_limit: String,
    pub sold_out_at_sale_price: bool,
    pub items: String,
}

/// One item of a campaign once its line is well formed (the SKU is
/// checked against the catalog by the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDraft {
    pub line: usize,
    pub sku: String,
    pub sale_price: i64,
    pub cap: i64,
}

/// A campaign that passed every check but the catalog's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaleDraft {
    pub name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub per_customer_limit: i64,
    pub sold_out_at_sale_price: bool,
    pub items: Vec<ItemDraft>,
}

/// Why a campaign form is refused; `Line` names the item's line (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaleError {
    Name,
    Start,
    End,
    EndBeforeStart,
    PerCustomerLimit,
    NoItems,
    Line(usize),
    DuplicateSku(usize),
}

/// The most units of one variant a campaign may sell at its price.
pub const MAX_CAP: i64 = 100_000;

impl SaleForm {
    pub fn check(&self) -> Result<SaleDraft, SaleError> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(SaleError::Name);
        }
        let starts_at = parse_wib(&self.starts_at).ok_or(SaleError::Start)?;
        let ends_at = parse_wib(&self.ends_at).ok_or(SaleError::End)?;
        if ends_at <= starts_at {
            return Err(SaleError::EndBeforeStart);
        }
        let limit = self.per_customer_limit.trim();
        let per_customer_limit = if limit.is_empty() {
            0
        } else {
            limit.parse::<i64>().ok().filter(|n| (0..=100).contains(n)).ok_or(SaleError::PerCustomerLimit)?
        };
        let mut items: Vec<ItemDraft> = Vec::new();
        for (i, raw) in self.items.lines().enumerate() {
            let line = i + 1;
            if raw.trim().is_empty() {
                continue;
            }
            let item = parse_item(raw, line).ok_or(SaleError::Line(line))?;
            if items.iter().any(|other| other.sku == item.sku) {
                return Err(SaleError::DuplicateSku(line));
            }
            items.push(item);
        }
        if items.is_empty() {
            return Err(SaleError::NoItems);
        }
        Ok(SaleDraft {
            name,
            starts_at,
            ends_at,
            per_customer_limit,
            sold_out_at_sale_price: self.sold_out_at_sale_price,
            items,
        })
    }
}

/// `SKU, price, cap`, separated by commas, semicolons or tabs; the price in
/// whole rupiah, dots as thousands separators allowed (`99.000`).
fn parse_item(raw: &str, line: usize) -> Option<ItemDraft> {
    let fields: Vec<&str> = raw.split([',', ';', '\t']).map(str::trim).collect();
    let [sku, price, cap] = fields.as_slice() else { return None };
    let sku_ok = !sku.is_empty()
        && sku.len() <= 64
        && sku.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !sku_ok {
        return None;
    }
    let price = price.trim_start_matches("Rp").trim().replace('.', "");
    let sale_price = price.parse::<i64>().ok().filter(|p| (1..=1_000_000_000).contains(p))?;
    let cap = cap.parse::<i64>().ok().filter(|c| (1..=MAX_CAP).contains(c))?;
    Some(ItemDraft { line, sku: sku.to_uppercase(), sale_price, cap })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(cap: i64, sold: i64, sold_out: bool) -> Offer {
        Offer {
            sale_id: 7,
            sale_price: 99_000,
            cap,
            sold,
            starts_at: 1_000,
            ends_at: 2_000,
            per_customer_limit: 0,
            sold_out_at_sale_price: sold_out,
        }
    }

    #[test]
    fn the_sale_price_exists_only_inside_the_window() {
        let o = offer(10, 0, false);
        assert_eq!(o.price_for(1, 999), LinePrice::Normal);
        assert_eq!(o.price_for(1, 1_000), LinePrice::Sale { price: 99_000, sale_id: 7 });
        assert_eq!(o.price_for(1, 1_999), LinePrice::Sale { price: 99_000, sale_id: 7 });
        assert_eq!(o.price_for(1, 2_000), LinePrice::Normal);
    }

    #[test]
    fn a_reached_cap_goes_back_to_the_normal_price_or_sells_out_as_the_campaign_says() {
        assert_eq!(offer(3, 3, false).price_for(1, 1_500), LinePrice::Normal);
        assert_eq!(offer(3, 3, true).price_for(1, 1_500), LinePrice::SoldOutAtSalePrice);
        assert_eq!(offer(3, 1, false).price_for(3, 1_500), LinePrice::OnlyLeft(2));
        assert_eq!(line_price(None, 1, 1_500), LinePrice::Normal);
    }

    #[test]
    fn a_campaign_form_names_its_first_bad_line() {
        let form = SaleForm {
            name: "Harbolnas 12.12".into(),
            starts_at: "2026-12-12T00:00".into(),
            ends_at: "2026-12-12T02:00".into(),
            per_customer_limit: "2".into(),
            sold_out_at_sale_price: false,
            items: "KMJ-BTK-M, 99.000, 50\n\nKMJ-BTK-L;Rp 99000;20\nKMJ-BTK-XL, -5, 3".into(),
        };
        assert_eq!(form.check(), Err(SaleError::Line(4)));
        let ok = SaleForm { items: "kmj-btk-m, 99.000, 50\nKMJ-BTK-L\t99000\t20".into(), ..form.clone() };
        let draft = ok.check().expect("valid");
        assert_eq!(draft.items.len(), 2);
        assert_eq!(draft.items[0], ItemDraft { line: 1, sku: "KMJ-BTK-M".into(), sale_price: 99_000, cap: 50 });
        assert_eq!(draft.per_customer_limit, 2);
        let twice = SaleForm { items: "A-1, 1000, 1\na-1, 900, 1".into(), ..form.clone() };
        assert_eq!(twice.check(), Err(SaleError::DuplicateSku(2)));
        let backwards = SaleForm { ends_at: "2026-12-11T23:00".into(), ..form };
        assert_eq!(backwards.check(), Err(SaleError::EndBeforeStart));
    }
}
