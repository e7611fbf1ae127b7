//! What the binary carries from its build:
//! - the checker page (editors/web/dist/年报检查.html, made by
//!   editors/web/build.sh, or the file REPORT_LINT_WEB_PAGE names) for
//!   `report-lint web`. A plain `cargo build` cannot build WebAssembly, so
//!   the page is optional: without it, `report-lint web` says how to get it;
//! - the git commit it is built from (`REPORT_LINT_COMMIT`), for
//!   `report-lint --version`. Without git, or outside a checkout (a crate
//!   from a source archive), the commit is "unknown"; the environment
//!   variable `REPORT_LINT_COMMIT` set at build time wins over both.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    embed_web_page();
    embed_commit();
}

fn embed_web_page() {
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

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn embed_commit() {
    println!("cargo:rerun-if-env-changed=REPORT_LINT_COMMIT");
    let commit = env::var("REPORT_LINT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| {
            // Rebuild when HEAD moves: HEAD itself (a branch switch) and the
            // branch's ref (a commit), wherever this worktree keeps them.
            for file in ["HEAD", "logs/HEAD"] {
                if let Some(path) = git(&["rev-parse", "--git-path", file]) {
                    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
                    if path.exists() {
                        println!("cargo:rerun-if-changed={}", path.display());
                    }
                }
            }
            git(&["rev-parse", "--short=12", "HEAD"])
        })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=REPORT_LINT_COMMIT={commit}");
}
