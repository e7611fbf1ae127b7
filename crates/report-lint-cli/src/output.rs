//! Prints findings file by file in the chosen format. Text is streamed as
//! files are linted; JSON is one array, written when all files are done.

use crate::args::Format;
use crate::render_json::{self, JsonDiagnostic};
use crate::render_text;
use report_lint_core::SourceFile;
use report_lint_rules::Diagnostic;
use std::io::{self, Write};

pub enum Printer {
    Text { color: bool },
    Json(Vec<JsonDiagnostic>),
}

impl Printer {
    pub fn new(format: Format, color: bool) -> Printer {
        match format {
            Format::Text => Printer::Text { color },
            Format::Json => Printer::Json(Vec::new()),
        }
    }

    pub fn file(
        &mut self,
        out: &mut dyn Write,
        source: &SourceFile,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        match self {
            Printer::Text { color } => render_text::render_file(out, *color, source, diagnostics),
            Printer::Json(all) => {
                all.extend(render_json::convert(source, diagnostics));
                Ok(())
            }
        }
    }

    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Printer::Text { .. } => Ok(()),
            Printer::Json(all) => render_json::write(out, &all),
        }
    }

    /// Where the closing summary goes: after the text on stdout, but never
    /// into JSON, which scripts parse whole.
    pub fn is_json(&self) -> bool {
        matches!(self, Printer::Json(_))
    }
}
