//! The staff areas (`/agent`, `/studio`, `/admin`): signed-in shells whose
//! role check runs on the server before anything of the area is rendered.

use crate::{
    account::{pages::LogoutButton, staff_access},
    i18n::{use_lang, Msg},
    model::StaffArea,
    ui::{Loaded, STORE_NAME},
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn StaffShell(area: StaffArea) -> impl IntoView {
    let lang = use_lang();
    let access = Resource::new(move || area, staff_access);
    // Every resource of the page is created here, never inside a Suspense's
    // child: leptos re-runs those children while it waits, and a resource
    // made there keeps the server's response from ever finishing
    // (leptos-rs/leptos#4866). The area's own server functions check the
    // role again, so starting them beside the access check leaks nothing.
    let admin_orders = (area == StaffArea::Admin).then(crate::orders::pages::AdminOrdersData::new);
    let title = lang.t(area.title());
    view! {
        <Title text=format!("{title} — {STORE_NAME}")/>
        <Meta name="robots" content="noindex"/>
        <Loaded resource=access let:me>
            {view! {
                <section class="staff" data-testid="staff-shell">
                    <h1>{title}</h1>
                    <p>{lang.t(Msg::SignedInAs)} " " <strong>{me.name.clone()}</strong>
                       " (" {me.email.clone()} ") · " {lang.t(Msg::Role)} ": " {me.role.code()}</p>
                    {match (admin_orders, area) {
                        (Some(data), _) => view! { <crate::orders::pages::AdminOrders data/> }.into_any(),
                        (None, StaffArea::Agent) => view! { <crate::chat::launcher::AgentPanelHost/> }.into_any(),
                        _ => view! { <p class="muted">{lang.t(Msg::StaffShellText)}</p> }.into_any(),
                    }}
                    <LogoutButton/>
                </section>
            }.into_any()}
        </Loaded>
    }
}
