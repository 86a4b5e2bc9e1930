//! The cart page: lines with quantity and remove controls, and the totals.

use crate::{
    i18n::{use_lang, Lang, Msg},
    model::CartView,
    ui::{rupiah, Loaded, Posted, STORE_NAME},
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CartPage() -> impl IntoView {
    let lang = use_lang();
    let cart = super::page_cart();
    view! {
        <Title text=format!("{} — {STORE_NAME}", lang.t(Msg::Cart))/>
        <h1>{lang.t(Msg::Cart)}</h1>
        <Loaded resource=cart let:cart>
            <CartLines lang cart/>
        </Loaded>
    }
}

/// The lines and totals. Each quantity and remove control is a real form
/// (posting to the cart's server functions before the wasm has loaded); the
/// island posts them itself once it has (`ui::post_form`), shows the cart
/// the server answers and tells the header badge its count.
#[cfg_attr(any(feature = "ssr", feature = "islands-cart"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands-cart")), component)]
fn CartLines(lang: Lang, cart: CartView) -> impl IntoView {
    let cart = RwSignal::new(cart);
    // Only the last refusal is shown; a success clears it.
    let error = RwSignal::new(None::<String>);
    // Counts the answers: after each, even a refusal, the quantity fields
    // show what the cart really holds.
    let answers = RwSignal::new(0u32);
    let pending = RwSignal::new(false);
    let submit = crate::ui::post_on_submit(lang, pending, move |posted| {
        match posted {
            Posted::Done(json) => match serde_json::from_str::<CartView>(&json) {
                Ok(view) => {
                    super::announce_count(view.item_count);
                    error.set(None);
                    cart.set(view);
                }
                Err(_) => error.set(Some(lang.t(Msg::ErrorGeneric).into())),
            },
            Posted::Refused(message) => error.set(Some(message)),
            Posted::Redirected => {}
        }
        answers.update(|n| *n += 1);
    });
    let update_url = <super::UpdateCartLine as leptos::server_fn::ServerFn>::url();
    let voucher_url = <super::ApplyVoucher as leptos::server_fn::ServerFn>::url();
    let remove_url = <super::RemoveCartLine as leptos::server_fn::ServerFn>::url();
    let lines = move || {
        let view = cart.get();
        if view.lines.is_empty() {
            return view! {
                <section class="notice">
                    <p>{lang.t(Msg::CartEmpty)}</p>
                    <a class="button" href="/">{lang.t(Msg::ContinueShopping)}</a>
                </section>
            }
            .into_any();
        }
        view! {
            <ul class="cart-lines">
                {view.lines.into_iter().map(|line| {
                    let id = line.variant_id;
                    let quantity = line.quantity.to_string();
                    view! {
                        <li class="cart-line" data-testid="cart-line">
                            <img src=line.image.clone() alt="" width="96" height="120" loading="lazy"/>
                            <div class="line-info">
                                <a href=format!("/p/{}", line.product_slug)>{line.name.clone()}</a>
                                <p class="muted">{line.colour.clone()} " · " {lang.t(Msg::Size)} " " {line.size.clone()}</p>
                                <p class="unit-price">
                                    {line.normal_price.map(|n| view! { <s class="was">{rupiah(n)}</s> " " })}
                                    <span class:sale=line.normal_price.is_some()>{rupiah(line.unit_price)}</span>
                                </p>
                                {line.sale_note.clone().map(|note| view! { <p class="sale-note" data-testid="sale-note">{note}</p> })}
                                {(line.quantity > line.stock).then(|| view! {
                                    <p class="error">{lang.t(Msg::ErrStock).replace("{n}", &line.stock.to_string())}</p>
                                })}
                                <div class="line-actions">
                                    <form method="post" action=update_url class="qty-form" on:submit=submit>
                                        <input type="hidden" name="variant_id" value=id.to_string()/>
                                        <label>
                                            <span class="sr-only">{lang.t(Msg::Quantity)}</span>
                                            <input type="number" name="quantity" min="1" inputmode="numeric" data-testid="line-qty"
                                                value=quantity.clone()
                                                prop:value=move || {
                                                    // After every update, even a refused one, show what the cart really holds.
                                                    answers.track();
                                                    quantity.clone()
                                                }/>
                                        </label>
                                        <button type="submit" data-testid="line-update" disabled=pending>{lang.t(Msg::Update)}</button>
                                    </form>
                                    <form method="post" action=remove_url class="remove-form" on:submit=submit>
                                        <input type="hidden" name="variant_id" value=id.to_string()/>
                                        <button type="submit" class="link" disabled=pending>{lang.t(Msg::Remove)}</button>
                                    </form>
                                </div>
                            </div>
                            <p class="line-total">{rupiah(line.line_total)}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <section class="totals">
                <p><span>{lang.t(Msg::Subtotal)} " (" {view.item_count} " " {lang.t(Msg::Items)} ")"</span>
                   <strong data-testid="subtotal">{rupiah(view.subtotal)}</strong></p>
                <form method="post" action=voucher_url class="voucher-form" on:submit=submit>
                    <label>
                        <span>{lang.t(Msg::Voucher)}</span>
                        <input name="code" autocomplete="off" autocapitalize="characters" maxlength="40" data-testid="voucher-code"
                            value=view.voucher.as_ref().map(|v| v.code.clone()).unwrap_or_default()/>
                    </label>
                    <button type="submit" disabled=pending>{lang.t(Msg::VoucherApply)}</button>
                </form>
                {view.voucher.clone().map(|v| view! {
                    {(v.discount > 0).then(|| view! {
                        <p class="row"><span>{lang.t(Msg::Discount)} " (" {v.code.clone()} ")"</span>
                           <strong data-testid="voucher-discount">{format!("−{}", rupiah(v.discount))}</strong></p>
                        <p class="row"><span>{lang.t(Msg::SubtotalAfterDiscount)}</span>
                           <strong>{rupiah(view.subtotal - v.discount)}</strong></p>
                    })}
                    {v.note.map(|note| view! { <p class="sale-note" data-testid="voucher-note">{note}</p> })}
                })}
                <p class="muted">{lang.t(Msg::PriceNote)}</p>
                <a class="button primary" href="/checkout">{lang.t(Msg::Checkout)}</a>
            </section>
        }
        .into_any()
    };
    view! {
        <p class="error" role="alert" data-testid="cart-error">{error}</p>
        {lines}
    }
}
