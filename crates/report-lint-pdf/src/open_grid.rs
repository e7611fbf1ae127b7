//! A table a page break cuts through a row, as a browser prints it: the
//! row's borders run to the page's edge and stop, with no ruling line
//! across. The grid is closed there, so the cut row stays a row of the
//! table (its label and figures in their cells) and the next page's part
//! can finish it.

use pdfplumber::{Edge, Orientation};

/// A vertical border shorter than this is a tick, not a column edge.
const MIN_BORDER: f64 = 10.0;
/// Borders ending within this of each other end together.
const SAME_Y: f64 = 1.0;
/// Two borders closer than this are the two sides of one drawn line.
const SAME_X: f64 = 2.0;
/// A ruling line this close to where the borders end closes them.
const CLOSED_WITHIN: f64 = 3.0;
/// Column edges that end together: one is a rule, not a grid.
const MIN_COLUMNS: usize = 2;

/// The heights where a page's grid is left open: where the lowest column
/// edges on the page end (or the highest start), with no ruling line
/// across them there. A page break cuts a table only there; inside the
/// page every row is ruled.
pub fn open_ends(edges: &[Edge]) -> Vec<f64> {
    let verticals: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.orientation == Orientation::Vertical && e.bottom - e.top >= MIN_BORDER)
        .collect();
    let horizontals: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.orientation == Orientation::Horizontal)
        .collect();
    let lowest = verticals.iter().map(|e| e.bottom).reduce(f64::max);
    let highest = verticals.iter().map(|e| e.top).reduce(f64::min);
    let mut open = Vec::new();
    for (y, end) in [
        (lowest, (|e: &Edge| e.bottom) as fn(&Edge) -> f64),
        (highest, |e: &Edge| e.top),
    ] {
        let Some(y) = y else { continue };
        let mut xs: Vec<f64> = verticals
            .iter()
            .filter(|e| (end(e) - y).abs() <= SAME_Y)
            .map(|e| e.x0)
            .collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() <= SAME_X);
        if xs.len() < MIN_COLUMNS {
            continue;
        }
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        // Closed when ruling there covers most of the way across: one
        // line, or (as browsers draw them) each cell's own border. The
        // short top and bottom sides of the borders' own thin rectangles
        // cover next to nothing.
        let mut ruled: Vec<(f64, f64)> = horizontals
            .iter()
            .filter(|h| (h.top - y).abs() <= CLOSED_WITHIN)
            .map(|h| (h.x0.max(left), h.x1.min(right)))
            .filter(|(a, b)| b > a)
            .collect();
        if covered(&mut ruled) < (right - left) / 2.0 {
            open.push(y);
        }
    }
    open
}

/// The length the segments cover together.
fn covered(segments: &mut [(f64, f64)]) -> f64 {
    segments.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut total = 0.0;
    let mut reach = f64::NEG_INFINITY;
    for &(a, b) in segments.iter() {
        let from = a.max(reach);
        if b > from {
            total += b - from;
        }
        reach = reach.max(b);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdfplumber::EdgeSource;

    fn edge(orientation: Orientation, x0: f64, x1: f64, top: f64, bottom: f64) -> Edge {
        Edge {
            x0,
            top,
            x1,
            bottom,
            orientation,
            source: EdgeSource::Line,
        }
    }

    fn column(x: f64, top: f64, bottom: f64) -> Edge {
        edge(Orientation::Vertical, x, x, top, bottom)
    }

    fn rule(y: f64, x0: f64, x1: f64) -> Edge {
        edge(Orientation::Horizontal, x0, x1, y, y)
    }

    #[test]
    fn a_grid_cut_by_the_page_break_is_closed_where_its_borders_stop() {
        // Four columns from 100 down to the page's edge at 740, ruled at
        // 100 and 400 only; each border's own thin rectangle ends in a
        // short side at 740.
        let mut edges: Vec<Edge> = [50.0, 150.0, 250.0, 350.0]
            .iter()
            .flat_map(|&x| [column(x, 100.0, 740.0), rule(740.0, x, x + 0.7)])
            .collect();
        edges.push(rule(100.0, 50.0, 350.0));
        edges.push(rule(400.0, 50.0, 350.0));
        assert_eq!(open_ends(&edges), [740.0]);
        // Ruled at the bottom too: nothing to close.
        edges.push(rule(740.5, 50.0, 350.0));
        assert!(open_ends(&edges).is_empty());
    }

    #[test]
    fn a_row_ruled_cell_by_cell_is_closed() {
        // A browser draws each cell's bottom border on its own; a merged
        // cell on the left has none where the rows beside it end.
        let mut edges: Vec<Edge> = [50.0, 150.0, 250.0, 350.0]
            .iter()
            .map(|&x| column(x, 100.0, 200.0))
            .collect();
        edges.extend([rule(100.0, 50.0, 350.0), rule(200.0, 150.0, 250.0)]);
        edges.push(rule(200.0, 250.0, 350.0));
        assert!(open_ends(&edges).is_empty());
        assert_eq!(covered(&mut [(0.0, 2.0), (1.0, 3.0), (5.0, 6.0)]), 4.0);
    }

    #[test]
    fn the_top_of_the_next_page_is_closed_as_well() {
        let mut edges: Vec<Edge> = [50.0, 150.0, 250.0]
            .iter()
            .map(|&x| column(x, 60.0, 300.0))
            .collect();
        edges.push(rule(300.0, 50.0, 250.0));
        assert_eq!(open_ends(&edges), [60.0]);
    }

    #[test]
    fn a_merged_label_running_past_the_table_is_closed_at_the_page_edge() {
        // The merged "三、本年度办理结果" column goes on to the next page
        // while the rows beside it end, ruled, at 700.
        let mut edges = vec![column(50.0, 100.0, 740.0), column(80.0, 100.0, 740.0)];
        edges.extend([200.0, 350.0].iter().map(|&x| column(x, 100.0, 700.0)));
        edges.extend([rule(100.0, 50.0, 350.0), rule(700.0, 80.0, 350.0)]);
        assert_eq!(open_ends(&edges), [740.0]);
    }

    #[test]
    fn a_single_rule_is_not_a_grid() {
        assert!(open_ends(&[column(50.0, 100.0, 200.0)]).is_empty());
        assert!(open_ends(&[]).is_empty());
    }
}
