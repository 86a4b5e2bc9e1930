//! The shopper's order list (the account page).

use super::OrderSummary;
use crate::{
    error::AppError,
    i18n::{use_lang, Msg},
    ui::{rupiah, status_label, wib, Loaded},
};
use leptos::prelude::*;

/// The signed-in shopper's orders, each linking to its tracking page. The
/// resource comes from the page, made outside any Suspense.
#[component]
pub fn MyOrders(orders: Resource<Result<Vec<OrderSummary>, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2>{lang.t(Msg::Orders)}</h2>
        <Loaded resource=orders let:value>
            {match value {
                list if list.is_empty() => view! { <p class="muted">{lang.t(Msg::NoOrders)}</p> }.into_any(),
                list => view! {
                    <ul class="order-list">
                        {list.into_iter().map(|o| view! {
                            <li class="panel" data-testid="my-order">
                                <p class="row">
                                    <a href=format!("/orders/{}?t={}", o.code, o.token)><strong>{o.code.clone()}</strong></a>
                                    <span>{status_label(lang, o.status)}</span>
                                </p>
                                <p class="row muted"><span>{wib(o.created_at)}</span><span>{rupiah(o.total)}</span></p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </Loaded>
    }
}
