//! The running and coming flash sales in memory, for pages: read again
//! when a second old, so a product page under flash-sale load costs no
//! query, its "left at the sale price" lags the truth by a second at most,
//! and a sale starts and ends at its second (states are decided against
//! the clock at each read, never cached). The checkout never reads this: it
//! claims in the database.

use super::{db, SaleNotice, VariantSale};
use domain::sale::{LinePrice, Offer, SaleState};
use sqlx::AnyPool;
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

const MAX_AGE: Duration = Duration::from_secs(1);

/// The campaigns that had not ended when the board was read.
#[derive(Default)]
pub struct Board {
    /// Id, name, start and end of each campaign.
    sales: Vec<(i64, String, i64, i64)>,
    offers: HashMap<i64, Vec<Offer>>,
}

impl Board {
    async fn load(pool: &AnyPool, now: i64) -> sqlx::Result<Board> {
        let sales = db::campaigns_not_ended(pool, now).await?;
        let rows = db::offers_not_ended(pool, now).await?;
        let mut offers: HashMap<i64, Vec<Offer>> = HashMap::new();
        for row in rows {
            offers.entry(row.variant_id).or_default().push(row.offer());
        }
        Ok(Board { sales, offers })
    }

    /// The offer a variant sells under at `now`: the running one with the
    /// lowest sale price.
    pub fn running(&self, variant_id: i64, now: i64) -> Option<&Offer> {
        self.offers
            .get(&variant_id)?
            .iter()
            .filter(|o| o.state_at(now) == SaleState::Running)
            .min_by_key(|o| o.sale_price)
    }

    /// A variant's sale price now, as its product page shows it; None when
    /// it sells at its normal price (no sale, or the cap reached).
    pub fn variant_sale(&self, variant_id: i64, normal_price: i64, now: i64) -> Option<VariantSale> {
        let offer = self.running(variant_id, now)?;
        match offer.price_for(1, now) {
            LinePrice::Sale { price, .. } => {
                Some(VariantSale { variant_id, sale_price: price, normal_price, left: offer.left() })
            }
            LinePrice::SoldOutAtSalePrice => {
                Some(VariantSale { variant_id, sale_price: offer.sale_price, normal_price, left: 0 })
            }
            LinePrice::Normal | LinePrice::OnlyLeft(_) => None,
        }
    }

    /// A running campaign's notice, for the page of a product on it.
    pub fn notice_of(&self, sale_id: i64, now: i64) -> Option<SaleNotice> {
        let (_, name, starts_at, ends_at) = self.sales.iter().find(|(id, ..)| *id == sale_id)?;
        (SaleState::at(*starts_at, *ends_at, now) == SaleState::Running)
            .then(|| SaleNotice { name: name.clone(), running: true, remaining_ms: ends_at - now })
    }

    /// The sale a page announces: the running one that ends first, else
    /// the next to start (within a week).
    pub fn notice(&self, now: i64) -> Option<SaleNotice> {
        const WEEK_MS: i64 = 7 * 24 * 3_600_000;
        let running = self
            .sales
            .iter()
            .filter(|(_, _, s, e)| SaleState::at(*s, *e, now) == SaleState::Running)
            .min_by_key(|(_, _, _, e)| *e)
            .map(|(_, name, _, e)| SaleNotice { name: name.clone(), running: true, remaining_ms: e - now });
        running.or_else(|| {
            self.sales
                .iter()
                .filter(|(_, _, s, _)| *s > now && *s - now <= WEEK_MS)
                .min_by_key(|(_, _, s, _)| *s)
                .map(|(_, name, s, _)| SaleNotice { name: name.clone(), running: false, remaining_ms: s - now })
        })
    }
}

/// The board, shared by every request of the process.
#[derive(Clone)]
pub struct SaleBoard {
    pool: AnyPool,
    current: Arc<RwLock<Option<(Instant, Arc<Board>)>>>,
    reload: Arc<tokio::sync::Mutex<()>>,
}

impl SaleBoard {
    pub fn new(pool: AnyPool) -> Self {
        SaleBoard { pool, current: Arc::default(), reload: Arc::default() }
    }

    fn fresh(&self) -> Option<Arc<Board>> {
        let guard = self.current.read().ok()?;
        let (at, board) = guard.as_ref()?;
        (at.elapsed() < MAX_AGE).then(|| board.clone())
    }

    /// The board as of at most a second ago; one request reads it again at
    /// a time while the others wait for that read.
    pub async fn get(&self, now: i64) -> sqlx::Result<Arc<Board>> {
        if let Some(board) = self.fresh() {
            return Ok(board);
        }
        let _one = self.reload.lock().await;
        if let Some(board) = self.fresh() {
            return Ok(board);
        }
        let board = Arc::new(Board::load(&self.pool, now).await?);
        if let Ok(mut guard) = self.current.write() {
            *guard = Some((Instant::now(), board.clone()));
        }
        Ok(board)
    }

    /// Forgets the board when a sale is running (an order may just have
    /// claimed some of its units): pages then show what is left at once.
    pub fn claimed(&self, now: i64) {
        let running = self.fresh().is_some_and(|b| b.sales.iter().any(|(_, _, s, e)| SaleState::at(*s, *e, now) == SaleState::Running));
        if running {
            self.invalidate();
        }
    }

    /// Forgets the board (a campaign was saved): the next page reads it anew.
    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.current.write() {
            *guard = None;
        }
    }
}
