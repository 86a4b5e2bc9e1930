//! Etalase's Leptos application: the HTML shell, the routes and every page,
//! organised by feature (catalog, cart, account, staff, content). Pages are
//! server components; what reacts in the browser is an `#[island]`, and
//! `hydrate` (feature `islands`) is the storefront bundle's entry point.

// The product page's view type (an island with server-rendered children
// inside the page) is deeper than the default limit in release builds.
#![recursion_limit = "256"]

pub mod account;
pub mod cart;
pub mod catalog;
pub mod chat;
pub mod checkout;
pub mod content;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod error;
pub mod i18n;
pub mod layout;
pub mod model;
pub mod orders;
pub mod payments;
pub mod sales;
pub mod staff;
pub mod studio;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod platform;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};
use model::StaffArea;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands mode: nothing outside an island is hydrated, so the page
    // carries no hydration markers and no serialised resources; each island
    // turns hydration back on for its own subtree.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let lang = i18n::provide_lang();
    // Both made once at start-up (`platform::AppState`).
    #[cfg(feature = "ssr")]
    let (inline_css, loader) = use_context::<platform::AppState>()
        .map(|s| (s.inline_css.clone(), s.loader_src.clone()))
        .unwrap_or_else(|| (None, std::sync::Arc::from("")));
    #[cfg(not(feature = "ssr"))]
    let (inline_css, loader): (Option<std::sync::Arc<str>>, std::sync::Arc<str>) = (None, std::sync::Arc::from(""));
    let stylesheet = match inline_css {
        // inner_html: CSS must not be HTML-escaped (`>` selectors). Both
        // are shared (`Arc<str>`), not copied, per page.
        Some(css) => view! { <style nonce=leptos::nonce::use_nonce() inner_html=css></style> }.into_any(),
        None => {
            view! { <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name)/> }
                .into_any()
        }
    };
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1f2a44"/>
                {stylesheet}
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <script type="module" src=loader fetchpriority="low"></script>
                <script type="speculationrules" nonce=leptos::nonce::use_nonce() inner_html=SPECULATION_RULES></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Navigation between pages is a page load, made quick where the browser
/// supports it: a storefront link the shopper points at or starts to tap is
/// fetched ahead (speculation rules; a page GET never writes), and the
/// stylesheet's `@view-transition` cross-fades from page to page. Only
/// `prefetch`, never `prerender`: a prerendered page would run its islands
/// (and reopen a chat socket) for a page the shopper may never see.
const SPECULATION_RULES: &str = r#"{"prefetch":[{"where":{"and":[{"href_matches":"/*"},{"not":{"href_matches":["/api/*","/lang","/agent*","/studio*","/admin*","/pkg/*","/img/*","/b/*"]}}]},"eagerness":"moderate"}]}"#;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_lang();
    cart::provide_page_cart();
    view! {
        <Router>
            <layout::Header/>
            <main id="main">
                <Routes fallback=|| view! { <ui::NotFound/> }>
                    <Route path=path!("") view=catalog::pages::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:slug") view=catalog::pages::CategoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/p/:slug") view=catalog::pages::ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=catalog::pages::SearchPage ssr=SsrMode::Async/>
                    // The pages with forms and orders add their stylesheet (`ui::FormsStyle`).
                    <Route path=path!("/cart") view=|| view! { <ui::FormsStyle/><cart::pages::CartPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/checkout") view=|| view! { <ui::FormsStyle/><checkout::pages::CheckoutPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:code") view=|| view! { <ui::FormsStyle/><checkout::pages::TrackingPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=|| view! { <ui::FormsStyle/><account::pages::LoginPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=|| view! { <ui::FormsStyle/><account::pages::RegisterPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=|| view! { <ui::FormsStyle/><account::pages::AccountPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/pages/:slug") view=content::ContentPageView ssr=SsrMode::Async/>
                    <Route path=path!("/agent") view=|| view! { <ui::FormsStyle/><staff::StaffShell area=StaffArea::Agent/> } ssr=SsrMode::Async/>
                    <Route path=path!("/studio") view=|| view! { <ui::FormsStyle/><staff::StaffShell area=StaffArea::Studio/> } ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=|| view! { <ui::FormsStyle/><staff::StaffShell area=StaffArea::Admin/> } ssr=SsrMode::Async/>
                </Routes>
            </main>
            <layout::Footer/>
            <chat::launcher::Launcher/>
        </Router>
    }
}

/// The storefront bundle's entry point, called by the page's loader script
/// before it hydrates each `<leptos-island>` through its own export (and
/// then marks `<body data-hydrated>`, which browser tests wait for).
#[cfg(feature = "islands")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
