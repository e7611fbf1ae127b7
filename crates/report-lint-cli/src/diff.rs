//! A unified diff of a report before and after fixing, for `fix --diff`.
//! Lines keep their own terminators, so a CRLF file shows CRLF lines.

use std::fmt::Write;

const CONTEXT: usize = 3;

/// Beyond this much work (lines × edit distance) the middle of the file is
/// shown as one replaced block rather than searched for common lines.
const BUDGET: usize = 50_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Empty when the texts are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = diff_lines(&a, &b);
    let mut out = format!("--- {path}\n+++ {path}\n");
    for hunk in hunks(&ops) {
        write_hunk(&mut out, &ops[hunk.0..hunk.1], &a, &b);
    }
    out
}

/// Common head and tail are matched directly; Myers' algorithm runs on
/// what is between (for fixes: a few lines apart from the head and tail).
fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<Op> = (0..head).map(|i| Op::Equal(i, i)).collect();
    let middle = myers(mid_a, mid_b).unwrap_or_else(|| {
        let deletes = (0..mid_a.len()).map(Op::Delete);
        deletes.chain((0..mid_b.len()).map(Op::Insert)).collect()
    });
    ops.extend(middle.into_iter().map(|op| match op {
        Op::Equal(i, j) => Op::Equal(i + head, j + head),
        Op::Delete(i) => Op::Delete(i + head),
        Op::Insert(j) => Op::Insert(j + head),
    }));
    let (tail_a, tail_b) = (a.len() - tail, b.len() - tail);
    ops.extend((0..tail).map(|i| Op::Equal(tail_a + i, tail_b + i)));
    ops
}

/// Shortest edit script (Myers 1986), keeping only the diagonals reached
/// at each step so memory grows with the square of the distance.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = n + m;
    let offset = max + 1;
    let mut v = vec![0isize; 2 * max as usize + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let at = |k: isize| (k + offset) as usize;
    'search: for d in 0..=max {
        if (d as usize).saturating_mul(max as usize) > BUDGET {
            return None;
        }
        trace.push(v[at(-d - 1)..=at(d + 1)].to_vec());
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || k != d && v[at(k - 1)] < v[at(k + 1)] {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                break 'search;
            }
        }
    }
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, snapshot) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let get = |k: isize| snapshot[(k + d + 1) as usize];
        let k = x - y;
        let prev_k = if k == -d || k != d && get(k - 1) < get(k + 1) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = get(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Equal(x as usize, y as usize));
        }
        if d > 0 {
            ops.push(if x == prev_x {
                Op::Insert(prev_y as usize)
            } else {
                Op::Delete(prev_x as usize)
            });
        }
        x = prev_x;
        y = prev_y;
    }
    ops.reverse();
    Some(ops)
}

/// Ranges of `ops` to print: each change with its context, merging
/// changes whose context would touch.
fn hunks(ops: &[Op]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, _) in ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Equal(..)))
    {
        let start = i.saturating_sub(CONTEXT);
        let end = (i + 1 + CONTEXT).min(ops.len());
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => out.push((start, end)),
        }
    }
    out
}

fn write_hunk(out: &mut String, ops: &[Op], a: &[&str], b: &[&str]) {
    let first_a = ops.iter().find_map(|op| match op {
        Op::Equal(i, _) | Op::Delete(i) => Some(*i),
        Op::Insert(_) => None,
    });
    let first_b = ops.iter().find_map(|op| match op {
        Op::Equal(_, j) | Op::Insert(j) => Some(*j),
        Op::Delete(_) => None,
    });
    let len_a = ops.iter().filter(|op| !matches!(op, Op::Insert(_))).count();
    let len_b = ops.iter().filter(|op| !matches!(op, Op::Delete(_))).count();
    let _ = writeln!(
        out,
        "@@ -{} +{} @@",
        hunk_range(first_a, len_a),
        hunk_range(first_b, len_b),
    );
    for op in ops {
        let (sign, line) = match *op {
            Op::Equal(i, _) => (' ', a[i]),
            Op::Delete(i) => ('-', a[i]),
            Op::Insert(j) => ('+', b[j]),
        };
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// `start,len` with a 1-based start. Context lines put lines of both files
/// in every hunk, except when one file is empty: that side is `0,0`.
fn hunk_range(first: Option<usize>, len: usize) -> String {
    match first {
        Some(i) => format!("{},{len}", i + 1),
        None => "0,0".to_string(),
    }
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

    #[test]
    fn equal_texts_and_empty_sides() {
        assert_eq!(unified("r", "x\n", "x\n"), "");
        assert_eq!(
            unified("r", "", "x\n"),
            "--- r\n+++ r\n@@ -0,0 +1,1 @@\n+x\n"
        );
        assert_eq!(myers(&["a", "b", "c"], &["b", "c", "d"]).unwrap().len(), 4);
    }
}
