//! The shopper's chat widget (chat bundle only): opened from the
//! storefront's launcher, it keeps the conversation across pages, reloads
//! and days. Nothing connects until the shopper opens it.

use super::{Body, ChatMessage, Sender};
use crate::i18n::{use_lang, ChatMsg, Msg};
use leptos::prelude::*;

/// A message of the shopper's own, not yet acknowledged by the server.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub client_id: String,
    pub text: String,
    pub error: Option<String>,
}

thread_local! {
    /// Whether the widget is open, once it has been mounted.
    static OPEN: std::cell::Cell<Option<RwSignal<bool>>> = const { std::cell::Cell::new(None) };
}

/// Opens the widget; the first call mounts it at the end of `<body>`,
/// outside the storefront's islands.
pub fn open() {
    if let Some(open) = OPEN.get() {
        open.set(true);
        return;
    }
    let Ok(host) = document().create_element("div") else { return };
    host.set_class_name("chat");
    let Some(body) = document().body() else { return };
    if body.append_child(&host).is_err() {
        return;
    }
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    leptos::mount::mount_to(host, || {
        crate::i18n::provide_lang();
        let open = RwSignal::new(true);
        OPEN.set(Some(open));
        // The storefront's launcher hides while the widget is open; the next
        // page this tab loads opens it again (`launcher::OPEN_KEY`), so a
        // conversation stays in view from page to page.
        Effect::new(move |_| {
            let open = open.get();
            if let Some(root) = document().document_element() {
                let _ = root.class_list().toggle_with_force("chat-is-open", open);
            }
            if let Ok(Some(storage)) = window().session_storage() {
                let key = crate::chat::launcher::OPEN_KEY;
                let _ = if open { storage.set_item(key, "1") } else { storage.remove_item(key) };
            }
        });
        move || open.get().then(|| view! { <ChatPanel on_close=Callback::new(move |_| open.set(false))/> })
    })
    .forget();
}

#[component]
fn ChatPanel(on_close: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let messages = RwSignal::new(Vec::<ChatMessage>::new());
    let pending = RwSignal::new(Vec::<Pending>::new());
    let agents_online = RwSignal::new(true);
    let agent_read = RwSignal::new(0i64);
    let agent_delivered = RwSignal::new(0i64);
    let typing = RwSignal::new(None::<String>);
    let resolved = RwSignal::new(false);
    let rated = RwSignal::new(false);
    let connected = RwSignal::new(false);
    let banner = RwSignal::new(None::<String>);
    let draft = RwSignal::new(String::new());
    let uploading = RwSignal::new(false);
    let socket = live::start(live::Signals {
        messages,
        pending,
        agents_online,
        agent_read,
        agent_delivered,
        typing,
        resolved,
        rated,
        connected,
        banner,
    });
    let socket = StoredValue::new_local(socket);
    on_cleanup(move || socket.with_value(|s| s.close()));

    let send = move || {
        let text = draft.get_untracked();
        match super::clean_text(&text) {
            Ok(text) => {
                draft.set(String::new());
                banner.set(None);
                socket.with_value(|s| live::send_text(s, pending, text));
            }
            Err(m) => banner.set(Some(lang.t(m).into())),
        }
    };
    let list_ref = NodeRef::<leptos::html::Div>::new();
    // Keep the newest message in view.
    Effect::new(move |_| {
        messages.track();
        pending.track();
        if let Some(list) = list_ref.get() {
            list.set_scroll_top(list.scroll_height());
        }
    });
    let my_status = move |id: i64| {
        if id <= agent_read.get() {
            lang.t(ChatMsg::ChatRead)
        } else if id <= agent_delivered.get() {
            lang.t(ChatMsg::ChatDelivered)
        } else {
            lang.t(ChatMsg::ChatSent)
        }
    };
    view! {
        <section class="chat-panel" role="dialog" aria-label=lang.t(ChatMsg::ChatTitle) data-testid="chat-panel">
            <header class="chat-head">
                <div>
                    <strong>{lang.t(ChatMsg::ChatTitle)}</strong>
                    <small class="chat-state">
                        {move || if !connected.get() {
                            lang.t(ChatMsg::ChatReconnecting)
                        } else if agents_online.get() {
                            lang.t(ChatMsg::ChatAgentsOnline)
                        } else {
                            ""
                        }}
                    </small>
                </div>
                <button class="chat-close" aria-label=lang.t(ChatMsg::ChatClose) on:click=move |_| on_close.run(())>"×"</button>
            </header>
            <Show when=move || !agents_online.get()>
                <p class="chat-offline" data-testid="chat-offline">
                    {lang.t(ChatMsg::ChatNoAgent)} " " <a href="mailto:halo@sandangnusa.id">"halo@sandangnusa.id"</a>
                </p>
            </Show>
            <div class="chat-list" node_ref=list_ref aria-live="polite" data-testid="chat-list">
                <p class="chat-bubble from-agent">{lang.t(ChatMsg::ChatWelcome)}</p>
                <For each=move || messages.get() key=|m| m.id let:m>
                    {
                        let mine = m.sender == Sender::Shopper;
                        let id = m.id;
                        view! {
                            <div class="chat-row" class:mine=mine data-testid="chat-message">
                                {(!mine).then(|| view! { <span class="chat-author">{m.author_name.clone()}</span> })}
                                <MessageBody body=m.body.clone() message_id=id/>
                                {mine.then(|| view! { <span class="chat-tick">{move || my_status(id)}</span> })}
                            </div>
                        }
                    }
                </For>
                <For each=move || pending.get() key=|p| (p.client_id.clone(), p.error.clone()) let:p>
                    <div class="chat-row mine" data-testid="chat-pending">
                        <p class="chat-bubble">{p.text.clone()}</p>
                        <span class="chat-tick" class:chat-failed=p.error.is_some()>
                            {p.error.clone().unwrap_or_else(|| lang.t(ChatMsg::ChatSending).into())}
                        </span>
                    </div>
                </For>
                {move || typing.get().map(|name| view! { <p class="chat-typing">{name} " " {lang.t(ChatMsg::ChatTyping)}</p> })}
                {move || uploading.get().then(|| view! { <p class="chat-typing">{lang.t(ChatMsg::ChatUploading)}</p> })}
                // A conversation is rated once: no prompt once it was.
                <Show when=move || resolved.get() && !rated.get()>
                    <Rating/>
                </Show>
            </div>
            {move || banner.get().map(|b| view! { <p class="chat-error" role="alert">{b}</p> })}
            <Compose
                id="chat-input"
                rows=1
                draft
                on_send=Callback::new(move |_| send())
                on_typing=Callback::new(move |_| {
                    socket.with_value(|s| s.send(super::ClientMsg::Typing { conversation_id: 0 }));
                })
                button_testid="chat-send"
            >
                <label class="chat-attach" title=lang.t(ChatMsg::ChatAttach)>
                    <span class="sr-only">{lang.t(ChatMsg::ChatAttach)}</span>
                    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
                        <path fill="currentColor" d="M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm8 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"/>
                    </svg>
                    <input
                        type="file"
                        class="sr-only"
                        accept="image/jpeg,image/png,image/webp"
                        data-testid="chat-photo"
                        on:change=move |ev| {
                            socket.with_value(|s| live::upload(ev, lang, uploading, banner, s.clone(), messages));
                        }
                    />
                </label>
            </Compose>
        </section>
    }
    .into_any()
}

/// The message box of the widget and of the agent panel: Enter sends,
/// Shift+Enter starts a new line, and the other side hears "typing" at most
/// every 3 seconds. `children` go before the box (the widget's photo button).
#[component]
pub fn Compose(
    id: &'static str,
    rows: u8,
    draft: RwSignal<String>,
    on_send: Callback<()>,
    on_typing: Callback<()>,
    button_testid: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let last_typing = StoredValue::new(0f64);
    let typing = move || {
        let now = js_sys::Date::now();
        if now - last_typing.get_value() > 3000.0 {
            last_typing.set_value(now);
            on_typing.run(());
        }
    };
    view! {
        <form class="chat-compose" on:submit=move |ev| {
            ev.prevent_default();
            on_send.run(());
        }>
            {children.map(|c| c())}
            <label class="sr-only" for=id>{lang.t(ChatMsg::ChatPlaceholder)}</label>
            <textarea
                id=id
                rows=rows
                maxlength="2000"
                placeholder=lang.t(ChatMsg::ChatPlaceholder)
                prop:value=move || draft.get()
                on:input=move |ev| {
                    draft.set(event_target_value(&ev));
                    typing();
                }
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        on_send.run(());
                    }
                }
            ></textarea>
            <button type="submit" data-testid=button_testid>{lang.t(ChatMsg::ChatSend)}</button>
        </form>
    }
}

/// Text is always a text node (never HTML); a product card can go to the
/// shopper's cart (`for_shopper`; agents see the card without the button),
/// once: the tab remembers which cards (by `message_id`) it added.
#[component]
pub fn MessageBody(
    body: Body,
    #[prop(default = true)] for_shopper: bool,
    #[prop(optional)] message_id: i64,
) -> impl IntoView {
    let lang = use_lang();
    match body {
        Body::Text { text } => view! { <p class="chat-bubble">{text}</p> }.into_any(),
        Body::Image { url } => view! {
            <a class="chat-photo" href=url.clone() target="_blank" rel="noopener">
                <img src=url.clone() alt=lang.t(ChatMsg::ChatPhoto) loading="lazy"/>
            </a>
        }
        .into_any(),
        Body::Product { slug, name, price, image, variant_id } => {
            let added = RwSignal::new(card_added(message_id));
            let refused = RwSignal::new(None::<String>);
            let add = move |_| {
                added.set(true);
                refused.set(None);
                leptos::task::spawn_local(async move {
                    match crate::cart::add_to_cart(variant_id.to_string(), domain::Parsed::new("1")).await {
                        Ok(cart) => {
                            remember_card_added(message_id);
                            crate::cart::announce_count(cart.item_count);
                        }
                        Err(e) => {
                            added.set(false);
                            refused.set(Some(e.to_string()));
                        }
                    }
                });
            };
            view! {
                <div class="chat-card" data-testid="chat-product">
                    <img src=image alt="" width="64" height="80" loading="lazy"/>
                    <div>
                        <a href=format!("/p/{slug}")>{name}</a>
                        <span class="price">{crate::ui::rupiah(price)}</span>
                        {if !for_shopper {
                            ().into_any()
                        } else if variant_id > 0 {
                            view! {
                                <button class="btn-small" on:click=add disabled=move || added.get()>
                                    {move || lang.t(if added.get() { ChatMsg::ChatAdded } else { ChatMsg::ChatAddToCart })}
                                </button>
                                {move || refused.get().map(|e| view! { <span class="chat-failed" role="alert">{e}</span> })}
                            }.into_any()
                        } else {
                            view! { <span class="muted">{lang.t(ChatMsg::ChatSoldOut)}</span> }.into_any()
                        }}
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn Rating() -> impl IntoView {
    let lang = use_lang();
    let rate = ServerAction::<super::ChatRate>::new();
    view! {
        <div class="chat-rating">
            {move || match rate.value().get() {
                Some(Ok(())) => view! { <p>{lang.t(ChatMsg::ChatRated)}</p> }.into_any(),
                other => view! {
                    <p>{lang.t(ChatMsg::ChatRatePrompt)}</p>
                    <div class="stars">
                        {(1..=5).map(|n| view! {
                            <button aria-label=format!("{n}/5") on:click=move |_| { rate.dispatch(super::ChatRate { rating: n }); }>"★"</button>
                        }).collect_view()}
                    </div>
                    {other.and_then(|r| r.err()).map(|e| view! { <p class="chat-error">{e.to_string()}</p> })}
                }.into_any(),
            }}
        </div>
    }
}

/// Whether this browser already added the card of message `id` to the cart
/// (kept across reloads, so a second tap does not add a second unit).
fn card_added(id: i64) -> bool {
    id > 0
        && window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(&format!("etalase:card:{id}")).ok().flatten())
            .is_some()
}

fn remember_card_added(id: i64) {
    if let (true, Ok(Some(storage))) = (id > 0, window().local_storage()) {
        let _ = storage.set_item(&format!("etalase:card:{id}"), "1");
    }
}

/// The live connection.
mod live {
    use super::*;
    use crate::chat::{
        client::{self, Socket},
        ClientMsg, ServerMsg, SHOPPER_WS_PATH,
    };

    #[derive(Clone, Copy)]
    pub struct Signals {
        pub messages: RwSignal<Vec<ChatMessage>>,
        pub pending: RwSignal<Vec<Pending>>,
        pub agents_online: RwSignal<bool>,
        pub agent_read: RwSignal<i64>,
        pub agent_delivered: RwSignal<i64>,
        pub typing: RwSignal<Option<String>>,
        pub resolved: RwSignal<bool>,
        pub rated: RwSignal<bool>,
        pub connected: RwSignal<bool>,
        pub banner: RwSignal<Option<String>>,
    }

    pub fn start(s: Signals) -> Socket {
        let hello = move || {
            let after = s.messages.with_untracked(|m| m.last().map(|m| m.id).unwrap_or(0));
            let page = window().location().pathname().unwrap_or_default();
            let mut frames = vec![ClientMsg::Hello { after, page }];
            // Whatever was not acknowledged goes again; the server stores a
            // client id once, so a resend never duplicates.
            frames.extend(s.pending.with_untracked(|p| {
                p.iter()
                    .filter(|p| p.error.is_none())
                    .map(|p| ClientMsg::Send {
                        conversation_id: 0,
                        client_id: p.client_id.clone(),
                        text: p.text.clone(),
                    })
                    .collect::<Vec<_>>()
            }));
            frames
        };
        let on_msg = move |msg: ServerMsg| match msg {
            ServerMsg::Welcome { agents_online, delivered_up_to, read_up_to, resolved, rated, .. } => {
                s.agent_delivered.set(delivered_up_to);
                s.agents_online.set(agents_online);
                s.agent_read.set(read_up_to);
                s.resolved.set(resolved);
                s.rated.set(rated);
            }
            ServerMsg::Ack { client_id, id } => {
                // Writing again reopens a resolved conversation.
                s.resolved.set(false);
                let sent = s.pending.with_untracked(|p| p.iter().find(|p| p.client_id == client_id).cloned());
                s.pending.update(|p| p.retain(|p| p.client_id != client_id));
                if let Some(p) = sent {
                    add_message(
                        s.messages,
                        ChatMessage {
                            id,
                            conversation_id: 0,
                            client_id,
                            sender: Sender::Shopper,
                            author_name: String::new(),
                            body: Body::Text { text: p.text },
                            at: js_sys::Date::now() as i64,
                        },
                    );
                }
            }
            ServerMsg::Message { message } => {
                s.pending.update(|p| p.retain(|p| p.client_id != message.client_id));
                if message.sender != Sender::Shopper {
                    s.typing.set(None);
                }
                add_message(s.messages, message);
            }
            ServerMsg::Typing { name, .. } => client::show_typing(s.typing, name),
            ServerMsg::Read { by: Sender::Agent, up_to, .. } => s.agent_read.set(up_to),
            ServerMsg::Delivered { up_to, .. } => s.agent_delivered.set(up_to),
            ServerMsg::Presence { agents_online } => s.agents_online.set(agents_online),
            ServerMsg::Status { resolved, .. } => s.resolved.set(resolved),
            ServerMsg::Error { client_id: Some(id), message } => s
                .pending
                .update(|p| p.iter_mut().filter(|p| p.client_id == id).for_each(|p| p.error = Some(message.clone()))),
            ServerMsg::Error { client_id: None, message } => s.banner.set(Some(message)),
            _ => {}
        };
        // The visitor cookie must exist before the socket opens.
        let before = async move {
            if let Ok(online) = crate::chat::chat_begin().await {
                s.agents_online.set(online);
            }
        };
        let socket = client::connect(SHOPPER_WS_PATH, before, hello, on_msg, s.connected);
        // Mark the agent's messages read while the panel is open.
        let reader = socket.clone();
        Effect::new(move |_| {
            let last_agent = s.messages.with(|m| m.iter().filter(|m| m.sender != Sender::Shopper).map(|m| m.id).max());
            if let (Some(up_to), true) = (last_agent, s.connected.get()) {
                reader.send(ClientMsg::Read { conversation_id: 0, up_to });
            }
        });
        socket
    }

    fn add_message(messages: RwSignal<Vec<ChatMessage>>, message: ChatMessage) {
        messages.update(|list| {
            if let Err(at) = list.binary_search_by_key(&message.id, |m| m.id) {
                list.insert(at, message);
            }
        });
    }

    /// Sends the chosen photo (checked for size here, for type and size
    /// again on the server, which says why it refuses).
    pub fn upload(
        ev: leptos::ev::Event,
        lang: crate::i18n::Lang,
        uploading: RwSignal<bool>,
        banner: RwSignal<Option<String>>,
        socket: Socket,
        messages: RwSignal<Vec<ChatMessage>>,
    ) {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        if file.size() > crate::chat::MAX_UPLOAD_BYTES as f64 {
            banner.set(Some(lang.t(ChatMsg::ChatErrTooBig).into()));
            return;
        }
        banner.set(None);
        uploading.set(true);
        leptos::task::spawn_local(async move {
            let url = format!("{}?client_id={}", crate::chat::UPLOAD_PATH, client::client_id());
            let sent = gloo_net::http::Request::post(&url)
                .header("content-type", &file.type_())
                .body(wasm_bindgen::JsValue::from(file));
            let answer = match sent {
                Ok(req) => req.send().await.ok(),
                Err(_) => None,
            };
            uploading.set(false);
            match answer {
                // The photo may have started the conversation: say hello
                // again so this tab follows it and gets the photo.
                Some(res) if res.ok() => {
                    let after = messages.with_untracked(|m| m.last().map(|m| m.id).unwrap_or(0));
                    let page = window().location().pathname().unwrap_or_default();
                    socket.send(ClientMsg::Hello { after, page });
                }
                Some(res) => {
                    let text = res.text().await.unwrap_or_default();
                    let message = serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|v| v["error"].as_str().map(String::from));
                    banner.set(Some(message.unwrap_or_else(|| lang.t(Msg::ErrorGeneric).into())));
                }
                None => banner.set(Some(lang.t(ChatMsg::ChatReconnecting).into())),
            }
        });
    }

    pub fn send_text(socket: &Socket, pending: RwSignal<Vec<Pending>>, text: String) {
        let client_id = client::client_id();
        pending.update(|p| p.push(Pending { client_id: client_id.clone(), text: text.clone(), error: None }));
        socket.send(ClientMsg::Send { conversation_id: 0, client_id, text });
    }
}
