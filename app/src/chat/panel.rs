//! The agent panel at `/agent` (staff bundle only): the queue (unread
//! counts, waiting time), several conversations open at once, replies with
//! canned texts and product cards, and beside the open conversation the
//! shopper's page, cart and orders. Claim / assign / resolve / reopen go
//! through `chat_act`.

use super::{CannedReply, ChatAct, ChatCannedSave, ChatMessage, ConversationSummary, Sender};
use crate::{
    error::AppError,
    i18n::{use_lang, ChatMsg, Lang, Msg},
    ui::{rupiah, status_label},
};
use domain::chat::{ChatAction, ConversationStatus};
use leptos::prelude::*;
use std::collections::HashMap;

/// The panel's resources.
#[derive(Clone, Copy)]
pub struct AgentData {
    refresh: RwSignal<u32>,
    act: ServerAction<ChatAct>,
    save_canned: ServerAction<ChatCannedSave>,
    queue: Resource<Result<Vec<ConversationSummary>, AppError>>,
    canned: Resource<Result<Vec<CannedReply>, AppError>>,
    agents: Resource<Result<Vec<(i64, String)>, AppError>>,
    selected: RwSignal<Option<i64>>,
    context_version: RwSignal<u32>,
    context: Resource<Option<Result<super::ConversationContext, AppError>>>,
}

impl AgentData {
    pub fn new() -> Self {
        let refresh = RwSignal::new(0u32);
        let act = ServerAction::<ChatAct>::new();
        let save_canned = ServerAction::<ChatCannedSave>::new();
        let queue = Resource::new(move || (refresh.get(), act.version().get()), |_| super::chat_queue());
        let canned = Resource::new(move || save_canned.version().get(), |_| super::chat_canned());
        let agents = Resource::new(|| (), |_| super::chat_agents());
        let selected = RwSignal::new(None::<i64>);
        let context_version = RwSignal::new(0u32);
        let context = Resource::new(
            move || (selected.get(), context_version.get(), act.version().get()),
            |(id, _, _)| async move {
                match id {
                    Some(id) => Some(super::chat_context(id).await),
                    None => None,
                }
            },
        );
        AgentData { refresh, act, save_canned, queue, canned, agents, selected, context_version, context }
    }
}

impl Default for AgentData {
    fn default() -> Self {
        Self::new()
    }
}

/// Messages of the conversations this agent has open, by conversation.
type Threads = RwSignal<HashMap<i64, Vec<ChatMessage>>>;

#[component]
pub fn AgentPanel(data: AgentData) -> impl IntoView {
    let lang = use_lang();
    let open_tabs = RwSignal::new(Vec::<i64>::new());
    let threads: Threads = RwSignal::new(HashMap::new());
    let typing = RwSignal::new(None::<(i64, String)>);
    let shopper_read = RwSignal::new(HashMap::<i64, i64>::new());
    let away = RwSignal::new(false);
    let connected = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let socket = StoredValue::new_local(live::start(live::Signals {
        data,
        open_tabs,
        threads,
        typing,
        shopper_read,
        away,
        connected,
        error,
    }));
    on_cleanup(move || socket.with_value(|s| s.close()));
    let send = move |msg: super::ClientMsg| socket.with_value(|s| s.send(msg));
    let open_conversation = move |id: i64| {
        data.selected.set(Some(id));
        if !open_tabs.get_untracked().contains(&id) {
            open_tabs.update(|t| t.push(id));
            let after = threads.with_untracked(|t| t.get(&id).and_then(|m| m.last()).map(|m| m.id).unwrap_or(0));
            send(super::ClientMsg::Open { conversation_id: id, after });
        }
    };
    view! {
        <div class="agent" data-testid="agent-panel">
            <div class="agent-bar">
                <span class="chat-state">{move || if connected.get() { "●" } else { "○" }}</span>
                <label class="agent-away">
                    <input type="checkbox" prop:checked=move || !away.get() on:change=move |ev| {
                        let online = event_target_checked(&ev);
                        away.set(!online);
                        send(super::ClientMsg::Presence { away: !online });
                    }/>
                    {move || lang.t(if away.get() { ChatMsg::AgentAway } else { ChatMsg::AgentOnline })}
                </label>
                <button class="btn-small" type="button" on:click=move |_| {
                    live::ask_notification_permission();
                }>{lang.t(ChatMsg::AgentNotify)}</button>
                {move || error.get().map(|e| view! { <span class="chat-error" role="alert">{e}</span> })}
            </div>
            <div class="agent-grid">
                <Queue data open_conversation/>
                <div class="agent-main">
                    <nav class="agent-tabs">
                        <For each=move || open_tabs.get() key=|id| *id let:id>
                            <button
                                class="agent-tab"
                                class:active=move || data.selected.get() == Some(id)
                                on:click=move |_| data.selected.set(Some(id))
                            >
                                {move || tab_name(data, id)}
                                <span class="tab-close" role="button" aria-label="×" on:click=move |ev| {
                                    ev.stop_propagation();
                                    open_tabs.update(|t| t.retain(|t| *t != id));
                                    if data.selected.get_untracked() == Some(id) {
                                        data.selected.set(open_tabs.get_untracked().last().copied());
                                    }
                                }>" ×"</span>
                            </button>
                        </For>
                    </nav>
                    {move || match data.selected.get() {
                        None => view! { <p class="muted agent-empty">{lang.t(ChatMsg::AgentPick)}</p> }.into_any(),
                        Some(id) => view! {
                            <Conversation id data threads typing shopper_read send=Callback::new(move |m| send(m))/>
                        }.into_any(),
                    }}
                </div>
                <Context data/>
            </div>
        </div>
    }
    .into_any()
}

fn tab_name(data: AgentData, id: i64) -> String {
    data.queue
        .get()
        .and_then(|q| q.ok())
        .and_then(|q| q.into_iter().find(|c| c.id == id).map(|c| format!("{} #{id}", c.shopper_name)))
        .unwrap_or_else(|| format!("#{id}"))
}

fn minutes_since(at: i64) -> i64 {
    let now = js_sys::Date::now() as i64;
    ((now - at) / 60_000).max(0)
}

#[component]
fn Queue(data: AgentData, open_conversation: impl Fn(i64) + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    view! {
        <aside class="agent-queue" aria-label=lang.t(ChatMsg::AgentQueue)>
            <h2>{lang.t(ChatMsg::AgentQueue)}</h2>
            <Transition fallback=|| ()>
                {move || data.queue.get().map(|q| match q {
                    Err(e) => view! { <p class="chat-error">{e.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{lang.t(ChatMsg::AgentNoConversations)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="queue-list">
                            {list.into_iter().map(|c| {
                                let id = c.id;
                                let status = if c.status == ConversationStatus::Open { ChatMsg::ChatOpenStatus } else { ChatMsg::ChatResolved };
                                view! {
                                    <li>
                                        <button
                                            class="queue-item"
                                            class:active=move || data.selected.get() == Some(id)
                                            data-testid="queue-item"
                                            on:click=move |_| open_conversation(id)
                                        >
                                            <span class="queue-name">{format!("{} #{}", c.shopper_name, c.id)}</span>
                                            {(c.unread > 0).then(|| view! {
                                                <span class="badge" title=lang.t(ChatMsg::AgentUnread)>{c.unread}</span>
                                            })}
                                            <span class="queue-last">{if c.last_kind == "image" { lang.t(ChatMsg::ChatPhoto).to_string() } else { c.last_text.clone() }}</span>
                                            <span class="queue-meta">
                                                {lang.t(status)} " · "
                                                {c.agent_name.clone().unwrap_or_else(|| lang.t(ChatMsg::AgentUnclaimed).into())}
                                                {(c.waiting_since > 0 && c.status == ConversationStatus::Open).then(|| format!(
                                                    " · {} {} mnt", lang.t(ChatMsg::AgentWaiting), minutes_since(c.waiting_since)
                                                ))}
                                            </span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </aside>
    }
}

#[component]
fn Conversation(
    id: i64,
    data: AgentData,
    threads: Threads,
    typing: RwSignal<Option<(i64, String)>>,
    shopper_read: RwSignal<HashMap<i64, i64>>,
    send: Callback<super::ClientMsg>,
) -> impl IntoView {
    let lang = use_lang();
    let draft = RwSignal::new(String::new());
    let product_query = RwSignal::new(String::new());
    // Client-only (the conversation is never rendered on the server): no
    // resource inside the page's Suspense on the server (leptos#4866).
    let products = LocalResource::new(move || {
        let q = product_query.get();
        async move {
            if q.trim().len() < 2 {
                return Vec::new();
            }
            crate::catalog::search_products(q).await.map(|r| r.products).unwrap_or_default()
        }
    });
    let messages = move || threads.with(|t| t.get(&id).cloned().unwrap_or_default());
    let shopper_name =
        move || data.context.get().flatten().and_then(|c| c.ok()).map(|c| c.shopper_name).unwrap_or_default();
    let reply = move || {
        let text = draft.get_untracked();
        if super::clean_text(&text).is_ok() {
            draft.set(String::new());
            send.run(super::ClientMsg::Send { conversation_id: id, client_id: new_client_id(), text });
        }
    };
    let list_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        threads.track();
        if let Some(list) = list_ref.get() {
            list.set_scroll_top(list.scroll_height());
        }
    });
    // Everything shown is read.
    Effect::new(move |_| {
        if let Some(last) = threads
            .with(|t| t.get(&id).and_then(|m| m.iter().rev().find(|m| m.sender == Sender::Shopper).map(|m| m.id)))
        {
            send.run(super::ClientMsg::Read { conversation_id: id, up_to: last });
        }
    });
    let act = move |action: ChatAction| {
        data.act.dispatch(ChatAct { conversation_id: id, action, agent_id: None });
    };
    let status = move || data.context.get().flatten().and_then(|c| c.ok()).map(|c| c.status);
    // Only an open conversation nobody has taken can be claimed (handing
    // it over is the "assign" choice beside).
    let claimable = move || {
        data.context.get().flatten().and_then(|c| c.ok()).is_some_and(|c| c.status == ConversationStatus::Open && c.agent_name.is_none())
    };
    view! {
        <section class="agent-conversation" data-testid="agent-conversation">
            <header class="agent-conv-head">
                <strong>{shopper_name}</strong>
                <div class="agent-actions">
                    <Show when=claimable>
                        <button class="btn-small" data-testid="claim" on:click=move |_| act(ChatAction::Claim)>{lang.t(ChatMsg::AgentClaim)}</button>
                    </Show>
                    <Transition fallback=|| ()>
                        {move || data.agents.get().and_then(|a| a.ok()).map(|agents| view! {
                            <label class="sr-only" for=format!("assign-{id}")>{lang.t(ChatMsg::AgentAssign)}</label>
                            <select id=format!("assign-{id}") class="agent-assign" on:change=move |ev| {
                                if let Ok(agent_id) = event_target_value(&ev).parse::<i64>() {
                                    data.act.dispatch(ChatAct { conversation_id: id, action: ChatAction::Assign, agent_id: Some(agent_id) });
                                }
                            }>
                                <option value="">{lang.t(ChatMsg::AgentAssign)}</option>
                                {agents.into_iter().map(|(agent, name)| view! { <option value=agent.to_string()>{name}</option> }).collect_view()}
                            </select>
                        })}
                    </Transition>
                    {move || if status() == Some(ConversationStatus::Resolved) {
                        view! { <button class="btn-small" on:click=move |_| act(ChatAction::Reopen)>{lang.t(ChatMsg::AgentReopen)}</button> }.into_any()
                    } else {
                        view! { <button class="btn-small" data-testid="resolve" on:click=move |_| act(ChatAction::Resolve)>{lang.t(ChatMsg::AgentResolve)}</button> }.into_any()
                    }}
                </div>
            </header>
            <div class="chat-list" node_ref=list_ref data-testid="agent-messages">
                <For each=messages key=|m| m.id let:m>
                    {
                        let mine = m.sender == Sender::Agent;
                        let mid = m.id;
                        view! {
                            <div class="chat-row" class:mine=mine data-testid="agent-message">
                                <span class="chat-author">{m.author_name.clone()}</span>
                                <super::widget::MessageBody body=m.body.clone() for_shopper=false/>
                                {mine.then(|| view! {
                                    <span class="chat-tick">{move || {
                                        let read = shopper_read.with(|r| r.get(&id).copied().unwrap_or(0));
                                        lang.t(if mid <= read { ChatMsg::ChatRead } else { ChatMsg::ChatSent })
                                    }}</span>
                                })}
                            </div>
                        }
                    }
                </For>
                {move || typing.get().filter(|(c, _)| *c == id).map(|(_, name)| view! {
                    <p class="chat-typing">{name} " " {lang.t(ChatMsg::ChatTyping)}</p>
                })}
            </div>
            <super::widget::Compose
                id="agent-reply"
                rows=2
                draft
                on_send=Callback::new(move |_| reply())
                on_typing=Callback::new(move |_| send.run(super::ClientMsg::Typing { conversation_id: id }))
                button_testid="agent-send"
            />
            <CannedReplies data draft shopper_name=Signal::derive(shopper_name)/>
            <details class="agent-products">
                <summary>{lang.t(ChatMsg::AgentProductCard)}</summary>
                <input
                    type="search"
                    placeholder=lang.t(Msg::SearchPlaceholder)
                    data-testid="product-search"
                    on:input=move |ev| product_query.set(event_target_value(&ev))
                />
                <Transition fallback=|| ()>
                    <ul class="agent-product-list">
                        {move || products.get().unwrap_or_default().into_iter().take(6).map(|p| {
                            let slug = p.slug.clone();
                            view! {
                                <li>
                                    <img src=p.image.clone() alt="" width="40" height="50" loading="lazy"/>
                                    <span>{p.name.clone()} " · " {rupiah(p.price_from)}</span>
                                    <button class="btn-small" data-testid="send-product" on:click=move |_| {
                                        send.run(super::ClientMsg::Product { conversation_id: id, client_id: new_client_id(), slug: slug.clone() });
                                    }>{lang.t(ChatMsg::ChatSend)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Transition>
            </details>
        </section>
    }
    .into_any()
}

fn new_client_id() -> String {
    super::client::client_id()
}

#[component]
fn CannedReplies(data: AgentData, draft: RwSignal<String>, shopper_name: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <details class="agent-canned">
            <summary>{lang.t(ChatMsg::AgentCanned)}</summary>
            <Transition fallback=|| ()>
                <ul>
                    {move || data.canned.get().and_then(|c| c.ok()).unwrap_or_default().into_iter().map(|c| {
                        let body = c.body.clone();
                        let id = c.id;
                        view! {
                            <li>
                                <button class="btn-link" on:click=move |_| {
                                    draft.set(super::fill_placeholders(&body, &shopper_name.get_untracked()));
                                }>{c.title.clone()}</button>
                                <span class="muted">{c.body.clone()}</span>
                                <button class="btn-link" on:click=move |_| {
                                    data.save_canned.dispatch(ChatCannedSave { title: String::new(), body: String::new(), delete: Some(id) });
                                }>{lang.t(ChatMsg::AgentCannedDelete)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Transition>
            <ActionForm action=data.save_canned attr:class="agent-canned-form">
                <input name="title" placeholder=lang.t(ChatMsg::AgentCannedTitle) maxlength="60" required/>
                <textarea name="body" rows="2" placeholder="Halo {nama}, …" required></textarea>
                <button class="btn-small" type="submit">{lang.t(ChatMsg::AgentCannedAdd)}</button>
            </ActionForm>
            {move || data.save_canned.value().get().and_then(|r| r.err()).map(|e| view! { <p class="chat-error">{e.to_string()}</p> })}
        </details>
    }
}

#[component]
fn Context(data: AgentData) -> impl IntoView {
    let lang = use_lang();
    view! {
        <aside class="agent-context" data-testid="agent-context">
            <Transition fallback=|| ()>
                {move || data.context.get().flatten().map(|c| match c {
                    Err(e) => view! { <p class="chat-error">{e.to_string()}</p> }.into_any(),
                    Ok(c) => context_view(lang, c).into_any(),
                })}
            </Transition>
        </aside>
    }
}

fn context_view(lang: Lang, c: super::ConversationContext) -> impl IntoView {
    let cart = c.cart.filter(|cart| !cart.lines.is_empty());
    view! {
        <h2>{c.shopper_name.clone()}</h2>
        {c.email.clone().map(|e| view! { <p class="muted">{e}</p> })}
        <p>
            {lang.t(ChatMsg::AgentHandledBy)} ": " {c.agent_name.clone().unwrap_or_else(|| lang.t(ChatMsg::AgentUnclaimed).into())}
            {c.rating.map(|r| format!(" · {} {r}/5", lang.t(ChatMsg::AgentRating)))}
        </p>
        <h3>{lang.t(ChatMsg::AgentCurrentPage)}</h3>
        <p>{(!c.current_page.is_empty()).then(|| view! { <a href=c.current_page.clone() target="_blank">{c.current_page.clone()}</a> })}</p>
        <h3>{lang.t(Msg::Cart)}</h3>
        <div data-testid="agent-cart">
            {match cart {
                None => view! { <p class="muted">{lang.t(ChatMsg::AgentNoCart)}</p> }.into_any(),
                Some(cart) => view! {
                    <ul class="agent-cart">
                        {cart.lines.into_iter().map(|l| view! {
                            <li>{l.quantity} "× " {l.name} " (" {l.size} ", " {l.colour} ") · " {rupiah(l.line_total)}</li>
                        }).collect_view()}
                    </ul>
                    <p><strong>{rupiah(cart.subtotal)}</strong></p>
                }.into_any(),
            }}
        </div>
        <h3>{lang.t(ChatMsg::AgentOrders)}</h3>
        {if c.orders.is_empty() {
            view! { <p class="muted">{lang.t(ChatMsg::AgentNoOrders)}</p> }.into_any()
        } else {
            view! {
                <ul class="agent-orders">
                    {c.orders.into_iter().map(|o| view! {
                        <li>
                            <a href=format!("/orders/{}?t={}", o.code, o.token) target="_blank">{o.code.clone()}</a>
                            " · " {status_label(lang, o.status)} " · " {rupiah(o.total)}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The live connection.
mod live {
    use super::*;
    use crate::chat::{
        client::{self, Socket},
        ClientMsg, ServerMsg, AGENT_WS_PATH,
    };

    #[derive(Clone, Copy)]
    pub struct Signals {
        pub data: AgentData,
        pub open_tabs: RwSignal<Vec<i64>>,
        pub threads: Threads,
        pub typing: RwSignal<Option<(i64, String)>>,
        pub shopper_read: RwSignal<HashMap<i64, i64>>,
        pub away: RwSignal<bool>,
        pub connected: RwSignal<bool>,
        pub error: RwSignal<Option<String>>,
    }

    pub fn start(s: Signals) -> Socket {
        let socket_for_delivery = StoredValue::new_local(None::<Socket>);
        let hello = move || {
            let mut frames: Vec<ClientMsg> = s
                .open_tabs
                .get_untracked()
                .into_iter()
                .map(|id| {
                    let after =
                        s.threads.with_untracked(|t| t.get(&id).and_then(|m| m.last()).map(|m| m.id).unwrap_or(0));
                    ClientMsg::Open { conversation_id: id, after }
                })
                .collect();
            frames.push(ClientMsg::Presence { away: s.away.get_untracked() });
            frames
        };
        let on_msg = move |msg: ServerMsg| match msg {
            ServerMsg::Message { message } => {
                let conversation = message.conversation_id;
                let from_shopper = message.sender == Sender::Shopper;
                if s.open_tabs.with_untracked(|t| t.contains(&conversation)) {
                    s.threads.update(|t| {
                        let list = t.entry(conversation).or_default();
                        if let Err(at) = list.binary_search_by_key(&message.id, |m| m.id) {
                            list.insert(at, message.clone());
                        }
                    });
                }
                if from_shopper {
                    s.typing.set(None);
                    notify(&message);
                    // This panel has it: the shopper sees "delivered".
                    socket_for_delivery.with_value(|socket| {
                        if let Some(socket) = socket {
                            socket.send(ClientMsg::Delivered { conversation_id: conversation, up_to: message.id });
                        }
                    });
                }
            }
            ServerMsg::QueueChanged => s.data.refresh.update(|n| *n += 1),
            ServerMsg::ContextChanged { conversation_id } => {
                if s.data.selected.get_untracked() == Some(conversation_id) {
                    s.data.context_version.update(|n| *n += 1);
                }
            }
            ServerMsg::Typing { conversation_id, name } => client::show_typing(s.typing, (conversation_id, name)),
            ServerMsg::Read { conversation_id, by: Sender::Shopper, up_to } => s.shopper_read.update(|r| {
                r.insert(conversation_id, up_to);
            }),
            ServerMsg::Error { message, .. } => s.error.set(Some(message)),
            _ => {}
        };
        // Whatever happened while the socket was down (or before it first
        // opened) is in the database: reload the queue once it is up.
        Effect::new(move |_| {
            if s.connected.get() {
                s.data.refresh.update(|n| *n += 1);
            }
        });
        let socket = client::connect(AGENT_WS_PATH, async {}, hello, on_msg, s.connected);
        socket_for_delivery.set_value(Some(socket.clone()));
        socket
    }

    /// A browser notification for a shopper's message when the panel is not
    /// in front, and the tab title shows it too.
    fn notify(message: &ChatMessage) {
        let document = document();
        if !document.hidden() {
            return;
        }
        let text = match &message.body {
            crate::chat::Body::Text { text } => text.clone(),
            crate::chat::Body::Product { name, .. } => name.clone(),
            crate::chat::Body::Image { .. } => use_lang().t(ChatMsg::ChatPhoto).to_string(),
        };
        document.set_title(&format!("(●) {}", message.author_name));
        if web_sys::Notification::permission() == web_sys::NotificationPermission::Granted {
            let options = web_sys::NotificationOptions::new();
            options.set_body(&text);
            let _ = web_sys::Notification::new_with_options(&message.author_name, &options);
        }
    }

    pub fn ask_notification_permission() {
        let _ = web_sys::Notification::request_permission();
    }
}
