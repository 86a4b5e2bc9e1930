//! Small pieces every screen shares: money and price ranges, product cards
//! and grids, the loading and error states, the 404 page.

use crate::{
    error::AppError,
    i18n::{use_lang, Lang, Msg},
    model::ProductCard,
};
use domain::{order::OrderStatus, Rupiah};
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
pub fn ProductCardView(card: ProductCard, #[prop(optional)] eager: bool) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/p/{}", card.slug);
    view! {
        <a class="card" href=href>
            <Picture src=card.image.clone() alt=card.name.clone() width=600 height=750 eager=eager/>
            <span class="card-name">{card.name.clone()}</span>
            <span class="card-price">
                {card.was_from.map(|was| view! { <s class="was">{rupiah(was)}</s> " " })}
                <span class:sale=card.was_from.is_some()>{price_range(lang, card.price_from, card.price_to)}</span>
            </span>
            {card.sale_left.map(|left| view! {
                <span class="card-left" data-testid="card-sale-left">{lang.t(Msg::CardSaleLeft).replace("{n}", &left.to_string())}</span>
            })}
            <span class="swatches" aria-hidden="true">
                {card.colours.iter().take(4).map(|hex| view! { <i style=format!("background:{hex}")></i> }).collect_view()}
            </span>
            {(!card.in_stock).then(|| view! { <span class="tag">{lang.t(Msg::OutOfStock)}</span> })}
        </a>
    }
}

/// A transparent 4:5 picture: what a deferred picture shows until it is
/// close to the screen (an SVG, so no audit takes it for a blurry photo).
/// No spaces: it is a `srcset` candidate.
const PICTURE_PENDING: &str = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%204%205'/%3E";

/// A picture laid out at `width` × `height`. An eager one loads at once
/// (the first screen's). Any other is fetched only as it nears the screen:
/// where scripts run, its `<picture>` first offers a transparent
/// placeholder (`source[data-later]`), which the page's loader script
/// (`platform::assets`, `LATER_PICTURES`) removes once the picture is near,
/// so a long grid does not download and paint a dozen pictures the shopper
/// has not scrolled to while the page starts (the browser's own
/// `loading="lazy"` reaches over a screen and a half ahead). Without
/// JavaScript the placeholder's `(scripting: enabled)` does not match and
/// the picture loads as a plain lazy image.
#[component]
pub fn Picture(src: String, alt: String, width: u32, height: u32, #[prop(optional)] eager: bool) -> impl IntoView {
    if eager {
        return view! { <img src=src alt=alt width=width height=height decoding="async"/> }.into_any();
    }
    view! {
        <picture>
            <source media="(scripting: enabled)" srcset=PICTURE_PENDING data-later=""/>
            <img src=src alt=alt width=width height=height loading="lazy" decoding="async"/>
        </picture>
    }
    .into_any()
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

/// The stylesheet of the pages with forms and orders (`style/forms.css`),
/// inlined into the page's head after the site's: the routes of the cart,
/// checkout, tracking, account and staff pages render it, so the browsing
/// pages do not carry it.
#[component]
pub fn FormsStyle() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let css = use_context::<crate::platform::AppState>().and_then(|s| s.forms_css.clone());
    #[cfg(not(feature = "ssr"))]
    let css: Option<std::sync::Arc<str>> = None;
    // Shared (`Arc<str>`), not copied, per page; a `<style>`'s text is not escaped.
    css.map(|css| view! { <leptos_meta::Style>{css}</leptos_meta::Style> })
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading">{use_lang().t(Msg::Loading)}</p> }
}

/// What a page shows of a resource: "loading" until it resolves, then its
/// children with the value, or the error page. With `keep`, the previous
/// content stays while a new value loads (a `Transition`: pages that
/// refetch). The resource is awaited inside `Suspend::new`, never read with
/// `.get()` (see ARCHITECTURE.md), and created by the page, not here.
#[component]
pub fn Loaded<T, F, V>(
    resource: Resource<Result<T, AppError>>,
    #[prop(optional)] keep: bool,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = std::sync::Arc::new(children);
    let content = move || {
        let children = children.clone();
        Suspend::new(async move {
            match resource.await {
                Ok(value) => children(value).into_any(),
                Err(error) => view! { <ErrorPage error/> }.into_any(),
            }
        })
    };
    if keep {
        view! { <Transition fallback=Loading>{content}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback=Loading>{content}</Suspense> }.into_any()
    }
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
    crate::platform::ctx::set_status(axum::http::StatusCode::NOT_FOUND);
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

pub fn status_label(lang: Lang, status: OrderStatus) -> &'static str {
    lang.t(match status {
        OrderStatus::PendingPayment => Msg::StatusPendingPayment,
        OrderStatus::Paid => Msg::StatusPaid,
        OrderStatus::Packed => Msg::StatusPacked,
        OrderStatus::Shipped => Msg::StatusShipped,
        OrderStatus::Delivered => Msg::StatusDelivered,
        OrderStatus::Completed => Msg::StatusCompleted,
        OrderStatus::Cancelled => Msg::StatusCancelled,
    })
}

/// A promo banner as the storefront shows it (and the studio previews it):
/// plain text on the banner's colour, in the colour that reads on it. The
/// `hero` one is the home page's first, its largest paint.
#[component]
pub fn PromoBanner(banner: crate::model::Banner, #[prop(optional)] hero: bool) -> impl IntoView {
    let style = format!("--banner-bg:{};--banner-ink:{}", banner.background, domain::banner::text_colour(&banner.background));
    // A live banner's link goes through the server, which counts the click
    // (and works without the wasm); a preview's goes straight to its link.
    let href = if banner.id > 0 { format!("{}/{}", crate::model::BANNER_CLICK_PATH, banner.id) } else { banner.link };
    let heading = if hero {
        view! { <h1>{banner.title}</h1> }.into_any()
    } else {
        view! { <h2>{banner.title}</h2> }.into_any()
    };
    // The hero's picture is the page's largest paint: fetched first, never
    // lazily, its place held by its width and height.
    let with_img = banner.picture.is_some();
    let picture = banner.picture.map(|p| {
        let srcset = p.widths.iter().map(|w| format!("{} {w}w", p.url(*w))).collect::<Vec<_>>().join(", ");
        let src = p.url(p.widths.iter().copied().find(|w| *w >= 960).or(p.widths.last().copied()).unwrap_or(480));
        let size = |n: u32| (n > 0).then(|| n.to_string());
        view! {
            <img class="promo-img" src=src srcset=srcset sizes="(min-width: 960px) 928px, calc(100vw - 32px)"
                width=size(p.width) height=size(p.height) alt=p.alt
                loading=if hero { "eager" } else { "lazy" } fetchpriority=if hero { "high" } else { "auto" }
                decoding=if hero { "sync" } else { "async" }/>
        }
    });
    view! {
        <a class="promo" class:hero=hero class:with-img=with_img href=href style=style data-testid="promo">
            {picture}
            {heading}
            {(!banner.text.is_empty()).then(|| view! { <p>{banner.text}</p> })}
            <span class="button">{banner.cta}</span>
        </a>
    }
}

/// UTC epoch ms as a Western Indonesian Time (UTC+7) date and time.
pub fn wib(ms: i64) -> String {
    let secs = ms / 1000 + 7 * 3600;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{day:02}/{month:02}/{year} {:02}.{:02} WIB", rem / 3600, rem % 3600 / 60)
}

/// Calls `entry(arg)` of an on-demand bundle (`model::CHAT_BUNDLE`,
/// `model::STAFF_BUNDLE`), loading its wasm, JS and CSS first if needed
/// (through `window.etalaseBundle`, defined by the page's inline script next
/// to the hydration loader). False when the bundle could not be loaded.
#[cfg(feature = "hydrate")]
pub async fn call_bundle(bundle: &str, entry: &str, arg: &str) -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else { return false };
    let Ok(loader) = js_sys::Reflect::get(&window, &JsValue::from_str("etalaseBundle")) else { return false };
    let Ok(loader) = loader.dyn_into::<js_sys::Function>() else { return false };
    let args = [bundle, entry, arg].map(JsValue::from_str);
    let Ok(promise) = loader.call3(&JsValue::NULL, &args[0], &args[1], &args[2]) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// What a server function answered a form an island posted itself.
pub enum Posted {
    /// The function's JSON answer.
    Done(String),
    /// The function redirected (placing an order, signing in): the browser
    /// is on its way there.
    Redirected,
    /// Refused, with the message to show.
    Refused(String),
}

/// Posts `form` to its server function (its `action`) the way the browser
/// would without the wasm, but asking for JSON: the islands' forms stay
/// real forms, and the bundle needs neither the server-function client nor
/// a form decoder (a third of a small island's weight).
#[cfg(feature = "hydrate")]
pub async fn post_form(lang: Lang, form: &web_sys::HtmlFormElement) -> Posted {
    let body = web_sys::FormData::new_with_form(form)
        .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data));
    match body {
        Ok(body) => post(lang, &form.action(), &body).await,
        Err(_) => Posted::Refused(lang.t(Msg::ErrorGeneric).into()),
    }
}

/// The submit handler of an island's form: instead of the browser's own
/// submission, posts the form (`post_form`) with `pending` set meanwhile
/// (left set while a redirect takes the browser on), then hands the answer
/// to `answer`.
pub fn post_on_submit(
    lang: Lang,
    pending: RwSignal<bool>,
    answer: impl Fn(Posted) + Copy + 'static,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |ev| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            pending.set(true);
            leptos::task::spawn_local(async move {
                let posted = post_form(lang, &form).await;
                if !matches!(posted, Posted::Redirected) {
                    pending.set(false);
                }
                answer(posted);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (lang, pending, answer);
    }
}

/// The submit handler of a form whose server function redirects when it
/// succeeds (signing in, registering, placing an order): shows a refusal in
/// `error` and lets the redirect take the browser on.
pub fn post_then_follow(
    lang: Lang,
    pending: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    post_on_submit(lang, pending, move |posted| match posted {
        Posted::Refused(message) => error.set(Some(message)),
        Posted::Redirected => error.set(None),
        Posted::Done(_) => {
            #[cfg(feature = "hydrate")]
            let _ = window().location().reload();
        }
    })
}

/// Posts `fields` to the server function at `url`, as a form (see `post_form`).
#[cfg(feature = "hydrate")]
pub async fn post_fields(lang: Lang, url: &str, fields: &[(&str, &str)]) -> Posted {
    let Ok(body) = web_sys::UrlSearchParams::new() else { return Posted::Refused(lang.t(Msg::ErrorGeneric).into()) };
    for (name, value) in fields {
        body.append(name, value);
    }
    post(lang, url, &body).await
}

#[cfg(feature = "hydrate")]
async fn post(lang: Lang, url: &str, body: &web_sys::UrlSearchParams) -> Posted {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let offline = || Posted::Refused(lang.t(Msg::ErrorGeneric).into());
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    let Ok(headers) = web_sys::Headers::new() else { return offline() };
    let _ = headers.set("Accept", "application/json");
    init.set_headers(&headers);
    let Some(window) = web_sys::window() else { return offline() };
    let Ok(response) = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await else { return offline() };
    let Ok(response) = response.dyn_into::<web_sys::Response>() else { return offline() };
    let text = match response.text() {
        Ok(text) => JsFuture::from(text).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => return offline(),
    };
    if !response.ok() {
        return Posted::Refused(match serde_json::from_str::<AppError>(&text) {
            Ok(error) => error.message(),
            Err(_) => lang.t(Msg::ErrorGeneric).into(),
        });
    }
    let headers = response.headers();
    if let (Ok(Some(_)), Ok(Some(to))) = (headers.get("serverfnredirect"), headers.get("location")) {
        let _ = window.location().assign(&to);
        return Posted::Redirected;
    }
    Posted::Done(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_western_indonesian_time() {
        // 2026-11-22 09:39:12 UTC is 16.39 in Jakarta.
        assert_eq!(super::wib(1_795_340_352_000), "22/11/2026 16.39 WIB");
    }
}

/// The question on marketing email, asked unticked where a shopper gives
/// an email (checkout, sign-up); the form sends `marketing=1` if ticked.
#[component]
pub fn MarketingConsentBox(lang: Lang) -> impl IntoView {
    view! {
        <label class="consent">
            <input type="checkbox" name="marketing" value="1" data-testid="marketing-consent"/>
            <span>{lang.t(Msg::MarketingConsent)}</span>
        </label>
    }
}
