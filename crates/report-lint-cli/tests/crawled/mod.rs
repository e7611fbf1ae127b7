// A crawler's dump of every real report in `fixtures/real`, the bodies
// repeated on one line to about `bytes`: what the bounded-cost test and
// the text renderer's own tests feed a run; the library's unit tests
// take it with `include!`.

use std::path::Path;

/// The first dump's header (up to and including its body marker) and the
/// bodies on one line, repeated to at least `bytes`.
pub fn crawled_line(bytes: usize) -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/real");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/real")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with("-crawler.txt"))
        .collect();
    names.sort();
    const BODY: &str = "==================== 正文 ====================\n";
    let mut header = None;
    let mut body = String::new();
    for name in names {
        let text = std::fs::read_to_string(name).expect("a crawled report");
        let (head, page) = text.split_once(BODY).expect("a crawler's dump");
        header.get_or_insert_with(|| format!("{head}{BODY}"));
        body.push_str(&page.replace('\n', " "));
    }
    let line = body.repeat(bytes / body.len() + 1);
    (header.expect("dumps"), line)
}
