//! The frame around every page (header with search and cart badge, footer
//! with content links and the language switch) and small shared pieces.

use crate::{
    cart::use_cart,
    error::AppError,
    i18n::{use_lang, Lang, Msg},
    model::ProductCard,
};
use domain::Rupiah;
use leptos::prelude::*;

pub const STORE_NAME: &str = "Sandang Nusa";

pub fn rupiah(amount: i64) -> String {
    Rupiah::new(amount).to_string()
}

pub fn price_range(lang: Lang, from: i64, to: i64) -> String {
    if from == to {
        rupiah(from)
    } else {
        format!("{} {}", lang.t(Msg::From), rupiah(from))
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let cart = use_cart().cart;
    // The resource is awaited inside `Suspend`, not read with `.get()`: on the
    // server, boundaries that read resources reactively can miss the last
    // wake-up and hold the response open (leptos-rs/leptos#4578).
    let count = move || {
        Suspend::new(async move {
            let n = cart.await.map(|c| c.item_count).unwrap_or(0);
            view! { <span class="badge" data-testid="cart-count" aria-live="polite">{n}</span> }
        })
    };
    view! {
        <a class="skip" href="#main">{lang.t(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="bar">
                <a class="logo" href="/">{STORE_NAME}</a>
                <nav class="header-actions" aria-label=lang.t(Msg::Account)>
                    <a class="icon-link" href="/account">{lang.t(Msg::Account)}</a>
                    <a class="icon-link cart-link" href="/cart">
                        {lang.t(Msg::Cart)}
                        <Transition fallback=|| view! { <span class="badge" data-testid="cart-count">"0"</span> }>
                            {count}
                        </Transition>
                    </a>
                </nav>
            </div>
            <form class="search" action="/search" method="get" role="search">
                <label class="sr-only" for="q">{lang.t(Msg::Search)}</label>
                <input id="q" name="q" type="search" placeholder=lang.t(Msg::SearchPlaceholder) autocomplete="off"/>
                <button type="submit">{lang.t(Msg::Search)}</button>
            </form>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    let other = match lang {
        Lang::Id => Lang::En,
        Lang::En => Lang::Id,
    };
    let back = leptos_router::hooks::use_location();
    view! {
        <footer class="site-footer">
            <p class="tagline">{lang.t(Msg::FooterTagline)}</p>
            <nav class="footer-links">
                <a href="/pages/privasi">{lang.t(Msg::Privacy)}</a>
                <a href="/pages/pengembalian">{lang.t(Msg::Returns)}</a>
                <a href="/pages/kontak">{lang.t(Msg::Contact)}</a>
            </nav>
            <form method="post" action="/lang" class="lang-switch">
                <input type="hidden" name="lang" value=other.code()/>
                <input type="hidden" name="back" value=move || back.pathname.get()/>
                <button type="submit" lang=other.code()>{lang.t(Msg::SwitchLanguage)}</button>
            </form>
            <p class="copyright">"© 2026 " {STORE_NAME}</p>
        </footer>
    }
}

#[component]
pub fn ProductCardView(card: ProductCard, #[prop(optional)] eager: bool) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/p/{}", card.slug);
    view! {
        <a class="card" href=href>
            <img
                src=card.image.clone()
                alt=card.name.clone()
                width="600"
                height="750"
                loading=if eager { "eager" } else { "lazy" }
                decoding="async"
            />
            <span class="card-name">{card.name.clone()}</span>
            <span class="card-price">{price_range(lang, card.price_from, card.price_to)}</span>
            <span class="swatches" aria-hidden="true">
                {card.colours.iter().take(4).map(|hex| view! { <i style=format!("background:{hex}")></i> }).collect_view()}
            </span>
            {(!card.in_stock).then(|| view! { <span class="tag">{lang.t(Msg::OutOfStock)}</span> })}
        </a>
    }
}

#[component]
pub fn ProductGrid(products: Vec<ProductCard>, #[prop(optional)] eager_first: usize) -> impl IntoView {
    view! {
        <div class="grid">
            {products
                .into_iter()
                .enumerate()
                .map(|(i, card)| view! { <ProductCardView card eager=i < eager_first/> })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading">{use_lang().t(Msg::Loading)}</p> }
}

/// The page shown for an error a server function returned.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let title = match &error {
        AppError::NotFound(_) => lang.t(Msg::NotFoundTitle),
        AppError::Forbidden(_) | AppError::Unauthorized(_) => lang.t(Msg::Forbidden),
        _ => lang.t(Msg::ErrorGeneric),
    };
    view! {
        <section class="notice">
            <leptos_meta::Title text=title/>
            <h1>{title}</h1>
            <p>{error.message()}</p>
            <a class="button" href="/">{lang.t(Msg::BackHome)}</a>
        </section>
    }
}

/// The real 404: the status is set on the server, so crawlers see it too.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::ctx::set_status(axum::http::StatusCode::NOT_FOUND);
    let lang = use_lang();
    view! {
        <section class="notice">
            <leptos_meta::Title text=lang.t(Msg::NotFoundTitle)/>
            <h1>{lang.t(Msg::NotFoundTitle)}</h1>
            <p>{lang.t(Msg::NotFoundText)}</p>
            <a class="button" href="/">{lang.t(Msg::BackHome)}</a>
        </section>
    }
}
