//! One chat socket's conversation with the store, frame by frame: who is
//! on the other end (`Peer`), what each frame does (`handle`: hello, page,
//! send, typing, read, open, product card, presence), and which hub events
//! reach the socket (`wants`). The binary keeps the socket itself.

use super::{
    clean_text, db,
    hub::{Audience, ChatState, HubEvent, Topic},
    service,
    valid_client_id, Body, ClientMsg, Sender, ServerMsg,
};
use crate::{
    catalog::cache::CatalogCache,
    i18n::{ChatMsg, Lang, Msg, Text},
    platform::{identity::CartOwner, now_ms, AppState},
};
use domain::chat::ConversationStatus;
use tokio::sync::broadcast::Receiver;

/// Messages sent on resume, at most.
const RESUME_LIMIT: i64 = 500;

/// What a socket's frames reach: the database, the hub, the catalog.
#[derive(Clone)]
pub struct ChatServer {
    pub app: AppState,
    pub chat: ChatState,
    pub catalog: CatalogCache,
    pub sales: crate::sales::board::SaleBoard,
}

/// Who is on the other end of a socket.
#[derive(Debug)]
pub enum Peer {
    Shopper { owner: CartOwner, name: String, conversation: Option<i64>, page: String },
    Agent { id: i64, name: String, open: Vec<i64> },
}

/// One socket: its peer, the conversation's subscription once it has one,
/// its connection number and language.
pub struct Session {
    pub peer: Peer,
    pub events: Option<Receiver<HubEvent>>,
    pub connection: u64,
    pub lang: Lang,
}

pub fn publish_presence(state: &ChatServer) {
    let online = state.chat.presence.agents_online();
    state.chat.hub.publish(HubEvent {
        audience: Audience::Everyone,
        msg: ServerMsg::Presence { agents_online: online },
        from_connection: None,
    });
}

/// Whether a hub event goes to this socket.
pub fn wants(peer: &Peer, connection: u64, event: &HubEvent) -> bool {
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

/// What one frame does; the answers for this socket (events for others go
/// through the hub).
#[tracing::instrument(skip_all, fields(connection = session.connection))]
pub async fn handle(state: &ChatServer, session: &mut Session, msg: ClientMsg) -> Vec<ServerMsg> {
    let Session { peer, events, connection, lang } = session;
    let (connection, lang) = (*connection, *lang);
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
async fn moved_to_page(state: &ChatServer, conversation_id: i64, page: &str) -> sqlx::Result<Vec<ServerMsg>> {
    if !page.is_empty() {
        db::set_page(&state.app.pool, conversation_id, page).await?;
        state.chat.hub.publish(HubEvent::to_agents(ServerMsg::ContextChanged { conversation_id }));
    }
    Ok(Vec::new())
}

/// The welcome of a conversation that has no messages yet (0: none at all).
fn welcome(state: &ChatServer, conversation_id: i64) -> ServerMsg {
    ServerMsg::Welcome {
        conversation_id,
        agents_online: state.chat.presence.agents_online(),
        delivered_up_to: 0,
        read_up_to: 0,
        resolved: false,
        rated: false,
    }
}

async fn shopper_hello(
    state: &ChatServer,
    owner: &CartOwner,
    conversation: &mut Option<i64>,
    events: &mut Option<Receiver<HubEvent>>,
    after: i64,
    page: &str,
) -> sqlx::Result<Vec<ServerMsg>> {
    let Some(row) = db::conversation_of(&state.app.pool, owner).await? else {
        return Ok(vec![welcome(state, 0)]);
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
    let resolved = row.status()? == ConversationStatus::Resolved;
    let mut out = vec![ServerMsg::Welcome {
        conversation_id: row.id,
        agents_online: state.chat.presence.agents_online(),
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
    state: &ChatServer,
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
    if !state.chat.limiter.allow(&owner.key()) {
        return Ok(error(Some(client_id), lang, ChatMsg::ChatErrTooFast));
    }
    let conversation_id = match *conversation {
        Some(id) => id,
        None => service::conversation_for(&state.app.pool, owner, name, page).await?,
    };
    let new_conversation = conversation.is_none();
    *conversation = Some(conversation_id);
    if events.is_none() {
        *events = Some(state.chat.hub.subscribe(Topic::Conversation(conversation_id)));
    }
    let body = Body::Text { text };
    let post =
        db::NewMessage { conversation_id, client_id: &client_id, sender: Sender::Shopper, author_id: None, author_name: name, body: &body };
    let (message, _) = service::post_message(&state.app.pool, &state.chat, &post, Some(connection)).await?;
    let mut out = Vec::new();
    if new_conversation {
        out.push(welcome(state, conversation_id));
    }
    out.push(ServerMsg::Ack { client_id, id: message.id });
    Ok(out)
}

async fn agent_send(
    state: &ChatServer,
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
    let post = db::NewMessage {
        conversation_id,
        client_id: &client_id,
        sender: Sender::Agent,
        author_id: Some(agent_id),
        author_name: agent_name,
        body: &body,
    };
    let (message, _) = service::post_message(&state.app.pool, &state.chat, &post, None).await?;
    let ack = ServerMsg::Ack { client_id, id: message.id };
    Ok(vec![ack])
}

async fn read(
    state: &ChatServer,
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

/// A product card from the catalog: the shopper's language, its price now
/// (a flash sale's included), the first size in stock.
async fn product_card(state: &ChatServer, slug: &str, lang: Lang) -> Option<Body> {
    let catalog = state.catalog.get().await.ok()?;
    let product = catalog.product(slug.trim())?;
    let now = crate::platform::now_ms();
    let board = state.sales.get(now).await.ok()?;
    let card = crate::catalog::service::card(product, &board, lang, now);
    Some(Body::Product {
        slug: card.slug,
        name: card.name,
        price: card.price_from,
        image: card.image,
        variant_id: product.variants.iter().find(|v| v.stock > 0).map(|v| v.id).unwrap_or(0),
    })
}

