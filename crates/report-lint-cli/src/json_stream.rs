//! Pretty-printed JSON documents written piece by piece, so that a run over
//! thousands of files never holds the whole document: each element is
//! serialised when its file is done and written at its depth.
//!
//! The bytes are those of `serde_json::to_writer_pretty` over the whole
//! document (two-space indent), so output is the same as if it had been
//! built in memory.

use serde::Serialize;
use std::io::{self, Write};

/// `value` pretty-printed, every line after the first indented by `indent`
/// spaces, to sit at that depth of an enclosing document. JSON strings
/// never contain raw line breaks, so indenting lines is safe.
pub fn pretty_at(value: &impl Serialize, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    let pad = " ".repeat(indent);
    text.replace('\n', &format!("\n{pad}"))
}

/// The elements of a JSON array whose `[` has been written; elements are
/// pretty-printed at depth `indent` (the depth of the array's members).
#[derive(Debug)]
pub struct ArrayStream {
    indent: usize,
    count: usize,
}

impl ArrayStream {
    pub fn new(indent: usize) -> ArrayStream {
        ArrayStream { indent, count: 0 }
    }

    /// Writes one element, already pretty-printed at depth 0.
    pub fn push(&mut self, out: &mut dyn Write, element: &str) -> io::Result<()> {
        let separator = if self.count == 0 { "\n" } else { ",\n" };
        let pad = " ".repeat(self.indent);
        write!(
            out,
            "{separator}{pad}{}",
            element.replace('\n', &format!("\n{pad}"))
        )?;
        self.count += 1;
        Ok(())
    }

    /// Writes the closing `]` (as `[]` when empty, like serde_json).
    pub fn close(self, out: &mut dyn Write) -> io::Result<()> {
        if self.count > 0 {
            write!(out, "\n{}", " ".repeat(self.indent.saturating_sub(2)))?;
        }
        write!(out, "]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn streams_the_bytes_serde_json_writes_for_the_whole_document() {
        let elements = [json!({"a": [1, 2], "b": "x\ny"}), json!({}), json!([])];
        for n in 0..=elements.len() {
            let whole = json!({"head": {"k": 1}, "items": elements[..n], "tail": true});
            let mut out = Vec::new();
            write!(
                out,
                "{{\n  \"head\": {},\n  \"items\": [",
                pretty_at(&json!({"k": 1}), 2)
            )
            .unwrap();
            let mut items = ArrayStream::new(4);
            for element in &elements[..n] {
                let text = serde_json::to_string_pretty(element).unwrap();
                items.push(&mut out, &text).unwrap();
            }
            items.close(&mut out).unwrap();
            write!(out, ",\n  \"tail\": true\n}}").unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&whole).unwrap()
            );
        }
    }
}
