//! Chat over the real WebSocket endpoints: storage before acknowledgement,
//! resends and resumes without loss or duplicates (across a restart), who
//! may read what, and the limits on what a shopper may send.

use super::*;
use app::chat::{Body, ClientMsg, Sender, ServerMsg};
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

type Stream = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

struct Ws(Stream);

impl Shopper {
    fn cookie_header(&self) -> String {
        use reqwest::cookie::CookieStore;
        self.jar.cookies(&self.base.parse().unwrap()).map(|h| h.to_str().unwrap().to_string()).unwrap_or_default()
    }

    /// Opens a chat socket as this browser would (its cookies, its origin).
    async fn socket(&self, path: &str) -> Result<Ws, u16> {
        self.socket_from(path, &self.base.clone()).await
    }

    async fn socket_from(&self, path: &str, origin: &str) -> Result<Ws, u16> {
        let url = format!("{}{path}", self.base.replace("http://", "ws://"));
        let mut req = url.into_client_request().unwrap();
        req.headers_mut().insert("origin", origin.parse().unwrap());
        let cookies = self.cookie_header();
        if !cookies.is_empty() {
            req.headers_mut().insert("cookie", cookies.parse().unwrap());
        }
        match tokio_tungstenite::connect_async(req).await {
            Ok((stream, _)) => Ok(Ws(stream)),
            Err(tokio_tungstenite::tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
            Err(e) => panic!("socket: {e}"),
        }
    }

    async fn begin_chat(&self) {
        let (status, body) = self.call("chat_begin", &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

impl Ws {
    async fn send(&mut self, msg: ClientMsg) {
        self.0.send(Message::Text(serde_json::to_string(&msg).unwrap().into())).await.unwrap();
    }

    /// The next frame the server sends, within 5 s (None: nothing came).
    async fn next(&mut self) -> Option<ServerMsg> {
        loop {
            match tokio::time::timeout(std::time::Duration::from_secs(5), self.0.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => return Some(serde_json::from_str(&text).expect("a typed frame")),
                Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
                _ => return None,
            }
        }
    }

    /// Skips frames until one matches.
    async fn until(&mut self, mut want: impl FnMut(&ServerMsg) -> bool) -> ServerMsg {
        loop {
            let msg = self.next().await.expect("the awaited frame never came");
            if want(&msg) {
                return msg;
            }
        }
    }

    /// Everything the server sends until it has been quiet for a moment.
    async fn drain(&mut self) -> Vec<ServerMsg> {
        let mut out = Vec::new();
        while let Ok(Some(Ok(frame))) = tokio::time::timeout(std::time::Duration::from_millis(700), self.0.next()).await
        {
            if let Message::Text(text) = frame {
                out.push(serde_json::from_str(&text).unwrap());
            }
        }
        out
    }

    async fn say(&mut self, client_id: &str, text: &str) -> ServerMsg {
        self.send(ClientMsg::Send { conversation_id: 0, client_id: client_id.into(), text: text.into() }).await;
        let id = client_id.to_string();
        self.until(|m| matches!(m, ServerMsg::Ack { client_id, .. } | ServerMsg::Error { client_id: Some(client_id), .. } if *client_id == id))
            .await
    }
}

fn acked_id(msg: &ServerMsg) -> i64 {
    match msg {
        ServerMsg::Ack { id, .. } => *id,
        other => panic!("expected an ack, got {other:?}"),
    }
}

fn texts(msgs: &[ServerMsg]) -> Vec<String> {
    msgs.iter()
        .filter_map(|m| match m {
            ServerMsg::Message { message } => match &message.body {
                Body::Text { text } => Some(text.clone()),
                Body::Product { name, .. } => Some(format!("card:{name}")),
                Body::Image { url } => Some(format!("photo:{url}")),
            },
            _ => None,
        })
        .collect()
}

async fn message_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM chat_messages").fetch_one(&app.state.pool).await.unwrap()
}

async fn agent(app: &TestApp) -> Shopper {
    let agent = app.shopper();
    assert_eq!(agent.login("admin@etalase.local", ADMIN_PASSWORD).await, StatusCode::OK);
    agent
}

pub async fn chat_loses_and_duplicates_nothing_across_drops_and_restarts(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    shopper.begin_chat().await;
    let mut ws = shopper.socket("/chat/ws").await.expect("shopper socket");
    ws.send(ClientMsg::Hello { after: 0, page: "/p/kemeja-linen-lengan-panjang".into() }).await;
    assert!(matches!(ws.next().await, Some(ServerMsg::Welcome { conversation_id: 0, .. })));
    let first = acked_id(&ws.say("m-1", "Halo, ada ukuran L?").await);
    // The tab lost the ack and sends again: same id, nothing new stored.
    assert_eq!(acked_id(&ws.say("m-1", "Halo, ada ukuran L?").await), first);
    assert_eq!(message_count(&app).await, 1);

    // The agent answers while the shopper's connection is gone.
    drop(ws);
    let agent = agent(&app).await;
    let mut agent_ws = agent.socket("/chat/agent/ws").await.expect("agent socket");
    let conversation: i64 =
        sqlx::query_scalar("SELECT id FROM chat_conversations").fetch_one(&app.state.pool).await.unwrap();
    agent_ws.send(ClientMsg::Open { conversation_id: conversation, after: 0 }).await;
    let history = agent_ws.drain().await;
    assert_eq!(texts(&history), ["Halo, ada ukuran L?"]);
    agent_ws
        .send(ClientMsg::Send { conversation_id: conversation, client_id: "a-1".into(), text: "Ada, Kak!".into() })
        .await;
    let reply = acked_id(&agent_ws.until(|m| matches!(m, ServerMsg::Ack { .. })).await);
    drop(agent_ws);

    // The server restarts; the shopper comes back with the last id it saw.
    let app = app.restart().await;
    let shopper = Shopper { base: app.base.clone(), ..shopper };
    let mut ws = shopper.socket("/chat/ws").await.expect("shopper socket after restart");
    ws.send(ClientMsg::Hello { after: first, page: "/".into() }).await;
    let resumed = ws.drain().await;
    assert!(
        matches!(resumed.first(), Some(ServerMsg::Welcome { conversation_id, .. }) if *conversation_id == conversation)
    );
    assert_eq!(texts(&resumed), ["Ada, Kak!"], "exactly the missed message, once");
    let ids: Vec<i64> = resumed
        .iter()
        .filter_map(|m| if let ServerMsg::Message { message } = m { Some(message.id) } else { None })
        .collect();
    assert_eq!(ids, [reply]);
    // A fresh tab (nothing seen) gets the whole history in order.
    let mut fresh = shopper.socket("/chat/ws").await.unwrap();
    fresh.send(ClientMsg::Hello { after: 0, page: "/".into() }).await;
    assert_eq!(texts(&fresh.drain().await), ["Halo, ada ukuran L?", "Ada, Kak!"]);
    assert_eq!(message_count(&app).await, 2);
    // The first agent answer is the conversation's first-response time.
    let first_response: Option<i64> = sqlx::query_scalar("SELECT first_response_at FROM chat_conversations")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert!(first_response.is_some());
}

pub async fn chat_delivers_live_both_ways_with_cards_reads_and_cart(engine: Engine) {
    let app = spawn(engine).await;
    let (variant, _) = app.variant_with_stock(5).await;
    let shopper = app.shopper();
    shopper.begin_chat().await;
    assert_eq!(shopper.add(variant, "1").await.0, StatusCode::OK);
    let mut ws = shopper.socket("/chat/ws").await.unwrap();
    ws.send(ClientMsg::Hello { after: 0, page: "/cart".into() }).await;
    ws.drain().await;
    let asked = acked_id(&ws.say("s-1", "Bisa kirim hari ini?").await);

    let agent = agent(&app).await;
    let mut agent_ws = agent.socket("/chat/agent/ws").await.unwrap();
    // Presence reaches the shopper: an agent is online now.
    assert!(matches!(
        ws.until(|m| matches!(m, ServerMsg::Presence { .. })).await,
        ServerMsg::Presence { agents_online: true }
    ));
    let (_, queue) = agent.call("chat_queue", &[]).await;
    let row = &queue.as_array().expect("queue")[0];
    assert_eq!(row["unread"], 1);
    assert!(row["waiting_since"].as_i64().unwrap() > 0);
    let conversation = row["id"].as_i64().unwrap();
    let (status, _) =
        agent.call("chat_act", &[("conversation_id", &conversation.to_string()), ("action", "claim")]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, context) = agent.call("chat_context", &[("conversation_id", &conversation.to_string())]).await;
    assert_eq!(context["current_page"], "/cart");
    assert_eq!(context["cart"]["lines"][0]["variant_id"], variant);
    assert_eq!(context["agent_name"], "Admin");
    // Handing over: to another agent yes, to a shopper no.
    let rina = app.user("rina@etalase.local", "Rina", app::model::Role::Agent).await;
    let conv = conversation.to_string();
    let hand = |to: i64| {
        let to = to.to_string();
        let conv = conv.clone();
        let agent = &agent;
        async move { agent.call("chat_act", &[("conversation_id", &conv), ("action", "assign"), ("agent_id", &to)]).await.0 }
    };
    assert_eq!(hand(rina).await, StatusCode::OK);
    let (_, context) = agent.call("chat_context", &[("conversation_id", &conversation.to_string())]).await;
    assert_eq!(context["agent_name"], "Rina");
    let shopper_id = app.user("budi@example.id", "Budi", app::model::Role::Shopper).await;
    assert_eq!(hand(shopper_id).await, StatusCode::UNPROCESSABLE_ENTITY);

    agent_ws.send(ClientMsg::Open { conversation_id: conversation, after: 0 }).await;
    // The panel got the message (delivered), then the agent read it.
    agent_ws.send(ClientMsg::Delivered { conversation_id: conversation, up_to: asked }).await;
    let delivered = ws.until(|m| matches!(m, ServerMsg::Delivered { .. })).await;
    assert_eq!(delivered, ServerMsg::Delivered { conversation_id: conversation, up_to: asked });
    agent_ws.send(ClientMsg::Read { conversation_id: conversation, up_to: asked }).await;
    agent_ws
        .send(ClientMsg::Send { conversation_id: conversation, client_id: "a-1".into(), text: "Bisa, Kak.".into() })
        .await;
    agent_ws
        .send(ClientMsg::Product {
            conversation_id: conversation,
            client_id: "a-2".into(),
            slug: "kemeja-linen-lengan-panjang".into(),
        })
        .await;
    // The shopper sees the read mark, the reply and the card, live.
    let read = ws.until(|m| matches!(m, ServerMsg::Read { .. })).await;
    assert!(matches!(read, ServerMsg::Read { by: Sender::Agent, up_to, .. } if up_to == asked));
    let reply = ws.until(|m| matches!(m, ServerMsg::Message { .. })).await;
    assert_eq!(texts(&[reply]), ["Bisa, Kak."]);
    let card = ws.until(|m| matches!(m, ServerMsg::Message { .. })).await;
    let ServerMsg::Message { message } = card else { unreachable!() };
    let Body::Product { variant_id, price, name, .. } = message.body else { panic!("a product card") };
    assert!(variant_id > 0 && price > 0 && !name.is_empty());
    // Adding the card's product to the cart tells the agent's panel.
    agent_ws.drain().await;
    assert_eq!(shopper.add(variant_id, "1").await.0, StatusCode::OK);
    let changed = agent_ws.until(|m| matches!(m, ServerMsg::ContextChanged { .. })).await;
    assert_eq!(changed, ServerMsg::ContextChanged { conversation_id: conversation });

    // Resolve, then the shopper rates it (once resolved, 1 to 5 only).
    assert_eq!(shopper.call("chat_rate", &[("rating", "5")]).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    agent.call("chat_act", &[("conversation_id", &conversation.to_string()), ("action", "resolve")]).await;
    assert!(matches!(
        ws.until(|m| matches!(m, ServerMsg::Status { .. })).await,
        ServerMsg::Status { resolved: true, .. }
    ));
    assert_eq!(shopper.call("chat_rate", &[("rating", "9")]).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    agent_ws.drain().await;
    assert_eq!(shopper.call("chat_rate", &[("rating", "4")]).await.0, StatusCode::OK);
    // The agent's panel learns of the rating without a reload.
    let changed = agent_ws.until(|m| matches!(m, ServerMsg::ContextChanged { .. })).await;
    assert_eq!(changed, ServerMsg::ContextChanged { conversation_id: conversation });
    let (rating, resolved_at): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT rating, resolved_at FROM chat_conversations WHERE id = $1")
            .bind(conversation)
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
    assert_eq!(rating, Some(4));
    assert!(resolved_at.is_some());
    // A second tap does not overwrite it: it says so.
    let (status, body) = shopper.call("chat_rate", &[("rating", "1")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("sudah memberi penilaian"), "{body}");
    // Writing again reopens the conversation but keeps its rating, and a new
    // tab is told it was rated (no prompt comes back).
    ws.say("m-3", "Satu lagi, Kak").await;
    agent.call("chat_act", &[("conversation_id", &conversation.to_string()), ("action", "resolve")]).await;
    assert_eq!(shopper.call("chat_rate", &[("rating", "2")]).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let mut tab = shopper.socket("/chat/ws").await.unwrap();
    tab.send(ClientMsg::Hello { after: 0, page: "/".into() }).await;
    assert!(matches!(tab.next().await, Some(ServerMsg::Welcome { rated: true, resolved: true, .. })));
    let rating: Option<i64> = sqlx::query_scalar("SELECT rating FROM chat_conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(rating, Some(4));

    // Moving to another page tells the agent's panel, which reads it there.
    agent_ws.drain().await;
    tab.send(ClientMsg::Page { page: "/c/kemeja".into() }).await;
    let changed = agent_ws.until(|m| matches!(m, ServerMsg::ContextChanged { .. })).await;
    assert_eq!(changed, ServerMsg::ContextChanged { conversation_id: conversation });
    let (_, context) = agent.call("chat_context", &[("conversation_id", &conversation.to_string())]).await;
    assert_eq!(context["current_page"], "/c/kemeja");
}

pub async fn a_shopper_reads_only_their_own_conversation(engine: Engine) {
    let app = spawn(engine).await;
    let alice = app.shopper();
    alice.begin_chat().await;
    let mut alice_ws = alice.socket("/chat/ws").await.unwrap();
    alice_ws.send(ClientMsg::Hello { after: 0, page: "/".into() }).await;
    alice_ws.say("a-1", "Alamat saya Jl. Braga 12").await;
    let conversation: i64 =
        sqlx::query_scalar("SELECT id FROM chat_conversations").fetch_one(&app.state.pool).await.unwrap();

    let mallory = app.shopper();
    // No visitor cookie yet: no socket.
    assert_eq!(mallory.socket("/chat/ws").await.err(), Some(401));
    mallory.begin_chat().await;
    let mut ws = mallory.socket("/chat/ws").await.unwrap();
    ws.send(ClientMsg::Hello { after: 0, page: "/".into() }).await;
    // Asking for someone else's conversation like an agent does is ignored.
    ws.send(ClientMsg::Open { conversation_id: conversation, after: 0 }).await;
    ws.send(ClientMsg::Read { conversation_id: conversation, up_to: 1_000 }).await;
    alice_ws.say("a-2", "Nomor HP 0812").await;
    let seen = ws.drain().await;
    assert!(matches!(seen.first(), Some(ServerMsg::Welcome { conversation_id: 0, .. })));
    assert!(texts(&seen).is_empty(), "another shopper's messages leaked: {seen:?}");
    // Nor through the agents' socket or functions.
    assert_eq!(mallory.socket("/chat/agent/ws").await.err(), Some(401));
    let (status, _) = mallory.call("chat_context", &[("conversation_id", &conversation.to_string())]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(mallory.call("chat_queue", &[]).await.0, StatusCode::UNAUTHORIZED);
    // A page on another site cannot open a socket with the shopper's cookies.
    assert_eq!(alice.socket_from("/chat/ws", "https://evil.example").await.err(), Some(403));
}

pub async fn chat_refuses_bad_input_with_clear_errors_and_stores_nothing(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    shopper.begin_chat().await;
    let mut ws = shopper.socket("/chat/ws").await.unwrap();
    ws.send(ClientMsg::Hello { after: 0, page: "/".into() }).await;
    ws.drain().await;
    let refused = |m: ServerMsg| match m {
        ServerMsg::Error { message, .. } => message,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(refused(ws.say("e-1", "   ").await), "Pesan masih kosong.");
    assert!(refused(ws.say("e-2", &"a".repeat(2001)).await).contains("terlalu panjang"));
    ws.send(ClientMsg::Send { conversation_id: 0, client_id: "bad id <x>".into(), text: "hai".into() }).await;
    assert!(matches!(ws.next().await, Some(ServerMsg::Error { client_id: None, .. })));
    ws.0.send(Message::Text("{\"t\":\"send\",\"text\":1}".into())).await.unwrap();
    assert_eq!(refused(ws.next().await.unwrap()), "Pesan tidak dapat dibaca.");
    assert_eq!(message_count(&app).await, 0);
    // The injected markup is stored and handed to agents as the shopper
    // wrote it, as data (the browser test shows both views render it as text).
    let injection = "<img src=x onerror=alert(1)>";
    acked_id(&ws.say("x-1", injection).await);
    let agent = agent(&app).await;
    let (status, queue) = agent.call("chat_queue", &[]).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue[0]["last_text"], injection);
    assert_eq!(queue[0]["last_kind"], "text");
    // Flooding: the limit answers with a clear message, and nothing more is stored.
    let mut refused_count = 0;
    for i in 0..12 {
        if matches!(ws.say(&format!("f-{i}"), "cepat").await, ServerMsg::Error { .. }) {
            refused_count += 1;
        }
    }
    assert!(refused_count >= 5, "the rate limit refused only {refused_count}");
    assert_eq!(message_count(&app).await, 1 + 12 - refused_count);
    // A frame above 16 KB closes the socket.
    ws.0.send(Message::Text("x".repeat(20_000).into())).await.ok();
    assert!(ws.next().await.is_none());
}

impl Shopper {
    async fn upload(&self, bytes: Vec<u8>, client_id: &str) -> (StatusCode, Value) {
        let res = self
            .client
            .post(format!("{}/chat/upload?client_id={client_id}", self.base))
            .header("content-type", "image/jpeg")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn fetch(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let res = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (res.status(), res.bytes().await.unwrap().to_vec())
    }
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub async fn chat_photos_are_checked_reencoded_and_private(engine: Engine) {
    let app = spawn(engine).await;
    let shopper = app.shopper();
    shopper.begin_chat().await;
    // A text file calling itself a JPEG, and a photo above 5 MB: refused, nothing kept.
    let (status, body) = shopper.upload(b"<?php system($_GET['c']); ?> not a picture".to_vec(), "p-0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "Berkas ini bukan foto. Kirim foto JPEG, PNG atau WebP.");
    let (status, body) = shopper.upload(vec![0xFF; 5 * 1024 * 1024 + 1], "p-0").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"], "Foto terlalu besar (maks. 5 MB).");
    assert_eq!(message_count(&app).await, 0);
    let dir = app.state.config.upload_dir();
    assert_eq!(std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0), 0);

    // A real PNG is kept once (a retry with the same id is the same photo), as JPEG.
    let (status, first) = shopper.upload(png(300, 200), "p-1").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (_, again) = shopper.upload(png(300, 200), "p-1").await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(message_count(&app).await, 1);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    let stored = std::fs::read(files[0].path()).unwrap();
    assert_eq!(&stored[..2], &[0xFF, 0xD8], "re-encoded as JPEG");
    let name = files[0].file_name().into_string().unwrap();
    let url = format!("/chat/files/{name}");

    // Only the shopper of the conversation and agents can see it.
    let (status, bytes) = shopper.fetch(&url).await;
    assert_eq!((status, bytes.len()), (StatusCode::OK, stored.len()));
    let stranger = app.shopper();
    stranger.begin_chat().await;
    assert_eq!(stranger.fetch(&url).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.shopper().fetch(&url).await.0, StatusCode::NOT_FOUND);
    assert_eq!(agent(&app).await.fetch(&url).await.0, StatusCode::OK);
    assert_eq!(shopper.fetch(&format!("/pkg/{name}")).await.0, StatusCode::NOT_FOUND);
}

impl TestApp {
    /// A new account with this role (password irrelevant here); its id.
    pub(crate) async fn user(&self, email: &str, name: &str, role: app::model::Role) -> i64 {
        app::account::service::create_user(&self.state.pool, email, name, role, "a-long-password")
            .await
            .expect("create user")
            .expect("email not taken")
    }
}
