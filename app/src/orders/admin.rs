//! The back office's order list (staff bundle only): each order with the
//! next moves the state machine allows staff, and the customer emails.

use super::{staff_orders, MoveOrderStatus, OrderSummary};
use crate::{
    error::AppError,
    i18n::{use_lang, Msg},
    ui::{rupiah, status_label, wib, Loaded, Loading},
};
use domain::order::{Actor, OrderStatus};
use leptos::prelude::*;

/// The back office's order list and the action that moves an order on; made
/// by the screen, outside any Suspense (leptos#4866).
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
        <Loaded resource=orders keep=true let:value>
            {match value {
                list if list.is_empty() => view! { <p class="muted">{lang.t(Msg::NoOrders)}</p> }.into_any(),
                list => view! {
                    <ul class="admin-orders">
                        {list.into_iter().map(|o| view! { <AdminOrderRow order=o mover/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </Loaded>
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
    // The buttons are the moves the state machine allows staff from here.
    let next = order.status.next_moves(Actor::Staff);
    let code = order.code.clone();
    view! {
        <li class="panel" data-testid="admin-order" data-code=order.code.clone()>
            <p class="row">
                <a href=format!("/orders/{}?t={}", order.code, order.token)><strong>{order.code.clone()}</strong></a>
                <span>{status_label(lang, order.status)}</span>
            </p>
            <p class="row muted"><span>{order.name.clone()} " · " {wib(order.created_at)}</span><span>{rupiah(order.total)}</span></p>
            <div class="admin-actions">
                {next.into_iter().map(|to| {
                    let ships = to == OrderStatus::Shipped;
                    let code = code.clone();
                    let label = move_label(to);
                    let to = to.code();
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

/// The button that moves an order to `to`.
fn move_label(to: OrderStatus) -> Msg {
    match to {
        OrderStatus::Paid => Msg::MarkPaid,
        OrderStatus::Packed => Msg::MarkPacked,
        OrderStatus::Shipped => Msg::MarkShipped,
        OrderStatus::Delivered => Msg::MarkDelivered,
        OrderStatus::Completed => Msg::MarkCompleted,
        OrderStatus::Cancelled => Msg::CancelOrder,
        OrderStatus::PendingPayment => Msg::StatusPendingPayment,
    }
}
