//! Chat SQL: conversations, messages (stored once per client id), reads,
//! the agents' queue, canned replies and the satisfaction rating.

use super::{Body, CannedReply, ChatMessage, ConversationSummary, Sender};
use crate::{cart::db::CartOwner, platform::db::unknown};
use domain::chat::ConversationStatus;
use sqlx::AnyPool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ConversationRow {
    pub id: i64,
    pub visitor_hash: Option<String>,
    pub user_id: Option<i64>,
    pub email: Option<String>,
    pub shopper_name: String,
    pub status: String,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub current_page: String,
    pub rating: Option<i64>,
    pub shopper_read_up_to: i64,
    pub agent_read_up_to: i64,
    pub agent_delivered_up_to: i64,
}

impl ConversationRow {
    /// The shopper the conversation belongs to, as the cart knows them.
    pub fn owner(&self) -> Option<CartOwner> {
        match (self.user_id, &self.visitor_hash) {
            (Some(user), _) => Some(CartOwner::User(user)),
            (None, Some(hash)) => Some(CartOwner::Visitor(hash.clone())),
            (None, None) => None,
        }
    }

    /// Where the conversation stands; an unknown stored status fails the read.
    pub fn status(&self) -> sqlx::Result<ConversationStatus> {
        parse_status(&self.status)
    }
}

fn parse_status(code: &str) -> sqlx::Result<ConversationStatus> {
    ConversationStatus::parse(code).map_or_else(|| unknown("conversation status", code), Ok)
}

const CONVERSATION: &str = "SELECT c.id, c.visitor_hash, c.user_id, u.email, c.shopper_name, c.status, c.agent_id, \
    a.name AS agent_name, c.current_page, c.rating, c.shopper_read_up_to, c.agent_read_up_to, c.agent_delivered_up_to \
    FROM chat_conversations c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN users a ON a.id = c.agent_id";

pub async fn conversation(pool: &AnyPool, id: i64) -> sqlx::Result<Option<ConversationRow>> {
    sqlx::query_as(&format!("{CONVERSATION} WHERE c.id = $1")).bind(id).fetch_optional(pool).await
}

/// The shopper's conversation (the newest, if there ever were several).
pub async fn conversation_of(pool: &AnyPool, owner: &CartOwner) -> sqlx::Result<Option<ConversationRow>> {
    match owner {
        CartOwner::User(id) => {
            let sql = format!("{CONVERSATION} WHERE c.user_id = $1 ORDER BY c.id DESC LIMIT 1");
            sqlx::query_as(&sql).bind(*id).fetch_optional(pool).await
        }
        CartOwner::Visitor(hash) => {
            let sql =
                format!("{CONVERSATION} WHERE c.visitor_hash = $1 AND c.user_id IS NULL ORDER BY c.id DESC LIMIT 1");
            sqlx::query_as(&sql).bind(hash.clone()).fetch_optional(pool).await
        }
    }
}

/// The shopper's conversation, created at their first message.
pub async fn open_conversation(pool: &AnyPool, owner: &CartOwner, shopper_name: &str, now: i64) -> sqlx::Result<i64> {
    if let Some(row) = conversation_of(pool, owner).await? {
        return Ok(row.id);
    }
    let (visitor, user) = match owner {
        CartOwner::User(id) => (None, Some(*id)),
        CartOwner::Visitor(hash) => (Some(hash.clone()), None),
    };
    sqlx::query_scalar(
        "INSERT INTO chat_conversations (visitor_hash, user_id, shopper_name, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $5, $4, $4) RETURNING id",
    )
    .bind(visitor)
    .bind(user)
    .bind(shopper_name)
    .bind(now)
    .bind(ConversationStatus::Open.code())
    .fetch_one(pool)
    .await
}

/// A message to store: who wrote it where, with the id its tab gave it.
pub struct NewMessage<'a> {
    pub conversation_id: i64,
    pub client_id: &'a str,
    pub sender: Sender,
    pub author_id: Option<i64>,
    pub author_name: &'a str,
    pub body: &'a Body,
}

/// Stores a message once per (conversation, client id). Returns the stored
/// message and whether this call stored it (false: a resend).
pub async fn insert_message(pool: &AnyPool, m: &NewMessage<'_>, now: i64) -> sqlx::Result<(ChatMessage, bool)> {
    let (kind, body) = encode(m.body);
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO chat_messages (conversation_id, client_id, sender, author_id, author_name, kind, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (conversation_id, client_id) DO NOTHING",
    )
    .bind(m.conversation_id)
    .bind(m.client_id)
    .bind(m.sender.code())
    .bind(m.author_id)
    .bind(m.author_name)
    .bind(kind)
    .bind(&body)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if inserted {
        // The status the message gives the conversation (a shopper writing
        // again reopens it); the first answer is the conversation's
        // first-response time.
        let update = match m.sender.sets_status() {
            Some(status) => sqlx::query(
                "UPDATE chat_conversations SET updated_at = $2, status = $3, resolved_at = NULL WHERE id = $1",
            )
            .bind(m.conversation_id)
            .bind(now)
            .bind(status.code()),
            None => sqlx::query(
                "UPDATE chat_conversations SET updated_at = $2, \
                 first_response_at = COALESCE(first_response_at, $2) WHERE id = $1",
            )
            .bind(m.conversation_id)
            .bind(now),
        };
        update.execute(&mut *tx).await?;
    }
    let row: MessageRow = sqlx::query_as(&format!("{MESSAGE} WHERE conversation_id = $1 AND client_id = $2"))
        .bind(m.conversation_id)
        .bind(m.client_id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((row.try_into()?, inserted))
}

const MESSAGE: &str =
    "SELECT id, conversation_id, client_id, sender, author_name, kind, body, created_at FROM chat_messages";

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    conversation_id: i64,
    client_id: String,
    sender: String,
    author_name: String,
    kind: String,
    body: String,
    created_at: i64,
}

impl TryFrom<MessageRow> for ChatMessage {
    type Error = sqlx::Error;

    fn try_from(r: MessageRow) -> sqlx::Result<ChatMessage> {
        let Some(sender) = Sender::parse(&r.sender) else { return unknown("chat sender", &r.sender) };
        let body = match r.kind.as_str() {
            "product" => serde_json::from_str(&r.body).unwrap_or(Body::Text { text: String::new() }),
            "image" => Body::Image { url: format!("{}/{}", super::FILES_PATH, r.body) },
            _ => Body::Text { text: r.body },
        };
        Ok(ChatMessage {
            id: r.id,
            conversation_id: r.conversation_id,
            client_id: r.client_id,
            sender,
            author_name: r.author_name,
            body,
            at: r.created_at,
        })
    }
}

fn encode(body: &Body) -> (&'static str, String) {
    match body {
        Body::Text { text } => ("text", text.clone()),
        Body::Image { url } => ("image", url.rsplit('/').next().unwrap_or_default().to_string()),
        product => ("product", serde_json::to_string(product).unwrap_or_default()),
    }
}

/// Messages of a conversation after `after`, oldest first.
pub async fn messages_after(
    pool: &AnyPool,
    conversation_id: i64,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<ChatMessage>> {
    let rows: Vec<MessageRow> =
        sqlx::query_as(&format!("{MESSAGE} WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT $3"))
            .bind(conversation_id)
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
    rows.into_iter().map(TryInto::try_into).collect()
}

pub async fn set_page(pool: &AnyPool, conversation_id: i64, page: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE chat_conversations SET current_page = $2 WHERE id = $1")
        .bind(conversation_id)
        .bind(page)
        .execute(pool)
        .await
        .map(drop)
}

/// Moves a reader's mark forward (never back); returns the mark now stored.
pub async fn mark_read(pool: &AnyPool, conversation_id: i64, by: Sender, up_to: i64) -> sqlx::Result<i64> {
    let column = if by == Sender::Agent { "agent_read_up_to" } else { "shopper_read_up_to" };
    mark(pool, conversation_id, column, up_to).await
}

/// Moves the agents' delivery mark forward; returns the mark now stored.
pub async fn mark_delivered(pool: &AnyPool, conversation_id: i64, up_to: i64) -> sqlx::Result<i64> {
    mark(pool, conversation_id, "agent_delivered_up_to", up_to).await
}

async fn mark(pool: &AnyPool, conversation_id: i64, column: &str, up_to: i64) -> sqlx::Result<i64> {
    sqlx::query(&format!(
        "UPDATE chat_conversations SET {column} = $2 WHERE id = $1 AND {column} < $2 \
         AND $2 <= (SELECT COALESCE(MAX(id), 0) FROM chat_messages WHERE conversation_id = $1)"
    ))
    .bind(conversation_id)
    .bind(up_to)
    .execute(pool)
    .await?;
    sqlx::query_scalar(&format!("SELECT {column} FROM chat_conversations WHERE id = $1"))
        .bind(conversation_id)
        .fetch_one(pool)
        .await
}

/// Open conversations (longest waiting first), then the last resolved ones.
pub async fn queue(pool: &AnyPool) -> sqlx::Result<Vec<ConversationSummary>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        shopper_name: String,
        status: String,
        agent_id: Option<i64>,
        agent_name: Option<String>,
        last_kind: Option<String>,
        last_body: Option<String>,
        unread: i64,
        waiting_since: Option<i64>,
        updated_at: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.shopper_name, c.status, c.agent_id, a.name AS agent_name, \
           l.kind AS last_kind, l.body AS last_body, \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM chat_messages m WHERE m.conversation_id = c.id \
              AND m.sender = 'shopper' AND m.id > c.agent_read_up_to) AS unread, \
           (SELECT MIN(m.created_at) FROM chat_messages m WHERE m.conversation_id = c.id AND m.sender = 'shopper' \
              AND m.id > (SELECT COALESCE(MAX(r.id), 0) FROM chat_messages r \
                          WHERE r.conversation_id = c.id AND r.sender = 'agent')) AS waiting_since, \
           c.updated_at \
         FROM chat_conversations c LEFT JOIN users a ON a.id = c.agent_id \
         LEFT JOIN chat_messages l ON l.id = (SELECT MAX(m.id) FROM chat_messages m WHERE m.conversation_id = c.id) \
         ORDER BY CASE WHEN c.status = $1 THEN 0 ELSE 1 END, c.updated_at DESC LIMIT 100",
    )
    .bind(ConversationStatus::Open.code())
    .fetch_all(pool)
    .await?;
    let mut out: Vec<ConversationSummary> = rows
        .into_iter()
        .map(|r| {
            Ok(ConversationSummary {
            id: r.id,
            shopper_name: r.shopper_name,
            status: parse_status(&r.status)?,
            agent_id: r.agent_id,
            agent_name: r.agent_name,
            last_text: match r.last_kind.as_deref() {
                Some("product") => serde_json::from_str::<Body>(r.last_body.as_deref().unwrap_or_default())
                    .map(|b| match b {
                        Body::Product { name, .. } => name,
                        Body::Text { text } => text,
                        Body::Image { .. } => String::new(),
                    })
                    .unwrap_or_default(),
                Some("image") => String::new(),
                _ => r.last_body.unwrap_or_default().chars().take(80).collect(),
            },
            last_kind: r.last_kind.unwrap_or_default(),
            unread: r.unread,
            waiting_since: r.waiting_since.unwrap_or(0),
            updated_at: r.updated_at,
        })
        })
        .collect::<sqlx::Result<_>>()?;
    // Open and waiting: the longest wait first.
    out.sort_by_key(|c| (c.status != ConversationStatus::Open, c.waiting_since == 0, c.waiting_since, -c.updated_at));
    Ok(out)
}

pub async fn assign(pool: &AnyPool, conversation_id: i64, agent_id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE chat_conversations SET agent_id = $2, updated_at = $3 WHERE id = $1")
        .bind(conversation_id)
        .bind(agent_id)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Resolves (recording when) or reopens a conversation.
pub async fn set_status(
    pool: &AnyPool,
    conversation_id: i64,
    status: ConversationStatus,
    now: i64,
) -> sqlx::Result<bool> {
    let resolved_at = (status == ConversationStatus::Resolved).then_some(now);
    let done = sqlx::query(
        "UPDATE chat_conversations SET status = $2, resolved_at = $3, updated_at = $4 WHERE id = $1 AND status <> $2",
    )
    .bind(conversation_id)
    .bind(status.code())
    .bind(resolved_at)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn is_agent(pool: &AnyPool, user_id: i64) -> sqlx::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE id = $1 AND role IN ('agent', 'admin')")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
    Ok(n == 1)
}

/// What became of a rating.
#[derive(Debug, PartialEq, Eq)]
pub enum Rated {
    /// Stored, on this conversation.
    Now(i64),
    /// The conversation was rated before; a rating is given once.
    Already,
    /// No resolved conversation to rate.
    NotResolved,
}

/// The shopper rates their latest conversation once it is resolved, and
/// only once (checked and stored in one statement).
pub async fn rate(pool: &AnyPool, owner: &CartOwner, rating: i64) -> sqlx::Result<Rated> {
    let Some(row) = conversation_of(pool, owner).await? else { return Ok(Rated::NotResolved) };
    let done = sqlx::query(
        "UPDATE chat_conversations SET rating = $2 WHERE id = $1 AND status = $3 AND rating IS NULL",
    )
    .bind(row.id)
    .bind(rating)
    .bind(ConversationStatus::Resolved.code())
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Rated::Now(row.id));
    }
    // Read again: a rating given meanwhile (another tab) counts as given.
    let rated = conversation(pool, row.id).await?.is_some_and(|c| c.rating.is_some());
    Ok(if rated { Rated::Already } else { Rated::NotResolved })
}

pub async fn agents(pool: &AnyPool) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM users WHERE role IN ('agent', 'admin') ORDER BY name").fetch_all(pool).await
}

pub async fn canned(pool: &AnyPool) -> sqlx::Result<Vec<CannedReply>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, title, body FROM canned_replies ORDER BY title").fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(id, title, body)| CannedReply { id, title, body }).collect())
}

pub async fn add_canned(pool: &AnyPool, title: &str, body: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO canned_replies (title, body, created_at) VALUES ($1, $2, $3)")
        .bind(title)
        .bind(body)
        .bind(now)
        .execute(pool)
        .await
        .map(drop)
}

pub async fn delete_canned(pool: &AnyPool, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM canned_replies WHERE id = $1").bind(id).execute(pool).await.map(drop)
}

/// A guest who signs in keeps their conversation: it moves to the account
/// (unless the account already has one).
pub async fn adopt(pool: &AnyPool, visitor_hash: &str, user_id: i64, name: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE chat_conversations SET user_id = $2, shopper_name = $3 WHERE visitor_hash = $1 AND user_id IS NULL \
         AND NOT EXISTS (SELECT 1 FROM chat_conversations o WHERE o.user_id = $2)",
    )
    .bind(visitor_hash)
    .bind(user_id)
    .bind(name)
    .execute(pool)
    .await
    .map(drop)
}

/// The conversation a chat photo belongs to.
pub async fn conversation_of_file(pool: &AnyPool, file: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT conversation_id FROM chat_messages WHERE kind = 'image' AND body = $1")
        .bind(file)
        .fetch_optional(pool)
        .await
}
