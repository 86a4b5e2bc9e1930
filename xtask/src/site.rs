//! Builds the site the server serves (`target/site`): the wasm bundles
//! (the storefront's per page group, the chat's, the staff's) and their JS
//! glue (wasm-bindgen), the stylesheets and the public assets.
//!
//! This does what `cargo leptos build` would, with the tools the project
//! installs anyway (the wasm target, wasm-bindgen-cli, npm's binaryen):
//! cargo-leptos takes about 20 minutes to install on two cores, which a
//! fresh machine and every CI run would pay, and builds one hydrate crate
//! where this store has seven bundles. The layout (`target/site/pkg`) is
//! the one `[[workspace.metadata.leptos]]` in Cargo.toml names.

use super::{path_with_node_tools, root, sh, step};
use std::{
    fs,
    path::Path,
    process::Command,
};

/// The names the server expects (`LEPTOS_*`, see `site_env`).
pub const OUTPUT_NAME: &str = "etalase";
/// The chat's bundle, loaded on demand (`app::model::CHAT_BUNDLE`).
pub const CHAT_NAME: &str = "chat";
/// The page groups' island bundles (`app::model::ISLAND_BUNDLES`).
pub const ISLAND_NAMES: [&str; 5] = ["buy", "cart", "checkout", "order", "account"];
/// The staff's bundle, loaded on staff pages only (`app::model::STAFF_BUNDLE`).
pub const STAFF_NAME: &str = "staff";
/// Stylesheets of their own, inlined only by the pages that use them
/// (`app::model::FORMS_STYLE`: cart, checkout, tracking, account, staff).
pub const PAGE_STYLES: [&str; 1] = ["forms"];

/// One wasm bundle: its crate and the features it is built with, the name
/// its files are served under, and the stylesheets (in `style/`) its CSS is
/// made of.
struct Bundle {
    package: &'static str,
    features: String,
    name: &'static str,
    styles: &'static [&'static str],
}

/// The bundles, each compiled in a cargo run of its own as a cdylib
/// (`cargo rustc --crate-type cdylib`), so their features never unify:
/// the storefront's are `app` itself with feature `islands` (the base: cart
/// badge and chat launcher) or one page group's (`islands-buy`, …), one
/// of them on every page; the chat's (`chatui`) loads when a shopper opens
/// the chat; the staff's (`staffui`, feature `staff`) on staff pages only.
fn bundles() -> Vec<Bundle> {
    let bundle = |package, features: &str, name, styles| Bundle { package, features: features.into(), name, styles };
    let base = bundle("app", "islands", OUTPUT_NAME, &["main"][..]);
    // The page groups' (`app::model::ISLAND_BUNDLES`), styled by the
    // storefront's stylesheet.
    let groups = ISLAND_NAMES.map(|name| bundle("app", &format!("islands-{name}"), name, &[]));
    let chat = bundle("chatui", "", CHAT_NAME, &["chat"]);
    // The agent panel's messages are styled like the widget's.
    let staff = bundle("staffui", "", STAFF_NAME, &["chat", "staff"]);
    [base].into_iter().chain(groups).chain([chat, staff]).collect()
}

/// The crates that exist only as wasm, left out of the host builds.
pub fn wasm_packages() -> impl Iterator<Item = &'static str> {
    bundles().into_iter().map(|b| b.package).filter(|p| *p != "app")
}
pub const SITE_ROOT: &str = "target/site";
pub const PKG_DIR: &str = "pkg";
/// The wasm build has its own target directory so it can run beside the
/// server's build without waiting for cargo's lock.
const FRONT_TARGET: &str = "target/front";

#[derive(Clone, Copy, PartialEq)]
pub enum Profile {
    Dev,
    Release,
}

impl Profile {
    /// The cargo profile of the wasm and the folder its output lands in.
    fn wasm_profile(self) -> &'static str {
        match self {
            Profile::Dev => "dev",
            Profile::Release => "wasm-release",
        }
    }
    fn wasm_dir(self) -> &'static str {
        match self {
            Profile::Dev => "debug",
            Profile::Release => "wasm-release",
        }
    }
}

/// Starts compiling the wasm bundles, one cargo run after the other in the
/// background (the chat's and the staff's share the dependencies they
/// compile alike); `finish` waits for them.
pub fn start_wasm(profile: Profile) -> WasmBuild {
    step(&format!("compiling the browser's wasm ({} profile)", profile.wasm_profile()));
    WasmBuild(std::thread::spawn(move || {
        bundles().iter().all(|bundle| {
            let mut cargo = Command::new("cargo");
            cargo.args(["rustc", "--package", bundle.package, "--lib", "--crate-type", "cdylib"]);
            if !bundle.features.is_empty() {
                cargo.args(["--features", &bundle.features]);
            }
            let built = cargo
                .args(["--target", "wasm32-unknown-unknown"])
                .args(["--profile", profile.wasm_profile(), "--target-dir", FRONT_TARGET])
                .status()
                .is_ok_and(|s| s.success());
            // `app` is built once per bundle, each run overwriting
            // `app.wasm`: keep each under its bundle's name.
            built && fs::copy(wasm_out(profile, bundle.package), wasm_out(profile, bundle.name)).is_ok()
        })
    }))
}

/// The wasm builds under way.
pub struct WasmBuild(std::thread::JoinHandle<bool>);

/// Waits for the wasm, then writes `target/site`: `pkg/{etalase,chat,staff}.{wasm,js,css}`,
/// the page stylesheets (`pkg/forms.css`) and the files of `public/`.
pub fn finish(wasm_build: WasmBuild, profile: Profile) {
    if !wasm_build.0.join().unwrap_or(false) {
        eprintln!("xtask: the wasm build failed");
        std::process::exit(1);
    }
    let root = root();
    let pkg = root.join(SITE_ROOT).join(PKG_DIR);
    // Written afresh: a bundle that no longer exists leaves no file behind.
    let _ = fs::remove_dir_all(&pkg);
    fs::create_dir_all(&pkg).expect("create target/site/pkg");
    for bundle in bundles() {
        bindgen(&pkg, bundle.name, profile);
        if !bundle.styles.is_empty() {
            write_css(&pkg, bundle.name, bundle.styles);
        }
    }
    for name in PAGE_STYLES {
        write_css(&pkg, name, &[name]);
    }
    copy_dir(&root.join("public"), &root.join(SITE_ROOT));
}

/// Writes `pkg/{name}.css`: the stylesheets `sources` (in `style/`), one
/// after the other, minified.
fn write_css(pkg: &Path, name: &str, sources: &[&str]) {
    let css: String = sources
        .iter()
        .map(|source| fs::read_to_string(root().join(format!("style/{source}.css"))).expect("read a stylesheet"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(pkg.join(format!("{name}.css")), minify_css(&css)).expect("write a stylesheet");
}

/// Where cargo leaves the wasm of `name` (a crate, or a copy named after
/// its bundle).
fn wasm_out(profile: Profile, name: &str) -> std::path::PathBuf {
    root().join(FRONT_TARGET).join("wasm32-unknown-unknown").join(profile.wasm_dir()).join(format!("{name}.wasm"))
}

/// JS glue for one bundle's wasm (wasm-bindgen), served as `pkg/{name}.{js,wasm}`.
fn bindgen(pkg: &Path, name: &str, profile: Profile) {
    let wasm = wasm_out(profile, name);
    step(&format!("generating the JS glue of {name} (wasm-bindgen)"));
    sh(Command::new("wasm-bindgen")
        .arg(&wasm)
        // The name section is 10 MB of a debug build's 18: without it a
        // browser test's page hydrates in a third of the time.
        .args(["--target", "web", "--no-typescript", "--remove-name-section", "--out-name", name, "--out-dir"])
        .arg(pkg));
    let bindgen_wasm = pkg.join(format!("{name}_bg.wasm"));
    let served_wasm = pkg.join(format!("{name}.wasm"));
    fs::rename(&bindgen_wasm, &served_wasm).expect("rename the wasm");
    if profile == Profile::Release {
        step(&format!("optimising {name}.wasm for size (wasm-opt from npm binaryen)"));
        // Debian's binaryen 108 breaks hydration; the npm one is put first on PATH.
        sh(Command::new("wasm-opt")
            .env("PATH", path_with_node_tools())
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(&served_wasm)
            .arg("-o")
            .arg(&served_wasm));
    }
}

/// What rustc's wasm32 target emits today; wasm-opt must accept all of it.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The whole site: wasm and server compiled side by side (two cores).
pub fn build(profile: Profile) {
    let wasm = start_wasm(profile);
    step("compiling the server");
    let mut server = Command::new("cargo");
    server.args(["build", "--package", "server", "--bin", "server"]);
    if profile == Profile::Release {
        server.arg("--release");
    }
    sh(&mut server);
    finish(wasm, profile);
}

/// The environment the server reads its site layout from.
pub fn site_env<'a>(cmd: &'a mut Command, addr: &str) -> &'a mut Command {
    cmd.env("LEPTOS_OUTPUT_NAME", OUTPUT_NAME)
        .env("LEPTOS_SITE_ROOT", SITE_ROOT)
        .env("LEPTOS_SITE_PKG_DIR", PKG_DIR)
        .env("LEPTOS_SITE_ADDR", addr)
}

/// Minifies a stylesheet with lightningcss (the stylesheet is inlined into
/// every page, so its size is paid on each first paint). A stylesheet that
/// does not parse fails the build with the line and column.
fn minify_css(css: &str) -> String {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    let mut sheet = StyleSheet::parse(css, ParserOptions::default()).unwrap_or_else(|e| panic!("stylesheet: {e}"));
    sheet.minify(MinifyOptions::default()).unwrap_or_else(|e| panic!("stylesheet: {e}"));
    sheet.to_css(PrinterOptions { minify: true, ..PrinterOptions::default() }).unwrap_or_else(|e| panic!("stylesheet: {e}")).code
}

fn copy_dir(from: &Path, to: &Path) {
    let Ok(entries) = fs::read_dir(from) else { return };
    fs::create_dir_all(to).expect("create site dir");
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            fs::copy(&path, to.join(entry.file_name())).expect("copy a public file");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn minified_css_keeps_meaning() {
        let css = "/* header */\n.a > b ,\n.c :hover {\n  color: #ff0000;\n  margin: 0 auto;\n}\n";
        assert_eq!(minify_css(css), ".a>b,.c :hover{color:red;margin:0 auto}");
    }
}
