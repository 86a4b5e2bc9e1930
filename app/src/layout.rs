//! The frame around every page: the header with search and the cart badge,
//! the footer with content links and the language switch.

use crate::{
    cart::CartBadge,
    i18n::{use_lang, Lang, Msg},
    ui::STORE_NAME,
};
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let cart = crate::cart::page_cart();
    // The resource is awaited inside `Suspend`, not read with `.get()`: on the
    // server, boundaries that read resources reactively can miss the last
    // wake-up and hold the response open (leptos-rs/leptos#4578).
    let count = move || {
        Suspend::new(async move {
            let count = cart.await.map(|c| c.item_count).unwrap_or(0);
            view! { <CartBadge count/> }
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
