// Linking the built-in rules: inventory only collects rules from crates
// that the binary references.
use report_lint_rules as _;

// Parsing allocates many small strings (cells, labels, lines) on every
// worker thread; mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    report_lint_cli::main()
}
