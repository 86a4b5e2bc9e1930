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

/// Publishes an event to every connection of every server instance that
/// subscribed. Messages are already stored when they are published: a
/// connection that misses an event (lagging, reconnecting) reads the
/// database on resume.
pub trait ChatHub: Send + Sync + 'static {
    fn publish(&self, event: HubEvent);
    fn subscribe(&self) -> broadcast::Receiver<HubEvent>;
}

/// One process: a tokio broadcast channel.
pub struct LocalHub {
    tx: broadcast::Sender<HubEvent>,
}

impl LocalHub {
    pub fn new() -> LocalHub {
        LocalHub { tx: broadcast::channel(4096).0 }
    }
}

impl Default for LocalHub {
    fn default() -> Self {
        Self::new()
    }
}

impl ChatHub for LocalHub {
    fn publish(&self, event: HubEvent) {
        // No subscriber is not an error: nobody is connected.
        let _ = self.tx.send(event);
    }
    fn subscribe(&self) -> broadcast::Receiver<HubEvent> {
        self.tx.subscribe()
    }
}

/// Agents connected to this server, by user id: open sockets and whether
/// they marked themselves away.
#[derive(Default)]
pub struct Presence {
    agents: Mutex<HashMap<i64, (usize, bool)>>,
}

impl Presence {
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

/// Recent sends per shopper (visitor or account), shared by their tabs.
#[derive(Default)]
pub struct RateLimiter {
    recent: Mutex<HashMap<String, Vec<i64>>>,
}

impl RateLimiter {
    /// Records a send at `now` unless `limit` sends already fall in the window.
    pub fn allow(&self, who: &str, now: i64, limit: usize, window_ms: i64) -> bool {
        let Ok(mut recent) = self.recent.lock() else { return false };
        if recent.len() > 10_000 {
            recent.retain(|_, times| times.iter().any(|t| now - t < window_ms));
        }
        let times = recent.entry(who.to_string()).or_default();
        times.retain(|t| now - t < window_ms);
        if times.len() >= limit {
            return false;
        }
        times.push(now);
        true
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
        ChatState {
            hub: Arc::new(LocalHub::new()),
            presence: Arc::default(),
            limiter: Arc::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_follows_sockets_and_away() {
        let p = Presence::default();
        assert!(!p.agents_online());
        assert!(p.connect(7));
        assert!(!p.connect(7), "a second tab changes nothing");
        assert!(p.set_away(7, true));
        assert!(!p.agents_online());
        assert!(p.set_away(7, false));
        assert!(!p.disconnect(7));
        assert!(p.disconnect(7));
        assert!(!p.agents_online());
    }

    #[test]
    fn the_rate_limit_counts_within_its_window() {
        let r = RateLimiter::default();
        assert!((0..3).all(|i| r.allow("v", 1000 + i, 3, 10_000)));
        assert!(!r.allow("v", 2000, 3, 10_000));
        assert!(r.allow("other", 2000, 3, 10_000));
        assert!(r.allow("v", 11_001, 3, 10_000));
    }
}
