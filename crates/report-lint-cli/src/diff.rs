//! A unified diff of a report before and after fixing, for `fix --diff`,
//! by `similar` (Myers' algorithm, hunks with three lines of context).
//! Lines keep their own terminators, so a CRLF file shows CRLF lines.

use similar::TextDiff;
use std::time::{Duration, Instant};

const CONTEXT: usize = 3;

/// Beyond this much work (lines × an upper bound of the edit distance) the
/// changed middle of the file is shown as one replaced block rather than
/// searched for common lines. Myers' algorithm costs lines × distance, and
/// `similar`'s only other limit is a deadline, which would make the output
/// depend on the machine's speed.
const BUDGET: usize = 50_000_000;

/// Empty when the texts are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = if affordable(old, new) {
        TextDiff::from_lines(old, new)
    } else {
        whole_middle_replaced(old, new)
    };
    diff.unified_diff()
        .context_radius(CONTEXT)
        .header(path, path)
        .to_string()
}

/// Whether lines × a bound of the edit distance stays within [`BUDGET`].
/// The bound is the cost of one alignment that is always possible: lines
/// matched by position from the start (or from the end), each mismatch a
/// delete and an insert, the surplus of the longer side inserted or
/// deleted. A fix edits lines in place, so that is close to the real
/// distance.
fn affordable(old: &str, new: &str) -> bool {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let lines = a.len() + b.len();
    let surplus = a.len().abs_diff(b.len());
    let from_start = a.iter().zip(&b).filter(|(x, y)| x != y).count();
    let from_end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .filter(|(x, y)| x != y)
        .count();
    let distance = 2 * from_start.min(from_end) + surplus;
    lines.saturating_mul(distance) <= BUDGET
}

/// The common first and last lines kept, everything between them deleted
/// and inserted: a correct diff found without searching. `similar` strips
/// the common lines and then gives up on the middle at once when its
/// deadline has passed, so one already past makes this deterministic.
fn whole_middle_replaced<'a>(old: &'a str, new: &'a str) -> TextDiff<'a, 'a, 'a, str> {
    let now = Instant::now();
    let past = now.checked_sub(Duration::from_secs(1)).unwrap_or(now);
    TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .deadline(past)
        .diff_lines(old, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_line_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified("r.txt", old, new),
            "--- r.txt\n+++ r.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn crlf_lines_and_missing_final_newline_are_kept() {
        let diff = unified("r.txt", "a\r\nb", "a\r\nc");
        assert_eq!(
            diff,
            "--- r.txt\n+++ r.txt\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn far_apart_changes_make_two_hunks_and_inserts_shift_lines() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20)
            .map(|i| match i {
                2 => "2\nnew\n".to_string(),
                19 => "nineteen\n".to_string(),
                _ => format!("{i}\n"),
            })
            .collect();
        let diff = unified("r.txt", &old, &new);
        let headers: Vec<&str> = diff.lines().filter(|l| l.starts_with("@@")).collect();
        assert_eq!(headers, ["@@ -1,5 +1,6 @@", "@@ -16,5 +17,5 @@"]);
    }

    /// A range of one line is written without its length (`+1`, as GNU
    /// diff and git write it); an empty side is `0,0`.
    #[test]
    fn equal_texts_and_empty_sides() {
        assert_eq!(unified("r", "x\n", "x\n"), "");
        assert_eq!(unified("r", "", "x\n"), "--- r\n+++ r\n@@ -0,0 +1 @@\n+x\n");
        assert_eq!(unified("r", "x\n", ""), "--- r\n+++ r\n@@ -1 +0,0 @@\n-x\n");
    }

    /// Every line of a long file changed: far over the budget, so the
    /// middle is one replaced block, the common first and last lines kept
    /// as context, and the result is the same on any machine.
    #[test]
    fn a_diff_over_the_budget_replaces_the_middle_in_one_block() {
        let old: String = (0..8000).map(|i| format!("{i}\n")).collect();
        let new: String = std::iter::once("first\n".to_string())
            .chain((0..8000).map(|i| format!("{}\n", 7999 - i)))
            .chain(std::iter::once("last\n".to_string()))
            .collect();
        assert!(!affordable(&old, &new));
        let diff = unified("r", &old, &new);
        let headers: Vec<&str> = diff.lines().filter(|l| l.starts_with("@@")).collect();
        assert_eq!(headers, ["@@ -1,8000 +1,8002 @@"]);
        assert_eq!(diff.lines().filter(|l| l.starts_with('-')).count(), 8001);
        assert_eq!(diff.lines().filter(|l| l.starts_with('+')).count(), 8003);
    }

    #[test]
    fn a_few_edits_in_a_long_file_are_affordable() {
        let old: String = (0..100_000).map(|i| format!("{i}\n")).collect();
        let new = old.replacen("5\n", "five\n", 1).replacen("99999\n", "", 1);
        assert!(affordable(&old, &new));
        let diff = unified("r", &old, &new);
        assert_eq!(diff.lines().filter(|l| l.starts_with("@@")).count(), 2);
    }
}
