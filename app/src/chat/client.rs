//! The browser end of a chat socket (gloo-net): connects, says hello,
//! forwards outgoing frames, pings when quiet, and reconnects with backoff
//! after a drop, for as long as its owner is alive.

use super::{ClientMsg, ServerMsg};
use futures::{channel::mpsc, FutureExt, StreamExt};
use gloo_net::websocket::{futures::WebSocket, Message};
use leptos::prelude::*;
use std::{cell::Cell, rc::Rc};

/// Sends frames to the server; frames sent while disconnected are dropped,
/// so callers keep what must survive (unacknowledged messages) and resend it
/// from `hello`.
#[derive(Clone)]
pub struct Socket {
    out: mpsc::UnboundedSender<ClientMsg>,
    alive: Rc<Cell<bool>>,
}

impl Socket {
    pub fn send(&self, msg: ClientMsg) {
        let _ = self.out.unbounded_send(msg);
    }
    /// Stops reconnecting and closes the socket.
    pub fn close(&self) {
        self.alive.set(false);
        self.out.close_channel();
    }
}

/// A quiet connection sends a ping this often…
const PING_AFTER_MS: u32 = 20_000;
/// …and one that heard nothing for this long is dropped and reopened.
const DEAD_AFTER_MS: f64 = 50_000.0;

pub fn connect(
    path: &'static str,
    before: impl std::future::Future<Output = ()> + 'static,
    hello: impl Fn() -> Vec<ClientMsg> + 'static,
    on_msg: impl Fn(ServerMsg) + 'static,
    connected: RwSignal<bool>,
) -> Socket {
    let (out, mut rx) = mpsc::unbounded::<ClientMsg>();
    let alive = Rc::new(Cell::new(true));
    let socket = Socket { out, alive: alive.clone() };
    leptos::task::spawn_local(async move {
        before.await;
        let mut backoff = 500u32;
        while alive.get() {
            let Some(url) = socket_url(path) else { return };
            if let Ok(ws) = WebSocket::open(&url) {
                let (mut write, read) = ws.split();
                let mut read = read.fuse();
                let mut ok = true;
                // The ping's pong tells a socket with nothing to say that it is up.
                for msg in hello().into_iter().chain([ClientMsg::Ping]) {
                    ok &= send(&mut write, &msg).await;
                }
                let mut last_heard = js_sys::Date::now();
                while ok && alive.get() {
                    futures::select! {
                        incoming = read.next() => match incoming {
                            Some(Ok(Message::Text(text))) => {
                                last_heard = js_sys::Date::now();
                                if !connected.get_untracked() {
                                    connected.set(true);
                                    backoff = 500;
                                }
                                if let Ok(msg) = serde_json::from_str::<ServerMsg>(&text) {
                                    on_msg(msg);
                                }
                            }
                            Some(Ok(Message::Bytes(_))) => {}
                            _ => ok = false,
                        },
                        outgoing = rx.next() => match outgoing {
                            Some(msg) => ok = send(&mut write, &msg).await,
                            None => return,
                        },
                        _ = sleep(PING_AFTER_MS).fuse() => {
                            if js_sys::Date::now() - last_heard > DEAD_AFTER_MS {
                                ok = false;
                            } else {
                                ok = send(&mut write, &ClientMsg::Ping).await;
                            }
                        }
                    }
                }
            }
            connected.set(false);
            if !alive.get() {
                return;
            }
            sleep(backoff).await;
            backoff = (backoff * 2).min(15_000);
        }
    });
    socket
}

async fn send(write: &mut futures::stream::SplitSink<WebSocket, Message>, msg: &ClientMsg) -> bool {
    use futures::SinkExt;
    match serde_json::to_string(msg) {
        Ok(json) => write.send(Message::Text(json)).await.is_ok(),
        Err(_) => true,
    }
}

fn socket_url(path: &str) -> Option<String> {
    let location = window().location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    Some(format!("{scheme}://{}{path}", location.host().ok()?))
}

pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Shows "… is typing" for a few seconds after the other side's last
/// keystroke signal (a newer signal keeps it up).
pub fn show_typing<T: Clone + Send + Sync + 'static>(typing: RwSignal<Option<T>>, who: T) {
    typing.set(Some(who));
    thread_local!(static SEQ: Cell<u64> = const { Cell::new(0) });
    let mine = SEQ.with(|s| {
        s.set(s.get() + 1);
        s.get()
    });
    leptos::task::spawn_local(async move {
        sleep(4000).await;
        if SEQ.with(|s| s.get()) == mine {
            typing.set(None);
        }
    });
}

/// A fresh client id for a message (time + randomness; unique per tab).
pub fn client_id() -> String {
    format!("c{}-{}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e12) as u64)
}
