//! The staff areas (`/agent`, `/studio`, `/admin`): signed-in shells whose
//! role check runs on the server before anything of the area is rendered.
//! The area's screen is the staff bundle's (`screens`, built into
//! `/pkg/staff.*` from `staffui/`): the shell holds its place, loads the
//! bundle and has it mount the screen there. The storefront bundle holds
//! only the shell.

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
                    {match area {
                        StaffArea::Studio => view! { <p class="muted">{lang.t(Msg::StaffShellText)}</p> }.into_any(),
                        _ => view! { <ScreenHost area/> }.into_any(),
                    }}
                    <LogoutButton/>
                </section>
            }.into_any()}
        </Loaded>
    }
}

/// The place of the area's screen (rendered once the server has checked
/// the role): the staff bundle mounts the screen into it, and takes it down
/// when the page leaves the area. The screen's own server functions check
/// the role again.
#[component]
fn ScreenHost(area: StaffArea) -> impl IntoView {
    let lang = use_lang();
    let failed = RwSignal::new(false);
    let mount = move || {
        failed.set(false);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            failed.set(!crate::ui::call_bundle(crate::model::STAFF_BUNDLE, "mount", area.path()).await)
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = area;
    };
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| mount());
        on_cleanup(move || {
            leptos::task::spawn_local(async move {
                crate::ui::call_bundle(crate::model::STAFF_BUNDLE, "unmount", area.path()).await;
            })
        });
    }
    // The screen replaces this content once mounted.
    view! {
        <div id=crate::model::STAFF_SCREEN_ID data-testid="staff-screen-host">
            {move || if failed.get() {
                view! { <button class="button" type="button" on:click=move |_| mount()>{lang.t(Msg::StaffLoadFailed)}</button> }.into_any()
            } else {
                view! { <p class="muted">{lang.t(Msg::Loading)}</p> }.into_any()
            }}
        </div>
    }
}
