//! Embeds the default theme (templates, static files, translations) in the binary: every file
//! under themes/default/{templates,static,i18n} becomes an `include_bytes!` entry, sorted by
//! path, so the built `katalog` needs no theme folder beside it.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let theme = manifest.join("../themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    for part in ["templates", "static", "i18n"] {
        let dir = theme.join(part);
        println!("cargo:rerun-if-changed={}", dir.display());
        walk(&dir, &mut files);
    }
    files.sort();
    let mut code = String::from("/// The default theme: (path inside the theme, bytes), sorted by path.\npub(crate) static FILES: &[(&str, &[u8])] = &[\n");
    for path in &files {
        let rel = path.strip_prefix(&theme).unwrap().to_string_lossy().replace('\\', "/");
        let abs = fs::canonicalize(path).unwrap();
        code.push_str(&format!("    ({rel:?}, include_bytes!({:?})),\n", abs.to_string_lossy()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("theme_files.rs");
    fs::write(out, code).unwrap();
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        // A new file in a sub-folder must trigger a rebuild too.
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            walk(&path, files);
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            files.push(path);
        }
    }
}
