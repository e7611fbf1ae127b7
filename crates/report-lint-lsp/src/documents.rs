//! The open documents: text (a rope, for cheap incremental edits and
//! position lookups), the client's version, and the analysis of that version.

use crate::analysis::Analysis;
use crate::convert::{self, Encoding};
use report_lint_core::MAX_TEXT_BYTES;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

struct Document {
    text: Rope,
    version: i32,
    language_id: String,
    /// Tells this opening of the document, with this configuration, from
    /// earlier ones (see [`Stamp`]).
    generation: u64,
    /// Tells this opening from a later one of the same URI, for the task
    /// that publishes its diagnostics.
    opened: u64,
    /// The analysis of the current version, once asked for: started once,
    /// shared by everyone who asks, dropped with the version.
    job: Option<Arc<Job>>,
    /// Whether a task is publishing this document's diagnostics.
    publishing: bool,
}

impl Document {
    fn stamp(&self) -> Stamp {
        Stamp {
            version: self.version,
            generation: self.generation,
        }
    }

    /// The size of a text too large to analyse (the command line's limit).
    fn oversize(&self) -> Option<u64> {
        let bytes = self.text.len_bytes() as u64;
        (bytes > MAX_TEXT_BYTES).then_some(bytes)
    }
}

/// Which text an analysis is of: the client's version, and the generation,
/// which changes when the document is opened again or the configuration
/// changes (the same version then lints differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub version: i32,
    pub generation: u64,
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
    pub(crate) fn stamp(&self) -> Stamp {
        Stamp {
            version: self.version,
            generation: self.generation,
        }
    }

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

/// What the analysis of one version came to: `None` when it was not run
/// (a newer version came first) or failed.
pub(crate) type Outcome = Option<Arc<Analysis>>;

/// The analysis of one version: run once, awaited by everyone who asks.
pub(crate) struct Job {
    pub stamp: Stamp,
    done: watch::Sender<Option<Outcome>>,
}

impl Job {
    fn new(stamp: Stamp) -> Job {
        Job {
            stamp,
            done: watch::Sender::new(None),
        }
    }

    pub(crate) fn finish(&self, outcome: Outcome) {
        self.done.send_replace(Some(outcome));
    }

    pub(crate) async fn outcome(&self) -> Outcome {
        let mut done = self.done.subscribe();
        let finished = done.wait_for(Option::is_some).await;
        finished.ok().and_then(|outcome| outcome.clone()).flatten()
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
    /// Source of generations and openings: never the same number twice.
    counter: AtomicU64,
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uri, Document>> {
        // Nothing panics while holding the lock; if something ever did, the
        // map is still consistent (every update is a single assignment).
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn open(&self, uri: Uri, version: i32, language_id: String, text: &str) {
        let document = Document {
            text: Rope::from_str(text),
            version,
            language_id,
            generation: self.next(),
            opened: self.next(),
            job: None,
            publishing: false,
        };
        self.lock().insert(uri, document);
    }

    /// Forgets the document: its text, its analysis and whatever it cached.
    pub(crate) fn close(&self, uri: &Uri) {
        let closed = self.lock().remove(uri);
        // Dropped outside the lock: freeing a large analysis takes a while.
        drop(closed);
    }

    /// How many documents are open.
    #[cfg(feature = "test-hooks")]
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
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
        document.job = None;
        Change::Applied
    }

    pub(crate) fn is_current(&self, uri: &Uri, stamp: Stamp) -> bool {
        self.lock().get(uri).is_some_and(|d| d.stamp() == stamp)
    }

    /// The current version of a document.
    #[cfg(test)]
    fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        self.lock().get(uri).map(|document| snapshot(uri, document))
    }

    /// The analysis job of the current version, made if there is none yet
    /// (`true`: the caller is to run it). `None` when the document is not
    /// open or too large to analyse.
    pub(crate) fn job(&self, uri: &Uri) -> Option<(Snapshot, Arc<Job>, bool)> {
        let mut open = self.lock();
        let document = open.get_mut(uri)?;
        if document.oversize().is_some() {
            return None;
        }
        let new = document.job.is_none();
        let stamp = document.stamp();
        let job = Arc::clone(
            document
                .job
                .get_or_insert_with(|| Arc::new(Job::new(stamp))),
        );
        Some((snapshot(uri, document), job, new))
    }

    /// The version of a document too large to analyse, and its size.
    pub(crate) fn oversize(&self, uri: &Uri) -> Option<(Stamp, u64)> {
        let open = self.lock();
        let document = open.get(uri)?;
        Some((document.stamp(), document.oversize()?))
    }

    /// Marks the document as having a publishing task and tells which
    /// opening it is; `None` when it has one already (it will publish the
    /// new version too) or is not open.
    pub(crate) fn start_publishing(&self, uri: &Uri) -> Option<u64> {
        let mut open = self.lock();
        let document = open.get_mut(uri)?;
        if document.publishing {
            return None;
        }
        document.publishing = true;
        Some(document.opened)
    }

    /// Whether the publishing task of opening `opened` is done, having
    /// published `published` (or nothing): it is, unless the document is
    /// still that opening and has changed since.
    pub(crate) fn done_publishing(&self, uri: &Uri, opened: u64, published: Option<Stamp>) -> bool {
        let mut open = self.lock();
        let Some(document) = open.get_mut(uri).filter(|d| d.opened == opened) else {
            return true;
        };
        if published != Some(document.stamp()) {
            return false;
        }
        document.publishing = false;
        true
    }

    /// Forgets every analysis (the configuration changed) and returns the
    /// open documents, to lint again.
    pub(crate) fn invalidate_all(&self) -> Vec<Uri> {
        let mut open = self.lock();
        open.iter_mut()
            .map(|(uri, document)| {
                document.job = None;
                document.generation = self.next();
                uri.clone()
            })
            .collect()
    }
}

fn snapshot(uri: &Uri, document: &Document) -> Snapshot {
    Snapshot {
        uri: uri.clone(),
        version: document.version,
        generation: document.generation,
        text: document.text.clone(),
        language_id: document.language_id.clone(),
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
            .map(|s| s.text.to_string())
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
