//! Fan-out between chat connections, behind one interface: `LocalHub` serves
//! a single server; a PostgreSQL LISTEN/NOTIFY hub for several instances can
//! implement `ChatHub` without touching the socket handlers. Also agent
//! presence, which decides the shopper's "no agent online" state.

use super::ServerMsg;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use tokio::sync::broadcast;

/// Who an event is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Audience {
    /// The shopper's tabs of this conversation and every agent.
    Conversation(i64),
    /// Only the shopper's tabs of this conversation.
    Shopper(i64),
    /// Every agent.
    Agents,
    /// Every connection.
    Everyone,
}

#[derive(Clone, Debug)]
pub struct HubEvent {
    pub audience: Audience,
    pub msg: ServerMsg,
    /// The connection that caused it (it already has its answer), if any.
    pub from_connection: Option<u64>,
}

impl HubEvent {
    pub fn to_agents(msg: ServerMsg) -> HubEvent {
        HubEvent { audience: Audience::Agents, msg, from_connection: None }
    }
}

/// What a connection listens to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Agents: every conversation's events and the agents' own.
    Agents,
    /// Shoppers: what concerns everyone (agent presence).
    Shoppers,
    /// One conversation's shopper tabs.
    Conversation(i64),
}

/// Publishes an event to the connections of every server instance that
/// listen to its topics. Messages are already stored when they are
/// published: a connection that misses an event (lagging, reconnecting)
/// reads the database on resume.
pub trait ChatHub: Send + Sync + 'static {
    fn publish(&self, event: HubEvent);
    fn subscribe(&self, topic: Topic) -> broadcast::Receiver<HubEvent>;
}

/// One process: tokio broadcast channels, one for agents, one for all
/// shoppers, and one per conversation with a tab open (so a message wakes
/// its own conversation's tabs and the agents, not every idle shopper).
pub struct LocalHub {
    agents: broadcast::Sender<HubEvent>,
    shoppers: broadcast::Sender<HubEvent>,
    conversations: Mutex<HashMap<i64, broadcast::Sender<HubEvent>>>,
}

impl LocalHub {
    pub fn new() -> LocalHub {
        LocalHub {
            agents: broadcast::channel(4096).0,
            shoppers: broadcast::channel(256).0,
            conversations: Mutex::default(),
        }
    }

    fn to_conversation(&self, id: i64, event: HubEvent) {
        let Ok(mut map) = self.conversations.lock() else { return };
        if let Some(tx) = map.get(&id) {
            if tx.send(event).is_err() {
                // Nobody listens any more: forget the channel.
                map.remove(&id);
            }
        }
    }
}

impl Default for LocalHub {
    fn default() -> Self {
        Self::new()
    }
}

impl ChatHub for LocalHub {
    fn publish(&self, event: HubEvent) {
        // A send without receivers is not an error: nobody is connected.
        match event.audience {
            Audience::Conversation(id) => {
                let _ = self.agents.send(event.clone());
                self.to_conversation(id, event);
            }
            Audience::Shopper(id) => self.to_conversation(id, event),
            Audience::Agents => {
                let _ = self.agents.send(event);
            }
            Audience::Everyone => {
                let _ = self.agents.send(event.clone());
                let _ = self.shoppers.send(event);
            }
        }
    }

    fn subscribe(&self, topic: Topic) -> broadcast::Receiver<HubEvent> {
        match topic {
            Topic::Agents => self.agents.subscribe(),
            Topic::Shoppers => self.shoppers.subscribe(),
            Topic::Conversation(id) => match self.conversations.lock() {
                Ok(mut map) => map.entry(id).or_insert_with(|| broadcast::channel(256).0).subscribe(),
                Err(_) => broadcast::channel(1).1,
            },
        }
    }
}

/// Agents connected to this server, by user id: open sockets and whether
/// they marked themselves away.
#[derive(Default)]
pub struct Presence {
    agents: Mutex<HashMap<i64, (usize, bool)>>,
}

impl Presence {
    /// Whether any agent socket is open here (online or away): only then is
    /// an agents' event worth preparing.
    pub fn agents_connected(&self) -> bool {
        self.agents.lock().map(|a| !a.is_empty()).unwrap_or(false)
    }
    pub fn agents_online(&self) -> bool {
        self.agents.lock().map(|a| a.values().any(|(sockets, away)| *sockets > 0 && !away)).unwrap_or(false)
    }
    /// Returns whether `agents_online` changed.
    pub fn connect(&self, agent: i64) -> bool {
        self.change(|a| a.entry(agent).or_insert((0, false)).0 += 1)
    }
    pub fn disconnect(&self, agent: i64) -> bool {
        self.change(|a| {
            if let Some(entry) = a.get_mut(&agent) {
                entry.0 = entry.0.saturating_sub(1);
                if entry.0 == 0 {
                    a.remove(&agent);
                }
            }
        })
    }
    pub fn set_away(&self, agent: i64, away: bool) -> bool {
        self.change(|a| {
            if let Some(entry) = a.get_mut(&agent) {
                entry.1 = away;
            }
        })
    }
    fn change(&self, f: impl FnOnce(&mut HashMap<i64, (usize, bool)>)) -> bool {
        let before = self.agents_online();
        if let Ok(mut agents) = self.agents.lock() {
            f(&mut agents);
        }
        before != self.agents_online()
    }
}

/// How fast one shopper may send (messages and photos, across their tabs):
/// a burst of `RATE_LIMIT`, then one every `RATE_WINDOW_MS / RATE_LIMIT`
/// (governor's GCRA, keyed by shopper).
pub struct RateLimiter {
    limiter: governor::DefaultKeyedRateLimiter<String>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        let per_message = std::time::Duration::from_millis((super::RATE_WINDOW_MS / super::RATE_LIMIT as i64) as u64);
        let burst = std::num::NonZeroU32::new(super::RATE_LIMIT as u32).unwrap_or(std::num::NonZeroU32::MIN);
        let quota = governor::Quota::with_period(per_message).unwrap_or(governor::Quota::per_second(burst)).allow_burst(burst);
        RateLimiter { limiter: governor::RateLimiter::keyed(quota) }
    }
}

impl RateLimiter {
    /// Counts a send by `who`, unless they are over their rate.
    pub fn allow(&self, who: &str) -> bool {
        if self.limiter.len() > 10_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&who.to_string()).is_ok()
    }
}

/// Everything the chat keeps in the application state.
#[derive(Clone)]
pub struct ChatState {
    pub hub: Arc<dyn ChatHub>,
    pub presence: Arc<Presence>,
    pub limiter: Arc<RateLimiter>,
}

impl Default for ChatState {
    fn default() -> Self {
        ChatState { hub: Arc::new(LocalHub::new()), presence: Arc::default(), limiter: Arc::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reaches_its_conversation_and_the_agents_only() {
        let hub = LocalHub::new();
        let mut agent = hub.subscribe(Topic::Agents);
        let mut mine = hub.subscribe(Topic::Conversation(1));
        let mut other = hub.subscribe(Topic::Conversation(2));
        let mut idle = hub.subscribe(Topic::Shoppers);
        hub.publish(HubEvent { audience: Audience::Conversation(1), msg: ServerMsg::Pong, from_connection: None });
        assert!(agent.try_recv().is_ok() && mine.try_recv().is_ok());
        assert!(other.try_recv().is_err() && idle.try_recv().is_err());
        hub.publish(HubEvent { audience: Audience::Everyone, msg: ServerMsg::Pong, from_connection: None });
        assert!(idle.try_recv().is_ok() && agent.try_recv().is_ok() && mine.try_recv().is_err());
        drop(other);
        hub.publish(HubEvent { audience: Audience::Shopper(2), msg: ServerMsg::Pong, from_connection: None });
        assert!(!hub.conversations.lock().unwrap().contains_key(&2), "an unheard conversation's channel is dropped");
    }

    #[test]
    fn presence_follows_sockets_and_away() {
        let p = Presence::default();
        assert!(!p.agents_online());
        assert!(p.connect(7));
        assert!(!p.connect(7), "a second tab changes nothing");
        assert!(p.set_away(7, true));
        assert!(!p.agents_online());
        assert!(p.agents_connected(), "away is still connected");
        assert!(p.set_away(7, false));
        assert!(!p.disconnect(7));
        assert!(p.disconnect(7));
        assert!(!p.agents_online());
    }

    #[test]
    fn a_shopper_may_send_a_burst_and_is_then_slowed_alone() {
        let r = RateLimiter::default();
        assert!((0..crate::chat::RATE_LIMIT).all(|_| r.allow("v")), "a burst of RATE_LIMIT passes");
        assert!(!r.allow("v"), "the next one at once is refused");
        assert!(r.allow("other"), "another shopper is not slowed");
    }
}
