//! `cargo xtask bench`: builds the release site and prints the shopper
//! bundle size (raw, gzip, brotli), SSR throughput with p50/p99 latency,
//! order placement on a hot variant, and the chat's socket capacity and
//! delivery latency.
//! Figures vary by a quarter between runs on shared machines: compare only
//! within one run.

use super::{root, sh, step};
use std::{
    process::{Command, Stdio},
    time::Duration,
};

const PORT: u16 = 3199;
const CONNECTIONS: &str = "32";
const SECONDS: &str = "10";

pub fn bench() {
    super::site::build(super::site::Profile::Release);
    bundle_size();
    ssr_throughput();
    step("order placement on a hot variant vs the raw conditional decrement (SQLite, PostgreSQL)");
    sh(Command::new("cargo").args(["bench", "-p", "server", "--bench", "orders"]));
    step("chat: idle WebSocket capacity and memory per connection, delivery latency at a steady rate");
    sh(Command::new("cargo").args(["bench", "-p", "server", "--bench", "chat"]));
}

fn bundle_size() {
    step("shopper bundle: wasm + JS a first visit downloads (CSS listed apart)");
    let pkg = root().join("target/site/pkg");
    // Node's zlib gives gzip -9 and brotli q11, the levels a CDN would serve.
    let script = r#"
const z = require("zlib"), fs = require("fs"), path = require("path");
let total = [0, 0, 0];
for (const f of process.argv.slice(1)) {
  const b = fs.readFileSync(f);
  const row = [b.length, z.gzipSync(b, { level: 9 }).length,
    z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  if (!f.endsWith(".css")) row.forEach((v, i) => (total[i] += v));
  console.log(`${path.basename(f).padEnd(22)} raw ${(row[0] / 1024).toFixed(1).padStart(7)} KB  gzip ${(row[1] / 1024).toFixed(1).padStart(6)} KB  brotli ${(row[2] / 1024).toFixed(1).padStart(6)} KB`);
}
console.log(`${"wasm + js".padEnd(22)} raw ${(total[0] / 1024).toFixed(1).padStart(7)} KB  gzip ${(total[1] / 1024).toFixed(1).padStart(6)} KB  brotli ${(total[2] / 1024).toFixed(1).padStart(6)} KB`);
"#;
    sh(Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(pkg.join("etalase.wasm"))
        .arg(pkg.join("etalase.js"))
        .arg(pkg.join("etalase.css")));
}

fn ssr_throughput() {
    let dir = std::env::temp_dir().join(format!("etalase-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut server =
        super::site::site_env(&mut Command::new(root().join("target/release/server")), &format!("127.0.0.1:{PORT}"))
            .env("DATABASE_URL", format!("sqlite://{}/bench.db", dir.display()))
            .env("ETALASE_ADMIN_PASSWORD", "bench-only-password")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("start the release server");
    let base = format!("http://127.0.0.1:{PORT}");
    let ready = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", PORT)).is_ok()
    });
    if ready {
        for (name, path) in
            [("home /", "/"), ("product page", "/p/kemeja-linen-lengan-panjang"), ("category page", "/c/kemeja")]
        {
            step(&format!("SSR {name}: autocannon, {CONNECTIONS} connections, {SECONDS} s"));
            let out = Command::new("npx")
                .args(["autocannon", "-c", CONNECTIONS, "-d", SECONDS, "-j", &format!("{base}{path}")])
                .current_dir(root().join("end2end"))
                .stderr(Stdio::null())
                .output()
                .expect("run autocannon");
            let json = String::from_utf8_lossy(&out.stdout);
            let field = |section: &str, key: &str| -> String {
                json.split(&format!("\"{section}\":{{"))
                    .nth(1)
                    .and_then(|s| s.split(&format!("\"{key}\":")).nth(1))
                    .map(|s| s.split([',', '}']).next().unwrap_or_default().to_string())
                    .unwrap_or_else(|| "?".into())
            };
            println!(
                "{name:<14} {:>8} req/s   p50 {:>5} ms   p99 {:>5} ms   non-2xx {}",
                field("requests", "average"),
                field("latency", "p50"),
                field("latency", "p99"),
                json.split("\"non2xx\":").nth(1).and_then(|s| s.split(',').next()).unwrap_or("?"),
            );
        }
    } else {
        eprintln!("xtask: the release server did not start on port {PORT}");
    }
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
