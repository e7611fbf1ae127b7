//! Where report work runs: tokio's blocking pool, but never more than one
//! job per core at a time. Parsing and linting are CPU-bound; running more
//! of them at once only adds threads and memory (each blocking thread keeps
//! its allocator's arenas), which is how a burst of edits once reached 515
//! threads and gigabytes that were never returned.

use std::num::NonZeroUsize;
use std::sync::Arc;
use tokio::sync::Semaphore;

pub(crate) struct Pool {
    permits: Arc<Semaphore>,
    #[cfg_attr(not(feature = "test-hooks"), allow(dead_code))]
    size: usize,
}

impl Default for Pool {
    fn default() -> Pool {
        Pool::new(
            std::thread::available_parallelism()
                .map(NonZeroUsize::get)
                .unwrap_or(1),
        )
    }
}

impl Pool {
    pub(crate) fn new(size: usize) -> Pool {
        let size = size.max(1);
        Pool {
            permits: Arc::new(Semaphore::new(size)),
            size,
        }
    }

    #[cfg(feature = "test-hooks")]
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// Runs `work` once a worker is free. A panic there (a parser bug, say)
    /// costs this one answer, never the server; rule panics are already
    /// caught by the rules engine.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        what: &str,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let permit = Arc::clone(&self.permits).acquire_owned().await.ok()?;
        let job = tokio::task::spawn_blocking(move || {
            // Held until the work ends, even when whoever awaited it is gone:
            // the number of busy threads is what the permits bound.
            let _permit = permit;
            work()
        });
        match job.await {
            Ok(value) => Some(value),
            Err(e) => {
                eprintln!("report-lint: {what}时出错：{e}");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn runs_at_most_its_size_at_once() {
        let pool = Arc::new(Pool::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs: Vec<_> = (0..16)
            .map(|_| {
                let (pool, running, most) = (pool.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    pool.run("测试", move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for job in jobs {
            assert_eq!(job.await.expect("task"), Some(()));
        }
        assert!(most.load(Ordering::SeqCst) <= 2);
    }

    #[tokio::test]
    async fn a_panic_costs_one_answer() {
        let pool = Pool::new(1);
        assert_eq!(pool.run("测试", || -> u8 { panic!("boom") }).await, None);
        assert_eq!(
            pool.run("测试", || 7).await,
            Some(7),
            "the permit came back"
        );
    }
}
