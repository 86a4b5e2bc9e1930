//! The chat's sockets and files: `/chat/ws` for shoppers (who they are
//! comes from the visitor or session cookie) and `/chat/agent/ws` for agents
//! (session with the agent or admin role). One task per socket reads
//! frames, hands each to the chat feature (`app::chat::session::handle`),
//! forwards the hub's events, and closes sockets that stopped answering
//! heartbeats; photos are re-encoded, written and served here.

use crate::{guard::is_same_site, state::ServerState};
use app::{
    chat::{
        db,
        hub::{HubEvent, Topic},
        service,
        session::{handle, publish_presence, wants, ChatServer, Peer, Session},
        valid_client_id, Body, ClientMsg, Sender, ServerMsg,
    },
    i18n::{ChatMsg, Lang},
    model::StaffArea,
    platform::identity::{visitor_from_headers, Caller},
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

static CONNECTIONS: AtomicU64 = AtomicU64::new(1);

pub async fn shopper_socket(ws: WebSocketUpgrade, State(state): State<ServerState>, headers: HeaderMap) -> Response {
    let caller = match handshake(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    if let (Some(user), Some(hash)) = (&caller.user, visitor_from_headers(&headers)) {
        if let Err(e) = db::adopt(&state.app.pool, &hash, user.id, &user.name).await {
            tracing::error!(error = %e, "chat: adopting the guest conversation failed");
        }
    }
    let name = shopper_name(&caller);
    let Some(owner) = caller.owner else {
        return (StatusCode::UNAUTHORIZED, "no visitor cookie: call chat_begin first").into_response();
    };
    upgrade(ws, state, Peer::Shopper { owner, name, conversation: None, page: String::new() }, caller.lang)
}

pub async fn agent_socket(ws: WebSocketUpgrade, State(state): State<ServerState>, headers: HeaderMap) -> Response {
    let caller = match handshake(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    if !caller.may_enter(StaffArea::Agent) {
        let status = if caller.user.is_some() { StatusCode::FORBIDDEN } else { StatusCode::UNAUTHORIZED };
        return (status, "agents only").into_response();
    }
    let Some(user) = caller.user else { return StatusCode::UNAUTHORIZED.into_response() };
    upgrade(ws, state, Peer::Agent { id: user.id, name: user.name, open: Vec::new() }, caller.lang)
}

/// A socket's handshake: from this site only, and who is calling.
async fn handshake(state: &ServerState, headers: &HeaderMap) -> Result<Caller, Response> {
    if !same_origin(state, headers) {
        return Err((StatusCode::FORBIDDEN, "cross-site socket refused").into_response());
    }
    caller_of(state, headers).await
}

/// Opens the socket with small buffers and a frame limit, and runs its session.
fn upgrade(ws: WebSocketUpgrade, state: ServerState, peer: Peer, lang: Lang) -> Response {
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

/// Who is calling, or the answer when the session lookup fails.
async fn caller_of(state: &ServerState, headers: &HeaderMap) -> Result<Caller, Response> {
    Caller::of_headers(&state.app.pool, headers).await.map_err(|e| {
        tracing::error!(error = %e, "chat: session lookup failed");
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    })
}

/// The name agents see: the account's, or "Tamu" for a guest.
fn shopper_name(caller: &Caller) -> String {
    caller.user.as_ref().map_or_else(|| caller.lang.t(ChatMsg::ChatGuest).into(), |u| u.name.clone())
}

async fn session(socket: WebSocket, state: ServerState, peer: Peer, lang: Lang) {
    let connection = CONNECTIONS.fetch_add(1, Ordering::Relaxed);
    let server = ChatServer { app: state.app.clone(), chat: state.chat.clone(), catalog: state.catalog.clone(), sales: state.sales.clone() };
    let mut session = Session { peer, events: None, connection, lang };
    let (mut tx, mut rx) = socket.split();
    let mut events = state.chat.hub.subscribe(match session.peer {
        Peer::Agent { .. } => Topic::Agents,
        Peer::Shopper { .. } => Topic::Shoppers,
    });
    if let Peer::Agent { id, .. } = &session.peer {
        if state.chat.presence.connect(*id) {
            publish_presence(&server);
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
                        Ok(msg) => handle(&server, &mut session, msg).await,
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
                Ok(event) if wants(&session.peer, connection, &event) => vec![event.msg],
                Ok(_) => Vec::new(),
                // Fell behind the hub: close, and the tab resumes from the
                // database with the last id it saw.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => break,
            },
            event = next_event(&mut session.events) => match event {
                Ok(event) if wants(&session.peer, connection, &event) => vec![event.msg],
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
    if let Peer::Agent { id, .. } = &session.peer {
        if state.chat.presence.disconnect(*id) {
            publish_presence(&server);
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
    let lang = Lang::of_headers(&headers);
    let refuse = |status: StatusCode, msg: ChatMsg| {
        (status, axum::Json(serde_json::json!({ "error": lang.t(msg) }))).into_response()
    };
    let caller = match caller_of(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    let name = shopper_name(&caller);
    let Some(owner) = caller.owner else { return refuse(StatusCode::UNAUTHORIZED, ChatMsg::ChatErrNoConversation) };
    if body.len() > app::chat::MAX_UPLOAD_BYTES {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, ChatMsg::ChatErrTooBig);
    }
    if !state.chat.limiter.allow(&owner.key()) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, ChatMsg::ChatErrTooFast);
    }
    let Ok(jpeg) = tokio::task::spawn_blocking(move || crate::pictures::chat_photo(&body)).await else {
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
        let conversation_id = service::conversation_for(&state.app.pool, &owner, &name, "").await?;
        let body = Body::Image { url: format!("{}/{file}", app::chat::FILES_PATH) };
        // The tab's id for the upload makes a retried upload one photo.
        let client_id = query
            .get("client_id")
            .filter(|id| valid_client_id(id))
            .cloned()
            .unwrap_or_else(|| file.trim_end_matches(".jpg").chars().take(40).collect());
        let post = db::NewMessage {
            conversation_id,
            client_id: &client_id,
            sender: Sender::Shopper,
            author_id: None,
            author_name: &name,
            body: &body,
        };
        service::post_message(&state.app.pool, &state.chat, &post, None).await
    };
    match result.await {
        Ok((message, stored_now)) => {
            if !stored_now {
                // A retry of a photo already stored: keep the first file only.
                let _ = tokio::fs::remove_file(dir.join(&file)).await;
            }
            axum::Json(serde_json::json!({ "id": message.id })).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "chat: storing a photo message failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
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
    let caller = match caller_of(&state, &headers).await {
        Ok(caller) => caller,
        Err(res) => return res,
    };
    let agent = caller.may_enter(StaffArea::Agent);
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
