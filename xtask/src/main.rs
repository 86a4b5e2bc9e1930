//! `cargo xtask`: the README's commands and the set-up behind them.
//!
//! - `cargo xtask run`   installs what is missing, builds, starts the store on
//!   http://127.0.0.1:3000 (SQLite under ./data, created and seeded at start).
//! - `cargo xtask test`  unit and API tests (SQLite and PostgreSQL), then the
//!   browser tests in headless Chromium.
//! - `cargo xtask bench` bundle size and SSR throughput, printed (`--size`:
//!   the bundle sizes only).
//! - `cargo xtask crash` kills the release server under a checkout load,
//!   again and again, and checks that nothing acknowledged was lost.
//! - `cargo xtask layers` checks every import against the layer order of
//!   ARCHITECTURE.md (also a test).
//!
//! Every install step checks first and skips what is already there.

use std::{
    env,
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    process::{exit, Command},
    time::Duration,
};

const WASM_BINDGEN: &str = "0.2.130";
const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/postgres";

mod bench;
mod layers;
mod site;

fn main() {
    let root = root();
    env::set_current_dir(&root).expect("cd to the workspace root");
    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("bench") => {
            setup(false);
            bench::bench(&args[1..])
        }
        Some("setup") => setup(true),
        Some("crash") => crash(&args[1..]),
        Some("layers") => exit(if layers::run(&root) { 0 } else { 1 }),
        // The site only (wasm, JS glue, CSS), e.g. before one browser test.
        Some("site") => {
            let profile =
                if args.iter().any(|a| a == "--release") { site::Profile::Release } else { site::Profile::Dev };
            setup(false);
            site::finish(site::start_wasm(profile), profile)
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <run [--dev] | test [--no-browser] | bench [--size] | crash [--kills N] [--engine sqlite|postgres] | layers | setup | site [--release]>"
            );
            exit(2);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn step(what: &str) {
    eprintln!("\n\x1b[1m==> {what}\x1b[0m");
}

pub fn sh(cmd: &mut Command) {
    let shown = format!("{cmd:?}");
    match cmd.status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            eprintln!("xtask: command failed ({s}): {shown}");
            exit(s.code().unwrap_or(1));
        }
        Err(e) => {
            eprintln!("xtask: cannot run {shown}: {e}");
            exit(1);
        }
    }
}

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// PATH with the npm tools (wasm-opt from binaryen, playwright) first.
pub fn path_with_node_tools() -> String {
    let bin = root().join("end2end/node_modules/.bin");
    format!("{}:{}", bin.display(), env::var("PATH").unwrap_or_default())
}

fn ensure_wasm_target() {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        step("installing the wasm32-unknown-unknown target");
        sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]));
    }
}

fn ensure_wasm_bindgen() {
    let version = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if version.contains(WASM_BINDGEN) {
        return;
    }
    step(&format!("installing wasm-bindgen-cli {WASM_BINDGEN} (matches Cargo.lock)"));
    // `--locked` fails here: a locked dependency version is missing from the registry.
    sh(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN]));
}

fn ensure_npm_packages() {
    let marker = root().join("end2end/node_modules/.package-lock.json");
    let lock = root().join("end2end/package-lock.json");
    let fresh = match (marker.metadata().and_then(|m| m.modified()), lock.metadata().and_then(|m| m.modified())) {
        (Ok(installed), Ok(locked)) => installed >= locked,
        _ => false,
    };
    if !fresh {
        step("installing npm packages (binaryen's wasm-opt, Playwright, autocannon)");
        sh(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root().join("end2end")));
    }
}

pub fn chromium() -> Option<String> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .map(String::from)
        .or_else(|| env::var("CHROMIUM").ok())
}

fn ensure_chromium() {
    if chromium().is_some() {
        return;
    }
    step("installing Chromium from Debian's packages");
    let apt = |args: &[&str]| Command::new("apt-get").args(args).status().is_ok_and(|s| s.success());
    let ok = apt(&["update"])
        && (apt(&["install", "-y", "chromium"]) || {
            // A dpkg archive error was seen once here; a retry succeeded.
            std::thread::sleep(Duration::from_secs(5));
            apt(&["install", "-y", "chromium"])
        });
    if !ok || chromium().is_none() {
        eprintln!("xtask: Chromium is missing and could not be installed (apt-get install chromium, as root)");
        exit(1);
    }
}

fn setup(browser: bool) {
    ensure_wasm_target();
    ensure_wasm_bindgen();
    ensure_npm_packages();
    if browser {
        ensure_chromium();
    }
}

fn run(args: &[String]) {
    setup(false);
    let release = !args.iter().any(|a| a == "--dev");
    let profile = if release { site::Profile::Release } else { site::Profile::Dev };
    site::build(profile);
    let bin = root().join("target").join(if release { "release" } else { "debug" }).join("server");
    let addr = env::var("LEPTOS_SITE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    step(&format!("starting the store on http://{addr} (Ctrl-C stops it)"));
    sh(site::site_env(&mut Command::new(bin), &addr));
}

/// The crash test against the release server: `--kills N` (100 unless
/// given) on SQLite and PostgreSQL. A short round of it against the debug
/// server is part of `cargo xtask test`.
fn crash(args: &[String]) {
    let mut pass: Vec<String> = args.to_vec();
    if !pass.iter().any(|a| a == "--kills") {
        pass.extend(["--kills".into(), "100".into()]);
    }
    step("crash test: SIGKILL under a checkout load, restart, check (release server)");
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "--release", "-p", "server", "--test", "crash", "--"]).args(&pass);
    if let Some(url) = postgres_for_tests() {
        cmd.env("ETALASE_TEST_PG", url);
    }
    sh(&mut cmd);
}

/// The PostgreSQL the API tests use: `ETALASE_TEST_PG`, or the local server
/// when one answers. Its absence is announced loudly, never silently passed.
fn postgres_for_tests() -> Option<String> {
    if let Ok(url) = env::var("ETALASE_TEST_PG") {
        return Some(url);
    }
    let addr: SocketAddr = "127.0.0.1:5432".parse().unwrap();
    TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok().map(|_| DEFAULT_PG.to_string())
}

fn test(args: &[String]) {
    let browser = !args.iter().any(|a| a == "--no-browser");
    setup(browser);
    let pg = postgres_for_tests();
    match &pg {
        Some(url) => eprintln!("PostgreSQL tests: on ({})", url.split('@').next_back().unwrap_or(url)),
        None if env::var("ETALASE_REQUIRE_PG").is_ok() => {
            eprintln!("xtask: ETALASE_REQUIRE_PG is set and no PostgreSQL answers on 127.0.0.1:5432");
            exit(1);
        }
        None => eprintln!(
            "\n\x1b[1;41m WARNING \x1b[0m \x1b[1mNo PostgreSQL reachable: the PostgreSQL half of the data-layer \
             tests is SKIPPED.\x1b[0m\nSet ETALASE_TEST_PG=postgres://user@host:port/db to run it.\n"
        ),
    }
    // The wasm compiles beside the tests (two cores); the server binary the
    // browser tests start is the one `cargo test` builds for the API tests.
    // The tests run once both builds are done, on a machine not also busy
    // compiling.
    let wasm = browser.then(|| site::start_wasm(site::Profile::Dev));
    let test_cmd = |extra: Option<&str>| {
        let mut cmd = Command::new("cargo");
        // `--benches` compiles the benchmarks too (a benchmark that no longer
        // builds fails here, not on the day someone measures).
        // The wasm crates are built for wasm32 by `site`, not for the host.
        cmd.args(["test", "--workspace"]);
        for package in site::wasm_packages() {
            cmd.args(["--exclude", package]);
        }
        cmd.args(["--lib", "--bins", "--tests", "--benches"]);
        cmd.args(extra);
        if let Some(url) = &pg {
            cmd.env("ETALASE_TEST_PG", url);
        }
        cmd
    };
    step("compiling the server and the tests");
    sh(&mut test_cmd(Some("--no-run")));
    if let Some(wasm) = wasm {
        site::finish(wasm, site::Profile::Dev);
        step("no staff code in what a shopper downloads");
        if !bench::staff_code_check(&root().join(site::SITE_ROOT).join(site::PKG_DIR)) {
            eprintln!("xtask: staff-only code is in a shopper's bundle, or the check cannot see it (above)");
            exit(1);
        }
    }
    step("unit and API tests (SQLite and PostgreSQL)");
    sh(&mut test_cmd(None));
    if !browser {
        return;
    }
    step("browser tests (Playwright, headless Chromium, phone and desktop)");
    sh(Command::new("npx")
        .args(["playwright", "test"])
        .current_dir(root().join("end2end"))
        .env("ETALASE_ROOT", root())
        .env("ETALASE_SERVER_BIN", root().join("target/debug/server"))
        .env("CHROMIUM", chromium().unwrap_or_default()));
    if pg.is_none() {
        eprintln!("\n\x1b[1;41m WARNING \x1b[0m \x1b[1mPostgreSQL tests were SKIPPED (no server reachable).\x1b[0m");
    }
}
