//! Which reports of one run are last year's and this year's of the same
//! agency.
//!
//! While the run streams, each report's key (agency, year) is kept, and the
//! parsed reports of the last [`RECENT`] files: a report whose last-year
//! report came shortly before it in path order (`甲局/2022.txt`,
//! `甲局/2023.txt`) is compared at once, with the report still in memory.
//! The other pairs are compared at the end, both files read again.

use crate::output::Facts;
use crate::walk::Input;
use std::collections::{HashMap, VecDeque};

/// How many recent reports are kept for pairing: enough for every year of
/// an agency's folder, small enough that memory does not grow with the run.
pub const RECENT: usize = 32;

/// What pairing needs to know about a report: its agency and year.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PairKey {
    pub agency: String,
    pub year: u16,
}

impl PairKey {
    /// `None` for a report whose title names no agency or year.
    pub fn of(facts: &Facts) -> Option<PairKey> {
        Some(PairKey {
            agency: facts.agency.clone()?,
            year: facts.year?,
        })
    }
}

impl PairKey {
    /// The key of the same agency's report for the year before.
    pub fn last_year(&self) -> Option<PairKey> {
        Some(PairKey {
            agency: self.agency.clone(),
            year: self.year.checked_sub(1)?,
        })
    }
}

/// The keys of a run so far and its most recent reports (`T`: what is kept
/// of a report to compare it).
pub struct Batch<T> {
    /// Files with a key, in run order; `true` once compared with last year's.
    keys: Vec<(Input, PairKey, bool)>,
    /// The first file of each key, as an index into `keys`.
    first: HashMap<PairKey, usize>,
    /// The last [`RECENT`] reports kept, by index into `keys`.
    recent: VecDeque<(usize, T)>,
}

impl<T> Default for Batch<T> {
    fn default() -> Self {
        Batch {
            keys: Vec::new(),
            first: HashMap::new(),
            recent: VecDeque::new(),
        }
    }
}

impl<T> Batch<T> {
    /// Last year's report of `key`'s agency, if it came earlier in the run
    /// and is still in memory. Deterministic: it depends only on the files
    /// before, which are all recorded when this is asked.
    pub fn last_year(&self, key: &PairKey) -> Option<&T> {
        let index = *self.first.get(&key.last_year()?)?;
        self.recent
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, report)| report)
    }

    /// Records the next report of the run, and keeps it in memory when
    /// given; `compared` when its cross-year comparison is done.
    pub fn record(&mut self, input: Input, key: PairKey, report: Option<T>, compared: bool) {
        let index = self.keys.len();
        self.first.entry(key.clone()).or_insert(index);
        self.keys.push((input, key, compared));
        if let Some(report) = report {
            self.recent.push_back((index, report));
            if self.recent.len() > RECENT {
                self.recent.pop_front();
            }
        }
    }

    /// The pairs still to compare at the end.
    pub fn deferred(&self) -> Vec<Pair> {
        let all: Vec<(Input, PairKey)> = self
            .keys
            .iter()
            .map(|(input, key, _)| (input.clone(), key.clone()))
            .collect();
        let left: Vec<(Input, PairKey)> = all
            .iter()
            .zip(&self.keys)
            .filter(|(_, (_, _, compared))| !compared)
            .map(|(keyed, _)| keyed.clone())
            .collect();
        pairs(&all, &left)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub previous: Input,
    pub current: Input,
}

/// For each of `currents` that has last year's report of its agency among
/// `all` (the whole run), that pair; the first such report in run order
/// wins when there are two (as `cross_year::is_previous_year` over the
/// batch would pick).
pub fn pairs(all: &[(Input, PairKey)], currents: &[(Input, PairKey)]) -> Vec<Pair> {
    let mut first: HashMap<&PairKey, &Input> = HashMap::new();
    for (input, key) in all {
        first.entry(key).or_insert(input);
    }
    currents
        .iter()
        .filter_map(|(current, key)| {
            let previous = first.get(&key.last_year()?)?;
            Some(Pair {
                previous: (*previous).clone(),
                current: current.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use report_lint_core::Report;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn file(name: &str) -> Input {
        Input::File {
            path: PathBuf::from(name),
            explicit: false,
        }
    }

    fn key(agency: &str, year: u16) -> PairKey {
        PairKey {
            agency: agency.into(),
            year,
        }
    }

    #[test]
    fn consecutive_years_of_one_agency_pair_up() {
        let keys = [
            (file("a/2023.txt"), key("甲局", 2023)),
            (file("a/2022.txt"), key("甲局", 2022)),
            (file("a/2022-copy.txt"), key("甲局", 2022)),
            (file("b/2022.txt"), key("乙局", 2022)),
            (file("b/2020.txt"), key("乙局", 2020)),
        ];
        assert_eq!(
            pairs(&keys, &keys),
            [Pair {
                previous: file("a/2022.txt"),
                current: file("a/2023.txt")
            }]
        );
    }

    fn report(name: &str) -> Option<Arc<Report>> {
        Some(Arc::new(report_lint_core::parse_str(name, "")))
    }

    #[test]
    fn recent_reports_are_found_and_older_ones_deferred() {
        let mut batch = Batch::default();
        batch.record(
            file("a/2022.txt"),
            key("甲局", 2022),
            report("a/2022.txt"),
            false,
        );
        let found = batch.last_year(&key("甲局", 2023)).expect("just recorded");
        assert_eq!(found.source.name, "a/2022.txt");
        batch.record(
            file("a/2023.txt"),
            key("甲局", 2023),
            report("a/2023.txt"),
            true,
        );
        for i in 0..RECENT {
            let name = format!("m/{i}.txt");
            batch.record(
                file(&name),
                key("乙局", 2000 + i as u16 * 2),
                report(&name),
                false,
            );
        }
        assert!(
            batch.last_year(&key("甲局", 2023)).is_none(),
            "2022 left memory"
        );
        batch.record(
            file("z/2023.txt"),
            key("甲局", 2023),
            report("z/2023.txt"),
            false,
        );
        assert_eq!(
            batch.deferred(),
            [Pair {
                previous: file("a/2022.txt"),
                current: file("z/2023.txt")
            }],
            "only the pair not compared at once is left"
        );
    }
}
