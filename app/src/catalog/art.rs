//! Product pictures drawn on the server as SVG from the product's category
//! and colour, so the demo catalog needs no downloaded photos.
//!
//! Each product has three views (front, detail, styled). The SVG is a few
//! hundred bytes, sharp at every width, and served with a long cache life.

/// Width and height every product picture is laid out at (4:5 portrait).
pub const WIDTH: u32 = 600;
pub const HEIGHT: u32 = 750;

fn silhouette(kind: &str) -> &'static str {
    match kind {
        "kaos" => "M210 170 L260 150 Q300 175 340 150 L390 170 L470 230 L430 290 L395 265 L395 590 L205 590 L205 265 L170 290 L130 230 Z",
        "celana" => "M215 150 L385 150 L405 600 L320 600 L300 300 L280 600 L195 600 Z",
        "dress" => "M255 140 L275 150 Q300 170 325 150 L345 140 L360 260 L340 300 L440 600 L160 600 L260 300 L240 260 Z",
        "outer" => "M205 160 L265 140 L300 200 L335 140 L395 160 L470 250 L455 560 L400 560 L395 600 L205 600 L200 560 L145 560 L130 250 Z",
        // kemeja and batik share the shirt cut.
        _ => "M215 165 L265 145 L300 185 L335 145 L385 165 L465 300 L425 320 L395 270 L395 600 L205 600 L205 270 L175 320 L135 300 Z",
    }
}

fn backdrop(view: u8) -> (&'static str, &'static str) {
    match view {
        2 => ("#efe9df", "#e2d9ca"),
        3 => ("#e7ecef", "#d5dde2"),
        _ => ("#f4f1ec", "#e9e3da"),
    }
}

/// Renders view `view` (1–3) of a product in its first colour.
pub fn product_svg(kind: &str, hex: &str, view: u8, label: &str) -> String {
    let hex = if hex.len() == 7 && hex.starts_with('#') && hex[1..].chars().all(|c| c.is_ascii_hexdigit()) {
        hex
    } else {
        "#888888"
    };
    let (bg, floor) = backdrop(view);
    let path = silhouette(kind);
    // The detail view zooms into the upper body; the styled view tilts it.
    let transform = match view {
        2 => "translate(-300 -120) scale(2)",
        3 => "rotate(-6 300 375) translate(0 20)",
        _ => "",
    };
    let pattern = if kind == "batik" {
        r##"<pattern id="m" width="40" height="40" patternUnits="userSpaceOnUse"><circle cx="20" cy="20" r="9" fill="none" stroke="#fff" stroke-opacity=".45" stroke-width="3"/><path d="M0 0L40 40M40 0L0 40" stroke="#000" stroke-opacity=".12" stroke-width="2"/></pattern>"##
    } else {
        r##"<pattern id="m" width="8" height="8" patternUnits="userSpaceOnUse"><path d="M0 8L8 0" stroke="#000" stroke-opacity=".05"/></pattern>"##
    };
    let label = escape(label);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{label}"><defs>{pattern}<linearGradient id="s" x1="0" x2="1"><stop offset="0" stop-color="#fff" stop-opacity=".18"/><stop offset=".5" stop-color="#fff" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".18"/></linearGradient></defs><rect width="{WIDTH}" height="{HEIGHT}" fill="{bg}"/><rect y="620" width="{WIDTH}" height="130" fill="{floor}"/><ellipse cx="300" cy="640" rx="190" ry="18" fill="#000" fill-opacity=".08"/><g transform="{transform}"><path d="{path}" fill="{hex}"/><path d="{path}" fill="url(#m)"/><path d="{path}" fill="url(#s)"/></g></svg>"##
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_colour_or_label_cannot_break_out_of_the_svg() {
        let svg = product_svg("kemeja", "\"><script>", 1, "<b>");
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("#888888"));
    }
}
