//! The in-process event bus: how a lower layer tells a higher one that
//! something happened without importing it ("the cart changed" reaches the
//! chat, which lies above the cart). Events are hints to react to; what they
//! announce is already committed to the database.

use super::identity::CartOwner;
use tokio::sync::broadcast;

#[derive(Clone, Debug)]
pub enum Event {
    /// A shopper's cart lines changed.
    CartChanged(CartOwner),
}

#[derive(Clone)]
pub struct EventBus(broadcast::Sender<Event>);

impl Default for EventBus {
    fn default() -> Self {
        EventBus(broadcast::channel(1024).0)
    }
}

impl EventBus {
    /// Tells whoever listens; with nobody listening the event is dropped.
    pub fn publish(&self, event: Event) {
        let _ = self.0.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.0.subscribe()
    }
}
