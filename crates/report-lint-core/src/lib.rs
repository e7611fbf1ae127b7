//! report-lint-core: source text → [`Report`] AST.
//!
//! ```text
//! bytes ─► SourceFile ─► Normalized view (繁→简, full-width, pinyin and HTML debris)
//!       ─► headings, cells in any flattened layout ─► tables 二/三/四, metadata, prose numbers
//! ```
//!
//! The parser never fails: any text yields a [`Report`] plus [`ParseNote`]s.
//! Every span is a byte range into [`SourceFile::text`]. This crate knows
//! nothing of rules, terminals or editors.

pub mod document;
mod html;
pub mod io_message;
pub mod labels;
mod locate;
pub mod normalize;
mod parse;
pub mod program;
pub mod quote;
pub mod report;
pub mod source;
pub mod template;
pub mod value;

pub use document::{Block, DocumentMap, Form, Location, Place};
pub use normalize::{Debris, DebrisKind, Normalized};
pub use quote::quote;
pub use report::*;
pub use source::{
    too_large, DecodeError, LineEnding, SourceFile, Span, TextEncoding, Unencodable, MAX_TEXT_BYTES,
};
pub use template::{RequestGroup, RequestRow, TemplateVersion};
pub use value::{CellValue, Decimal};

pub use html::looks_like_html;
pub use io_message::describe_io;

/// Parses a report's text — plain text in any flattened layout, or an HTML
/// page (by file name or content); never fails.
pub fn parse(source: SourceFile) -> Report {
    parse::parse(source)
}

/// Convenience: parse a string.
pub fn parse_str(name: &str, text: &str) -> Report {
    parse(SourceFile::new(name, text))
}
