//! Work on many files across all cores, results handed back in input
//! order as soon as they and everything before them are done.
//!
//! At most `window` items are in flight or waiting to be handed back, so a
//! slow file early in the list holds back at most that many finished
//! results: memory does not grow with the number of files.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

/// How many items may be in flight: enough to keep every core busy while
/// one file takes longer than the others.
pub fn default_window() -> usize {
    (rayon::current_num_threads() * 8).max(16)
}

/// Runs `work` on every item on the rayon pool and calls `sink` with the
/// results in the order of `items`. `items` is pulled on the calling thread,
/// so producing an item may use what cannot cross threads (stdin, `&mut`
/// state). A panic in `work` becomes `Err(message)` for that item alone.
/// The first error `sink` returns stops the run (items in flight finish).
pub fn for_each_ordered<T, R, E>(
    items: impl IntoIterator<Item = T>,
    window: usize,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(Result<R, String>) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    let window = window.max(1);
    let (tx, rx) = mpsc::channel::<(usize, Result<R, String>)>();
    let work = &work;
    rayon::in_place_scope(|scope| {
        let mut items = items.into_iter().enumerate();
        let mut waiting: BTreeMap<usize, Result<R, String>> = BTreeMap::new();
        let (mut spawned, mut next, mut exhausted) = (0, 0, false);
        loop {
            while !exhausted && spawned < next + window {
                let Some((index, item)) = items.next() else {
                    exhausted = true;
                    break;
                };
                let tx = tx.clone();
                scope.spawn(move |_| {
                    let result = catch_unwind(AssertUnwindSafe(|| work(item)))
                        .map_err(|panic| panic_message(panic.as_ref()));
                    // The receiver is gone only when the sink stopped the run.
                    let _ = tx.send((index, result));
                });
                spawned += 1;
            }
            if exhausted && next == spawned {
                return Ok(());
            }
            // Every spawned task sends exactly once, and `tx` is still held here.
            let Ok((index, result)) = rx.recv() else {
                return Ok(());
            };
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                sink(result)?;
            }
        }
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_back_in_order_with_bounded_look_ahead() {
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let result: Result<(), ()> = for_each_ordered(
            0..200u64,
            4,
            |i| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                // Early items are slower, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 5));
                in_flight.fetch_sub(1, Ordering::SeqCst);
                i * 2
            },
            |r| {
                seen.push(r.expect("no panic"));
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 4);
    }

    #[test]
    fn a_panic_is_an_error_for_that_item_only() {
        let mut seen = Vec::new();
        let _: Result<(), ()> = for_each_ordered(
            0..5,
            2,
            |i| {
                if i == 2 {
                    panic!("boom");
                }
                i
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(seen, [Ok(0), Ok(1), Err("boom".to_string()), Ok(3), Ok(4)]);
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let mut calls = 0;
        let result = for_each_ordered(
            0..1000,
            8,
            |i| i,
            |_| {
                calls += 1;
                if calls == 3 {
                    Err("closed")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("closed"));
        assert_eq!(calls, 3);
    }
}
