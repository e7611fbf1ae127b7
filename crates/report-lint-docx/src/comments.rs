//! Word comments (批注) for findings: `annotate` writes one comment per
//! finding, anchored on the flagged text (a run is split where the text
//! starts or ends inside it) or, for text Word generates and empty cells,
//! on the paragraph or cell. Comments an earlier run wrote (author
//! [`AUTHOR`]) are removed first, with their anchors and their entries in
//! the Word 2013+ comment parts; everyone else's stay.
//!
//! Parts written: `word/document.xml`, the comments part, and when there
//! was no comments part, `[Content_Types].xml` and the document's
//! relationships. Every other entry is copied byte for byte.

use crate::patch::{segments_in, splice, text_element, Splice};
use crate::xml::{Ns, Tree};
use crate::{Docx, DocxError};
use quick_xml::escape::escape;
use report_lint_core::Span;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The author of report-lint's comments, by which a later run finds them.
pub const AUTHOR: &str = "report-lint";

/// A comment to write: where, and its paragraphs of text.
#[derive(Debug, Clone)]
pub struct Comment {
    pub span: Span,
    pub paragraphs: Vec<String>,
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// Where an anchor goes in document.xml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Point {
    /// Inside a `w:t`, before byte `offset` of its text.
    Text { node: usize, offset: usize },
    /// At the start of a paragraph's content (after its properties).
    ParagraphStart(usize),
    /// At the end of a paragraph's content.
    ParagraphEnd(usize),
}

/// The markup an anchor inserts; ends sort before starts at one point so
/// that neighbouring ranges do not nest by accident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    End(u32),
    Start(u32),
}

pub(crate) fn annotate(
    docx: &Docx,
    comments: &[Comment],
    date: &str,
) -> Result<Vec<u8>, DocxError> {
    let package = &docx.package;
    let tree = &docx.tree;
    let xml = &package.document;
    let root_qname = tree.qname(xml, tree.root);
    let prefix = root_qname
        .split_once(':')
        .map_or(String::new(), |(p, _)| format!("{p}:"));
    let strict = xml.contains(W_STRICT_NS) && !xml.contains(W_NS);

    // What an earlier run wrote.
    let old = package
        .comments
        .as_ref()
        .map(|(_, text)| OldComments::read(text))
        .transpose()?
        .unwrap_or_default();

    let mut splices: Vec<Splice> = Vec::new();
    remove_old_anchors(tree, &old.ours, &mut splices);

    // New anchors, by point.
    let mut marks: BTreeMap<Point, Vec<Mark>> = BTreeMap::new();
    let first_id = old.max_kept_id.map_or(0, |m| m + 1);
    let mut written = Vec::new();
    for (id, comment) in (first_id..).zip(comments) {
        let (start, end) = points(docx, comment.span);
        marks.entry(start).or_default().push(Mark::Start(id));
        marks.entry(end).or_default().push(Mark::End(id));
        written.push((id, comment));
    }
    let markup = |mark: Mark| {
        match mark {
        Mark::Start(id) => format!("<{prefix}commentRangeStart {prefix}id=\"{id}\"/>"),
        Mark::End(id) => format!(
            "<{prefix}commentRangeEnd {prefix}id=\"{id}\"/><{prefix}r><{prefix}rPr><{prefix}rStyle {prefix}val=\"CommentReference\"/></{prefix}rPr><{prefix}commentReference {prefix}id=\"{id}\"/></{prefix}r>"
        ),
    }
    };
    let render = |marks: &mut Vec<Mark>| {
        marks.sort();
        marks.iter().map(|m| markup(*m)).collect::<String>()
    };

    // Insertions grouped per text node (a node split more than once is
    // rewritten once) and per empty paragraph.
    let mut in_nodes: BTreeMap<usize, BTreeMap<usize, String>> = BTreeMap::new();
    let mut empty_paragraphs: BTreeMap<usize, (String, String)> = BTreeMap::new();
    for (point, mut list) in marks {
        let text = render(&mut list);
        match point {
            Point::Text { node, offset } => in_nodes
                .entry(node)
                .or_default()
                .entry(offset)
                .or_default()
                .push_str(&text),
            Point::ParagraphStart(p) | Point::ParagraphEnd(p) if tree.get(p).empty => {
                let entry = empty_paragraphs.entry(p).or_default();
                if matches!(point, Point::ParagraphStart(_)) {
                    entry.0.push_str(&text);
                } else {
                    entry.1.push_str(&text);
                }
            }
            Point::ParagraphStart(p) => {
                let at = tree
                    .child_w(p, "pPr")
                    .map_or(tree.get(p).start_tag_end, |ppr| tree.get(ppr).end);
                splices.push(Splice {
                    start: at,
                    end: at,
                    text,
                });
            }
            Point::ParagraphEnd(p) => {
                let at = tree.get(p).end_tag_start;
                splices.push(Splice {
                    start: at,
                    end: at,
                    text,
                });
            }
        }
    }
    for (node, inserts) in in_nodes {
        splices.extend(split_node(tree, xml, node, &inserts));
    }
    for (p, (starts, ends)) in empty_paragraphs {
        let e = tree.get(p);
        let qname = tree.qname(xml, p);
        splices.push(Splice {
            start: e.start,
            end: e.end,
            text: format!(
                "<{qname}{}>{starts}{ends}</{qname}>",
                tree.raw_attrs(xml, p)
            ),
        });
    }
    let document = splice(xml, splices);

    // The comments part.
    let namespace = if strict { W_STRICT_NS } else { W_NS };
    let render_comments = |p: &str| -> String {
        written
            .iter()
            .map(|(id, c)| comment_xml(p, *id, &c.paragraphs, date))
            .collect()
    };
    let mut replace: HashMap<String, String> = HashMap::new();
    let mut add: Vec<(String, String)> = Vec::new();
    replace.insert(package.document_name.clone(), document);
    match &package.comments {
        Some((name, text)) => {
            replace.insert(
                name.clone(),
                old.rewrite(text, &render_comments(&root_prefix(text)))?,
            );
            let durable = old.durable_ids(&package.comment_extras);
            for (extra, text) in &package.comment_extras {
                if let Some(kept) = old.prune_extra(text, &durable) {
                    replace.insert(extra.clone(), kept);
                }
            }
        }
        None => {
            let dir = package
                .document_name
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| format!("{d}/"));
            let name = format!("{dir}comments.xml");
            add.push((
                name.clone(),
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{namespace}\">{}</w:comments>",
                    render_comments("w:")
                ),
            ));
            replace.insert(
                "[Content_Types].xml".to_string(),
                add_content_type(&package.content_types, &format!("/{name}")),
            );
            let rels_type = if strict {
                "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
            } else {
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
            };
            let rels = package.rels.clone().unwrap_or_else(|| {
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".into()
            });
            let rels = add_relationship(&rels, rels_type);
            if package.rels.is_some() {
                replace.insert(package.rels_name.clone(), rels);
            } else {
                add.push((package.rels_name.clone(), rels));
            }
        }
    }
    package.rewrite(&replace, &add)
}

fn root_prefix(xml: &str) -> String {
    Tree::parse(xml, |_, _| false)
        .ok()
        .and_then(|t| {
            t.qname(xml, t.root)
                .split_once(':')
                .map(|(p, _)| format!("{p}:"))
        })
        .unwrap_or_default()
}

/// A `w:comment` under prefix `p` (`"w:"`, or `""` for a default namespace).
fn comment_xml(p: &str, id: u32, paragraphs: &[String], date: &str) -> String {
    let mut out = format!(
        "<{p}comment {p}id=\"{id}\" {p}author=\"{}\" {p}date=\"{}\" {p}initials=\"RL\">",
        escape(AUTHOR),
        escape(date)
    );
    for (i, text) in paragraphs.iter().enumerate() {
        out.push_str(&format!("<{p}p>"));
        if i == 0 {
            out.push_str(&format!(
                "<{p}r><{p}rPr><{p}rStyle {p}val=\"CommentReference\"/></{p}rPr><{p}annotationRef/></{p}r>"
            ));
        }
        out.push_str(&format!(
            "<{p}r>{}</{p}r></{p}p>",
            text_element(&format!("{p}t"), text)
        ));
    }
    out.push_str(&format!("</{p}comment>"));
    out
}

/// The anchor points of a span: its first and last copied characters, or
/// the paragraph (cell) itself where the span has none.
fn points(docx: &Docx, span: Span) -> (Point, Point) {
    let view = &docx.view;
    let map = &view.map;
    let block_of = |offset: usize| {
        map.block_at(offset).map(|b| {
            map.blocks
                .iter()
                .position(|x| std::ptr::eq(x, b))
                .unwrap_or(0)
        })
    };
    let Some(first) = block_of(span.start) else {
        // Past the last block: the end of the document's last paragraph.
        let last = view.anchors.last().map_or(docx.tree.root, |a| a.last);
        return (Point::ParagraphEnd(last), Point::ParagraphEnd(last));
    };
    let last = if span.end > span.start {
        block_of(span.end - 1).unwrap_or(first)
    } else {
        first
    };
    let first_block = &map.blocks[first];
    let last_block = &map.blocks[last];
    let in_first = segments_in(&view.segments, first_block.span.start, first_block.span.end);
    let in_last = segments_in(&view.segments, last_block.span.start, last_block.span.end);
    let start = in_first
        .iter()
        .find(|s| s.view + s.len > span.start)
        .map(|s| Point::Text {
            node: s.node,
            offset: s.offset + span.start.saturating_sub(s.view).min(s.len),
        });
    let end = in_last
        .iter()
        .rev()
        .find(|s| s.view < span.end.max(span.start + 1))
        .map(|s| Point::Text {
            node: s.node,
            offset: s.offset + span.end.saturating_sub(s.view).min(s.len),
        });
    match (start, end) {
        (Some(a), Some(b)) if span.end > span.start || a == b => (a, b),
        _ => (
            Point::ParagraphStart(view.anchors[first].first),
            Point::ParagraphEnd(view.anchors[last].last),
        ),
    }
}

/// The `w:t` element rewritten with anchors inserted inside its run: the
/// run is closed and reopened (same properties) around each insertion.
/// Insertions at the very start or end of a run go outside it instead.
fn split_node(
    tree: &Tree,
    xml: &str,
    node: usize,
    inserts: &BTreeMap<usize, String>,
) -> Vec<Splice> {
    let text = tree.text(node);
    let e = tree.get(node);
    let Some(run) = e.parent.filter(|&r| tree.get(r).is_w("r")) else {
        // Not in a run (never written by Word): anchors go around the element.
        let all: String = inserts.values().cloned().collect();
        return vec![Splice {
            start: e.end,
            end: e.end,
            text: all,
        }];
    };
    let content: Vec<usize> = tree
        .children(run)
        .filter(|&c| !tree.get(c).is_w("rPr"))
        .collect();
    let first = content.first() == Some(&node);
    let last = content.last() == Some(&node);
    let mut out = Vec::new();
    let mut inside: Vec<(usize, &String)> = Vec::new();
    for (&offset, markup) in inserts {
        let offset = offset.min(text.len());
        if offset == 0 && first {
            let r = tree.get(run);
            out.push(Splice {
                start: r.start,
                end: r.start,
                text: markup.clone(),
            });
        } else if offset == text.len() && last {
            let r = tree.get(run);
            out.push(Splice {
                start: r.end,
                end: r.end,
                text: markup.clone(),
            });
        } else {
            inside.push((offset, markup));
        }
    }
    if inside.is_empty() {
        return out;
    }
    let tq = tree.qname(xml, node);
    let rq = tree.qname(xml, run);
    let reopen = format!(
        "<{rq}{}>{}",
        tree.raw_attrs(xml, run),
        tree.child_w(run, "rPr")
            .map_or("", |p| &xml[tree.get(p).start..tree.get(p).end])
    );
    let mut rewritten = String::new();
    let mut from = 0;
    for (offset, markup) in inside {
        let mut at = offset;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        rewritten.push_str(&text_element(tq, &text[from..at]));
        rewritten.push_str(&format!("</{rq}>{markup}{reopen}"));
        from = at;
    }
    rewritten.push_str(&text_element(tq, &text[from..]));
    out.push(Splice {
        start: e.start,
        end: e.end,
        text: rewritten,
    });
    out
}

/// The comments of an existing comments part: which are ours (to remove)
/// and the largest id of the others (new ids follow it).
#[derive(Default)]
struct OldComments {
    ours: HashSet<String>,
    /// `w14:paraId`s of our comments' paragraphs, for the Word 2013+ parts.
    para_ids: HashSet<String>,
    max_kept_id: Option<u32>,
    /// Byte ranges of our comment elements in the part.
    ranges: Vec<(usize, usize)>,
}

impl OldComments {
    fn read(xml: &str) -> Result<OldComments, DocxError> {
        let tree = Tree::parse(xml, |_, _| false)
            .map_err(|_| DocxError::Corrupt("批注部分（comments.xml）的 XML 有错误".into()))?;
        let mut old = OldComments::default();
        for c in tree.children(tree.root) {
            let e = tree.get(c);
            if !e.is_w("comment") {
                continue;
            }
            let id = tree.w_attr(c, "id").unwrap_or("").to_string();
            if tree.w_attr(c, "author") == Some(AUTHOR) {
                for d in tree.descendants(c) {
                    if let Some(p) = tree.attr(d, Ns::W14, "paraId") {
                        old.para_ids.insert(p.to_string());
                    }
                }
                old.ranges.push((e.start, e.end));
                old.ours.insert(id);
            } else if let Ok(n) = id.parse::<u32>() {
                old.max_kept_id = Some(old.max_kept_id.map_or(n, |m| m.max(n)));
            }
        }
        Ok(old)
    }

    /// The part without our old comments and with `new` appended.
    fn rewrite(&self, xml: &str, new: &str) -> Result<String, DocxError> {
        let tree = Tree::parse(xml, |_, _| false)
            .map_err(|_| DocxError::Corrupt("批注部分（comments.xml）的 XML 有错误".into()))?;
        let mut splices: Vec<Splice> = self
            .ranges
            .iter()
            .map(|&(start, end)| Splice {
                start,
                end,
                text: String::new(),
            })
            .collect();
        let root = tree.get(tree.root);
        if root.empty {
            let qname = tree.qname(xml, tree.root);
            splices.push(Splice {
                start: root.start,
                end: root.end,
                text: format!("<{qname}{}>{new}</{qname}>", tree.raw_attrs(xml, tree.root)),
            });
        } else {
            splices.push(Splice {
                start: root.end_tag_start,
                end: root.end_tag_start,
                text: new.to_string(),
            });
        }
        Ok(splice(xml, splices))
    }

    /// A Word 2013+ comment part (`commentsExtended`, `commentsIds`,
    /// `commentsExtensible`) without the entries of our old comments, or
    /// `None` when it has none of them.
    fn prune_extra(&self, xml: &str, durable: &HashSet<String>) -> Option<String> {
        if self.para_ids.is_empty() {
            return None;
        }
        let tree = Tree::parse(xml, |_, _| false).ok()?;
        let attr = |i: usize, local: &str| attr_any(&tree, i, local);
        let mut splices = Vec::new();
        for c in tree.children(tree.root) {
            let e = tree.get(c);
            let ours = attr(c, "paraId").is_some_and(|p| self.para_ids.contains(&p))
                || attr(c, "durableId").is_some_and(|d| durable.contains(&d));
            if ours {
                splices.push(Splice {
                    start: e.start,
                    end: e.end,
                    text: String::new(),
                });
            } else if let Some(parent) = attr(c, "paraIdParent") {
                // A reply to one of our comments stays, as a comment of its own.
                if self.para_ids.contains(&parent) {
                    let tag = &xml[e.start..e.start_tag_end];
                    let cleaned = remove_attribute(tag, "paraIdParent");
                    splices.push(Splice {
                        start: e.start,
                        end: e.start_tag_end,
                        text: cleaned,
                    });
                }
            }
        }
        if splices.is_empty() {
            return None;
        }
        Some(splice(xml, splices))
    }

    /// The durable ids of our old comments: `commentsIds` ties each
    /// comment's paragraph id to one, and `commentsExtensible` uses it.
    fn durable_ids(&self, extras: &[(String, String)]) -> HashSet<String> {
        let mut out = HashSet::new();
        for (_, xml) in extras {
            let Ok(tree) = Tree::parse(xml, |_, _| false) else {
                continue;
            };
            for c in tree.children(tree.root) {
                let para = attr_any(&tree, c, "paraId");
                if para.is_some_and(|p| self.para_ids.contains(&p)) {
                    out.extend(attr_any(&tree, c, "durableId"));
                }
            }
        }
        out
    }
}

/// An attribute by local name, whatever its namespace (the Word 2013+
/// parts use several).
fn attr_any(tree: &Tree, i: usize, local: &str) -> Option<String> {
    tree.attrs(i)
        .find(|(_, l, _)| *l == local)
        .map(|(_, _, v)| v.to_string())
}

/// A start tag without the attribute whose local name is `local`.
fn remove_attribute(tag: &str, local: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(i) = rest
        .find(&format!(":{local}="))
        .or_else(|| rest.find(&format!(" {local}=")))
    {
        let name_start = rest[..i + 1].rfind(' ').unwrap_or(i);
        let after = &rest[i..];
        let quote_at = after.find(['"', '\'']).map(|q| i + q);
        let Some(q) = quote_at else { break };
        let quote = rest.as_bytes()[q] as char;
        let Some(close) = rest[q + 1..].find(quote) else {
            break;
        };
        out.push_str(&rest[..name_start]);
        rest = &rest[q + 1 + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Removes the anchors of our old comments from document.xml: range marks,
/// and the reference with its run when the run holds nothing else.
fn remove_old_anchors(tree: &Tree, ours: &HashSet<String>, splices: &mut Vec<Splice>) {
    if ours.is_empty() {
        return;
    }
    let mine = |i: usize| tree.w_attr(i, "id").is_some_and(|id| ours.contains(id));
    for i in tree.descendants(tree.root) {
        let e = tree.get(i);
        if !(e.ns == Ns::W && mine(i)) {
            continue;
        }
        match &*e.local {
            "commentRangeStart" | "commentRangeEnd" => splices.push(Splice {
                start: e.start,
                end: e.end,
                text: String::new(),
            }),
            "commentReference" => {
                let run = e.parent.filter(|&r| tree.get(r).is_w("r"));
                let alone = run
                    .is_some_and(|r| tree.children(r).all(|c| c == i || tree.get(c).is_w("rPr")));
                let (start, end) = match (run, alone) {
                    (Some(r), true) => (tree.get(r).start, tree.get(r).end),
                    _ => (e.start, e.end),
                };
                splices.push(Splice {
                    start,
                    end,
                    text: String::new(),
                });
            }
            _ => {}
        }
    }
}

fn add_content_type(types: &str, part: &str) -> String {
    let entry = format!(
        "<Override PartName=\"{}\" ContentType=\"{COMMENTS_TYPE}\"/>",
        escape(part)
    );
    match types.rfind("</Types>") {
        Some(at) => format!("{}{entry}{}", &types[..at], &types[at..]),
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">{entry}</Types>"
        ),
    }
}

fn add_relationship(rels: &str, kind: &str) -> String {
    // An id no other relationship uses.
    let mut n = 1;
    while rels.contains(&format!("Id=\"rIdReportLint{n}\"")) {
        n += 1;
    }
    let entry =
        format!("<Relationship Id=\"rIdReportLint{n}\" Type=\"{kind}\" Target=\"comments.xml\"/>");
    match rels.rfind("</Relationships>") {
        Some(at) => format!("{}{entry}{}", &rels[..at], &rels[at..]),
        None => rels.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_an_attribute_from_a_start_tag() {
        let tag = r#"<w15:commentEx w15:paraId="1A" w15:paraIdParent="2B" w15:done="0"/>"#;
        assert_eq!(
            remove_attribute(tag, "paraIdParent"),
            r#"<w15:commentEx w15:paraId="1A" w15:done="0"/>"#
        );
    }

    #[test]
    fn adds_a_content_type_and_a_relationship() {
        let types =
            r#"<Types xmlns="x"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
        assert!(add_content_type(types, "/word/comments.xml")
            .ends_with(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#));
        let rels = r#"<Relationships xmlns="y"><Relationship Id="rIdReportLint1" Type="t" Target="a"/></Relationships>"#;
        assert!(add_relationship(rels, "k")
            .contains(r#"Id="rIdReportLint2" Type="k" Target="comments.xml""#));
    }
}
