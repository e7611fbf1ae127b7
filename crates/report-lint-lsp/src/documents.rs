//! The open documents: text (a rope, for cheap incremental edits and
//! position lookups), the client's version, and the analysis of that version.

use crate::analysis::Analysis;
use crate::convert::{self, Encoding};
use ropey::Rope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

struct Document {
    text: Rope,
    version: i32,
    language_id: String,
    /// The analysis of `version`, once computed.
    analysis: Option<Arc<Analysis>>,
    /// Bumped when analyses are invalidated without an edit (the
    /// configuration changed), so a lint started before cannot be cached.
    generation: u64,
}

/// A document as it was at one version, to analyse off the async runtime.
#[derive(Clone)]
pub(crate) struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub generation: u64,
    pub text: Rope,
    pub language_id: String,
}

impl Snapshot {
    /// Whether the format has comments, so that a finding can be silenced
    /// with `<!-- report-lint-disable-next-line CODE -->`.
    pub(crate) fn allows_comments(&self) -> bool {
        if matches!(self.language_id.as_str(), "markdown" | "html") {
            return true;
        }
        let path = self.uri.path().as_str().to_ascii_lowercase();
        [".md", ".markdown", ".html", ".htm"]
            .iter()
            .any(|ext| path.ends_with(ext))
    }
}

/// What became of a `didChange`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Change {
    Applied,
    /// The change is for a version not newer than the one we have.
    Stale {
        current: i32,
    },
    NotOpen,
}

#[derive(Default)]
pub(crate) struct Documents {
    open: Mutex<HashMap<Uri, Document>>,
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uri, Document>> {
        // Nothing panics while holding the lock; if something ever did, the
        // map is still consistent (every update is a single assignment).
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn open(&self, uri: Uri, version: i32, language_id: String, text: &str) {
        let document = Document {
            text: Rope::from_str(text),
            version,
            language_id,
            analysis: None,
            generation: 0,
        };
        self.lock().insert(uri, document);
    }

    pub(crate) fn close(&self, uri: &Uri) {
        self.lock().remove(uri);
    }

    /// Applies the changes of one `didChange` in order. Ranges are clamped to
    /// the text, so an out-of-range edit degrades to an edit at the end.
    pub(crate) fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Change {
        let mut open = self.lock();
        let Some(document) = open.get_mut(uri) else {
            return Change::NotOpen;
        };
        if version <= document.version {
            return Change::Stale {
                current: document.version,
            };
        }
        for change in &changes {
            apply(&mut document.text, change, encoding);
        }
        document.version = version;
        document.analysis = None;
        Change::Applied
    }

    pub(crate) fn is_current(&self, uri: &Uri, version: i32) -> bool {
        self.lock().get(uri).is_some_and(|d| d.version == version)
    }

    /// The current version of a document and its analysis if already computed.
    pub(crate) fn snapshot(&self, uri: &Uri) -> Option<(Snapshot, Option<Arc<Analysis>>)> {
        let open = self.lock();
        let document = open.get(uri)?;
        let snapshot = Snapshot {
            uri: uri.clone(),
            version: document.version,
            generation: document.generation,
            text: document.text.clone(),
            language_id: document.language_id.clone(),
        };
        Some((snapshot, document.analysis.clone()))
    }

    /// Keeps an analysis for later requests, unless the document has moved on
    /// or was invalidated while it was computed.
    pub(crate) fn store(&self, analysis: &Arc<Analysis>) {
        if let Some(document) = self.lock().get_mut(&analysis.uri) {
            if document.version == analysis.version && document.generation == analysis.generation {
                document.analysis = Some(Arc::clone(analysis));
            }
        }
    }

    /// Forgets every analysis (the configuration changed) and returns the
    /// open documents with their versions, to lint again.
    pub(crate) fn invalidate_all(&self) -> Vec<(Uri, i32)> {
        let mut open = self.lock();
        open.iter_mut()
            .map(|(uri, document)| {
                document.analysis = None;
                document.generation += 1;
                (uri.clone(), document.version)
            })
            .collect()
    }
}

fn apply(text: &mut Rope, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
    let Some(range) = change.range else {
        *text = Rope::from_str(&change.text);
        return;
    };
    let a = convert::offset(text, range.start, encoding);
    let b = convert::offset(text, range.end, encoding);
    // Both offsets are on char boundaries; a reversed range is read as the
    // same span rather than rejected.
    let (start, end) = (text.byte_to_char(a.min(b)), text.byte_to_char(a.max(b)));
    text.remove(start..end);
    text.insert(start, &change.text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0, start.1),
                Position::new(end.0, end.1),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    fn text_of(documents: &Documents, uri: &Uri) -> String {
        documents
            .snapshot(uri)
            .map(|(s, _)| s.text.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn applies_edits_in_order_and_drops_stale_versions() {
        let uri: Uri = "file:///r.txt".parse().unwrap();
        let documents = Documents::default();
        documents.open(uri.clone(), 1, "plaintext".into(), "𠀀1.其他\n");

        let changes = vec![edit((0, 2), (0, 3), "2"), edit((0, 0), (0, 2), "")];
        assert_eq!(
            documents.change(&uri, 2, changes, Encoding::Utf16),
            Change::Applied
        );
        assert_eq!(text_of(&documents, &uri), "2.其他\n");

        assert_eq!(
            documents.change(&uri, 2, vec![edit((0, 0), (0, 0), "x")], Encoding::Utf16),
            Change::Stale { current: 2 }
        );
        assert_eq!(text_of(&documents, &uri), "2.其他\n");
    }

    #[test]
    fn out_of_range_and_reversed_edits_are_clamped() {
        let uri: Uri = "file:///r.md".parse().unwrap();
        let documents = Documents::default();
        documents.open(uri.clone(), 1, "markdown".into(), "ab\ncd");
        documents.change(&uri, 2, vec![edit((7, 0), (99, 99), "!")], Encoding::Utf8);
        assert_eq!(text_of(&documents, &uri), "ab\ncd!");
        documents.change(&uri, 3, vec![edit((0, 99), (0, 1), "")], Encoding::Utf8);
        assert_eq!(text_of(&documents, &uri), "a\ncd!");
    }

    #[test]
    fn knows_which_formats_have_comments() {
        let snapshot = |uri: &str, language: &str| Snapshot {
            uri: uri.parse().unwrap(),
            version: 1,
            generation: 0,
            text: Rope::new(),
            language_id: language.into(),
        };
        assert!(snapshot("file:///a/report.MD", "plaintext").allows_comments());
        assert!(snapshot("untitled:Untitled-1", "html").allows_comments());
        assert!(!snapshot("file:///a/report.txt", "plaintext").allows_comments());
    }
}
