//! Chat capacity and delivery latency, against the real server binary in its
//! own process (so its memory is its own):
//! 1. idle shopper sockets (each said hello, as the widget does) opened in
//!    steps; after each step the server's resident memory and the memory
//!    per connection;
//! 2. delivery latency: shoppers send at a steady rate while an agent
//!    socket listens; each message is timed from the shopper's send to the
//!    agent's receipt (stored in SQLite, synchronous=FULL, in between).
//! Run: `cargo bench -p server --bench chat` (also part of `cargo xtask bench`).

use app::chat::{ClientMsg, ServerMsg};
use futures::{SinkExt, StreamExt};
use std::{
    collections::HashMap,
    process::{Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

const PORT: u16 = 3277;
const STEPS: &[usize] = &[1_000, 5_000, 10_000, 15_000, 19_000];
const SHOPPERS: usize = 400;
const RATE_PER_SEC: u64 = 200;
const SECONDS: u64 = 10;
const PASSWORD: &str = "bench-agent-password";

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn base() -> String {
    format!("http://127.0.0.1:{PORT}")
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn open(path: &str, cookie: &str) -> Result<Ws, String> {
    let mut req = format!("ws://127.0.0.1:{PORT}{path}").into_client_request().map_err(|e| e.to_string())?;
    req.headers_mut().insert("origin", base().parse().unwrap());
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    tokio_tungstenite::connect_async(req).await.map(|(ws, _)| ws).map_err(|e| e.to_string())
}

async fn send(ws: &mut Ws, msg: &ClientMsg) {
    ws.send(Message::Text(serde_json::to_string(msg).unwrap().into())).await.unwrap();
}

/// A shopper socket as the widget opens it: a visitor cookie, then hello.
async fn shopper(i: usize) -> Result<Ws, String> {
    let cookie = format!("etl_visitor={:064x}", i as u128 + 1);
    let mut ws = open("/chat/ws", &cookie).await?;
    send(&mut ws, &ClientMsg::Hello { after: 0, page: "/".into() }).await;
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(_))) => return Ok(ws),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => return Err(format!("no welcome: {other:?}")),
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    // `cargo test --benches` only builds this; measuring needs `--bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("etalase-chat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let server = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_OUTPUT_NAME", "etalase")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{PORT}"))
        .env("DATABASE_URL", format!("sqlite://{}/chat.db", dir.display()))
        .env("ETALASE_ADMIN_PASSWORD", PASSWORD)
        .env("ETALASE_PUBLIC_URL", base())
        .env("ETALASE_SANDBOX_ADDR", format!("127.0.0.1:{}", PORT + 1))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    let pid = server.id();
    // The server goes down with the benchmark, even when it panics.
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut server = Kill(server);
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let mut up = false;
    for _ in 0..300 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if http.get(format!("{}/healthz", base())).send().await.is_ok_and(|r| r.status().is_success()) {
            up = true;
            break;
        }
    }
    assert!(up, "the server did not start");
    assert!(server.0.try_wait().unwrap().is_none(), "the server exited (is port {PORT} taken?)");
    idle_capacity(pid).await;
    latency(&http).await;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

async fn idle_capacity(pid: u32) {
    println!("\n== idle chat sockets held by one server (file limit {} per process)", fd_limit());
    let before = rss_kib(pid);
    println!("server resident memory before: {:.1} MiB", before as f64 / 1024.0);
    let mut readers = Vec::new();
    let mut held = 0usize;
    let started = Instant::now();
    'steps: for &target in STEPS {
        while held < target {
            match shopper(held).await {
                Ok(ws) => {
                    // Keep reading so pings are answered, as a browser does.
                    readers.push(tokio::spawn(async move {
                        let mut ws = ws;
                        while let Some(Ok(_)) = ws.next().await {}
                    }));
                    held += 1;
                }
                Err(e) => {
                    println!("stopped opening at {held} sockets: {e}");
                    break 'steps;
                }
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let rss = rss_kib(pid);
        println!(
            "{held:>6} idle sockets: server {:>7.1} MiB resident, {:>5.1} KiB per connection",
            rss as f64 / 1024.0,
            (rss.saturating_sub(before)) as f64 / held as f64
        );
    }
    println!("opened {held} sockets in {:.1} s", started.elapsed().as_secs_f64());
    for r in readers {
        r.abort();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
}

fn fd_limit() -> String {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Max open files"))
                .map(|l| l.split_whitespace().nth(3).unwrap_or("?").to_string())
        })
        .unwrap_or_else(|| "?".into())
}

async fn latency(http: &reqwest::Client) {
    println!("\n== delivery latency: {SHOPPERS} shoppers send {RATE_PER_SEC} messages/s for {SECONDS} s; an agent socket receives");
    let login = http
        .post(format!("{}/api/login", base()))
        .header("origin", base())
        .form(&[("email", "admin@etalase.local"), ("password", PASSWORD), ("next", "/agent")])
        .send()
        .await
        .unwrap();
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .find(|c| c.starts_with("etl_session="))
        .expect("agent session");
    let mut agent = open("/chat/agent/ws", &cookie).await.expect("agent socket");
    let sent_at: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    // Each shopper opens its conversation first (not timed).
    let mut shoppers = Vec::with_capacity(SHOPPERS);
    for i in 0..SHOPPERS {
        let mut ws = shopper(100_000 + i).await.expect("shopper socket");
        send(&mut ws, &ClientMsg::Send { conversation_id: 0, client_id: format!("open-{i}"), text: "Halo".into() })
            .await;
        shoppers.push(ws);
    }
    let (writers, readers): (Vec<_>, Vec<_>) = shoppers.into_iter().map(|ws| ws.split()).unzip();
    let drains: Vec<_> = readers
        .into_iter()
        .map(|mut r| tokio::spawn(async move { while let Some(Ok(_)) = r.next().await {} }))
        .collect();
    let listener = {
        let (sent_at, latencies) = (sent_at.clone(), latencies.clone());
        tokio::spawn(async move {
            while let Some(Ok(frame)) = agent.next().await {
                if let Message::Text(text) = frame {
                    if let Ok(ServerMsg::Message { message }) = serde_json::from_str::<ServerMsg>(&text) {
                        if let Some(at) = sent_at.lock().unwrap().remove(&message.client_id) {
                            latencies.lock().unwrap().push(at.elapsed());
                        }
                    }
                }
            }
        })
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut writers = writers;
    let total = (RATE_PER_SEC * SECONDS) as usize;
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / RATE_PER_SEC));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let started = Instant::now();
    for k in 0..total {
        tick.tick().await;
        let client_id = format!("lat-{k}");
        let msg = ClientMsg::Send { conversation_id: 0, client_id: client_id.clone(), text: format!("Pesan {k}") };
        sent_at.lock().unwrap().insert(client_id, Instant::now());
        let w = &mut writers[k % SHOPPERS];
        w.send(Message::Text(serde_json::to_string(&msg).unwrap().into())).await.unwrap();
    }
    let sending = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    listener.abort();
    for d in drains {
        d.abort();
    }
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort();
    let lost = sent_at.lock().unwrap().len();
    println!(
        "sent {total} in {:.1} s ({:.0}/s); delivered {}; not delivered within 3 s: {lost}",
        sending.as_secs_f64(),
        total as f64 / sending.as_secs_f64(),
        lat.len()
    );
    println!(
        "latency send → agent: p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms",
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0)
    );
}
