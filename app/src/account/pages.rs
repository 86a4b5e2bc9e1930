//! Sign-in, registration and the shopper's account page.

use super::{my_marketing, who_am_i, Login, Logout, Register, SetMarketing};
use crate::{
    error::AppError,
    i18n::{use_lang, Lang, Msg},
    model::Role,
    ui::{Loaded, STORE_NAME},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let next = use_query_map().read_untracked().get("next").unwrap_or_default();
    view! {
        <Title text=format!("{} — {STORE_NAME}", lang.t(Msg::Login))/>
        <section class="auth">
            <h1>{lang.t(Msg::Login)}</h1>
            <p class="muted">{lang.t(Msg::GuestNote)}</p>
            <LoginForm lang next/>
            <p>{lang.t(Msg::NoAccount)} " " <a href="/register">{lang.t(Msg::Register)}</a></p>
        </section>
    }
}

/// Sign-in: a real form that the island posts itself once it runs
/// (`ui::post_then_follow`), showing a refusal in place; the server's
/// redirect then takes the browser on.
#[cfg_attr(any(feature = "ssr", feature = "islands-account"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands-account")), component)]
fn LoginForm(lang: Lang, next: String) -> impl IntoView {
    let (pending, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let url = <Login as leptos::server_fn::ServerFn>::url();
    view! {
        <form method="post" action=url class="stack" on:submit=crate::ui::post_then_follow(lang, pending, error)>
            <input type="hidden" name="next" value=next/>
            <label>{lang.t(Msg::Email)}
                <input type="email" name="email" autocomplete="username" required/>
            </label>
            <label>{lang.t(Msg::Password)}
                <input type="password" name="password" autocomplete="current-password" required/>
            </label>
            <p class="error" role="alert" data-testid="auth-error">{error}</p>
            <button type="submit" class="primary" disabled=pending>{lang.t(Msg::Login)}</button>
        </form>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} — {STORE_NAME}", lang.t(Msg::Register))/>
        <section class="auth">
            <h1>{lang.t(Msg::Register)}</h1>
            <RegisterForm lang/>
            <p>{lang.t(Msg::HaveAccount)} " " <a href="/login">{lang.t(Msg::Login)}</a></p>
        </section>
    }
}

/// Registration, posted by the island like the sign-in form.
#[cfg_attr(any(feature = "ssr", feature = "islands-account"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "islands-account")), component)]
fn RegisterForm(lang: Lang) -> impl IntoView {
    let (pending, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let url = <Register as leptos::server_fn::ServerFn>::url();
    view! {
        <form method="post" action=url class="stack" on:submit=crate::ui::post_then_follow(lang, pending, error)>
            <label>{lang.t(Msg::Name)}
                <input type="text" name="name" autocomplete="name" required maxlength="100"/>
            </label>
            <label>{lang.t(Msg::Email)}
                <input type="email" name="email" autocomplete="email" required/>
            </label>
            <label>{lang.t(Msg::Password)}
                <input type="password" name="password" autocomplete="new-password" required minlength="8"/>
            </label>
            <crate::ui::MarketingConsentBox lang/>
            <p class="error" role="alert">{error}</p>
            <button type="submit" class="primary" disabled=pending>{lang.t(Msg::Register)}</button>
        </form>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let who = Resource::new(|| (), |_| who_am_i());
    // Made beside `who`, not inside the Suspense (leptos#4866), and asked
    // only once `who` says someone is signed in.
    let orders = Resource::new(
        move || who.get().and_then(Result::ok).flatten().is_some(),
        |signed_in| async move {
            if signed_in {
                crate::orders::my_orders().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let consent = Resource::new(
        move || who.get().and_then(Result::ok).flatten().is_some(),
        |signed_in| async move { if signed_in { my_marketing().await } else { Ok(None) } },
    );
    view! {
        <Title text=format!("{} — {STORE_NAME}", lang.t(Msg::YourAccount))/>
        <Loaded resource=who let:value>
            {match value {
                Some(me) => view! {
                    <section class="auth">
                        <h1>{lang.t(Msg::Hello)} ", " {me.name.clone()}</h1>
                        <p class="muted">{me.email.clone()}</p>
                        {me.role.is_staff().then(|| view! { <StaffLinks role=me.role/> })}
                        <crate::orders::pages::MyOrders orders/>
                        <MarketingChoice consent/>
                        <LogoutButton/>
                    </section>
                }.into_any(),
                None => view! { <LoginPage/> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn StaffLinks(role: Role) -> impl IntoView {
    let lang = use_lang();
    use crate::model::StaffArea;
    view! {
        <ul class="chips">
            {StaffArea::ALL.into_iter().filter(|area| area.admits(role)).map(|area| view! {
                <li><a class="chip" href=area.path()>{lang.t(area.title())}</a></li>
            }).collect_view()}
        </ul>
    }
}

/// Marketing email: what the shopper last said, and a plain form that
/// says the opposite (works before any wasm, like signing out).
#[component]
fn MarketingChoice(consent: Resource<Result<Option<(bool, i64)>, AppError>>) -> impl IntoView {
    let lang = use_lang();
    let url = <SetMarketing as leptos::server_fn::ServerFn>::url();
    view! {
        <Loaded resource=consent let:answer>
            {
                let given = answer.is_some_and(|(given, _)| given);
                view! {
                    <form method="post" action=url class="panel marketing" data-testid="marketing-choice">
                        <h2>{lang.t(Msg::MarketingTitle)}</h2>
                        <p data-testid="marketing-state">
                            {lang.t(if given { Msg::MarketingOn } else { Msg::MarketingOff })}
                            {answer.map(|(_, at)| format!(" ({})", crate::ui::wib(at)))}
                        </p>
                        <input type="hidden" name="given" value=if given { "0" } else { "1" }/>
                        <button type="submit" data-testid="marketing-toggle">
                            {lang.t(if given { Msg::MarketingWithdraw } else { Msg::MarketingGive })}
                        </button>
                    </form>
                }
            }
        </Loaded>
    }
}

/// Signing out: a plain form (the server ends the session and redirects home).
#[component]
pub fn LogoutButton() -> impl IntoView {
    let lang = use_lang();
    let url = <Logout as leptos::server_fn::ServerFn>::url();
    view! {
        <form method="post" action=url>
            <button type="submit">{lang.t(Msg::Logout)}</button>
        </form>
    }
}
