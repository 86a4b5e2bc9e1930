//! Content pages (privacy, returns, contact), stored in the database.

use crate::{
    error::AppError,
    model::ContentPage,
    ui::{Loaded, STORE_NAME},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[server(prefix = "/api", endpoint = "page")]
pub async fn load_content_page(slug: String) -> Result<ContentPage, AppError> {
    use crate::{i18n::Msg, platform::ctx::{state, request_lang, fail, OrInternal}};
    let state = state()?;
    let lang = request_lang();
    let Some(row) = crate::catalog::db::content_page(&state.pool, &slug).await.or_internal()? else {
        return Err(fail(AppError::NotFound(lang.t(Msg::NotFoundText).into())));
    };
    Ok(ContentPage {
        slug: row.slug,
        title: lang.pick(&row.title_id, &row.title_en).into(),
        body: lang.pick(&row.body_id, &row.body_en).lines().map(|l| l.trim().to_string()).collect(),
    })
}

#[component]
pub fn ContentPageView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(move || params.read().get("slug").unwrap_or_default(), load_content_page);
    view! {
        <Loaded resource=page let:page>
            {view! {
                <Title text=format!("{} — {STORE_NAME}", page.title)/>
                <article class="content">
                    <h1>{page.title.clone()}</h1>
                    {page.body.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                </article>
            }.into_any()}
        </Loaded>
    }
}
