//! The build output a page refers to (`pkg/{bundle}.{js,wasm,css}`), read
//! once at start-up and named by its content: `etalase.3f9a0c1d2e4b5a69.wasm`.
//! A page names the hashes of the very bytes this process serves, so a
//! deploy never pairs a new page with an old bundle, and a hashed file can
//! be cached for a year (`immutable`).

use std::{collections::HashMap, path::Path};

/// One file of the build output, as served.
#[derive(Debug)]
pub struct Asset {
    /// The content-hashed name, e.g. `etalase.3f9a0c1d2e4b5a69.js`.
    pub hashed: String,
    pub bytes: axum::body::Bytes,
    /// Its brotli copy, once the server has made it.
    pub brotli: std::sync::OnceLock<axum::body::Bytes>,
}

/// The plain name of the loader script among the build output.
pub const LOADER: &str = "loader.js";

/// The build output by its plain name (`etalase.js`).
#[derive(Debug, Default)]
pub struct Assets {
    by_name: HashMap<String, Asset>,
}

impl Assets {
    /// Reads `{bundle}.{js,wasm,css}` of each bundle from `pkg_dir`; a file
    /// that is missing (a server run without a site build) is left out and
    /// referred to by its plain name.
    pub fn load(pkg_dir: &Path, bundles: &[&str]) -> Assets {
        let mut assets = Assets::default();
        for bundle in bundles {
            for ext in ["js", "wasm", "css"] {
                let name = format!("{bundle}.{ext}");
                if let Ok(bytes) = std::fs::read(pkg_dir.join(&name)) {
                    assets.add(&name, bytes);
                }
            }
        }
        assets
    }

    /// The name a page uses for `name`: its hashed name when loaded.
    pub fn name<'a>(&'a self, name: &'a str) -> &'a str {
        self.by_name.get(name).map_or(name, |a| a.hashed.as_str())
    }

    /// Adds a file under its plain `name` (`etalase.js`), named by its
    /// content: read from the build output, or made at start-up (the
    /// loader script).
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let hashed = format!("{stem}.{}.{ext}", content_hash(&bytes));
        self.by_name.insert(name.to_string(), Asset { hashed, bytes: bytes.into(), brotli: Default::default() });
    }

    /// Every file of the table.
    pub fn all(&self) -> impl Iterator<Item = &Asset> {
        self.by_name.values()
    }

    /// Loads the storefront's wasm without preloading it: once the page has
    /// loaded, its largest picture (`fetchpriority=high`) has been decoded and
    /// painted, and the browser is idle, the bundle is downloaded and compiled
    /// (off the main thread, `WebAssembly.compileStreaming`), and the page
    /// is hydrated on the shopper's first touch, key, focus, scroll or
    /// pointer move, or at once where an island must run unprompted
    /// (`model::ISLANDS_AT_ONCE`) or the chat was open on the last page. A
    /// page that is only read costs no main-thread time. The bundle is the
    /// first of `model::ISLAND_BUNDLES` whose islands the page has, else the
    /// base one. Then each island (`<leptos-island data-component>`) is
    /// hydrated through its export, and `<body data-hydrated>` says the
    /// page is live. Until then links and forms work as plain HTML.
    ///
    /// A click on any `[data-copy]` button copies its value (payment codes):
    /// handled here, as the CSP allows no inline event handler.
    ///
    /// `window.etalaseBundle(bundle, entry, arg)` loads an on-demand bundle
    /// (wasm, JS and CSS side by side: the chat's, the staff's) once and calls
    /// one of its entry points (`ui::call_bundle`); a failed download is tried
    /// again on the next call. A staff page (its screen's placeholder,
    /// `#staff-screen[data-area]`) loads the staff bundle at once and mounts
    /// the area's screen; a failed download leaves a button that tries again.
    ///
    /// Every bundle is named by its content. Made once, at start-up, and
    /// served as a file of its own (`LOADER`), named by its content too: a
    /// page carries one `<script src>`, and the script is downloaded once
    /// for every page after it.
    pub fn loader_script(&self, options: &leptos::config::LeptosOptions) -> String {
        use crate::model::{CHAT_BUNDLE, CHAT_OPEN_KEY, ISLANDS_AT_ONCE, ISLAND_BUNDLES, STAFF_BUNDLE, STAFF_SCREEN_ID};
        let dir = format!("/{}", options.site_pkg_dir);
        let url = |bundle: &str, ext: &str| format!("{dir}/{}", self.name(&format!("{bundle}.{ext}")));
        // [js, wasm, CSS selector of the bundle's islands], the base last.
        let islands = ISLAND_BUNDLES
            .iter()
            .map(|(bundle, names)| {
                format!("['{}','{}','{}']", url(bundle, "js"), url(bundle, "wasm"), island_selector(names))
            })
            .chain([format!("['{}','{}',':root']", url(&options.output_name, "js"), url(&options.output_name, "wasm"))])
            .collect::<Vec<_>>()
            .join(",");
        let files = |bundle: &str| format!("{bundle}:['{}','{}','{}']", url(bundle, "js"), url(bundle, "wasm"), url(bundle, "css"));
        let (chat_files, staff_files) = (files(CHAT_BUNDLE), files(STAFF_BUNDLE));
        let at_once = island_selector(&ISLANDS_AT_ONCE);
        format!(
            "{COUNTDOWN}{LATER_PICTURES}(()=>{{const [js,wasm]=[{islands}].find(b=>document.querySelector(b[2]));\
             let got,live;const get=()=>got??=Promise.all([import(js),WebAssembly.compileStreaming(fetch(wasm)).catch(()=>wasm)]);\
             const T=['pointerdown','pointermove','touchstart','keydown','focusin','wheel','scroll'],\
             on=f=>{{for(const t of T)f(t,go,{{capture:true,passive:true}})}};\
             const go=()=>{{if(live)return;live=1;on(removeEventListener);\
             get().then(([m,w])=>m.default({{module_or_path:w}}).then(()=>{{m.hydrate();\
             for(const el of document.querySelectorAll('leptos-island')){{const f=m[el.dataset.component];f&&f(el)}}\
             document.body.dataset.hydrated='true'}}),()=>{{got=live=null;on(addEventListener)}})}};\
             let now=document.querySelector('{at_once}');try{{now||=sessionStorage.getItem('{CHAT_OPEN_KEY}')}}catch{{}}\
             if(!now)on(addEventListener);\
             const idle=()=>{{const f=now?go:()=>get().catch(()=>got=null),\
             soon=()=>'requestIdleCallback' in window?requestIdleCallback(f,{{timeout:1500}}):setTimeout(f,1);if(now)return soon();\
             Promise.all([...document.querySelectorAll('img[fetchpriority=high]')].map(i=>i.decode().catch(()=>0)))\
             .then(()=>requestAnimationFrame(()=>setTimeout(soon,200)))}};\
             document.readyState==='complete'?idle():addEventListener('load',idle);\
             addEventListener('click',e=>{{const b=e.target.closest&&e.target.closest('[data-copy]');if(b&&navigator.clipboard)navigator.clipboard.writeText(b.dataset.copy)}});\
             const B={{{chat_files},{staff_files}}},L={{}};\
             const load=n=>L[n]??=Promise.all([import(B[n][0]).then(m=>m.default({{module_or_path:B[n][1]}}).then(()=>m)),\
             new Promise((ok,no)=>{{const l=document.createElement('link');l.rel='stylesheet';l.href=B[n][2];l.onload=ok;l.onerror=no;document.head.append(l)}})])\
             .then(([m])=>m).catch(e=>{{L[n]=null;throw e}});\
             window.etalaseBundle=(n,f,a)=>load(n).then(m=>m[f](a));\
             const s=document.getElementById('{STAFF_SCREEN_ID}');\
             if(s){{const mount=()=>load('{STAFF_BUNDLE}').then(m=>m.mount(s.dataset.area)).catch(()=>{{\
             const b=document.createElement('button');b.type='button';b.className='button';b.textContent=s.dataset.failed;\
             b.addEventListener('click',mount);s.replaceChildren(b)}});mount()}}}})()"
        )
    }

    /// The file behind a requested name, and whether it was asked for by
    /// its content hash (and so never changes).
    pub fn get(&self, requested: &str) -> Option<(&Asset, bool)> {
        if let Some(asset) = self.by_name.get(requested) {
            return Some((asset, false));
        }
        self.by_name.values().find(|a| a.hashed == requested).map(|a| (a, true))
    }
}

/// Counts down every `<time data-countdown=ms>` (a flash sale's), second by
/// second, from when the page's response began to arrive: the time left is
/// the server's, so a phone whose clock is off still shows the truth. No
/// wasm: it runs on a page that is only read.
const COUNTDOWN: &str = "(()=>{const C=document.querySelectorAll('time[data-countdown]');if(!C.length)return;\
const n=performance.getEntriesByType('navigation')[0],t0=n?n.responseStart:performance.now(),p=v=>String(v).padStart(2,'0');\
const tick=()=>{const e=performance.now()-t0;for(const c of C){const s=Math.max(0,Math.floor((c.dataset.countdown-e)/1e3)),d=Math.floor(s/86400);\
c.textContent=(d?d+c.dataset.day+' ':'')+p(Math.floor(s%86400/3600))+':'+p(Math.floor(s%3600/60))+':'+p(s%60)}\
setTimeout(tick,1e3-e%1e3)};tick()})();";

/// Lets each deferred picture (`ui::Picture`) load once it is within
/// 300 px of the screen, by removing its placeholder source; every one at
/// once where the browser has no IntersectionObserver.
const LATER_PICTURES: &str = "(()=>{const P=document.querySelectorAll('source[data-later]');if(!P.length)return;\
if(!('IntersectionObserver' in window))return P.forEach(s=>s.remove());\
const o=new IntersectionObserver(es=>{for(const e of es)if(e.isIntersecting){o.unobserve(e.target);e.target.parentNode.querySelector('source[data-later]')?.remove()}},{rootMargin:'300px 0px'});\
P.forEach(s=>s.nextElementSibling&&o.observe(s.nextElementSibling))})();";

/// A CSS selector for the islands named `names` on a page.
fn island_selector(names: &[&str]) -> String {
    names.iter().map(|n| format!("leptos-island[data-component^=\"{n}_\"]")).collect::<Vec<_>>().join(",")
}

/// The first 16 hex digits of the SHA-256 of the content.
fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    super::to_hex(&Sha256::digest(bytes))[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_is_named_by_its_content() {
        let dir = std::env::temp_dir().join(format!("etalase-assets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("etalase.js"), b"one").unwrap();
        let first = Assets::load(&dir, &["etalase"]);
        let hashed = first.name("etalase.js").to_string();
        assert!(hashed.starts_with("etalase.") && hashed.ends_with(".js") && hashed.len() == "etalase..js".len() + 16);
        assert_eq!(first.name("etalase.wasm"), "etalase.wasm", "a missing file keeps its plain name");
        assert_eq!(first.get(&hashed).map(|(a, immutable)| (&a.bytes[..], immutable)), Some((&b"one"[..], true)));
        assert_eq!(first.get("etalase.js").map(|(_, immutable)| immutable), Some(false));
        std::fs::write(dir.join("etalase.js"), b"two").unwrap();
        let second = Assets::load(&dir, &["etalase"]);
        assert_ne!(second.name("etalase.js"), hashed, "new content, new name");
        assert!(second.get(&hashed).is_none(), "the old name is not served as the new content");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
