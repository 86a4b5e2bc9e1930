//! `cargo xtask bench`: builds the release site and prints the size of the
//! storefront bundle and of the on-demand chat and staff bundles (raw,
//! gzip, brotli) and whether staff code reached a shopper's bundle, what a
//! first visit downloads per page, Lighthouse's mobile figures, SSR
//! throughput with p50/p99 latency (and as a share of a static file's rate
//! on the same server), order placement on a hot variant, and the chat's
//! socket capacity and delivery latency.
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

/// `--size`: only the release site and its bundle sizes (a change that
/// touches the browser reports these before and after).
pub fn bench(args: &[String]) {
    use super::site::{build, finish, start_wasm, Profile};
    if args.iter().any(|a| a == "--size") {
        finish(start_wasm(Profile::Release), Profile::Release);
        bundle_size();
        return;
    }
    build(Profile::Release);
    bundle_size();
    ssr_throughput();
    step("order placement on a hot variant vs the raw conditional decrement (SQLite, PostgreSQL)");
    sh(Command::new("cargo").args(["bench", "-p", "server", "--bench", "orders"]));
    step("chat: idle WebSocket capacity and memory per connection, delivery latency at a steady rate");
    sh(Command::new("cargo").args(["bench", "-p", "server", "--bench", "chat"]));
}

/// Names only staff screens use (the back office's order list, the agent
/// panel, their server functions): none of them may be in what a shopper
/// downloads, and each must be in the staff bundle (or the check is blind).
const STAFF_ONLY: [&str; 9] = [
    "admin-orders",
    "awb-input",
    "/api/admin/orders/move",
    "/api/admin/outbox",
    "agent-panel",
    "/api/chat_queue",
    "/api/chat_canned_save",
    "banner-editor",
    "/api/studio/banners/save",
];

fn bundle_size() {
    step("browser bundles: what a first visit downloads (storefront), what opening the chat adds (chat), staff pages' own (staff), the CSS");
    let pkg = root().join("target/site/pkg");
    // Node's zlib gives gzip -9 and brotli q11, the levels a CDN would serve.
    // Arguments: a group name, then its files; groups are separated by "--".
    let script = r#"
const z = require("zlib"), fs = require("fs"), path = require("path");
const kb = (n, w) => (n / 1024).toFixed(1).padStart(w);
const line = (name, r) => console.log(`${name.padEnd(26)} raw ${kb(r[0], 7)} KB  gzip ${kb(r[1], 6)} KB  brotli ${kb(r[2], 6)} KB`);
const args = process.argv.slice(1);
while (args.length) {
  const end = args.indexOf("--") < 0 ? args.length : args.indexOf("--");
  const [group, ...files] = args.splice(0, end + 1).filter((a) => a !== "--");
  const total = [0, 0, 0];
  for (const f of files) {
    const b = fs.readFileSync(f);
    const row = [b.length, z.gzipSync(b, { level: 9 }).length,
      z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
    row.forEach((v, i) => (total[i] += v));
    line(path.basename(f), row);
  }
  if (files.length > 1) line(group, total);
}
"#;
    use super::site::{CHAT_NAME, ISLAND_NAMES, OUTPUT_NAME, STAFF_NAME};
    let file = |name: &str, ext: &str| pkg.join(format!("{name}.{ext}")).display().to_string();
    let islands = ISLAND_NAMES.iter().flat_map(|name| {
        [format!("{name} islands wasm + js"), file(name, "wasm"), file(name, "js"), "--".into()]
    });
    sh(Command::new("node").arg("-e").arg(script).args([
        "storefront wasm + js".into(),
        file(OUTPUT_NAME, "wasm"),
        file(OUTPUT_NAME, "js"),
        "--".into(),
    ].into_iter().chain(islands).chain([
        "chat bundle wasm + js".into(),
        file(CHAT_NAME, "wasm"),
        file(CHAT_NAME, "js"),
        "--".into(),
        "staff bundle wasm + js".into(),
        file(STAFF_NAME, "wasm"),
        file(STAFF_NAME, "js"),
        "--".into(),
        "css".into(),
        file(OUTPUT_NAME, "css"),
        file(CHAT_NAME, "css"),
        file(STAFF_NAME, "css"),
    ]).chain(super::site::PAGE_STYLES.map(|name| file(name, "css")))));
    staff_code_check(&pkg);
}

/// Says, for every bundle a shopper may download (the storefront's base and
/// page-group islands, the chat), whether any staff-only name is in it; true
/// when none is and the staff bundle holds them all
/// (so the check can see). `cargo xtask test` fails on false.
pub fn staff_code_check(pkg: &std::path::Path) -> bool {
    use super::site::{CHAT_NAME, ISLAND_NAMES, OUTPUT_NAME, STAFF_NAME};
    let read = |name: &str| std::fs::read(pkg.join(format!("{name}.wasm"))).unwrap_or_default();
    let holds = |wasm: &[u8], name: &str| wasm.windows(name.len()).any(|w| w == name.as_bytes());
    let staff = read(STAFF_NAME);
    let blind: Vec<&str> = STAFF_ONLY.into_iter().filter(|name| !holds(&staff, name)).collect();
    if !blind.is_empty() {
        println!("staff-code check: BLIND, the staff bundle lacks {}", blind.join(", "));
    }
    let mut clean = blind.is_empty();
    let shoppers = [("storefront", OUTPUT_NAME)].into_iter().chain(ISLAND_NAMES.map(|n| (n, n))).chain([("chat", CHAT_NAME)]);
    for (what, name) in shoppers {
        let wasm = read(name);
        let found: Vec<&str> = STAFF_ONLY.into_iter().filter(|staff_name| holds(&wasm, staff_name)).collect();
        if found.is_empty() {
            println!("staff code in the {what} bundle: none");
        } else {
            println!("staff code in the {what} bundle: YES ({})", found.join(", "));
            clean = false;
        }
    }
    clean
}

/// What a new visitor's phone downloads per page (`end2end/first-load.cjs`,
/// headless Chromium, empty cache, bytes on the wire as the server sends
/// them: brotli 11).
fn first_load(base: &str) {
    let Some(chromium) = super::chromium() else {
        println!("\n\x1b[1;41m SKIPPED \x1b[0m first load per page: no Chromium (apt-get install chromium)\n");
        return;
    };
    step("first load per page: JS + wasm a new visitor downloads (headless Chromium, phone size)");
    sh(Command::new("node")
        .arg("first-load.cjs")
        .arg(base)
        .args(["/", "/c/kemeja", "/p/kemeja-linen-lengan-panjang", "/search?q=batik", "/checkout"])
        .env("CHROMIUM", chromium)
        .current_dir(root().join("end2end")));
}

fn ssr_throughput() {
    let dir = std::env::temp_dir().join(format!("etalase-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut server =
        super::site::site_env(&mut Command::new(root().join("target/release/server")), &format!("127.0.0.1:{PORT}"))
            .env("DATABASE_URL", format!("sqlite://{}/bench.db", dir.display()))
            .env("ETALASE_ADMIN_PASSWORD", "bench-only-password")
            .env("ETALASE_UPLOAD_DIR", dir.join("files"))
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
        first_load(&base);
        lighthouse(&base, &["/", "/c/kemeja", "/p/kemeja-linen-lengan-panjang"]);
        // The same server's static file (the stylesheet, from memory) is the
        // yardstick: a page's rate as a share of it is comparable across
        // machines, where a bare req/s is not.
        let static_rate = autocannon(&base, "static file", "/pkg/etalase.css");
        for (name, path) in
            [("home /", "/"), ("product page", "/p/kemeja-linen-lengan-panjang"), ("category page", "/c/kemeja")]
        {
            let rate = autocannon(&base, name, path);
            if let (Some(rate), Some(static_rate)) = (rate, static_rate) {
                println!("{name:<14} {:>7.1} % of the static file's rate", 100.0 * rate / static_rate);
            }
        }
        // The studio's issue: the home page again once its hero is a
        // marketer's banner with a photograph (the LCP element).
        if hero_banner(&base) {
            lighthouse(&base, &["/"]);
        }
    } else {
        eprintln!("xtask: the release server did not start on port {PORT}");
    }
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Publishes a hero banner with a photograph-like picture through the
/// studio (`end2end/hero-banner.cjs`), printing its variants' weights.
fn hero_banner(base: &str) -> bool {
    let Some(chromium) = super::chromium() else { return false };
    step("the home page's hero as a marketer's banner with a photograph (uploaded through the studio)");
    Command::new("node")
        .args(["hero-banner.cjs", base, "bench-only-password"])
        .env("CHROMIUM", chromium)
        .current_dir(root().join("end2end"))
        .status()
        .is_ok_and(|s| s.success())
}

/// Requests per second for one path at `CONNECTIONS` connections, printed
/// with p50/p99 latency.
fn autocannon(base: &str, name: &str, path: &str) -> Option<f64> {
    step(&format!("SSR {name}: autocannon, {CONNECTIONS} connections, {SECONDS} s"));
    let out = Command::new("npx")
        .args(["autocannon", "-c", CONNECTIONS, "-d", SECONDS, "-j", &format!("{base}{path}")])
        .current_dir(root().join("end2end"))
        .stderr(Stdio::null())
        .output()
        .expect("run autocannon");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let field = |pointer: &str| json.pointer(pointer).map_or_else(|| "?".into(), |v| v.to_string());
    // What one response weighs (the rate of a static file depends on it).
    let size = json
        .pointer("/throughput/average")
        .and_then(|v| v.as_f64())
        .zip(json.pointer("/requests/average").and_then(|v| v.as_f64()).filter(|r| *r > 0.0))
        .map_or_else(|| "?".into(), |(bytes, requests)| format!("{:.1}", bytes / requests / 1024.0));
    println!(
        "{name:<14} {:>8} req/s   p50 {:>5} ms   p99 {:>5} ms   non-2xx {}   {size} KB per response",
        field("/requests/average"),
        field("/latency/p50"),
        field("/latency/p99"),
        field("/non2xx"),
    );
    json.pointer("/requests/average").and_then(|v| v.as_f64())
}

/// The Lighthouse version the issue's baseline was measured with.
const LIGHTHOUSE: &str = "lighthouse@12.8.2";

/// Lighthouse's default mobile profile (simulated slow 4G, 4× CPU
/// slowdown) on home, a category and a product page, with the machine's
/// Chromium: the median of three runs of each figure. Fetched by npx on
/// first use (not a test dependency).
fn lighthouse(base: &str, paths: &[&str]) {
    let Some(chromium) = super::chromium() else {
        println!("\n\x1b[1;41m SKIPPED \x1b[0m Lighthouse: no Chromium (apt-get install chromium)\n");
        return;
    };
    step(&format!("Lighthouse mobile ({LIGHTHOUSE}, median of 3): performance, accessibility, best practices, SEO, LCP, TBT, CLS"));
    for &path in paths {
        let mut runs: Vec<[f64; 7]> = Vec::new();
        for _ in 0..3 {
            let out = Command::new("npx")
                .args(["--yes", LIGHTHOUSE, &format!("{base}{path}"), "--output=json", "--quiet"])
                .args(["--only-categories=performance,accessibility,best-practices,seo"])
                .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
                .env("CHROME_PATH", &chromium)
                .current_dir(root().join("end2end"))
                .stderr(Stdio::null())
                .output();
            let Ok(out) = out else { continue };
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            let score = |c: &str| json.pointer(&format!("/categories/{c}/score")).and_then(|v| v.as_f64()).map(|v| v * 100.0);
            let audit = |a: &str| json.pointer(&format!("/audits/{a}/numericValue")).and_then(|v| v.as_f64());
            let row = [
                score("performance"),
                score("accessibility"),
                score("best-practices"),
                score("seo"),
                audit("largest-contentful-paint"),
                audit("total-blocking-time"),
                audit("cumulative-layout-shift"),
            ];
            if row.iter().all(Option::is_some) {
                runs.push(row.map(Option::unwrap_or_default));
            }
        }
        if runs.is_empty() {
            println!("lighthouse {path:<32} FAILED (no report)");
            continue;
        }
        let median = |i: usize| {
            let mut v: Vec<f64> = runs.iter().map(|r| r[i]).collect();
            v.sort_by(|a, b| a.total_cmp(b));
            v[v.len() / 2]
        };
        println!(
            "lighthouse {path:<32} perf {:>3.0}  a11y {:>3.0}  best {:>3.0}  seo {:>3.0}  LCP {:>5.0} ms  TBT {:>4.0} ms  CLS {:.3}  ({} runs)",
            median(0),
            median(1),
            median(2),
            median(3),
            median(4),
            median(5),
            median(6),
            runs.len()
        );
    }
}
