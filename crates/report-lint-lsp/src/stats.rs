//! What the server holds and has done, counted. The counts are kept always
//! (a few atomic additions) and read only by the `report-lint/stats`
//! request of the `test-hooks` feature: the crate's tests check with them
//! that a burst of edits runs few analyses and that closing a document
//! frees everything it held.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Default)]
pub(crate) struct Stats {
    /// Analyses computed; a version superseded before its turn is not.
    pub(crate) analyses_run: AtomicUsize,
    /// Analyses not dropped yet, wherever they are held.
    pub(crate) analyses_alive: Counter,
}

impl Stats {
    pub(crate) fn analysis_started(&self) -> Held {
        self.analyses_run.fetch_add(1, Ordering::Relaxed);
        self.analyses_alive.hold()
    }
}

/// Counts the [`Held`] values alive.
#[derive(Default, Clone)]
pub(crate) struct Counter(Arc<AtomicUsize>);

impl Counter {
    pub(crate) fn hold(&self) -> Held {
        self.0.fetch_add(1, Ordering::Relaxed);
        Held(Arc::clone(&self.0))
    }

    #[cfg(feature = "test-hooks")]
    pub(crate) fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// One of what a [`Counter`] counts, until dropped.
pub(crate) struct Held(Arc<AtomicUsize>);

impl Drop for Held {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
