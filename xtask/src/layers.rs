//! `cargo xtask layers`: holds the code to the layer order that
//! ARCHITECTURE.md writes down. Each crate's block lists its units top
//! first; a unit (a top-level module, or a file such as `catalog/pages`)
//! may import only units on lower lines, so an upward import, and with it
//! any import cycle, fails `cargo xtask test`. Units on one line are
//! siblings and may not import each other.

use std::{
    collections::HashMap,
    fs,
    path::{Path, PathBuf},
};

/// One crate's layer table, read from a fenced block of ARCHITECTURE.md.
pub struct Layers {
    /// The crate's source folder, relative to the workspace root.
    pub src: String,
    rank: HashMap<String, usize>,
}

/// An import that goes up (or sideways) in the layer order.
#[derive(Debug, PartialEq)]
pub struct Violation {
    pub file: String,
    pub from: String,
    pub to: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: `{}` imports `{}`, which is not below it", self.file, self.from, self.to)
    }
}

/// The layer blocks of ARCHITECTURE.md: ```` ```layers <src folder> ````,
/// then one line per layer, top first (`#` starts a comment).
pub fn read_tables(architecture: &str) -> Vec<Layers> {
    let mut tables = Vec::new();
    let mut lines = architecture.lines();
    while let Some(line) = lines.next() {
        let Some(src) = line.trim().strip_prefix("```layers ") else { continue };
        let mut rank = HashMap::new();
        let rows: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim() != "```")
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .collect();
        for (i, row) in rows.iter().rev().enumerate() {
            for unit in row.split_whitespace() {
                rank.insert(unit.to_string(), i);
            }
        }
        tables.push(Layers { src: src.trim().to_string(), rank });
    }
    tables
}

impl Layers {
    /// The unit a source file belongs to; None for the crate root, which
    /// stands above every unit.
    fn unit_of_file(&self, rel: &str) -> Option<String> {
        let stem = rel.trim_end_matches(".rs");
        if matches!(stem, "lib" | "main") {
            return None;
        }
        if self.rank.contains_key(stem) {
            return Some(stem.to_string());
        }
        Some(stem.split('/').next().unwrap_or(stem).to_string())
    }

    /// The unit a `crate::` path names; None for an item of the crate root.
    fn unit_of_path(&self, path: &[String]) -> Option<String> {
        if path.len() >= 2 {
            let nested = format!("{}/{}", path[0], path[1]);
            if self.rank.contains_key(&nested) {
                return Some(nested);
            }
        }
        let first = path.first()?;
        self.rank.contains_key(first).then(|| first.clone())
    }

    /// The violations of one file's source.
    pub fn check_source(&self, rel: &str, source: &str) -> Vec<Violation> {
        let Some(from) = self.unit_of_file(rel) else { return Vec::new() };
        let Some(&from_rank) = self.rank.get(&from) else {
            return vec![Violation {
                file: rel.into(),
                from: from.clone(),
                to: "(no layer: add it to ARCHITECTURE.md)".into(),
            }];
        };
        // `a/b.rs` is the module `a::b`; its `super` is `a`.
        let module: Vec<String> = rel.trim_end_matches(".rs").split('/').map(String::from).collect();
        let mut found = Vec::new();
        for path in crate_paths(source, &module) {
            let to = self.unit_of_path(&path).unwrap_or_else(|| "the crate root".into());
            if to == from {
                continue;
            }
            let below = self.rank.get(&to).is_some_and(|&r| r < from_rank);
            if !below && !found.iter().any(|v: &Violation| v.to == to) {
                found.push(Violation { file: rel.into(), from: from.clone(), to });
            }
        }
        found
    }

    /// Every violation under the crate's source folder.
    pub fn check(&self, root: &Path) -> Vec<Violation> {
        let src = root.join(&self.src);
        let mut files = Vec::new();
        collect_rs(&src, &mut files);
        files.sort();
        files
            .iter()
            .flat_map(|file| {
                let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
                let source = fs::read_to_string(file).unwrap_or_default();
                self.check_source(&rel, &source)
            })
            .collect()
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every path a source (of the module at `module`) names through `crate::`
/// or `super::`, as segments from the crate root (use trees with braces are
/// expanded). Comments are skipped.
fn crate_paths(source: &str, module: &[String]) -> Vec<Vec<String>> {
    let code: String = source
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &code[i..];
        let boundary =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
        let base: Option<(usize, Vec<String>)> = if boundary && rest.starts_with("crate::") {
            Some(("crate::".len(), Vec::new()))
        } else if boundary && rest.starts_with("super::") {
            // Each `super::` climbs one module (as if no module were inline).
            let mut at = 0;
            let mut prefix = module.to_vec();
            while code[i + at..].starts_with("super::") {
                at += "super::".len();
                prefix.pop();
            }
            // Climbing out of a top-level file is an inline module (`mod
            // tests`, `mod server_side`) reaching its own file.
            if prefix.is_empty() {
                prefix = module.iter().take(1).cloned().collect();
            }
            Some((at, prefix))
        } else {
            None
        };
        match base {
            Some((skip, prefix)) => {
                let (trees, used) = use_tree(&code[i + skip..]);
                for tree in trees {
                    let mut path = prefix.clone();
                    path.extend(tree);
                    if !path.is_empty() {
                        paths.push(path);
                    }
                }
                i += skip + used.max(1);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    paths
}

/// Parses `a::b::{c, d::{e}}` (or a plain path) at the start of `s`: the
/// paths it names and how many bytes it took.
fn use_tree(s: &str) -> (Vec<Vec<String>>, usize) {
    let mut segments = Vec::new();
    let mut i = 0;
    loop {
        let ident: String = s[i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if ident.is_empty() {
            if s[i..].starts_with('{') {
                let mut out = Vec::new();
                i += 1;
                loop {
                    let skipped = s[i..].len() - s[i..].trim_start().len();
                    i += skipped;
                    if s[i..].starts_with('}') {
                        i += 1;
                        break;
                    }
                    if i >= s.len() {
                        break;
                    }
                    let (inner, used) = use_tree(&s[i..]);
                    for tail in inner {
                        let mut path = segments.clone();
                        path.extend(tail);
                        out.push(path);
                    }
                    i += used.max(1);
                    let skipped = s[i..].len() - s[i..].trim_start().len();
                    i += skipped;
                    if s[i..].starts_with(',') {
                        i += 1;
                    }
                }
                return (out, i);
            }
            // `*`, `self` handled as the path so far.
            return (vec![segments], i);
        }
        i += ident.len();
        if ident != "self" {
            segments.push(ident);
        }
        if s[i..].starts_with("::") {
            i += 2;
        } else {
            // `x as y` and anything after the path end it.
            return (vec![segments], i);
        }
    }
}

/// Checks every table against the tree; prints the violations.
pub fn run(root: &Path) -> bool {
    let architecture = fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let tables = read_tables(&architecture);
    let mut ok = !tables.is_empty();
    for table in &tables {
        let violations = table.check(root);
        for v in &violations {
            eprintln!("{}/{v}", table.src);
        }
        ok &= violations.is_empty();
        if violations.is_empty() {
            eprintln!("{}: every import goes down the layer order", table.src);
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "```layers app/src\nchat\norders payments\ncart\nplatform\n```\n";

    fn table() -> Layers {
        read_tables(TABLE).remove(0)
    }

    #[test]
    fn the_workspace_keeps_its_layer_order() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert!(run(root), "an import goes up the layer order (see above)");
    }

    #[test]
    fn an_upward_import_is_a_violation() {
        let t = table();
        let v = t.check_source("cart.rs", "use crate::{platform::ctx::*, chat::hub};\n");
        assert_eq!(v, vec![Violation { file: "cart.rs".into(), from: "cart".into(), to: "chat".into() }]);
        assert!(t.check_source("chat/db.rs", "fn f() { crate::cart::db::find(); super::hub::x(); }").is_empty());
    }

    #[test]
    fn siblings_may_not_import_each_other() {
        let v = table().check_source("orders/db.rs", "use crate::payments::db::insert;");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].to, "payments");
    }

    #[test]
    fn nested_use_trees_and_super_paths_are_read() {
        assert_eq!(
            crate_paths("use crate::{a::{b, c::d}, e};", &[]),
            vec![vec!["a", "b"], vec!["a", "c", "d"], vec!["e"]]
        );
        let module = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(crate_paths("use super::db::Row;", &module(&["cart", "pages"])), vec![vec!["cart", "db", "Row"]]);
        assert_eq!(crate_paths("use super::super::x;", &module(&["a", "b", "c"])), vec![vec!["a", "x"]]);
        assert!(crate_paths("// crate::chat::x\nlet s = 1;", &[]).is_empty());
    }

    #[test]
    fn a_module_without_a_layer_is_reported() {
        let v = table().check_source("studio.rs", "use crate::platform::x;");
        assert_eq!(v.len(), 1);
        assert!(v[0].to.contains("no layer"));
    }
}
