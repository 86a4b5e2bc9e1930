//! The staff areas (`/agent`, `/studio`, `/admin`): signed-in shells whose
//! role check runs on the server before anything of the area is rendered.
//! The area's screen is the staff bundle's (`screens`, built into
//! `/pkg/staff.*` from `staffui/`): the shell, rendered by the server, holds
//! its place, and the page's loader script loads the bundle and has it
//! mount the screen there. Nothing of the staff areas is in the storefront
//! bundle.

#[cfg(feature = "staff")]
pub mod screens;

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
                    <ScreenHost area/>
                    <LogoutButton/>
                </section>
            }.into_any()}
        </Loaded>
    }
}

/// The place of the area's screen (rendered once the server has checked
/// the role): the page's loader script loads the staff bundle and has it
/// mount the screen here, or offers to try again (`data-failed`) when the
/// download fails. The screen's own server functions check the role again.
#[component]
fn ScreenHost(area: StaffArea) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div id=crate::model::STAFF_SCREEN_ID data-testid="staff-screen-host" data-area=area.path()
             data-failed=lang.t(Msg::StaffLoadFailed)>
            <p class="muted">{lang.t(Msg::Loading)}</p>
        </div>
    }
}
