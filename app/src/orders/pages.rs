//! The checkout page and the order tracking page.

use super::{
    areas::{zone_of, PROVINCES},
    checkout_context, staff_orders, track_order, CheckoutData, MoveOrderStatus, OrderSummary, OrderView, PlaceOrder,
};
use crate::{
    error::AppError,
    i18n::{use_lang, Lang, Msg},
    layout::{rupiah, ErrorPage, Loading, STORE_NAME},
    payments::{Method, PaymentView},
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let lang = use_lang();
    let context = Resource::new(|| (), |_| checkout_context());
    // Made here rather than in the form, which renders inside the Suspense
    // (a resource created there stalls the server's response, leptos#4866).
    let address = AddressInput::new();
    view! {
        <Title text=format!("Checkout — {STORE_NAME}")/>
        <Meta name="robots" content="noindex"/>
        <h1>"Checkout"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(ctx) if ctx.cart.lines.is_empty() => view! {
                        <section class="notice">
                            <p>{lang.t(Msg::CartEmpty)}</p>
                            <a class="button" href="/">{lang.t(Msg::ContinueShopping)}</a>
                        </section>
                    }.into_any(),
                    Ok(ctx) => view! { <CheckoutForm ctx address/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The province and city typed so far, and the reference data's suggestions
/// that follow them.
#[derive(Clone, Copy)]
struct AddressInput {
    province: RwSignal<String>,
    city: RwSignal<String>,
    choices: Resource<Result<super::AreaSuggestions, AppError>>,
}

impl AddressInput {
    fn new() -> Self {
        let province = RwSignal::new(String::new());
        let city = RwSignal::new(String::new());
        let choices = Resource::new(move || (province.get(), city.get()), |(p, c)| super::area_choices(p, c));
        AddressInput { province, city, choices }
    }
}

#[component]
fn CheckoutForm(ctx: CheckoutData, address: AddressInput) -> impl IntoView {
    let lang = use_lang();
    let place = ServerAction::<PlaceOrder>::new();
    let AddressInput { province, city, choices } = address;
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
    let kg = ctx.chargeable_kg;
    let shipping_for = move |courier_service: &str| -> Option<i64> {
        let zone = zone_of(&province_now.get())?;
        rates.with_value(|r| {
            r.iter()
                .find(|r| r.zone == zone && format!("{}|{}", r.courier, r.service) == courier_service)
                .map(|r| r.per_kg * kg)
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
    let error = move || place.value().get().and_then(|r| r.err()).map(|e| e.message());
    // The order took the cart's lines: the header badge must say so.
    let cart = crate::cart::use_cart();
    Effect::new(move |_| {
        if matches!(place.value().get(), Some(Ok(_))) {
            cart.cart.refetch();
        }
    });
    view! {
        <ActionForm action=place attr:class="checkout stack">
            <input type="hidden" name="idempotency_key" value=ctx.idempotency_key.clone()/>
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
                <Transition>
                    {move || Suspend::new(async move {
                        let choices = choices.await.unwrap_or_default();
                        view! {
                            <datalist id="kota-list">{choices.cities.into_iter().map(|c| view! { <option value=c/> }).collect_view()}</datalist>
                            <datalist id="kecamatan-list">{choices.districts.into_iter().map(|d| view! { <option value=d/> }).collect_view()}</datalist>
                        }
                    })}
                </Transition>
                <label>{lang.t(Msg::PostalCode)}<input name="postal_code" autocomplete="postal-code" inputmode="numeric" pattern="[0-9]{5}" maxlength="5" required value=saved.postal_code.clone()/></label>
                <label>{lang.t(Msg::Street)}<textarea name="street" autocomplete="street-address" required minlength="5" maxlength="300" rows="2">{saved.street.clone()}</textarea></label>
            </fieldset>
            <fieldset class="panel">
                <legend>{lang.t(Msg::Courier)}</legend>
                <p class="muted hint">{move || province_now.get().is_empty().then(|| lang.t(Msg::ShippingAfterProvince))}</p>
                {services.into_iter().map(|(key, label)| {
                    let value = key.clone();
                    let price = move || match shipping_for(&key) {
                        Some(cost) => rupiah(cost),
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
                <input name="voucher" autocomplete="off" autocapitalize="characters" maxlength="40" aria-label=lang.t(Msg::Voucher)/>
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
                    <span data-testid="shipping">{move || shipping_for(&courier.get()).map(rupiah).unwrap_or_else(|| "—".into())}</span></p>
                <p class="row total"><span>{lang.t(Msg::Total)}</span>
                    <strong>{move || rupiah(subtotal + shipping_for(&courier.get()).unwrap_or(0))}
                        {move || (method.get() == Method::BankTransfer).then(|| format!(" + {}", lang.t(Msg::UniqueCode).to_lowercase()))}</strong></p>
                <p class="muted">{move || (method.get() == Method::BankTransfer).then(|| lang.t(Msg::UniqueCodeNote))}</p>
            </section>
            <p class="error" role="alert" data-testid="checkout-error">{error}</p>
            <button type="submit" class="primary" data-testid="place-order" disabled=move || place.pending().get()>{lang.t(Msg::PlaceOrder)}</button>
        </ActionForm>
    }
}

pub fn status_label(lang: Lang, status: &str) -> &'static str {
    lang.t(match status {
        "pending_payment" => Msg::StatusPendingPayment,
        "paid" => Msg::StatusPaid,
        "packed" => Msg::StatusPacked,
        "shipped" => Msg::StatusShipped,
        "delivered" => Msg::StatusDelivered,
        "completed" => Msg::StatusCompleted,
        _ => Msg::StatusCancelled,
    })
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

#[component]
pub fn TrackingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let order = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), query.read().get("t").unwrap_or_default()),
        |(code, t)| track_order(code, t),
    );
    // Live enough: while the order is still moving, look again every 15 s
    // (a payment notification or a staff step shows without a reload).
    #[cfg(feature = "hydrate")]
    {
        let still_moving = move || {
            order
                .get_untracked()
                .and_then(Result::ok)
                .is_some_and(|o| !matches!(o.status.as_str(), "completed" | "cancelled"))
        };
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if still_moving() {
                    order.refetch();
                }
            },
            std::time::Duration::from_secs(15),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <Meta name="robots" content="noindex"/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(order) => view! { <OrderDetail order/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrderDetail(order: OrderView) -> impl IntoView {
    let lang = use_lang();
    let unpaid = order.status == "pending_payment";
    let amount_digits = order.total.to_string();
    view! {
        <Title text=format!("{} {} — {STORE_NAME}", lang.t(Msg::Order), order.code)/>
        <section class="order">
            <h1>{lang.t(Msg::Order)} " " <span data-testid="order-code">{order.code.clone()}</span></h1>
            <p class="status-pill" data-testid="order-status">{status_label(lang, &order.status)}</p>
            {unpaid.then(|| order.payment.clone().map(|payment| view! { <GatewayPay payment total=order.total expires_at=order.expires_at/> }.into_any()))}
            {(unpaid && order.payment.is_none()).then(|| view! {
                <section class="panel pay">
                    <p>{lang.t(Msg::TransferExactly)}</p>
                    <p class="amount"><strong data-testid="amount">{rupiah(order.total)}</strong>
                        {copy_button(lang, &amount_digits)}</p>
                    <p>{lang.t(Msg::To)} " " <strong>{order.bank_account.clone()}</strong></p>
                    <p class="muted">{lang.t(Msg::UniqueCode)} ": " {order.unique_code} " · " {lang.t(Msg::PayBefore)} " " {wib(order.expires_at)}</p>
                    <Countdown until=order.expires_at/>
                </section>
            }.into_any())}
            {order.awb.clone().map(|awb| view! {
                <p class="panel">{order.courier.clone()} " · " {lang.t(Msg::Awb)} ": " <strong data-testid="awb">{awb}</strong></p>
            })}
            <section class="panel">
                <h2>{lang.t(Msg::Timeline)}</h2>
                <ol class="timeline">
                    {order.timeline.iter().map(|e| view! {
                        <li><strong>{status_label(lang, &e.status)}</strong> " · " {wib(e.at)}
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
fn GatewayPay(payment: PaymentView, total: i64, expires_at: i64) -> impl IntoView {
    let lang = use_lang();
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
                <a class="button" href="">{lang.t(Msg::PayRetry)}</a>
            })}
            <p class="muted">{lang.t(Msg::PayBefore)} " " {wib(expires_at)}</p>
            <Countdown until=expires_at/>
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
fn Countdown(until: i64) -> impl IntoView {
    let lang = use_lang();
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

/// The signed-in shopper's orders, each linking to its tracking page. The
/// resource comes from the page, made outside any Suspense.
#[component]
pub fn MyOrders(orders: Resource<Result<Vec<OrderSummary>, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2>{lang.t(Msg::Orders)}</h2>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{lang.t(Msg::NoOrders)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="admin-orders">
                            {list.into_iter().map(|o| view! {
                                <li class="panel" data-testid="my-order">
                                    <p class="row">
                                        <a href=format!("/orders/{}?t={}", o.code, o.token)><strong>{o.code.clone()}</strong></a>
                                        <span>{status_label(lang, &o.status)}</span>
                                    </p>
                                    <p class="row muted"><span>{wib(o.created_at)}</span><span>{rupiah(o.total)}</span></p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The back office's order list and the action that moves an order on; made
/// by the page, outside any Suspense (see `StaffShell`).
#[derive(Clone, Copy)]
pub struct AdminOrdersData {
    mover: ServerAction<MoveOrderStatus>,
    orders: Resource<Result<Vec<OrderSummary>, AppError>>,
    outbox: Resource<Result<Vec<super::OutboxEntry>, AppError>>,
}

impl AdminOrdersData {
    pub fn new() -> Self {
        let mover = ServerAction::<MoveOrderStatus>::new();
        let orders = Resource::new(move || mover.version().get(), |_| staff_orders());
        let outbox = Resource::new(move || mover.version().get(), |_| super::staff_outbox());
        AdminOrdersData { mover, orders, outbox }
    }
}

/// The back office's order list with the next legal step of each order.
#[component]
pub fn AdminOrders(data: AdminOrdersData) -> impl IntoView {
    let lang = use_lang();
    let AdminOrdersData { mover, orders, outbox } = data;
    let error = move || mover.value().get().and_then(|r| r.err()).map(|e| e.message());
    view! {
        <h2>{lang.t(Msg::Orders)}</h2>
        <p class="error" role="alert" data-testid="admin-error">{error}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{lang.t(Msg::NoOrders)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="admin-orders">
                            {list.into_iter().map(|o| view! { <AdminOrderRow order=o mover/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
        <h2>{lang.t(Msg::Outbox)}</h2>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let entries = outbox.await.unwrap_or_default();
                view! {
                    <ul class="admin-orders" data-testid="outbox">
                        {entries.into_iter().map(|e| view! {
                            <li class="panel" data-testid="outbox-entry">
                                <p class="row"><strong>{e.subject.clone()}</strong><span>{wib(e.created_at)}</span></p>
                                <p class="row muted"><span>{e.to.clone()}</span>
                                    <span>{if e.status == "queued" { lang.t(Msg::OutboxQueued).to_string() } else { e.status.clone() }}</span></p>
                                <MailPreview html=e.html.clone() title=e.subject.clone()/>
                                <details>
                                    <summary>"Text"</summary>
                                    <pre class="mail">{e.text.clone()}</pre>
                                </details>
                            </li>
                        }).collect_view()}
                    </ul>
                }
            })}
        </Transition>
    }
}

/// The HTML of an email in a sandboxed frame, made only when opened (a
/// list of live frames is heavy, and re-rendering them trips browsers' tools).
#[component]
fn MailPreview(html: String, title: String) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details on:toggle=move |_| open.set(true)>
            <summary>"HTML"</summary>
            {move || open.get().then(|| view! { <iframe class="mail" sandbox="" srcdoc=html.clone() title=title.clone()></iframe> })}
        </details>
    }
}

#[component]
fn AdminOrderRow(order: OrderSummary, mover: ServerAction<MoveOrderStatus>) -> impl IntoView {
    let lang = use_lang();
    let next: Vec<(&str, Msg)> = match order.status.as_str() {
        "pending_payment" => vec![("paid", Msg::MarkPaid), ("cancelled", Msg::CancelOrder)],
        "paid" => vec![("packed", Msg::MarkPacked), ("cancelled", Msg::CancelOrder)],
        "packed" => vec![("shipped", Msg::MarkShipped)],
        "shipped" => vec![("delivered", Msg::MarkDelivered)],
        "delivered" => vec![("completed", Msg::MarkCompleted)],
        _ => vec![],
    };
    let code = order.code.clone();
    view! {
        <li class="panel" data-testid="admin-order" data-code=order.code.clone()>
            <p class="row">
                <a href=format!("/orders/{}?t={}", order.code, order.token)><strong>{order.code.clone()}</strong></a>
                <span>{status_label(lang, &order.status)}</span>
            </p>
            <p class="row muted"><span>{order.name.clone()} " · " {wib(order.created_at)}</span><span>{rupiah(order.total)}</span></p>
            <div class="admin-actions">
                {next.into_iter().map(|(to, label)| {
                    let ships = to == "shipped";
                    let code = code.clone();
                    view! {
                        <ActionForm action=mover attr:class="inline-form">
                            <input type="hidden" name="code" value=code/>
                            <input type="hidden" name="to" value=to/>
                            {if ships {
                                view! { <input name="awb" placeholder=lang.t(Msg::Awb) required minlength="6" maxlength="40" data-testid="awb-input"/> }.into_any()
                            } else {
                                view! { <input type="hidden" name="awb" value=""/> }.into_any()
                            }}
                            <button type="submit" class=if to == "cancelled" { "link" } else { "" } data-testid=format!("move-{to}")>{lang.t(label)}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_western_indonesian_time() {
        // 2026-11-22 09:39:12 UTC is 16.39 in Jakarta.
        assert_eq!(super::wib(1_795_340_352_000), "22/11/2026 16.39 WIB");
    }
}
