//! The chat's rules on the server, shared by the sockets, the photo upload
//! and the agents' server functions: one `post_message` (store once, then
//! deliver and tell the queue), agents acting on conversations, the context
//! beside a conversation, and the shopper's rating.

use super::{
    db::{self, NewMessage},
    hub::{Audience, ChatState, HubEvent},
    ChatMessage, ConversationContext, ServerMsg,
};
use crate::{
    error::AppError,
    i18n::{ChatMsg, Lang},
    platform::{
        ctx::{fail, OrInternal},
        identity::{CartOwner, UserRow},
        now_ms, AppState,
    },
};
use domain::chat::{ChatAction, ConversationStatus};
use sqlx::AnyPool;

/// Stores a message once per (conversation, client id); only the call that
/// stored it delivers it to the conversation's tabs and the agents and
/// tells the agents' queue. Returns the stored message and whether this
/// call stored it (false: a resend, already delivered).
#[tracing::instrument(skip_all, fields(conversation = post.conversation_id, sender = post.sender.code()))]
pub async fn post_message(
    pool: &AnyPool,
    chat: &ChatState,
    post: &NewMessage<'_>,
    from_connection: Option<u64>,
) -> sqlx::Result<(ChatMessage, bool)> {
    let (message, stored_now) = db::insert_message(pool, post, now_ms()).await?;
    if stored_now {
        chat.hub.publish(HubEvent {
            audience: Audience::Conversation(post.conversation_id),
            msg: ServerMsg::Message { message: message.clone() },
            from_connection,
        });
        chat.hub.publish(HubEvent::to_agents(ServerMsg::QueueChanged));
    }
    Ok((message, stored_now))
}

/// The shopper's conversation, opened at their first message (or photo).
pub async fn conversation_for(pool: &AnyPool, owner: &CartOwner, name: &str, page: &str) -> sqlx::Result<i64> {
    let id = db::open_conversation(pool, owner, name, now_ms()).await?;
    if !page.is_empty() {
        db::set_page(pool, id, page).await?;
    }
    Ok(id)
}

/// An agent claims, hands over, resolves or reopens a conversation; the
/// queue and the shopper's tabs hear of it.
#[tracing::instrument(skip(pool, chat, me, lang), fields(agent = me.id))]
pub async fn act(
    pool: &AnyPool,
    chat: &ChatState,
    me: &UserRow,
    conversation_id: i64,
    action: ChatAction,
    agent_id: Option<i64>,
    lang: Lang,
) -> Result<(), AppError> {
    let now = now_ms();
    let changed = match (action, action.sets_status()) {
        (_, Some(status)) => db::set_status(pool, conversation_id, status, now).await,
        (ChatAction::Assign, None) => {
            let target = agent_id.unwrap_or_default();
            if !db::is_agent(pool, target).await.or_internal()? {
                return Err(fail(AppError::Invalid(lang.t(ChatMsg::ChatErrNoSuchAgent).into())));
            }
            db::assign(pool, conversation_id, target, now).await
        }
        // Claim: the caller takes it.
        (_, None) => db::assign(pool, conversation_id, me.id, now).await,
    }
    .or_internal()?;
    if !changed {
        return Err(fail(AppError::NotFound(lang.t(ChatMsg::ChatErrNoConversation).into())));
    }
    chat.hub.publish(HubEvent::to_agents(ServerMsg::QueueChanged));
    if let Some(status) = action.sets_status() {
        let resolved = status == ConversationStatus::Resolved;
        chat.hub.publish(HubEvent {
            audience: Audience::Shopper(conversation_id),
            msg: ServerMsg::Status { conversation_id, resolved },
            from_connection: None,
        });
    }
    Ok(())
}

/// The shopper's page, cart and orders beside one conversation.
#[tracing::instrument(skip(state, lang))]
pub async fn context(state: &AppState, conversation_id: i64, lang: Lang) -> Result<ConversationContext, AppError> {
    let Some(row) = db::conversation(&state.pool, conversation_id).await.or_internal()? else {
        return Err(fail(AppError::NotFound(lang.t(ChatMsg::ChatErrNoConversation).into())));
    };
    let cart_id = match row.owner() {
        Some(owner) => crate::cart::db::find_cart(&state.pool, &owner).await.or_internal()?,
        None => None,
    };
    let cart = match cart_id {
        Some(cart_id) => Some(crate::cart::service::view(&state.pool, cart_id).await?),
        None => None,
    };
    let status = row.status().or_internal()?;
    let orders = crate::orders::service::summaries(
        crate::orders::db::of_shopper(&state.pool, row.user_id, row.visitor_hash.as_deref()).await,
    )?;
    Ok(ConversationContext {
        id: row.id,
        shopper_name: row.shopper_name,
        email: row.email,
        current_page: row.current_page,
        status,
        agent_name: row.agent_name,
        cart,
        orders,
        rating: row.rating,
    })
}

/// A shopper rates their resolved conversation once, 1 to 5; the agent's
/// panel shows it without a reload.
#[tracing::instrument(skip(pool, chat, owner, lang))]
pub async fn rate(
    pool: &AnyPool,
    chat: &ChatState,
    owner: &CartOwner,
    rating: i64,
    lang: Lang,
) -> Result<(), AppError> {
    if !(1..=5).contains(&rating) {
        return Err(fail(AppError::Invalid(lang.t(ChatMsg::ChatErrRating).into())));
    }
    let conversation_id = match db::rate(pool, owner, rating).await.or_internal()? {
        db::Rated::Now(id) => id,
        db::Rated::Already => return Err(fail(AppError::Invalid(lang.t(ChatMsg::ChatErrRatedAlready).into()))),
        db::Rated::NotResolved => return Err(fail(AppError::Invalid(lang.t(ChatMsg::ChatErrRateResolved).into()))),
    };
    chat.hub.publish(HubEvent::to_agents(ServerMsg::ContextChanged { conversation_id }));
    Ok(())
}
