//! The server on stdin/stdout without the CLI, for trying it with any LSP
//! client: `cargo run -p report-lint-lsp --example stdio`.

fn main() -> std::io::Result<()> {
    report_lint_lsp::run_stdio()
}
