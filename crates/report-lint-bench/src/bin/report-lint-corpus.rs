//! Writes a corpus of generated reports for benchmarks:
//!
//! ```text
//! report-lint-corpus --count 3000 --out /tmp/corpus [--seed 1] [--sizes large]
//! ```
//!
//! Reports are of a published report's size (5–20 KB of text), or 20–100
//! KB with `--sizes large`. Layouts take turns file by file; every fourth
//! round is in traditional characters. The same seed, count and sizes
//! always write the same files.

use clap::{Parser, ValueEnum};
use report_lint_bench::{corpus_file_in, Sizes};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    about = "Writes N generated annual reports (5–20 KB each, or 20–100 KB; every layout and script) into a folder"
)]
struct Args {
    /// How many reports to write.
    #[arg(long)]
    count: u64,
    /// The folder to write them to (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// The corpus seed: the same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How large the reports are: `real` (5–20 KB, as published) or
    /// `large` (20–100 KB).
    #[arg(long, value_enum, default_value_t = SizesArg::Real)]
    sizes: SizesArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum SizesArg {
    Real,
    Large,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("cannot create {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let mut bytes = 0;
    for index in 0..args.count {
        let sizes = match args.sizes {
            SizesArg::Real => Sizes::Real,
            SizesArg::Large => Sizes::Large,
        };
        let file = corpus_file_in(args.seed, index, sizes);
        let path = args.out.join(&file.name);
        if let Err(e) = std::fs::write(&path, &file.text) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        bytes += file.text.len();
    }
    eprintln!(
        "wrote {} reports, {:.1} MB, to {}",
        args.count,
        bytes as f64 / 1e6,
        args.out.display()
    );
    ExitCode::SUCCESS
}
