// Linking the built-in rules: inventory only collects rules from crates
// that the binary references.
use report_lint_rules as _;

fn main() -> std::process::ExitCode {
    report_lint_cli::main()
}
