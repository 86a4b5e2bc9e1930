//! Storefront catalog pages: home, category listing, search, product.

use super::{category_listing, load_home, load_product, search_products};
use crate::{
    i18n::{use_lang, Lang, Msg},
    model::*,
    ui::{price_range, rupiah, Loaded, Posted, ProductGrid, STORE_NAME},
};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    // `?pratinjau=` (staff only, checked on the server): the home page as of
    // a coming instant.
    let as_of = use_query_map().read_untracked().get("pratinjau");
    let data = Resource::new(move || as_of.clone(), load_home);
    view! {
        <Title text=format!("{STORE_NAME} — {}", lang.t(Msg::FooterTagline))/>
        <Meta name="description" content=lang.t(Msg::FooterTagline)/>
        <Loaded resource=data let:home>
            <HomeView home/>
        </Loaded>
    }
}

/// A flash sale's name and countdown. The time left is the server's: the
/// server writes it, and the page's loader script counts it down from the
/// moment the page arrived (`data-countdown`, milliseconds), never from the
/// phone's own clock.
#[component]
fn SaleCountdown(notice: SaleNotice) -> impl IntoView {
    let lang = use_lang();
    let label = if notice.running { Msg::SaleEndsIn } else { Msg::SaleStartsIn };
    view! {
        <p class="flash-head" data-testid="flash-sale">
            <strong class="flash-name">"⚡ " {lang.t(Msg::FlashSale)} " · " {notice.name}</strong>
            <span class="flash-clock">
                {lang.t(label)} " "
                <time class="countdown" data-countdown=notice.remaining_ms.to_string()
                    data-day=day_letter(lang)>{countdown(notice.remaining_ms, lang)}</time>
            </span>
        </p>
    }
}

/// The letter after a count of days: `h`ari, `d`ays.
fn day_letter(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "h",
        Lang::En => "d",
    }
}

/// `2h 03:04:05`, `03:04:05`: what is left of `ms`, to the second.
fn countdown(ms: i64, lang: Lang) -> String {
    let s = ms.max(0) / 1000;
    let clock = format!("{:02}:{:02}:{:02}", s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    match s / 86_400 {
        0 => clock,
        days => format!("{days}{} {clock}", day_letter(lang)),
    }
}

/// A strip of the studio's banners, where there are any.
#[component]
fn Promos(banners: Vec<crate::model::Banner>) -> impl IntoView {
    let lang = use_lang();
    (!banners.is_empty()).then(|| view! {
        <section class="banner-strip" aria-label=lang.t(Msg::PromoSlot)>
            {banners.into_iter().map(|b| view! { <crate::ui::PromoBanner banner=b/> }).collect_view()}
        </section>
    })
}

#[component]
fn HomeView(home: HomeData) -> impl IntoView {
    let lang = use_lang();
    let preview = home.preview_at.map(|at| view! {
        <Meta name="robots" content="noindex"/>
        <p class="preview-note" role="status" data-testid="preview-note">
            {lang.t(crate::i18n::StudioMsg::PreviewAsOf)} " " {crate::ui::wib(at)}
        </p>
    });
    view! {
        {preview}
        // The studio's live hero banners: a carousel that scrolls by itself
        // under the thumb (CSS scroll snap, no script).
        <section class="banners" aria-label=lang.t(Msg::PromoSlot)>
            {home.banners.into_iter().enumerate().map(|(i, b)| { let hero = i == 0; view! { <crate::ui::PromoBanner banner=b hero/> } }).collect_view()}
        </section>
        <section aria-labelledby="cat-h">
            <h2 id="cat-h">{lang.t(Msg::Categories)}</h2>
            <ul class="chips">
                {home
                    .categories
                    .into_iter()
                    .map(|c| view! { <li><a class="chip" href=format!("/c/{}", c.slug)>{c.name}</a></li> })
                    .collect_view()}
            </ul>
        </section>
        <Promos banners=home.strip/>
        {home.sale.map(|notice| view! {
            <section class="flash-sale" aria-labelledby="flash-h">
                <h2 id="flash-h" class="sr-only">{lang.t(Msg::FlashSale)}</h2>
                <SaleCountdown notice/>
                {(!home.on_sale.is_empty()).then(|| view! { <ProductGrid products=home.on_sale/> })}
            </section>
        })}
        <section aria-labelledby="best-h">
            <h2 id="best-h">{lang.t(Msg::BestSellers)}</h2>
            <ProductGrid products=home.best_sellers eager_first=2/>
        </section>
        <section aria-labelledby="new-h">
            <h2 id="new-h">{lang.t(Msg::NewArrivals)}</h2>
            <ProductGrid products=home.new_arrivals/>
        </section>
    }
}

fn listing_query_from_url() -> Memo<ListingQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        ListingQuery {
            size: get("ukuran"),
            colour: get("warna"),
            min: get("min"),
            max: get("maks"),
            sort: get("urut"),
            page: get("hal"),
        }
    })
}

/// The listing URL for a query, so every filter and page is shareable.
fn listing_href(slug: &str, q: &ListingQuery, page: u32) -> String {
    let mut parts = Vec::new();
    for (key, value) in
        [("ukuran", &q.size), ("warna", &q.colour), ("min", &q.min), ("maks", &q.max), ("urut", &q.sort)]
    {
        if !value.is_empty() {
            parts.push(format!("{key}={}", encode(value)));
        }
    }
    if page > 1 {
        parts.push(format!("hal={page}"));
    }
    if parts.is_empty() {
        format!("/c/{slug}")
    } else {
        format!("/c/{slug}?{}", parts.join("&"))
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = listing_query_from_url();
    let listing = Resource::new(
        move || (params.read().get("slug").unwrap_or_default(), query.get()),
        |(slug, q)| category_listing(slug, q),
    );
    view! {
        <Loaded resource=listing let:page>
            <ListingView page query=query.get_untracked()/>
        </Loaded>
    }
}

#[component]
fn ListingView(page: ListingPage, query: ListingQuery) -> impl IntoView {
    let lang = use_lang();
    let slug = page.category.slug.clone();
    let title = format!("{} — {STORE_NAME}", page.category.name);
    let prev = (page.page > 1).then(|| listing_href(&slug, &query, page.page - 1));
    let next = (page.page < page.pages).then(|| listing_href(&slug, &query, page.page + 1));
    let selected = |a: &str, b: &str| a == b;
    view! {
        <Title text=title/>
        <Meta name="description" content=format!("{} {} — {STORE_NAME}", page.total, lang.t(Msg::Products))/>
        <nav class="crumbs" aria-label="breadcrumb">
            <a href="/">{lang.t(Msg::Home)}</a>
            " / "
            <span aria-current="page">{page.category.name.clone()}</span>
        </nav>
        <h1>{page.category.name.clone()}</h1>
        <Promos banners=page.banners.clone()/>
        <details class="filters" open=!query.size.is_empty() || !query.colour.is_empty() || !query.min.is_empty() || !query.max.is_empty()>
            <summary>{lang.t(Msg::Filter)}</summary>
            <form method="get" action=format!("/c/{slug}") class="filter-form">
                <label>
                    {lang.t(Msg::Size)}
                    <select name="ukuran">
                        <option value="">{lang.t(Msg::AllSizes)}</option>
                        {page.sizes.iter().map(|s| view! {
                            <option value=s.clone() selected=selected(s, &query.size)>{s.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {lang.t(Msg::Colour)}
                    <select name="warna">
                        <option value="">{lang.t(Msg::AllColours)}</option>
                        {page.colours.iter().map(|(value, label)| view! {
                            <option value=value.clone() selected=selected(value, &query.colour)>{label.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {lang.t(Msg::MinPrice)}
                    <input type="number" name="min" min="0" step="1000" inputmode="numeric" value=query.min.clone()/>
                </label>
                <label>
                    {lang.t(Msg::MaxPrice)}
                    <input type="number" name="maks" min="0" step="1000" inputmode="numeric" value=query.max.clone()/>
                </label>
                <label>
                    {lang.t(Msg::SortBy)}
                    <select name="urut">
                        {Sort::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=Sort::parse(&query.sort) == s>{sort_label(lang, s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="filter-actions">
                    <button type="submit">{lang.t(Msg::ApplyFilter)}</button>
                    <a href=format!("/c/{slug}")>{lang.t(Msg::ResetFilter)}</a>
                </div>
            </form>
        </details>
        <p class="count" data-testid="result-count">{page.total} " " {lang.t(Msg::Products)}</p>
        {if page.products.is_empty() {
            view! { <p class="empty">{lang.t(Msg::NoProducts)}</p> }.into_any()
        } else {
            view! { <ProductGrid products=page.products eager_first=2/> }.into_any()
        }}
        <nav class="pager" aria-label=lang.t(Msg::Page)>
            {prev.map(|href| view! { <a rel="prev" href=href>{lang.t(Msg::Previous)}</a> })}
            <span>{lang.t(Msg::Page)} " " {page.page} " / " {page.pages}</span>
            {next.map(|href| view! { <a rel="next" href=href>{lang.t(Msg::Next)}</a> })}
        </nav>
    }
}

fn sort_label(lang: Lang, sort: Sort) -> &'static str {
    lang.t(match sort {
        Sort::Popular => Msg::SortPopular,
        Sort::Newest => Msg::SortNewest,
        Sort::PriceAsc => Msg::SortPriceAsc,
        Sort::PriceDesc => Msg::SortPriceDesc,
    })
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let results = Resource::new(move || query.read().get("q").unwrap_or_default(), search_products);
    view! {
        <Title text=format!("{} — {STORE_NAME}", lang.t(Msg::Search))/>
        <Loaded resource=results let:value>
            {match value {
                r if r.query.trim().is_empty() => view! { <p class="empty">{lang.t(Msg::SearchEmpty)}</p> }.into_any(),
                r => view! {
                    <h1>{lang.t(Msg::SearchResultsFor)} " “" {r.query.clone()} "”"</h1>
                    <p class="count" data-testid="result-count">{r.products.len()} " " {lang.t(Msg::Products)}</p>
                    {if r.products.is_empty() {
                        view! { <p class="empty">{lang.t(Msg::NoProducts)}</p> }.into_any()
                    } else {
                        view! { <ProductGrid products=r.products eager_first=2/> }.into_any()
                    }}
                }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let product = Resource::new(move || params.read().get("slug").unwrap_or_default(), load_product);
    view! {
        <Loaded resource=product let:product>
            <ProductView product/>
        </Loaded>
    }
}

/// schema.org Product as JSON-LD, with `<` escaped so no text can close the script.
fn json_ld(p: &ProductDetail) -> String {
    let low = p.variants.iter().map(|v| v.price).min().unwrap_or(0);
    let high = p.variants.iter().map(|v| v.price).max().unwrap_or(0);
    let available = p.variants.iter().any(|v| v.stock > 0);
    let origin = p.canonical.split("/p/").next().unwrap_or_default();
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.name,
        "description": p.description,
        "sku": p.variants.first().map(|v| v.sku.clone()),
        "image": p.images.iter().map(|i| format!("{origin}{i}")).collect::<Vec<_>>(),
        "brand": { "@type": "Brand", "name": STORE_NAME },
        "category": p.category.name,
        "url": p.canonical,
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": "IDR",
            "lowPrice": low,
            "highPrice": high,
            "offerCount": p.variants.len(),
            "availability": if available { "https://schema.org/InStock" } else { "https://schema.org/OutOfStock" },
        }
    })
    .to_string()
    .replace('<', "\\u003c")
}

fn stock_label(lang: Lang, stock: i64) -> String {
    match stock {
        0 => lang.t(Msg::OutOfStock).to_string(),
        1..=5 => format!("{} {stock}", lang.t(Msg::OnlyLeft)),
        _ => lang.t(Msg::InStock).to_string(),
    }
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let lang = use_lang();
    let p = product;
    // Colours in display order, each with its swatch.
    let mut colours: Vec<(String, String)> = Vec::new();
    for v in &p.variants {
        if !colours.iter().any(|(name, _)| *name == v.colour) {
            colours.push((v.colour.clone(), v.colour_hex.clone()));
        }
    }
    // The colour in the address (`?warna=`), else the first one in stock.
    let wanted = use_query_map().read_untracked().get("warna").unwrap_or_default();
    let colour = if p.variants.iter().any(|v| v.colour == wanted) {
        wanted
    } else {
        p.variants.iter().find(|v| v.stock > 0).or(p.variants.first()).map(|v| v.colour.clone()).unwrap_or_default()
    };
    // A size sold out at its flash-sale price cannot be chosen until the sale ends.
    let sizes: Vec<SizeOption> = p
        .variants
        .iter()
        .filter(|v| v.colour == colour)
        .map(|v| {
            let stock = if v.sale.is_some_and(|(_, left)| left == 0) { 0 } else { v.stock };
            SizeOption { id: v.id, size: v.size.clone(), price: v.price, stock }
        })
        .collect();
    // The chosen colour's sale: its lowest sale and normal prices, and the
    // units left at sale prices.
    let on_sale: Vec<(i64, i64, i64)> = p
        .variants
        .iter()
        .filter(|v| v.colour == colour)
        .filter_map(|v| v.sale.map(|(normal, left)| (v.price, normal, left)))
        .collect();
    let sale_panel = p.sale.clone().filter(|_| !on_sale.is_empty()).map(|notice| {
        let left: i64 = on_sale.iter().map(|(_, _, left)| left).sum();
        let normal = on_sale.iter().map(|(_, normal, _)| *normal).min().unwrap_or(0);
        let price = on_sale.iter().filter(|(_, _, left)| *left > 0).map(|(price, ..)| *price).min();
        view! {
            <section class="flash-panel" data-testid="flash-panel">
                <SaleCountdown notice/>
                {match price {
                    Some(price) => view! {
                        <p class="flash-price"><s class="was">{rupiah(normal)}</s> " " <strong>{rupiah(price)}</strong></p>
                        <p class="flash-left" data-testid="flash-left">{lang.t(Msg::SaleLeft).replace("{n}", &left.to_string())}</p>
                    }.into_any(),
                    None => view! { <p class="flash-left" data-testid="flash-left">{lang.t(Msg::SoldOutAtSalePrice)}</p> }.into_any(),
                }}
            </section>
        }
    });
    let range = {
        let prices = sizes.iter().map(|s| s.price);
        price_range(lang, prices.clone().min().unwrap_or(0), prices.max().unwrap_or(0))
    };
    let title = format!("{} — {STORE_NAME}", p.name);
    let description: String = p.description.chars().take(155).collect();
    let slug = p.slug.clone();
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
        <Link rel="canonical" href=p.canonical.clone()/>
        <script type="application/ld+json" inner_html=json_ld(&p)></script>
        <nav class="crumbs" aria-label="breadcrumb">
            <a href="/">{lang.t(Msg::Home)}</a>
            " / "
            <a href=format!("/c/{}", p.category.slug)>{p.category.name.clone()}</a>
            " / "
            <span aria-current="page">{p.name.clone()}</span>
        </nav>
        <article class="product">
            <div class="gallery" aria-label="gallery">
                {p.images.iter().enumerate().map(|(i, src)| view! {
                    <img
                        id=format!("foto-{}", i + 1)
                        src=src.clone()
                        alt=format!("{} ({})", p.name, i + 1)
                        width="600"
                        height="750"
                        loading=if i == 0 { "eager" } else { "lazy" }
                        fetchpriority=if i == 0 { "high" } else { "auto" }
                    />
                }).collect_view()}
            </div>
            <div class="buy-box">
                <h1>{p.name.clone()}</h1>
                {sale_panel}
                <BuyBox lang sizes range>
                    <fieldset class="colours">
                        <legend>{lang.t(Msg::Colour)} ": " <strong>{colour.clone()}</strong></legend>
                        {colours.into_iter().map(|(name, hex)| {
                            let href = format!("/p/{slug}?warna={}", encode(&name));
                            let current = (name == colour).then_some("true");
                            view! {
                                <a class="swatch" href=href aria-label=name.clone() title=name.clone() aria-current=current>
                                    <i style=format!("background:{hex}")></i>
                                </a>
                            }
                        }).collect_view()}
                    </fieldset>
                </BuyBox>
                <section class="description">
                    <h2>{lang.t(Msg::Description)}</h2>
                    <p>{p.description.clone()}</p>
                </section>
            </div>
        </article>
        <Promos banners=p.banners.clone()/>
        <section aria-labelledby="rel-h">
            <h2 id="rel-h">{lang.t(Msg::Related)}</h2>
            <ProductGrid products=p.related.clone()/>
        </section>
    }
}

/// One size of the chosen colour, as the buy box offers it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SizeOption {
    pub id: i64,
    pub size: String,
    pub price: i64,
    pub stock: i64,
}

/// The price, the size picker, the quantity and "add to cart": a real form
/// (it posts to `/api/cart/add` before the wasm has loaded), which the
/// island posts itself once it has (`ui::post_form`), telling the header
/// badge the new count.
/// The colour swatches (links, rendered by the server) are its children.
#[cfg_attr(any(feature = "ssr", feature = "islands-buy"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands-buy")), component)]
fn BuyBox(lang: Lang, sizes: Vec<SizeOption>, range: String, children: Children) -> impl IntoView {
    let sizes = StoredValue::new(sizes);
    let chosen = RwSignal::new(None::<i64>);
    let chosen_size = move || chosen.get().and_then(|id| sizes.with_value(|s| s.iter().find(|v| v.id == id).cloned()));
    let price = move || chosen_size().map_or_else(|| range.clone(), |v| rupiah(v.price));
    let pending = RwSignal::new(false);
    // ("ok" or "error", what to say) after an answer.
    let status = RwSignal::new(None::<(&'static str, String)>);
    // A size tapped before the wasm arrived is already checked: start from it.
    let form = NodeRef::<leptos::html::Form>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let checked = form.get().and_then(|f| f.query_selector("input[name=variant_id]:checked").ok().flatten());
        if let Some(id) = checked.and_then(|el| el.get_attribute("value")).and_then(|v| v.parse().ok()) {
            chosen.set(Some(id));
        }
    });
    let submit = crate::ui::post_on_submit(lang, pending, move |posted| {
        status.set(match posted {
            Posted::Done(json) => {
                if let Ok(cart) = serde_json::from_str::<crate::cart::ItemCount>(&json) {
                    crate::cart::announce_count(cart.item_count);
                }
                Some(("ok", lang.t(Msg::AddedToCart).to_string()))
            }
            Posted::Refused(message) => Some(("error", message)),
            Posted::Redirected => None,
        })
    });
    let add_url = <crate::cart::AddToCart as leptos::server_fn::ServerFn>::url();
    view! {
        <p class="price" data-testid="price">{price}</p>
        {children()}
        <form method="post" action=add_url class="buy" on:submit=submit node_ref=form>
            <fieldset class="sizes">
                <legend>{lang.t(Msg::Size)}</legend>
                {sizes.get_value().into_iter().map(|v| {
                    let id = v.id;
                    view! {
                        <label class="size" class:soldout=v.stock == 0>
                            <input type="radio" name="variant_id" value=id.to_string()
                                required=true disabled=v.stock == 0
                                on:change=move |_| chosen.set(Some(id))/>
                            <span>{v.size.clone()}</span>
                            {(v.stock <= 5).then(|| view! { <small>{stock_label(lang, v.stock)}</small> })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="stock" data-testid="stock">
                {move || match chosen_size() {
                    Some(v) => stock_label(lang, v.stock),
                    None => lang.t(Msg::ChooseSize).to_string(),
                }}
            </p>
            <div class="qty-row">
                <label>
                    {lang.t(Msg::Quantity)}
                    <input type="number" name="quantity" value="1" min="1" max="10" inputmode="numeric"/>
                </label>
                <button type="submit" class="primary" data-testid="add-to-cart" disabled=move || pending.get()>
                    {lang.t(Msg::AddToCart)}
                </button>
            </div>
            <p role="status" class=move || status.get().map(|(k, _)| k).unwrap_or("")>
                {move || status.get().map(|(_, m)| m)}
            </p>
        </form>
    }
}
