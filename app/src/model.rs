//! Wire types: what travels between the server functions and the pages.
//! Database rows (`*Row`) stay on the server and are mapped into these.

use serde::{Deserialize, Serialize};

/// Where picture `view` (1 to 3) of a product is served.
pub fn image_url(slug: &str, view: u8) -> String {
    format!("/img/p/{slug}/{view}.svg")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub slug: String,
    pub name: String,
    pub price_from: i64,
    pub price_to: i64,
    /// The lowest normal price, struck through, when a flash sale makes
    /// `price_from` lower now.
    pub was_from: Option<i64>,
    /// Units left at the flash-sale price, across the product's variants.
    pub sale_left: Option<i64>,
    pub image: String,
    pub colours: Vec<String>,
    pub in_stock: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Banner {
    /// 0 in the studio's preview: its link then goes straight to `link`.
    pub id: i64,
    pub title: String,
    pub text: String,
    /// The call to action's label.
    pub cta: String,
    pub link: String,
    /// `#rrggbb`.
    pub background: String,
    pub picture: Option<BannerPicture>,
}

/// A banner's uploaded picture: JPEG variants at `widths` under
/// `/img/b/{key}-{width}.jpg`, named by content and cached for good.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerPicture {
    pub key: String,
    /// The original's size, for the `width`/`height` that hold its place
    /// (0 where unknown: the studio's preview).
    pub width: u32,
    pub height: u32,
    pub widths: Vec<u32>,
    pub alt: String,
}

/// The cookie that keeps the campaign link a shopper last arrived by.
pub const UTM_COOKIE: &str = "etl_utm";

/// The cookie that keeps the current visit (`domain::campaign::Arrival`),
/// renewed at each page for `domain::campaign::VISIT_IDLE_SECONDS`.
pub const VISIT_COOKIE: &str = "etl_visit";

/// Where banner pictures are served: `{BANNER_IMAGE_PATH}/{key}-{width}.jpg`.
pub const BANNER_IMAGE_PATH: &str = "/img/b";

impl BannerPicture {
    pub fn url(&self, width: u32) -> String {
        format!("{BANNER_IMAGE_PATH}/{}-{width}.jpg", self.key)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    /// The hero carousel's banners, live now, highest priority first.
    pub banners: Vec<Banner>,
    /// The strip under the categories.
    pub strip: Vec<Banner>,
    /// The instant a staff member's time-travel preview shows, if it is one.
    pub preview_at: Option<i64>,
    pub categories: Vec<CategoryLink>,
    pub best_sellers: Vec<ProductCard>,
    pub new_arrivals: Vec<ProductCard>,
    /// The running flash sale (else the next), with its countdown, and
    /// the products on sale now.
    pub sale: Option<SaleNotice>,
    pub on_sale: Vec<ProductCard>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Popular,
    Newest,
    PriceAsc,
    PriceDesc,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Popular, Sort::Newest, Sort::PriceAsc, Sort::PriceDesc];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Popular => "populer",
            Sort::Newest => "terbaru",
            Sort::PriceAsc => "termurah",
            Sort::PriceDesc => "termahal",
        }
    }

    pub fn parse(code: &str) -> Sort {
        Sort::ALL.into_iter().find(|s| s.code() == code).unwrap_or_default()
    }
}

/// Filters and sort of a category listing, exactly as they appear in the
/// shareable URL (`?ukuran=M&warna=Hitam&min=100000&maks=300000&urut=termurah&hal=2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingQuery {
    pub size: String,
    pub colour: String,
    pub min: String,
    pub max: String,
    pub sort: String,
    pub page: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingPage {
    pub category: CategoryLink,
    pub products: Vec<ProductCard>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
    pub sizes: Vec<String>,
    /// (value in the URL, label in the shopper's language)
    pub colours: Vec<(String, String)>,
    /// The studio's banners for the top of this category, live now.
    pub banners: Vec<Banner>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantView {
    pub id: i64,
    pub sku: String,
    pub size: String,
    pub colour: String,
    pub colour_hex: String,
    /// What the variant sells at now (its flash-sale price included).
    pub price: i64,
    pub stock: i64,
    /// On a running flash sale: the normal price (struck through) and the
    /// units left at the sale price (0: sold out at the sale price).
    pub sale: Option<(i64, i64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category: CategoryLink,
    pub images: Vec<String>,
    pub variants: Vec<VariantView>,
    pub related: Vec<ProductCard>,
    pub canonical: String,
    /// The studio's product-page strip, live now.
    pub banners: Vec<Banner>,
    /// The flash sale one of its variants is on, with its countdown.
    pub sale: Option<SaleNotice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLineView {
    pub variant_id: i64,
    pub product_slug: String,
    pub name: String,
    pub size: String,
    pub colour: String,
    pub image: String,
    /// What the shopper pays per unit now (a flash-sale price included).
    pub unit_price: i64,
    /// The variant's own price, struck through, when `unit_price` is a sale price.
    pub normal_price: Option<i64>,
    /// Why the line cannot have its sale price as it stands ("2 left at
    /// the sale price", "sold out at the sale price").
    pub sale_note: Option<String>,
    pub quantity: i64,
    pub line_total: i64,
    pub stock: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    pub item_count: i64,
    pub subtotal: i64,
    /// The voucher applied to the cart, checked against it as it is now.
    #[serde(default)]
    pub voucher: Option<CartVoucher>,
}

/// A voucher applied to a cart: its discount on the cart as it stands, or
/// why it does not apply (yet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartVoucher {
    pub code: String,
    /// 0 when it does not apply, or gives free shipping (known at checkout).
    pub discount: i64,
    /// Why it does not apply, or what it gives that is counted later.
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Shopper,
    Admin,
    Ops,
    Agent,
    Marketer,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Shopper => "shopper",
            Role::Admin => "admin",
            Role::Ops => "ops",
            Role::Agent => "agent",
            Role::Marketer => "marketer",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        [Role::Shopper, Role::Admin, Role::Ops, Role::Agent, Role::Marketer].into_iter().find(|r| r.code() == code)
    }

    pub fn is_staff(self) -> bool {
        self != Role::Shopper
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// The storefront's island bundles beside the base one (`etalase`: the
/// header's cart badge and the chat launcher, on every page): each is `app`
/// built with its feature (`islands-{name}`) and holds the base islands too,
/// so a page loads exactly one — the first of these whose islands it has
/// (an island's element is `<leptos-island data-component="{Name}_…">`).
/// Home, listings, search and content pages carry only the base.
pub const ISLAND_BUNDLES: [(&str, &[&str]); 5] = [
    ("buy", &["BuyBox"]),
    ("cart", &["CartLines"]),
    ("checkout", &["CheckoutForm"]),
    ("order", &["OrderDetail"]),
    ("account", &["LoginForm", "RegisterForm"]),
];

/// Where a click on a live banner goes first: `{path}/{id}` counts the click
/// and redirects to the banner's link.
pub const BANNER_CLICK_PATH: &str = "/b";

/// Islands that must run before the shopper touches the page: the tracking
/// page follows its order's status on its own. A page with none of them
/// hydrates on its first touch, key, scroll or pointer move (its wasm is
/// downloaded and compiled once the page is idle, before that): a shopper
/// who only reads never pays for hydration, and until then the page works
/// as plain HTML (links, forms).
pub const ISLANDS_AT_ONCE: [&str; 1] = ["OrderDetail"];

/// The tab's session-storage key that says the chat widget was open on the
/// last page: the next page hydrates at once and opens it again.
pub const CHAT_OPEN_KEY: &str = "etalase:chat-open";

/// The bundles a page loads on demand beside the storefront's, served as
/// `pkg/{name}.{js,wasm,css}`: the chat's (when a shopper opens the chat)
/// and the staff's (on staff pages only).
pub const CHAT_BUNDLE: &str = "chat";
pub const STAFF_BUNDLE: &str = "staff";
/// The stylesheet of the pages with forms and orders (`style/forms.css`),
/// inlined after the site's by those pages only (`ui::FormsStyle`).
pub const FORMS_STYLE: &str = "forms";
/// The element of a staff page the staff bundle mounts the area's screen
/// into; its presence also starts the staff bundle's download.
pub const STAFF_SCREEN_ID: &str = "staff-screen";

/// The three staff areas and the roles that may enter each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffArea {
    Agent,
    Studio,
    Admin,
}

impl StaffArea {
    pub const ALL: [StaffArea; 3] = [StaffArea::Agent, StaffArea::Studio, StaffArea::Admin];

    /// Where the area lives (the routes in `lib.rs` use the same paths).
    pub fn path(self) -> &'static str {
        match self {
            StaffArea::Agent => "/agent",
            StaffArea::Studio => "/studio",
            StaffArea::Admin => "/admin",
        }
    }

    /// The area whose path is `path`.
    pub fn at(path: &str) -> Option<StaffArea> {
        StaffArea::ALL.into_iter().find(|area| area.path() == path)
    }

    pub fn title(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            StaffArea::Agent => Msg::AgentPanel,
            StaffArea::Studio => Msg::Studio,
            StaffArea::Admin => Msg::BackOffice,
        }
    }

    pub fn admits(self, role: Role) -> bool {
        match self {
            StaffArea::Agent => matches!(role, Role::Admin | Role::Agent),
            StaffArea::Studio => matches!(role, Role::Admin | Role::Marketer),
            StaffArea::Admin => matches!(role, Role::Admin | Role::Ops),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub products: Vec<ProductCard>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentPage {
    pub slug: String,
    pub title: String,
    pub body: Vec<String>,
}

/// A running or coming flash sale as a storefront page announces it. The
/// countdown is the server's: `remaining_ms` is measured on the server's
/// clock when the page is made, and the page counts it down from the
/// moment it arrives, so a phone whose clock is off still shows the truth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleNotice {
    pub name: String,
    pub running: bool,
    /// Until the end (running) or the start (coming), in milliseconds.
    pub remaining_ms: i64,
}
