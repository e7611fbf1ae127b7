//! `report-lint` with the provincial rule pack: the whole command line
//! (`check`, `fix`, `rule`, `lsp`, …) runs the built-in rules and the
//! pack's (G001).

use std::process::ExitCode;

// inventory only collects rules from crates the binary references; these
// two lines keep the linker from dropping the built-ins and the pack.
use report_lint_pack_provincial as _;
use report_lint_rules as _;

fn main() -> ExitCode {
    report_lint_cli::main()
}
