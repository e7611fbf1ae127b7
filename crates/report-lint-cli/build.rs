//! Embeds the checker page (editors/web/dist/年报检查.html, made by
//! editors/web/build.sh, or the file REPORT_LINT_WEB_PAGE names) for
//! `report-lint web`. A plain `cargo build` cannot build WebAssembly, so
//! the page is optional: without it, `report-lint web` says how to get it.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let web = manifest.join("../../editors/web");
    println!("cargo:rerun-if-env-changed=REPORT_LINT_WEB_PAGE");
    // The folder, not the page: a path that does not exist would make
    // cargo run this script on every build.
    println!("cargo:rerun-if-changed={}", web.display());
    let page = env::var_os("REPORT_LINT_WEB_PAGE")
        .map(PathBuf::from)
        .unwrap_or_else(|| web.join("dist/年报检查.html"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("web_page.rs");
    let code = match fs::canonicalize(&page) {
        Ok(path) if path.is_file() => {
            println!("cargo:rerun-if-changed={}", path.display());
            format!("Some(include_bytes!({:?}))", path.display().to_string())
        }
        _ => "None".to_string(),
    };
    fs::write(&out, format!("pub const PAGE: Option<&[u8]> = {code};\n"))
        .expect("OUT_DIR is writable");
}
