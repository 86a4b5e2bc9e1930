//! The chat's WebSocket endpoints: `/chat/ws` for shoppers (who they are
//! comes from the visitor or session cookie) and `/chat/agent/ws` for agents
//! (session with the agent or admin role). One task per socket reads frames,
//! stores before it answers, forwards the hub's events, and closes sockets
//! that stopped answering heartbeats.

use crate::{guard::is_same_site, state::ServerState};
use app::{
    chat::{
        clean_text, db,
        hub::{Audience, HubEvent, Topic},
        valid_client_id, Body, ClientMsg, Sender, ServerMsg, RATE_LIMIT, RATE_WINDOW_MS,
    },
    i18n::{ChatMsg, Lang, Msg, Text},
    model::{Role, StaffArea},
    platform::{
        identity::{user_from_headers, visitor_from_headers, CartOwner, UserRow},
        now_ms,
    },
};
use axum::{
    extract::{
        ws::{Message, WebSocket},
        State, WebSocketUpgrade,
    },
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use futures::{SinkExt, StreamExt};
use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};
use tokio::sync::broadcast::{error::RecvError, Receiver};

/// A socket that sent nothing (not even a pong) for this long is dead.
const IDLE_LIMIT: Duration = Duration::from_secs(45);
const HEARTBEAT: Duration = Duration::from_secs(15);
/// Largest frame a browser may send.
const MAX_FRAME: usize = 16 * 1024;
/// Read and write buffers per socket: chat frames are small, and an idle
/// socket should cost little.
const BUFFER: usize = 4 * 1024;
/// Messages sent on resume, at most.
const RESUME_LIMIT: i64 = 500;

static CONNECTIONS: AtomicU64 = AtomicU64::new(1);

/// Who is on the other end of a socket.
#[derive(Debug)]
enum Peer {
    Shopper { owner: CartOwner, name: String, conversation: Option<i64>, page: String },
    Agent { id: i64, name: String, open: Vec<i64> },
}

pub async fn shopper_socket(ws: WebSocketUpgrade, State(state): State<ServerState>, headers: HeaderMap) -> Response {
    if !same_origin(&state, &headers) {
        return (StatusCode::FORBIDDEN, "cross-site socket refused").into_response();
    }
    let caller = match Caller::of(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    let lang = lang_of(&headers);
    if let (Some(user), Some(hash)) = (&caller.user, visitor_from_headers(&headers)) {
        if let Err(e) = db::adopt(&state.app.pool, &hash, user.id, &user.name).await {
            tracing::error!(error = %e, "chat: adopting the guest conversation failed");
        }
    }
    let name = caller.shopper_name(lang);
    let Some(owner) = caller.owner else {
        return (StatusCode::UNAUTHORIZED, "no visitor cookie: call chat_begin first").into_response();
    };
    let peer = Peer::Shopper { owner, name, conversation: None, page: String::new() };
    ws.max_message_size(MAX_FRAME)
        .read_buffer_size(BUFFER)
        .write_buffer_size(BUFFER)
        .on_upgrade(move |socket| session(socket, state, peer, lang))
}

pub async fn agent_socket(ws: WebSocketUpgrade, State(state): State<ServerState>, headers: HeaderMap) -> Response {
    if !same_origin(&state, &headers) {
        return (StatusCode::FORBIDDEN, "cross-site socket refused").into_response();
    }
    let caller = match Caller::of(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    if !caller.is_agent() {
        let status = if caller.user.is_some() { StatusCode::FORBIDDEN } else { StatusCode::UNAUTHORIZED };
        return (status, "agents only").into_response();
    }
    let Some(user) = caller.user else { return StatusCode::UNAUTHORIZED.into_response() };
    let peer = Peer::Agent { id: user.id, name: user.name, open: Vec::new() };
    let lang = lang_of(&headers);
    ws.max_message_size(MAX_FRAME)
        .read_buffer_size(BUFFER)
        .write_buffer_size(BUFFER)
        .on_upgrade(move |socket| session(socket, state, peer, lang))
}

fn same_origin(state: &ServerState, headers: &HeaderMap) -> bool {
    // Browsers always send Origin on a WebSocket handshake; a page on another
    // site must not ride the shopper's cookies (cross-site WebSocket hijacking).
    headers.contains_key(header::ORIGIN)
        && is_same_site(headers, &state.app.config.extra_origins, &state.app.config.public_url)
}

fn lang_of(headers: &HeaderMap) -> Lang {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header).unwrap_or_default()
}

/// Who sent a request: the signed-in user, and the shopper (account, else
/// visitor cookie) the request speaks for.
struct Caller {
    user: Option<UserRow>,
    owner: Option<CartOwner>,
}

impl Caller {
    async fn of(state: &ServerState, headers: &HeaderMap) -> Result<Caller, Response> {
        let user = user_from_headers(&state.app.pool, headers).await.map_err(|e| {
            tracing::error!(error = %e, "chat: session lookup failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        })?;
        let owner = match &user {
            Some(user) => Some(CartOwner::User(user.id)),
            None => visitor_from_headers(headers).map(CartOwner::Visitor),
        };
        Ok(Caller { user, owner })
    }

    fn is_agent(&self) -> bool {
        self.user.as_ref().and_then(|u| Role::parse(&u.role)).is_some_and(|r| StaffArea::Agent.admits(r))
    }

    /// The name agents see: the account's, or "Tamu" for a guest.
    fn shopper_name(&self, lang: Lang) -> String {
        self.user.as_ref().map(|u| u.name.clone()).unwrap_or_else(|| lang.t(ChatMsg::ChatGuest).into())
    }
}

async fn session(socket: WebSocket, state: ServerState, mut peer: Peer, lang: Lang) {
    let connection = CONNECTIONS.fetch_add(1, Ordering::Relaxed);
    let (mut tx, mut rx) = socket.split();
    let mut events = state.chat.hub.subscribe(match peer {
        Peer::Agent { .. } => Topic::Agents,
        Peer::Shopper { .. } => Topic::Shoppers,
    });
    // A shopper's own conversation, once there is one.
    let mut conversation_events: Option<Receiver<HubEvent>> = None;
    if let Peer::Agent { id, .. } = &peer {
        if state.chat.presence.connect(*id) {
            publish_presence(&state);
        }
    }
    let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
    let mut last_heard = Instant::now();
    loop {
        let out: Vec<ServerMsg> = tokio::select! {
            frame = rx.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    last_heard = Instant::now();
                    match serde_json::from_str::<ClientMsg>(&text) {
                        Ok(msg) => handle(&state, &mut peer, &mut conversation_events, connection, lang, msg).await,
                        Err(_) => vec![ServerMsg::Error { client_id: None, message: lang.t(ChatMsg::ChatErrFrame).into() }],
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    vec![ServerMsg::Error { client_id: None, message: lang.t(ChatMsg::ChatErrFrame).into() }]
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                    last_heard = Instant::now();
                    Vec::new()
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
            },
            event = events.recv() => match event {
                Ok(event) if wants(&peer, connection, &event) => vec![event.msg],
                Ok(_) => Vec::new(),
                // Fell behind the hub: close, and the tab resumes from the
                // database with the last id it saw.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => break,
            },
            event = next_event(&mut conversation_events) => match event {
                Ok(event) if wants(&peer, connection, &event) => vec![event.msg],
                Ok(_) => Vec::new(),
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => break,
            },
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > IDLE_LIMIT {
                    break;
                }
                if tx.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
                Vec::new()
            }
        };
        let mut failed = false;
        for msg in out {
            let Ok(json) = serde_json::to_string(&msg) else { continue };
            if tx.send(Message::Text(json.into())).await.is_err() {
                failed = true;
                break;
            }
        }
        if failed {
            break;
        }
    }
    if let Peer::Agent { id, .. } = &peer {
        if state.chat.presence.disconnect(*id) {
            publish_presence(&state);
        }
    }
}

/// The next event of an optional subscription (never, without one).
async fn next_event(rx: &mut Option<Receiver<HubEvent>>) -> Result<HubEvent, RecvError> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

fn publish_presence(state: &ServerState) {
    let online = state.chat.presence.agents_online();
    state.chat.hub.publish(HubEvent {
        audience: Audience::Everyone,
        msg: ServerMsg::Presence { agents_online: online },
        from_connection: None,
    });
}

/// Whether a hub event goes to this socket.
fn wants(peer: &Peer, connection: u64, event: &HubEvent) -> bool {
    if event.from_connection == Some(connection) && !matches!(event.msg, ServerMsg::Message { .. }) {
        return false;
    }
    match (peer, &event.audience) {
        (_, Audience::Everyone) => true,
        (Peer::Agent { .. }, Audience::Agents | Audience::Conversation(_)) => true,
        (Peer::Shopper { conversation: Some(c), .. }, Audience::Conversation(id) | Audience::Shopper(id)) => c == id,
        _ => false,
    }
}

fn error(client_id: Option<String>, lang: Lang, msg: impl Text) -> Vec<ServerMsg> {
    vec![ServerMsg::Error { client_id, message: lang.t(msg).into() }]
}

async fn handle(
    state: &ServerState,
    peer: &mut Peer,
    events: &mut Option<Receiver<HubEvent>>,
    connection: u64,
    lang: Lang,
    msg: ClientMsg,
) -> Vec<ServerMsg> {
    let result = match (&mut *peer, msg) {
        (_, ClientMsg::Ping) => Ok(vec![ServerMsg::Pong]),
        (Peer::Shopper { owner, conversation, page: current, .. }, ClientMsg::Hello { after, page }) => {
            // Remembered for a conversation that starts later on this page.
            *current = shopper_page(&page);
            shopper_hello(state, owner, conversation, events, after, current).await
        }
        (Peer::Shopper { conversation, page: current, .. }, ClientMsg::Page { page }) => {
            *current = shopper_page(&page);
            match conversation {
                Some(id) => moved_to_page(state, *id, current).await,
                None => Ok(Vec::new()),
            }
        }
        (Peer::Shopper { .. }, ClientMsg::Send { client_id, text, .. }) => {
            shopper_send(state, peer, events, connection, lang, client_id, text).await
        }
        (Peer::Shopper { conversation: Some(c), name, .. }, ClientMsg::Typing { .. }) => {
            let event = ServerMsg::Typing { conversation_id: *c, name: name.clone() };
            state.chat.hub.publish(HubEvent {
                audience: Audience::Agents,
                msg: event,
                from_connection: Some(connection),
            });
            Ok(Vec::new())
        }
        (Peer::Shopper { conversation: Some(c), .. }, ClientMsg::Read { up_to, .. }) => {
            read(state, *c, Sender::Shopper, up_to, connection).await
        }
        (Peer::Agent { open, .. }, ClientMsg::Open { conversation_id, after }) => {
            match db::conversation(&state.app.pool, conversation_id).await {
                Ok(Some(row)) => {
                    if !open.contains(&conversation_id) {
                        open.push(conversation_id);
                    }
                    let mut out =
                        vec![ServerMsg::Read { conversation_id, by: Sender::Shopper, up_to: row.shopper_read_up_to }];
                    db::messages_after(&state.app.pool, conversation_id, after, RESUME_LIMIT).await.map(|ms| {
                        out.extend(ms.into_iter().map(|message| ServerMsg::Message { message }));
                        out
                    })
                }
                Ok(None) => Ok(error(None, lang, ChatMsg::ChatErrNoConversation)),
                Err(e) => Err(e),
            }
        }
        (Peer::Agent { id, name, .. }, ClientMsg::Send { conversation_id, client_id, text }) => {
            let (id, name) = (*id, name.clone());
            match clean_text(&text) {
                Ok(text) => agent_send(state, id, &name, conversation_id, client_id, Body::Text { text }, lang).await,
                Err(m) => Ok(error(Some(client_id), lang, m)),
            }
        }
        (Peer::Agent { id, name, .. }, ClientMsg::Product { conversation_id, client_id, slug }) => {
            let (id, name) = (*id, name.clone());
            match product_card(state, &slug, lang).await {
                Some(body) => agent_send(state, id, &name, conversation_id, client_id, body, lang).await,
                None => Ok(error(Some(client_id), lang, ChatMsg::ChatErrNoProduct)),
            }
        }
        (Peer::Agent { name, .. }, ClientMsg::Typing { conversation_id }) => {
            let event = ServerMsg::Typing { conversation_id, name: name.clone() };
            state.chat.hub.publish(HubEvent {
                audience: Audience::Shopper(conversation_id),
                msg: event,
                from_connection: Some(connection),
            });
            Ok(Vec::new())
        }
        (Peer::Agent { .. }, ClientMsg::Read { conversation_id, up_to }) => {
            read(state, conversation_id, Sender::Agent, up_to, connection).await
        }
        (Peer::Agent { .. }, ClientMsg::Delivered { conversation_id, up_to }) => {
            db::mark_delivered(&state.app.pool, conversation_id, up_to).await.map(|up_to| {
                let msg = ServerMsg::Delivered { conversation_id, up_to };
                state.chat.hub.publish(HubEvent {
                    audience: Audience::Shopper(conversation_id),
                    msg,
                    from_connection: Some(connection),
                });
                Vec::new()
            })
        }
        (Peer::Agent { id, .. }, ClientMsg::Presence { away }) => {
            if state.chat.presence.set_away(*id, away) {
                publish_presence(state);
            }
            Ok(Vec::new())
        }
        // Frames that do not fit who sent them (a shopper claiming another
        // conversation, an agent saying hello) are ignored.
        _ => Ok(Vec::new()),
    };
    result.unwrap_or_else(|e| {
        tracing::error!(error = %e, "chat: database error");
        error(None, lang, Msg::ErrorGeneric)
    })
}

/// A path of this store (at most 300 characters), or nothing.
fn shopper_page(page: &str) -> String {
    if page.starts_with('/') && !page.starts_with("//") {
        page.chars().take(300).collect()
    } else {
        String::new()
    }
}

/// The shopper navigated: the conversation remembers the page and the
/// agents' panels show it.
async fn moved_to_page(state: &ServerState, conversation_id: i64, page: &str) -> sqlx::Result<Vec<ServerMsg>> {
    if !page.is_empty() {
        db::set_page(&state.app.pool, conversation_id, page).await?;
        state.chat.hub.publish(HubEvent::to_agents(ServerMsg::ContextChanged { conversation_id }));
    }
    Ok(Vec::new())
}

async fn shopper_hello(
    state: &ServerState,
    owner: &CartOwner,
    conversation: &mut Option<i64>,
    events: &mut Option<Receiver<HubEvent>>,
    after: i64,
    page: &str,
) -> sqlx::Result<Vec<ServerMsg>> {
    let row = db::conversation_of(&state.app.pool, owner).await?;
    let agents_online = state.chat.presence.agents_online();
    let Some(row) = row else {
        return Ok(vec![ServerMsg::Welcome {
            conversation_id: 0,
            agents_online,
            delivered_up_to: 0,
            read_up_to: 0,
            resolved: false,
            rated: false,
        }]);
    };
    *conversation = Some(row.id);
    // Listen before reading what was missed, so nothing falls in between
    // (a message in both is shown once: the tab keys messages by id).
    if events.is_none() {
        *events = Some(state.chat.hub.subscribe(Topic::Conversation(row.id)));
    }
    if !page.is_empty() && page != row.current_page {
        db::set_page(&state.app.pool, row.id, page).await?;
    }
    let resolved = row.status == "resolved";
    let mut out = vec![ServerMsg::Welcome {
        conversation_id: row.id,
        agents_online,
        delivered_up_to: row.agent_delivered_up_to,
        read_up_to: row.agent_read_up_to,
        resolved,
        rated: row.rating.is_some(),
    }];
    let missed = db::messages_after(&state.app.pool, row.id, after.max(0), RESUME_LIMIT).await?;
    out.extend(missed.into_iter().map(|message| ServerMsg::Message { message }));
    Ok(out)
}

async fn shopper_send(
    state: &ServerState,
    peer: &mut Peer,
    events: &mut Option<Receiver<HubEvent>>,
    connection: u64,
    lang: Lang,
    client_id: String,
    text: String,
) -> sqlx::Result<Vec<ServerMsg>> {
    let Peer::Shopper { owner, name, conversation, page } = peer else { return Ok(Vec::new()) };
    if !valid_client_id(&client_id) {
        return Ok(error(None, lang, ChatMsg::ChatErrFrame));
    }
    let text = match clean_text(&text) {
        Ok(text) => text,
        Err(m) => return Ok(error(Some(client_id), lang, m)),
    };
    let now = now_ms();
    if !state.chat.limiter.allow(&owner.key(), now, RATE_LIMIT, RATE_WINDOW_MS) {
        return Ok(error(Some(client_id), lang, ChatMsg::ChatErrTooFast));
    }
    let conversation_id = match *conversation {
        Some(id) => id,
        None => {
            let id = db::open_conversation(&state.app.pool, owner, name, now).await?;
            if !page.is_empty() {
                db::set_page(&state.app.pool, id, page).await?;
            }
            id
        }
    };
    let new_conversation = conversation.is_none();
    *conversation = Some(conversation_id);
    if events.is_none() {
        *events = Some(state.chat.hub.subscribe(Topic::Conversation(conversation_id)));
    }
    let body = Body::Text { text };
    let new = db::NewMessage {
        conversation_id,
        client_id: &client_id,
        sender: Sender::Shopper,
        author_id: None,
        author_name: name,
        body: &body,
    };
    let (message, stored_now) = db::insert_message(&state.app.pool, &new, now).await?;
    let mut out = Vec::new();
    if new_conversation {
        let agents_online = state.chat.presence.agents_online();
        out.push(ServerMsg::Welcome {
            conversation_id,
            agents_online,
            delivered_up_to: 0,
            read_up_to: 0,
            resolved: false,
            rated: false,
        });
    }
    out.push(ServerMsg::Ack { client_id, id: message.id });
    if stored_now {
        state.chat.hub.publish(HubEvent {
            audience: Audience::Conversation(conversation_id),
            msg: ServerMsg::Message { message },
            from_connection: Some(connection),
        });
        state.chat.hub.publish(HubEvent::to_agents(ServerMsg::QueueChanged));
    }
    Ok(out)
}

async fn agent_send(
    state: &ServerState,
    agent_id: i64,
    agent_name: &str,
    conversation_id: i64,
    client_id: String,
    body: Body,
    lang: Lang,
) -> sqlx::Result<Vec<ServerMsg>> {
    if !valid_client_id(&client_id) {
        return Ok(error(None, lang, ChatMsg::ChatErrFrame));
    }
    let Some(row) = db::conversation(&state.app.pool, conversation_id).await? else {
        return Ok(error(Some(client_id), lang, ChatMsg::ChatErrNoConversation));
    };
    let now = now_ms();
    // Answering an unclaimed conversation claims it.
    if row.agent_id.is_none() {
        db::assign(&state.app.pool, conversation_id, agent_id, now).await?;
    }
    let new = db::NewMessage {
        conversation_id,
        client_id: &client_id,
        sender: Sender::Agent,
        author_id: Some(agent_id),
        author_name: agent_name,
        body: &body,
    };
    let (message, stored_now) = db::insert_message(&state.app.pool, &new, now).await?;
    let ack = ServerMsg::Ack { client_id, id: message.id };
    if stored_now {
        state.chat.hub.publish(HubEvent {
            audience: Audience::Conversation(conversation_id),
            msg: ServerMsg::Message { message },
            from_connection: None,
        });
        state.chat.hub.publish(HubEvent::to_agents(ServerMsg::QueueChanged));
    }
    Ok(vec![ack])
}

async fn read(
    state: &ServerState,
    conversation_id: i64,
    by: Sender,
    up_to: i64,
    connection: u64,
) -> sqlx::Result<Vec<ServerMsg>> {
    let stored = db::mark_read(&state.app.pool, conversation_id, by, up_to).await?;
    let audience = if by == Sender::Agent { Audience::Shopper(conversation_id) } else { Audience::Agents };
    state.chat.hub.publish(HubEvent {
        audience,
        msg: ServerMsg::Read { conversation_id, by, up_to: stored },
        from_connection: Some(connection),
    });
    if by == Sender::Agent {
        state.chat.hub.publish(HubEvent::to_agents(ServerMsg::QueueChanged));
    }
    Ok(Vec::new())
}

/// A product card from the catalog: the shopper's language, the first size
/// in stock.
async fn product_card(state: &ServerState, slug: &str, lang: Lang) -> Option<Body> {
    let catalog = state.catalog.get().await.ok()?;
    let product = catalog.product(slug.trim())?;
    let card = app::catalog::server_side::card(product, lang);
    Some(Body::Product {
        slug: card.slug,
        name: card.name,
        price: card.price_from,
        image: card.image,
        variant_id: product.variants.iter().find(|v| v.stock > 0).map(|v| v.id).unwrap_or(0),
    })
}

/// A shopper's photo: the raw file as the request body. Its type is read
/// from the content (not the name or the header), it is decoded and
/// re-encoded as JPEG (no hidden payload, no EXIF location survives), and
/// kept outside the web root; it is served only by `file`.
pub async fn upload(
    State(state): State<ServerState>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let lang = lang_of(&headers);
    let refuse = |status: StatusCode, msg: ChatMsg| {
        (status, axum::Json(serde_json::json!({ "error": lang.t(msg) }))).into_response()
    };
    let caller = match Caller::of(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    let name = caller.shopper_name(lang);
    let Some(owner) = caller.owner else { return refuse(StatusCode::UNAUTHORIZED, ChatMsg::ChatErrNoConversation) };
    if body.len() > app::chat::MAX_UPLOAD_BYTES {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, ChatMsg::ChatErrTooBig);
    }
    let now = now_ms();
    if !state.chat.limiter.allow(&owner.key(), now, RATE_LIMIT, RATE_WINDOW_MS) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, ChatMsg::ChatErrTooFast);
    }
    let Ok(jpeg) = tokio::task::spawn_blocking(move || reencode(&body)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(jpeg) = jpeg else { return refuse(StatusCode::UNPROCESSABLE_ENTITY, ChatMsg::ChatErrNotImage) };
    let file = format!("{}.jpg", app::platform::random_token());
    let dir = state.app.config.upload_dir();
    let stored = async {
        tokio::fs::create_dir_all(&dir).await?;
        // Written and synced before the message refers to it.
        let mut f = tokio::fs::File::create(dir.join(&file)).await?;
        tokio::io::AsyncWriteExt::write_all(&mut f, &jpeg).await?;
        f.sync_all().await
    };
    if let Err(e) = stored.await {
        tracing::error!(error = %e, "chat: storing a photo failed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let result = async {
        let conversation_id = db::open_conversation(&state.app.pool, &owner, &name, now).await?;
        let body = Body::Image { url: format!("{}/{file}", app::chat::FILES_PATH) };
        // The tab's id for the upload makes a retried upload one photo.
        let client_id = query
            .get("client_id")
            .filter(|id| valid_client_id(id))
            .cloned()
            .unwrap_or_else(|| file.trim_end_matches(".jpg").chars().take(40).collect());
        let new = db::NewMessage {
            conversation_id,
            client_id: &client_id,
            sender: Sender::Shopper,
            author_id: None,
            author_name: &name,
            body: &body,
        };
        db::insert_message(&state.app.pool, &new, now).await
    };
    match result.await {
        Ok((message, stored_now)) => {
            if !stored_now {
                // A retry of a photo already stored: keep the first file only.
                let _ = tokio::fs::remove_file(dir.join(&file)).await;
                return axum::Json(serde_json::json!({ "id": message.id })).into_response();
            }
            let conversation_id = message.conversation_id;
            let id = message.id;
            state.chat.hub.publish(HubEvent {
                audience: Audience::Conversation(conversation_id),
                msg: ServerMsg::Message { message },
                from_connection: None,
            });
            state.chat.hub.publish(HubEvent::to_agents(ServerMsg::QueueChanged));
            axum::Json(serde_json::json!({ "id": id })).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "chat: storing a photo message failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Decodes a JPEG, PNG or WebP (sniffed from its bytes), bounds its size,
/// and encodes it again as JPEG. None: not such a picture.
fn reencode(bytes: &[u8]) -> Option<Vec<u8>> {
    use image::{ImageFormat, ImageReader};
    let format = image::guess_format(bytes).ok()?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return None;
    }
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().ok()?;
    let picture = if picture.width() > 1600 || picture.height() > 1600 {
        picture.resize(1600, 1600, image::imageops::FilterType::Triangle)
    } else {
        picture
    };
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    picture.to_rgb8().write_with_encoder(encoder).ok()?;
    Some(out)
}

/// Serves a chat photo to the shopper of its conversation and to agents.
pub async fn file(
    State(state): State<ServerState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let plausible = name.len() == 68 && name.ends_with(".jpg") && name[..64].bytes().all(|b| b.is_ascii_hexdigit());
    if !plausible {
        return StatusCode::NOT_FOUND.into_response();
    }
    let conversation = match db::conversation_of_file(&state.app.pool, &name).await {
        Ok(Some(id)) => id,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "chat: photo lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let caller = match Caller::of(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    let agent = caller.is_agent();
    let mine = match &caller.owner {
        Some(owner) => {
            db::conversation_of(&state.app.pool, owner).await.ok().flatten().is_some_and(|c| c.id == conversation)
        }
        None => false,
    };
    if !agent && !mine {
        // Not yours: as if it did not exist.
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(state.app.config.upload_dir().join(&name)).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, max-age=86400")], bytes)
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
