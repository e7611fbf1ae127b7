//! The server on stdin/stdout without the CLI, for trying it with any LSP
//! client: `cargo run -p report-lint-lsp --example stdio`.

fn main() -> std::io::Result<()> {
    let ending = report_lint_lsp::run_stdio()?;
    std::process::exit(ending.exit_code())
}
