//! The studio's screen (staff bundle only): the banner list with each
//! banner's state, a timeline of the coming four weeks, and the editor with
//! a live preview at phone and desktop width, drawn by the storefront's own
//! `ui::PromoBanner` as the marketer types.

use super::{
    ArchiveBanner, BannerVersion, DuplicateBanner, ReorderBanners, RestoreBanner, SaveBanner, StudioBanner,
};
use crate::{
    error::AppError,
    i18n::{use_lang, Lang, Msg, StudioMsg},
    model::Banner,
    ui::{wib, Loaded, PromoBanner},
};
use domain::banner::{BannerForm, BannerState, Placement};
use leptos::prelude::*;

/// The list, the editor's open banner and the actions; made by the screen,
/// outside any Suspense (leptos#4866).
#[derive(Clone, Copy)]
pub struct StudioData {
    save: ServerAction<SaveBanner>,
    archive: ServerAction<ArchiveBanner>,
    duplicate: ServerAction<DuplicateBanner>,
    restore: ServerAction<RestoreBanner>,
    reorder: ServerAction<ReorderBanners>,
    banners: Resource<Result<(Vec<StudioBanner>, i64), AppError>>,
    categories: Resource<Result<crate::model::HomeData, AppError>>,
    /// The banner being edited: its id (0 for a new one), the version it
    /// was opened at, and the form as typed.
    editing: RwSignal<Option<(i64, i64, BannerForm)>>,
}

impl StudioData {
    pub fn new() -> Self {
        let save = ServerAction::<SaveBanner>::new();
        let archive = ServerAction::<ArchiveBanner>::new();
        let duplicate = ServerAction::<DuplicateBanner>::new();
        let restore = ServerAction::<RestoreBanner>::new();
        let reorder = ServerAction::<ReorderBanners>::new();
        let changes = move || {
            (save.version().get(), archive.version().get(), duplicate.version().get(), restore.version().get(), reorder.version().get())
        };
        let banners = Resource::new(changes, |_| super::studio_banners());
        let categories = Resource::new(|| (), |_| crate::catalog::load_home(None));
        StudioData { save, archive, duplicate, restore, reorder, banners, categories, editing: RwSignal::new(None) }
    }
}

/// A new banner's form: a hero from the next full hour for a week.
fn blank(now: i64) -> BannerForm {
    let hour = 3_600_000;
    let start = (now / hour + 1) * hour;
    BannerForm {
        background: "#1f3a5f".into(),
        placement: Placement::HomeHero.code().into(),
        priority: "10".into(),
        link: "/".into(),
        cta_id: "Belanja sekarang".into(),
        cta_en: "Shop now".into(),
        starts_at: domain::banner::wib_input(start),
        ends_at: domain::banner::wib_input(start + 7 * 24 * hour),
        ..BannerForm::default()
    }
}

#[component]
pub fn Studio(data: StudioData) -> impl IntoView {
    let lang = use_lang();
    let StudioData { save, archive, duplicate, banners, editing, .. } = data;
    // A saved banner stays open at its new version; a copy opens as made.
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            if editing.get_untracked().is_some_and(|(open, _, _)| open == 0 || open == id) {
                editing.set(None);
            }
        }
    });
    let error = move || {
        let failed = |r: Option<Result<_, AppError>>| r.and_then(|r: Result<_, AppError>| r.err()).map(|e| e.message());
        failed(save.value().get().map(|r| r.map(|_| ())))
            .or_else(|| failed(archive.value().get()))
            .or_else(|| failed(duplicate.value().get().map(|r| r.map(|_| ()))))
            .or_else(|| failed(data.reorder.value().get()))
    };
    view! {
        <div class="studio" data-testid="studio">
            <p class="error" role="alert" data-testid="studio-error">{error}</p>
            <Loaded resource=banners keep=true let:listed>
                {
                    let (list, now) = listed;
                    view! {
                        <section class="studio-list">
                            <div class="row">
                                <h2>{lang.t(StudioMsg::Banners)}</h2>
                                <button type="button" class="button" data-testid="new-banner"
                                    on:click=move |_| editing.set(Some((0, 0, blank(now))))>
                                    {lang.t(StudioMsg::NewBanner)}
                                </button>
                            </div>
                            <Timeline banners=list.clone() now/>
                            <Ordering banners=list.clone() data/>
                            <TimeTravel now/>
                            <ul class="banner-list">
                                {list.into_iter().map(|b| view! { <BannerRow banner=b data/> }).collect_view()}
                            </ul>
                        </section>
                    }
                }
            </Loaded>
            {move || editing.get().map(|(id, version, form)| view! { <Editor id version form data/> })}
            <super::sale_screen::FlashSales/>
            <super::voucher_screen::Vouchers/>
            <super::report_screen::Report/>
        </div>
    }
}

fn state_label(state: BannerState) -> StudioMsg {
    match state {
        BannerState::Draft => StudioMsg::BannerDraft,
        BannerState::Scheduled => StudioMsg::BannerScheduled,
        BannerState::Live => StudioMsg::BannerLive,
        BannerState::Ended => StudioMsg::BannerEnded,
        BannerState::Archived => StudioMsg::BannerArchived,
    }
}

fn placement_label(placement: &str) -> StudioMsg {
    match Placement::from_code(placement) {
        Some(Placement::HomeHero) => StudioMsg::PlacementHero,
        Some(Placement::HomeStrip) => StudioMsg::PlacementHomeStrip,
        Some(Placement::CategoryTop) => StudioMsg::PlacementCategory,
        _ => StudioMsg::PlacementProduct,
    }
}

#[component]
fn BannerRow(banner: StudioBanner, data: StudioData) -> impl IntoView {
    let lang = use_lang();
    let StudioBanner { id, version, archived, state, starts_at, ends_at, .. } = banner;
    let form = banner.form.clone();
    view! {
        <li class="panel banner-row" data-testid="banner-row">
            <p class="row">
                <strong>{banner.form.name.clone()}</strong>
                <span class=format!("badge state-{}", state.code()) data-testid="banner-state">{lang.t(state_label(state))}</span>
            </p>
            <p class="muted">{lang.t(placement_label(&banner.form.placement))} " · " {wib(starts_at)} " – " {wib(ends_at)}</p>
            <Results results=banner.results/>
            <p class="actions">
                <button type="button" class="button secondary" data-testid="edit-banner"
                    on:click=move |_| data.editing.set(Some((id, version, form.clone())))>{lang.t(StudioMsg::Edit)}</button>
                <button type="button" class="button secondary"
                    on:click=move |_| { data.duplicate.dispatch(DuplicateBanner { id }); }>{lang.t(StudioMsg::Duplicate)}</button>
                <button type="button" class="button secondary" data-testid="archive-banner"
                    on:click=move |_| { data.archive.dispatch(ArchiveBanner { id, archived: !archived }); }>
                    {lang.t(if archived { StudioMsg::Unarchive } else { StudioMsg::Archive })}
                </button>
            </p>
        </li>
    }
}

/// A banner's results: impressions, clicks, click-through rate, orders and
/// paid revenue attributed to its clicks.
#[component]
fn Results(results: super::BannerResults) -> impl IntoView {
    let lang = use_lang();
    let super::BannerResults { impressions, clicks, orders, revenue } = results;
    let ctr = if impressions > 0 { format!("{:.1} %", clicks as f64 * 100.0 / impressions as f64) } else { "—".into() };
    view! {
        <dl class="results" data-testid="banner-results">
            <div><dt>{lang.t(StudioMsg::Impressions)}</dt><dd data-testid="impressions">{impressions}</dd></div>
            <div><dt>{lang.t(StudioMsg::Clicks)}</dt><dd data-testid="clicks">{clicks}</dd></div>
            <div><dt>"CTR"</dt><dd>{ctr}</dd></div>
            <div><dt>{lang.t(StudioMsg::AttributedOrders)}</dt><dd data-testid="orders">{orders}</dd></div>
            <div><dt>{lang.t(StudioMsg::AttributedRevenue)}</dt><dd>{crate::ui::rupiah(revenue)}</dd></div>
        </dl>
    }
}

/// The coming four weeks, one bar per banner that is not archived.
#[component]
fn Timeline(banners: Vec<StudioBanner>, now: i64) -> impl IntoView {
    let lang = use_lang();
    let span = 28 * 24 * 3_600_000_i64;
    let pct = move |t: i64| ((t - now).clamp(0, span) * 100 / span) as f64;
    let bars = banners
        .into_iter()
        .filter(|b| !b.archived && b.ends_at > now && b.starts_at < now + span)
        .map(|b| {
            let (left, right) = (pct(b.starts_at), pct(b.ends_at));
            let style = format!("margin-left:{left}%;width:{}%", (right - left).max(1.0));
            view! {
                <li><span class=format!("bar state-{}", b.state.code()) style=style title=b.form.name.clone()>{b.form.name.clone()}</span></li>
            }
        })
        .collect_view();
    view! {
        <figure class="timeline-weeks" aria-label=lang.t(StudioMsg::BannerTimeline)>
            <figcaption class="muted">{lang.t(StudioMsg::BannerTimeline)}</figcaption>
            <ul>{bars}</ul>
        </figure>
    }
}

/// "Preview the home page at": opens the home page as of a chosen instant
/// (the server lets only studio staff ask).
#[component]
fn TimeTravel(now: i64) -> impl IntoView {
    let lang = use_lang();
    let at = RwSignal::new(domain::banner::wib_input(now + 24 * 3_600_000));
    let href = move || format!("/?pratinjau={}", at.get());
    view! {
        <p class="time-travel">
            <label class="field">
                <span>{lang.t(StudioMsg::PreviewHome)} " (WIB)"</span>
                <input type="datetime-local" step="1" name="preview_at" prop:value=move || at.get()
                    on:input=move |ev| at.set(event_target_value(&ev))/>
            </label>
            <a class="button secondary" href=href target="_blank" rel="noopener" data-testid="open-preview">
                {lang.t(StudioMsg::OpenPreview)}
            </a>
        </p>
    }
}

/// The banner a form shows on the storefront, in `lang`.
fn preview_of(form: &BannerForm, lang: Lang) -> Banner {
    Banner {
        id: 0,
        title: lang.pick(&form.headline_id, &form.headline_en).to_string(),
        text: lang.pick(&form.text_id, &form.text_en).to_string(),
        cta: lang.pick(&form.cta_id, &form.cta_en).to_string(),
        link: form.link.clone(),
        background: form.background.clone(),
        // The smallest variant always exists (uploads are at least 480 wide).
        picture: (!form.image.trim().is_empty()).then(|| crate::model::BannerPicture {
            key: form.image.trim().to_string(),
            width: 0,
            height: 0,
            widths: vec![480],
            alt: lang.pick(&form.image_alt_id, &form.image_alt_en).to_string(),
        }),
    }
}

#[component]
fn Editor(id: i64, version: i64, form: BannerForm, data: StudioData) -> impl IntoView {
    let lang = use_lang();
    let form = RwSignal::new(form);
    let preview_lang = RwSignal::new(Lang::Id);
    let field = move |label: StudioMsg, name: &'static str, get: fn(&BannerForm) -> &String, set: fn(&mut BannerForm) -> &mut String| {
        view! {
            <label class="field">
                <span>{lang.t(label)}</span>
                <input name=name prop:value=move || form.with(|f| get(f).clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| *set(f) = v); }/>
            </label>
        }
    };
    let time_field = move |label: StudioMsg, name: &'static str, get: fn(&BannerForm) -> &String, set: fn(&mut BannerForm) -> &mut String| {
        view! {
            <label class="field">
                <span>{lang.t(label)} " (WIB)"</span>
                <input type="datetime-local" step="1" name=name prop:value=move || form.with(|f| get(f).clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| *set(f) = v); }/>
            </label>
        }
    };
    let submit = move |publish: bool| {
        data.save.dispatch(SaveBanner { id, version, form: form.get_untracked(), publish });
    };
    let categories = data.categories;
    let preview = move || form.with(|f| preview_of(f, preview_lang.get()));
    view! {
        <section class="studio-editor panel" data-testid="banner-editor">
            <h2>{lang.t(if id == 0 { StudioMsg::NewBanner } else { StudioMsg::EditBanner })}</h2>
            <div class="editor-grid">
                <form class="editor-form" on:submit=move |ev| { ev.prevent_default(); submit(true); }>
                    {field(StudioMsg::BannerName, "name", |f| &f.name, |f| &mut f.name)}
                    {field(StudioMsg::HeadlineId, "headline_id", |f| &f.headline_id, |f| &mut f.headline_id)}
                    {field(StudioMsg::HeadlineEn, "headline_en", |f| &f.headline_en, |f| &mut f.headline_en)}
                    {field(StudioMsg::BannerTextId, "text_id", |f| &f.text_id, |f| &mut f.text_id)}
                    {field(StudioMsg::BannerTextEn, "text_en", |f| &f.text_en, |f| &mut f.text_en)}
                    {field(StudioMsg::CtaId, "cta_id", |f| &f.cta_id, |f| &mut f.cta_id)}
                    {field(StudioMsg::CtaEn, "cta_en", |f| &f.cta_en, |f| &mut f.cta_en)}
                    {field(StudioMsg::BannerLink, "link", |f| &f.link, |f| &mut f.link)}
                    <label class="field">
                        <span>{lang.t(StudioMsg::Background)}</span>
                        <input type="color" name="background" prop:value=move || form.with(|f| f.background.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.background = v); }/>
                    </label>
                    <label class="field">
                        <span>{lang.t(StudioMsg::Placement)}</span>
                        <select name="placement" prop:value=move || form.with(|f| f.placement.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| { f.placement = v; f.category.clear(); }); }>
                            {Placement::ALL.into_iter().map(|p| view! { <option value=p.code()>{lang.t(placement_label(p.code()))}</option> }).collect_view()}
                        </select>
                    </label>
                    <Show when=move || form.with(|f| Placement::from_code(&f.placement).is_some_and(Placement::needs_category))>
                        <label class="field">
                            <span>{lang.t(Msg::Categories)}</span>
                            <select name="category" prop:value=move || form.with(|f| f.category.clone())
                                on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.category = v); }>
                                <option value="">"—"</option>
                                <Loaded resource=categories let:home>
                                    {home.categories.into_iter().map(|c| view! { <option value=c.slug.clone()>{c.name}</option> }).collect_view()}
                                </Loaded>
                            </select>
                        </label>
                    </Show>
                    <PictureField form/>
                    <Show when=move || form.with(|f| !f.image.is_empty())>
                        {field(StudioMsg::PictureAltId, "image_alt_id", |f| &f.image_alt_id, |f| &mut f.image_alt_id)}
                        {field(StudioMsg::PictureAltEn, "image_alt_en", |f| &f.image_alt_en, |f| &mut f.image_alt_en)}
                    </Show>
                    {field(StudioMsg::Priority, "priority", |f| &f.priority, |f| &mut f.priority)}
                    {time_field(StudioMsg::StartsAt, "starts_at", |f| &f.starts_at, |f| &mut f.starts_at)}
                    {time_field(StudioMsg::EndsAt, "ends_at", |f| &f.ends_at, |f| &mut f.ends_at)}
                    <p class="actions">
                        <button type="button" class="button secondary" data-testid="save-draft"
                            disabled=move || data.save.pending().get() on:click=move |_| submit(false)>{lang.t(StudioMsg::SaveDraft)}</button>
                        <button type="submit" class="button" data-testid="publish-banner"
                            disabled=move || data.save.pending().get()>{lang.t(StudioMsg::Publish)}</button>
                        <button type="button" class="button secondary" on:click=move |_| data.editing.set(None)>{lang.t(StudioMsg::Cancel)}</button>
                    </p>
                </form>
                <div class="previews" data-testid="banner-preview">
                    <p class="row">
                        <span class="muted">{lang.t(StudioMsg::Preview)}</span>
                        <button type="button" class="button secondary"
                            on:click=move |_| preview_lang.update(|l| *l = if *l == Lang::Id { Lang::En } else { Lang::Id })>
                            {move || if preview_lang.get() == Lang::Id { "ID → EN" } else { "EN → ID" }}
                        </button>
                    </p>
                    <div class="preview phone" aria-label=lang.t(StudioMsg::PreviewPhone)>{move || view! { <PromoBanner banner=preview()/> }}</div>
                    <div class="preview desktop" aria-label=lang.t(StudioMsg::PreviewDesktop)>{move || view! { <PromoBanner banner=preview()/> }}</div>
                </div>
            </div>
            {(id > 0).then(|| view! { <Versions id data/> })}
        </section>
    }
}

#[component]
fn Versions(id: i64, data: StudioData) -> impl IntoView {
    let lang = use_lang();
    let versions = Resource::new(move || data.save.version().get() + data.restore.version().get(), move |_| super::banner_versions(id));
    view! {
        <details class="versions">
            <summary>{lang.t(StudioMsg::Versions)}</summary>
            <Loaded resource=versions let:list>
                <ul data-testid="banner-versions">
                    {list.into_iter().map(|v: BannerVersion| view! {
                        <li class="row">
                            <span>"v" {v.version} " · " {v.saved_by} " · " {wib(v.saved_at)}</span>
                            <button type="button" class="button secondary"
                                on:click=move |_| { data.restore.dispatch(RestoreBanner { id, version: v.version }); data.editing.set(None); }>
                                {lang.t(StudioMsg::Restore)}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </Loaded>
        </details>
    }
}

/// The largest picture the studio sends (the server checks again).
const MAX_PICTURE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// The banner's picture: dropped on the field or chosen, uploaded with its
/// progress shown, then named in the form by the key the server answered.
#[component]
fn PictureField(form: RwSignal<BannerForm>) -> impl IntoView {
    let lang = use_lang();
    // Percent sent while an upload runs.
    let progress = RwSignal::new(None::<u32>);
    let error = RwSignal::new(None::<String>);
    let over = RwSignal::new(false);
    let send = move |file: web_sys::File| upload_picture(file, lang, progress, error, form);
    view! {
        <div class="field picture-field">
            <span>{lang.t(StudioMsg::Picture)}</span>
            <label class="drop" class:over=over data-testid="picture-drop"
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    over.set(false);
                    if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                        send(file);
                    }
                }>
                <input type="file" name="picture" accept="image/jpeg,image/png,image/webp" data-testid="picture-input"
                    on:change=move |ev| {
                        use wasm_bindgen::JsCast;
                        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                        if let Some(file) = input.files().and_then(|f| f.get(0)) {
                            input.set_value("");
                            send(file);
                        }
                    }/>
                <span class="muted">{lang.t(StudioMsg::PictureDrop)}</span>
            </label>
            {move || progress.get().map(|p| view! {
                <p class="row"><span>{lang.t(StudioMsg::PictureUploading)}</span>
                    <progress max="100" value=p.to_string() data-testid="picture-progress">{format!("{p}%")}</progress></p>
            })}
            <p class="error" role="alert" data-testid="picture-error">{move || error.get()}</p>
            {move || (!form.with(|f| f.image.is_empty())).then(|| view! {
                <p class="row">
                    <code data-testid="picture-key">{form.with(|f| f.image.clone())}</code>
                    <button type="button" class="button secondary" on:click=move |_| form.update(|f| f.image.clear())>
                        {lang.t(StudioMsg::PictureRemove)}
                    </button>
                </p>
            })}
        </div>
    }
}

/// Sends `file` to the studio's upload path (an XMLHttpRequest, for its
/// upload progress); on success the form names the picture.
fn upload_picture(
    file: web_sys::File,
    lang: Lang,
    progress: RwSignal<Option<u32>>,
    error: RwSignal<Option<String>>,
    form: RwSignal<BannerForm>,
) {
    use wasm_bindgen::{closure::Closure, JsCast};
    if file.size() > MAX_PICTURE_BYTES {
        error.set(Some(lang.t(StudioMsg::ErrPictureTooBig).into()));
        return;
    }
    let failed = move || lang.t(StudioMsg::ErrPictureFailed).to_string();
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else { return };
    if xhr.open("POST", super::BANNER_UPLOAD_PATH).is_err() {
        return;
    }
    let _ = xhr.set_request_header("content-type", &file.type_());
    error.set(None);
    progress.set(Some(0));
    if let Ok(upload) = xhr.upload() {
        let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                progress.set(Some((ev.loaded() / ev.total() * 100.0).round() as u32));
            }
        });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        // Lives as long as the request object, which holds it.
        on_progress.forget();
    }
    let answered = xhr.clone();
    let on_end = Closure::once_into_js(move || {
        progress.set(None);
        let text = answered.response_text().ok().flatten().unwrap_or_default();
        if answered.status().unwrap_or(0) == 200 {
            match serde_json::from_str::<super::UploadedPicture>(&text) {
                Ok(picture) => form.update(|f| f.image = picture.key),
                Err(_) => error.set(Some(failed())),
            }
        } else {
            let said = serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v["error"].as_str().map(String::from));
            error.set(Some(said.unwrap_or_else(failed)));
        }
    });
    xhr.set_onloadend(Some(on_end.unchecked_ref()));
    if xhr.send_with_opt_blob(Some(&file)).is_err() {
        progress.set(None);
        error.set(Some(failed()));
    }
}

/// The order the live and scheduled banners of each placement show in
/// (the first is the hero): dragged, or moved with the arrow buttons from
/// the keyboard; each change saved at once as their priorities.
#[component]
fn Ordering(banners: Vec<StudioBanner>, data: StudioData) -> impl IntoView {
    let lang = use_lang();
    let mut shown: Vec<&StudioBanner> = banners
        .iter()
        .filter(|b| !b.archived && matches!(b.state, BannerState::Live | BannerState::Scheduled))
        .collect();
    shown.sort_by_key(|b| (std::cmp::Reverse(b.form.priority.trim().parse::<i64>().unwrap_or(0)), b.id));
    let mut groups: Vec<(String, Vec<(i64, String)>)> = Vec::new();
    for b in shown {
        let key = format!("{} {}", lang.t(placement_label(&b.form.placement)), b.form.category);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push((b.id, b.form.name.clone())),
            None => groups.push((key, vec![(b.id, b.form.name.clone())])),
        }
    }
    let dragging = RwSignal::new(None::<i64>);
    let groups: Vec<_> = groups.into_iter().filter(|(_, list)| list.len() > 1).collect();
    (!groups.is_empty()).then(|| view! {
        <section class="ordering">
            <h3>{lang.t(StudioMsg::Order)}</h3>
            {groups.into_iter().map(|(label, list)| {
                let order = RwSignal::new(list);
                let shift = move |from: usize, to: usize| {
                    order.update(|o| {
                        let item = o.remove(from);
                        o.insert(to.min(o.len()), item);
                    });
                    let ids = order.with_untracked(|o| o.iter().map(|(id, _)| *id).collect());
                    data.reorder.dispatch(ReorderBanners { ids });
                };
                view! {
                    <p class="muted">{label}</p>
                    <ol class="order-list" data-testid="banner-order">
                        {move || {
                            let len = order.with(Vec::len);
                            order.get().into_iter().enumerate().map(|(i, (id, name))| view! {
                                <li draggable="true" data-testid="order-item"
                                    on:dragstart=move |_| dragging.set(Some(id))
                                    on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                                    on:drop=move |ev: web_sys::DragEvent| {
                                        ev.prevent_default();
                                        let from = dragging.get_untracked().and_then(|moved| order.with_untracked(|o| o.iter().position(|(x, _)| *x == moved)));
                                        dragging.set(None);
                                        if let Some(from) = from.filter(|from| *from != i) {
                                            shift(from, i);
                                        }
                                    }>
                                    <span class="grip" aria-hidden="true">"⠿"</span>
                                    <span class="order-name">{name}</span>
                                    <button type="button" class="button secondary" aria-label=lang.t(StudioMsg::MoveUp)
                                        disabled=i == 0 on:click=move |_| shift(i, i.saturating_sub(1))>"↑"</button>
                                    <button type="button" class="button secondary" aria-label=lang.t(StudioMsg::MoveDown)
                                        disabled=i + 1 == len on:click=move |_| shift(i, i + 1)>"↓"</button>
                                </li>
                            }).collect_view()
                        }}
                    </ol>
                }
            }).collect_view()}
        </section>
    })
}
