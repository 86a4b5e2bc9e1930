//! The checkout page and the order tracking page.

use super::{
    areas::{zone_of, PROVINCES},
    checkout_context, track_order, CheckoutData, OrderView, PlaceOrder,
};
use crate::{
    i18n::{use_lang, Lang, Msg},
    payments::{Method, PaymentView},
    ui::{rupiah, status_label, wib, Loaded, STORE_NAME},
};
use domain::order::OrderStatus;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let lang = use_lang();
    let context = Resource::new(|| (), |_| checkout_context());
    view! {
        <Title text=format!("Checkout — {STORE_NAME}")/>
        <Meta name="robots" content="noindex"/>
        <h1>"Checkout"</h1>
        <Loaded resource=context let:value>
            {match value {
                ctx if ctx.cart.lines.is_empty() => view! {
                    <section class="notice">
                        <p>{lang.t(Msg::CartEmpty)}</p>
                        <a class="button" href="/">{lang.t(Msg::ContinueShopping)}</a>
                    </section>
                }.into_any(),
                ctx => view! { <CheckoutForm lang ctx/> }.into_any(),
            }}
        </Loaded>
    }
}

/// The checkout form: a real form (it posts to `/api/orders/place` before
/// the wasm has loaded, and the server redirects to the order). Once the
/// island runs, the courier and payment choices update the summary as the
/// server priced them, the province and city typed fill the suggestions, and
/// the island places the order itself.
#[cfg_attr(any(feature = "ssr", feature = "islands-checkout"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands-checkout")), component)]
fn CheckoutForm(lang: Lang, ctx: CheckoutData) -> impl IntoView {
    let (pending, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let place_url = <PlaceOrder as leptos::server_fn::ServerFn>::url();
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    // Suggestions for what is typed, asked for by the browser only.
    let choices = RwSignal::new(super::AreaSuggestions::default());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let (p, c) = (province.get(), city.get());
        let url = <super::AreaChoices as leptos::server_fn::ServerFn>::url();
        leptos::task::spawn_local(async move {
            if let crate::ui::Posted::Done(json) = crate::ui::post_fields(lang, url, &[("province", &p), ("city", &c)]).await {
                if let Ok(found) = serde_json::from_str(&json) {
                    choices.set(found);
                }
            }
        });
    });
    // A signed-in shopper starts from the address they used last.
    let saved = ctx.addresses.first().cloned().unwrap_or_default();
    let saved_province = saved.province.clone();
    // The province chosen, or the saved one until the shopper picks another.
    let province_now = Signal::derive(move || {
        let chosen = province.get();
        if chosen.is_empty() {
            saved_province.clone()
        } else {
            chosen
        }
    });
    let courier = RwSignal::new(String::new());
    let rates = StoredValue::new(ctx.rates.clone());
    // The chosen service's rate to the chosen province: its shipping cost and
    // the total, both as the server computed them.
    let rate_for = move |courier_service: &str| -> Option<(i64, i64)> {
        let zone = zone_of(&province_now.get())?;
        rates.with_value(|r| {
            r.iter()
                .find(|r| r.zone == zone && format!("{}|{}", r.courier, r.service) == courier_service)
                .map(|r| (r.shipping, r.total))
        })
    };
    // One radio per courier service; the price follows the chosen province.
    let mut services: Vec<(String, String)> = Vec::new();
    for r in &ctx.rates {
        let key = format!("{}|{}", r.courier, r.service);
        if !services.iter().any(|(k, _)| *k == key) {
            services.push((key, format!("{} {}", r.courier, r.service)));
        }
    }
    let subtotal = ctx.cart.subtotal;
    // Payment methods on offer, under their headings, in the order of `Method::ALL`.
    let method = RwSignal::new(Method::BankTransfer);
    let mut groups: Vec<(Msg, Vec<Method>)> = Vec::new();
    for m in ctx.methods.iter().filter_map(|c| Method::parse(c)) {
        match groups.iter_mut().find(|(g, _)| *g == m.group()) {
            Some((_, list)) => list.push(m),
            None => groups.push((m.group(), vec![m])),
        }
    }
    // What was chosen or typed before the wasm arrived is in the form
    // already: the summary starts from it.
    let form = NodeRef::<leptos::html::Form>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(form) = form.get() else { return };
        let value = |selector: &str| {
            form.query_selector(selector).ok().flatten().and_then(|el| {
                use wasm_bindgen::JsCast;
                el.dyn_ref::<web_sys::HtmlInputElement>()
                    .map(|i| i.value())
                    .or_else(|| el.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
            })
        };
        if let Some(p) = value("select[name=province]").filter(|v| !v.is_empty()) {
            province.set(p);
        }
        if let Some(c) = value("input[name=city]").filter(|v| !v.is_empty()) {
            city.set(c);
        }
        if let Some(s) = value("input[name=shipping]:checked") {
            courier.set(s);
        }
        if let Some(m) = value("input[name=payment]:checked").and_then(|m| Method::parse(&m)) {
            method.set(m);
        }
    });
    view! {
        <form method="post" action=place_url class="checkout stack" on:submit=crate::ui::post_then_follow(lang, pending, error)
            node_ref=form>
            <input type="hidden" name="idempotency_key" value=ctx.idempotency_key.clone()/>
            <input type="hidden" name="expected_subtotal" value=ctx.cart.subtotal.to_string()/>
            <fieldset class="panel">
                <legend>{lang.t(Msg::Contact)}</legend>
                <label>{lang.t(Msg::Name)}<input name="name" autocomplete="name" required maxlength="100" value=saved.name.clone()/></label>
                <label>{lang.t(Msg::Email)}<input name="email" type="email" autocomplete="email" required value=ctx.email.clone()/></label>
                <label>{lang.t(Msg::Phone)}<input name="phone" type="tel" autocomplete="tel" inputmode="tel" placeholder="0812 3456 7890" required value=saved.phone.clone()/></label>
            </fieldset>
            <fieldset class="panel">
                <legend>{lang.t(Msg::ShippingAddress)}</legend>
                <label>{lang.t(Msg::Province)}
                    <select name="province" required on:change=move |ev| province.set(event_target_value(&ev))>
                        <option value="">{lang.t(Msg::ChooseProvince)}</option>
                        {PROVINCES.iter().map(|(p, _)| view! { <option value=*p selected=*p == saved.province>{*p}</option> }).collect_view()}
                    </select>
                </label>
                <label>{lang.t(Msg::City)}<input name="city" list="kota-list" autocomplete="address-level2" required maxlength="100"
                    value=saved.city.clone() on:change=move |ev| city.set(event_target_value(&ev))/></label>
                <label>{lang.t(Msg::District)}<input name="district" list="kecamatan-list" autocomplete="address-level3" required maxlength="100" value=saved.district.clone()/></label>
                {move || {
                    let choices = choices.get();
                    view! {
                        <datalist id="kota-list">{choices.cities.into_iter().map(|c| view! { <option value=c/> }).collect_view()}</datalist>
                        <datalist id="kecamatan-list">{choices.districts.into_iter().map(|d| view! { <option value=d/> }).collect_view()}</datalist>
                    }
                }}
                <label>{lang.t(Msg::PostalCode)}<input name="postal_code" autocomplete="postal-code" inputmode="numeric" pattern="[0-9]{5}" maxlength="5" required value=saved.postal_code.clone()/></label>
                <label>{lang.t(Msg::Street)}<textarea name="street" autocomplete="street-address" required minlength="5" maxlength="300" rows="2">{saved.street.clone()}</textarea></label>
            </fieldset>
            <fieldset class="panel">
                <legend>{lang.t(Msg::Courier)}</legend>
                <p class="muted hint">{move || province_now.get().is_empty().then(|| lang.t(Msg::ShippingAfterProvince))}</p>
                {services.into_iter().map(|(key, label)| {
                    let value = key.clone();
                    let price = move || match rate_for(&key) {
                        Some((shipping, _)) => rupiah(shipping),
                        None => "—".to_string(),
                    };
                    let etd = ctx.rates.iter().find(|r| format!("{}|{}", r.courier, r.service) == value).map(|r| r.etd.clone()).unwrap_or_default();
                    view! {
                        <label class="option">
                            <input type="radio" name="shipping" value=value.clone() required on:change={ let v = value.clone(); move |_| courier.set(v.clone()) }/>
                            <span class="opt-main">{label} <small>{format!("{etd} {}", lang.t(Msg::Days))}</small></span>
                            <strong>{price}</strong>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="panel">
                <legend>{lang.t(Msg::Voucher)}</legend>
                <input name="voucher" autocomplete="off" autocapitalize="characters" maxlength="40" aria-label=lang.t(Msg::Voucher)
                    value=ctx.cart.voucher.as_ref().map(|v| v.code.clone()).unwrap_or_default()/>
            </fieldset>
            <fieldset class="panel">
                <legend>{lang.t(Msg::Payment)}</legend>
                {groups.into_iter().map(|(group, methods)| view! {
                    <p class="pay-group">{lang.t(group)}</p>
                    <div class="pay-options">
                        {methods.into_iter().map(|m| view! {
                            <label class="option">
                                <input type="radio" name="payment" value=m.code() checked=m == Method::BankTransfer required
                                    data-testid=format!("pay-{}", m.code())
                                    on:change=move |_| method.set(m)/>
                                <span>{if m == Method::BankTransfer { lang.t(Msg::BankTransfer) } else { m.brand() }}</span>
                            </label>
                        }).collect_view()}
                    </div>
                }).collect_view()}
            </fieldset>
            <section class="panel summary">
                <h2>{lang.t(Msg::Review)}</h2>
                {ctx.cart.lines.iter().map(|l| view! {
                    <p class="row"><span>{l.quantity} "× " {l.name.clone()} " (" {l.colour.clone()} ", " {l.size.clone()} ")"</span><span>{rupiah(l.line_total)}</span></p>
                }).collect_view()}
                <p class="row"><span>{lang.t(Msg::Subtotal)}</span><span>{rupiah(subtotal)}</span></p>
                <p class="row"><span>{lang.t(Msg::Shipping)}</span>
                    <span data-testid="shipping">{move || rate_for(&courier.get()).map(|(shipping, _)| rupiah(shipping)).unwrap_or_else(|| "—".into())}</span></p>
                <p class="row total"><span>{lang.t(Msg::Total)}</span>
                    <strong>{move || rupiah(rate_for(&courier.get()).map_or(subtotal, |(_, total)| total))}
                        {move || (method.get() == Method::BankTransfer).then(|| format!(" + {}", lang.t(Msg::UniqueCode).to_lowercase()))}</strong></p>
                <p class="muted">{move || (method.get() == Method::BankTransfer).then(|| lang.t(Msg::UniqueCodeNote))}</p>
            </section>
            <crate::ui::MarketingConsentBox lang/>
            <p class="error" role="alert" data-testid="checkout-error">{error}</p>
            <button type="submit" class="primary" data-testid="place-order" disabled=pending>{lang.t(Msg::PlaceOrder)}</button>
        </form>
    }
}

#[component]
pub fn TrackingPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let token = query.read_untracked().get("t").unwrap_or_default();
    let order = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), query.read().get("t").unwrap_or_default()),
        |(code, t)| track_order(code, t),
    );
    view! {
        <Meta name="robots" content="noindex"/>
        <Loaded resource=order let:order>
            <Title text=format!("{} {} — {STORE_NAME}", lang.t(Msg::Order), order.code)/>
            <OrderDetail lang order token=token.clone()/>
        </Loaded>
    }
}

/// The order as its tracking link shows it. Live enough: while the order is
/// still moving, the island looks again every 15 s (a payment notification
/// or a staff step shows without a reload).
#[cfg_attr(any(feature = "ssr", feature = "islands-order"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands-order")), component)]
fn OrderDetail(lang: Lang, order: OrderView, token: String) -> impl IntoView {
    let current = RwSignal::new(order);
    #[cfg(feature = "hydrate")]
    {
        let token = token.clone();
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let order = current.get_untracked();
                if order.status.is_open() {
                    let token = token.clone();
                    let url = <super::TrackOrder as leptos::server_fn::ServerFn>::url();
                    leptos::task::spawn_local(async move {
                        let answer = crate::ui::post_fields(lang, url, &[("code", &order.code), ("t", &token)]).await;
                        if let crate::ui::Posted::Done(json) = answer {
                            if let Ok(fresh) = serde_json::from_str::<OrderView>(&json) {
                                if fresh != current.get_untracked() {
                                    current.set(fresh);
                                }
                            }
                        }
                    });
                }
            },
            std::time::Duration::from_secs(15),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    move || order_view(lang, current.get(), token.clone())
}

fn order_view(lang: Lang, order: OrderView, token: String) -> impl IntoView {
    let unpaid = order.status == OrderStatus::PendingPayment;
    let amount_digits = order.total.to_string();
    view! {
        <section class="order">
            <h1>{lang.t(Msg::Order)} " " <span data-testid="order-code">{order.code.clone()}</span></h1>
            <p class="status-pill" data-testid="order-status">{status_label(lang, order.status)}</p>
            {unpaid.then(|| order.payment.clone().map(|payment| view! { <GatewayPay lang payment code=order.code.clone() token=token.clone() total=order.total expires_at=order.expires_at/> }.into_any()))}
            {(unpaid && order.payment.is_none()).then(|| view! {
                <section class="panel pay">
                    <p>{lang.t(Msg::TransferExactly)}</p>
                    <p class="amount"><strong data-testid="amount">{rupiah(order.total)}</strong>
                        {copy_button(lang, &amount_digits)}</p>
                    <p>{lang.t(Msg::To)} " " <strong>{order.bank_account.clone()}</strong></p>
                    <p class="muted">{lang.t(Msg::UniqueCode)} ": " {order.unique_code} " · " {lang.t(Msg::PayBefore)} " " {wib(order.expires_at)}</p>
                    <Countdown lang until=order.expires_at/>
                </section>
            }.into_any())}
            {order.awb.clone().map(|awb| view! {
                <p class="panel">{order.courier.clone()} " · " {lang.t(Msg::Awb)} ": " <strong data-testid="awb">{awb}</strong></p>
            })}
            <section class="panel">
                <h2>{lang.t(Msg::Timeline)}</h2>
                <ol class="timeline">
                    {order.timeline.iter().map(|e| view! {
                        <li><strong>{status_label(lang, e.status)}</strong> " · " {wib(e.at)}
                            {(!e.note.is_empty()).then(|| view! { <span class="muted">" · " {e.note.clone()}</span> })}</li>
                    }).collect_view()}
                </ol>
            </section>
            <section class="panel summary">
                {order.lines.iter().map(|l| view! {
                    <p class="row"><span>{l.quantity} "× " {l.name.clone()} " (" {l.variant.clone()} ")"</span><span>{rupiah(l.line_total)}</span></p>
                }).collect_view()}
                <p class="row"><span>{lang.t(Msg::Subtotal)}</span><span>{rupiah(order.subtotal)}</span></p>
                <p class="row"><span>{lang.t(Msg::Shipping)} " (" {order.courier.clone()} ")"</span><span>{rupiah(order.shipping)}</span></p>
                {(order.discount > 0).then(|| view! {
                    <p class="row"><span>{lang.t(Msg::Discount)}</span><span data-testid="discount">{format!("-{}", rupiah(order.discount))}</span></p>
                })}
                {(order.unique_code > 0).then(|| view! {
                    <p class="row"><span>{lang.t(Msg::UniqueCode)}</span><span>{rupiah(order.unique_code)}</span></p>
                })}
                <p class="row total"><span>{lang.t(Msg::Total)}</span><strong>{rupiah(order.total)}</strong></p>
                <p class="muted">{order.name.clone()} " · " {order.address.clone()}</p>
            </section>
        </section>
    }
}

/// A copy button for digits and letters only (anything else is dropped, so
/// the value cannot break out of the script).
/// A button that copies `value`; the shell's script handles every
/// `data-copy` click (no inline handler: the CSP allows none), before the
/// wasm has loaded too.
fn copy_button(lang: Lang, value: &str) -> impl IntoView {
    view! { <button type="button" class="copy" data-copy=value.to_string()>{lang.t(Msg::Copy)}</button> }
}

/// How to pay a gateway order: the VA number, bill key, store code, QR or
/// app link, with the deadline.
#[component]
fn GatewayPay(lang: Lang, payment: PaymentView, code: String, token: String, total: i64, expires_at: i64) -> impl IntoView {
    let retry_url = <super::RetryCharge as leptos::server_fn::ServerFn>::url();
    let method = Method::parse(&payment.method);
    let code_label = match method {
        Some(Method::VaMandiri) => Msg::PayBillKey,
        Some(Method::Alfamart | Method::Indomaret) => Msg::PayStoreCode,
        _ => Msg::PayVaNumber,
    };
    let nothing_yet = payment.pay_code.is_none()
        && payment.qr_svg.is_none()
        && payment.qr_url.is_none()
        && payment.deeplink.is_none();
    view! {
        <section class="panel pay" data-testid="gateway-pay">
            <p class="row"><strong>{payment.brand.clone()}</strong>
                <span>{lang.t(Msg::PayAmount)} " " <strong data-testid="amount">{rupiah(total)}</strong></span></p>
            {payment.biller_code.clone().map(|b| view! { <p>{lang.t(Msg::PayBillerCode)} ": " <strong>{b}</strong></p> })}
            {payment.pay_code.clone().map(|code| view! {
                <p>{lang.t(code_label)}</p>
                <p class="amount"><strong data-testid="pay-code">{code.clone()}</strong>{copy_button(lang, &code)}</p>
            })}
            {payment.qr_svg.clone().map(|svg| view! {
                <div class="qr" data-testid="qr" inner_html=svg></div>
                <p class="muted">{lang.t(Msg::PayScanQr)}</p>
            })}
            {payment.qr_url.clone().filter(|_| payment.qr_svg.is_none()).map(|url| view! {
                <img class="qr" src=url width="220" height="220" alt="QR"/>
            })}
            {payment.deeplink.clone().map(|url| view! {
                <a class="button primary" href=url rel="noopener">{lang.t(Msg::PayOpenApp)} " " {payment.brand.clone()}</a>
            })}
            {nothing_yet.then(|| view! {
                <p class="error" role="alert">{lang.t(Msg::PayNotReady)}</p>
                // A POST: asking the gateway again is a write; viewing never is.
                <form method="post" action=retry_url>
                    <input type="hidden" name="code" value=code.clone()/>
                    <input type="hidden" name="t" value=token.clone()/>
                    <button type="submit" class="button">{lang.t(Msg::PayRetry)}</button>
                </form>
            })}
            <p class="muted">{lang.t(Msg::PayBefore)} " " {wib(expires_at)}</p>
            <Countdown lang until=expires_at/>
            <p class="muted">{lang.t(Msg::PayAutoConfirm)}</p>
            {payment.simulator_url.clone().map(|url| view! {
                <p><a href=url data-testid="simulator">{lang.t(Msg::PaySimulator)}</a></p>
            })}
        </section>
    }
    .into_any()
}

/// Time left to pay, ticking each second once the page is live (empty in
/// the server's HTML, so hydration sees the same text).
#[component]
fn Countdown(lang: Lang, until: i64) -> impl IntoView {
    let now = RwSignal::new(None::<i64>);
    #[cfg(feature = "hydrate")]
    {
        // After hydration, not during it: the server's HTML has no text here.
        Effect::new(move |_| now.set(Some(js_sys::Date::now() as i64)));
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(Some(js_sys::Date::now() as i64)),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    let text = move || {
        now.get().map(|now| {
            let left = ((until - now) / 1000).max(0);
            format!("{} {:02}:{:02}:{:02}", lang.t(Msg::TimeLeft), left / 3600, left % 3600 / 60, left % 60)
        })
    };
    view! { <p class="countdown" aria-live="off" data-testid="countdown">{text}</p> }
}
