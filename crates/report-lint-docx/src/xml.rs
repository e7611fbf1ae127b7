//! A small tree of one XML part, with the byte range of every element so a
//! writer can splice the part without touching what it does not change.
//!
//! Names are resolved through their namespaces (a document may bind the
//! WordprocessingML namespace to any prefix, and Strict documents use a
//! different URI). A DOCTYPE is refused: Word never writes one, and entity
//! definitions are how XML bombs work.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::collections::HashMap;
use std::sync::Arc;

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML main (Transitional or Strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Word 2010 (`w14:paraId`).
    W14,
    Other,
    None,
}

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";

impl Ns {
    fn of(result: &ResolveResult) -> Ns {
        match result {
            ResolveResult::Bound(ns) => match ns.into_inner() {
                W_TRANSITIONAL | W_STRICT => Ns::W,
                MC => Ns::Mc,
                W14 => Ns::W14,
                _ => Ns::Other,
            },
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Unknown(_) => Ns::Other,
        }
    }
}

/// Limits on a part's tree: deeper or larger trees are not documents a
/// person wrote.
const MAX_DEPTH: usize = 256;
const MAX_ELEMENTS: usize = 1_000_000;

/// No element (an end of a list of children).
const NONE: u32 = u32::MAX;

/// An element of a part. Names are interned and attributes and text live in
/// arenas of the [`Tree`]: a document has tens of thousands of elements,
/// and an allocation for each name and value was most of the time spent
/// reading one.
#[derive(Debug)]
pub struct Element {
    pub ns: Ns,
    pub local: Arc<str>,
    attrs: (u32, u32),
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    /// The text directly inside, for the elements that keep theirs.
    text: u32,
    pub parent: Option<usize>,
    /// Byte offsets in the part: the `<` of the start tag, the end of the
    /// start tag, the `<` of the end tag and the end of the element. An
    /// empty element (`<w:p/>`) has all but `start` equal to its end.
    pub start: usize,
    pub start_tag_end: usize,
    pub end_tag_start: usize,
    pub end: usize,
    pub empty: bool,
    /// Length of the qualified name as written (`w:t` → 3).
    pub qname_len: usize,
}

impl Element {
    pub fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && &*self.local == local
    }

    pub fn is_w(&self, local: &str) -> bool {
        self.is(Ns::W, local)
    }
}

#[derive(Debug)]
struct Attr {
    ns: Ns,
    local: Arc<str>,
    value: (u32, u32),
}

/// Why a part could not be read.
#[derive(Debug)]
pub enum XmlError {
    Malformed(String),
    Doctype,
    TooLarge,
}

#[derive(Debug)]
pub struct Tree {
    elements: Vec<Element>,
    attrs: Vec<Attr>,
    /// Attribute values, one after another.
    values: String,
    texts: Vec<String>,
    pub root: usize,
}

impl Tree {
    /// Parses `xml`, keeping text only inside elements `keep_text` accepts
    /// (the text runs), so whitespace between elements costs nothing.
    pub fn parse(xml: &str, keep_text: impl Fn(Ns, &str) -> bool) -> Result<Tree, XmlError> {
        let malformed = |e: &dyn std::fmt::Display| XmlError::Malformed(e.to_string());
        let too_large = || XmlError::TooLarge;
        let mut reader = NsReader::from_str(xml);
        reader.config_mut().trim_text(false);
        reader.config_mut().check_end_names = true;
        let mut tree = Tree {
            elements: Vec::new(),
            attrs: Vec::new(),
            values: String::new(),
            texts: Vec::new(),
            root: 0,
        };
        let mut names: HashMap<Box<str>, Arc<str>> = HashMap::new();
        let mut intern = |name: &str| -> Arc<str> {
            match names.get(name) {
                Some(n) => n.clone(),
                None => {
                    let n: Arc<str> = Arc::from(name);
                    names.insert(name.into(), n.clone());
                    n
                }
            }
        };
        let mut stack: Vec<(usize, bool)> = Vec::new();
        let mut root = None;
        loop {
            let before = reader.buffer_position() as usize;
            let (resolved, event) = reader.read_resolved_event().map_err(|e| malformed(&e))?;
            let ns = Ns::of(&resolved);
            let after = reader.buffer_position() as usize;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    if stack.len() >= MAX_DEPTH || tree.elements.len() >= MAX_ELEMENTS {
                        return Err(XmlError::TooLarge);
                    }
                    let local = intern(e.local_name().into_inner());
                    let first_attr = tree.attrs.len();
                    for attr in e.attributes() {
                        let attr = attr.map_err(|e| malformed(&e))?;
                        let (ans, alocal) = reader.resolver().resolve_attribute(attr.key);
                        let ans = Ns::of(&ans);
                        let alocal = intern(alocal.into_inner());
                        let value = attr
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| malformed(&e))?;
                        let from = u32::try_from(tree.values.len()).map_err(|_| too_large())?;
                        tree.values.push_str(&value);
                        tree.attrs.push(Attr {
                            ns: ans,
                            local: alocal,
                            value: (from, tree.values.len() as u32),
                        });
                    }
                    let keeps = keep_text(ns, &local);
                    let index = tree.elements.len();
                    let parent = stack.last().map(|(p, _)| *p);
                    tree.elements.push(Element {
                        ns,
                        local,
                        attrs: (first_attr as u32, tree.attrs.len() as u32),
                        first_child: NONE,
                        last_child: NONE,
                        next_sibling: NONE,
                        text: NONE,
                        parent,
                        start: before,
                        start_tag_end: after,
                        end_tag_start: after,
                        end: after,
                        empty,
                        qname_len: e.name().as_ref().len(),
                    });
                    match parent {
                        Some(p) => {
                            let last = tree.elements[p].last_child;
                            if last == NONE {
                                tree.elements[p].first_child = index as u32;
                            } else {
                                tree.elements[last as usize].next_sibling = index as u32;
                            }
                            tree.elements[p].last_child = index as u32;
                        }
                        None if root.is_none() => root = Some(index),
                        None => return Err(XmlError::Malformed("多个根元素".into())),
                    }
                    if !empty {
                        stack.push((index, keeps));
                    }
                }
                Event::End(_) => {
                    let (index, _) = stack
                        .pop()
                        .ok_or_else(|| XmlError::Malformed("多余的结束标签".into()))?;
                    tree.elements[index].end_tag_start = before;
                    tree.elements[index].end = after;
                }
                Event::Text(t) => {
                    if let Some(&(index, true)) = stack.last() {
                        tree.push_text(index, &t.xml10_content());
                    }
                }
                Event::CData(t) => {
                    if let Some(&(index, true)) = stack.last() {
                        tree.push_text(index, &t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    let resolved: String = if r.is_char_ref() {
                        match r.resolve_char_ref().map_err(|e| malformed(&e))? {
                            Some(c) => c.to_string(),
                            None => String::new(),
                        }
                    } else {
                        resolve_predefined_entity(&r)
                            .ok_or_else(|| XmlError::Malformed(format!("未定义的实体 &{};", &*r)))?
                            .to_string()
                    };
                    if let Some(&(index, true)) = stack.last() {
                        tree.push_text(index, &resolved);
                    }
                }
                Event::DocType(_) => return Err(XmlError::Doctype),
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
        if !stack.is_empty() {
            return Err(XmlError::Malformed("元素没有结束".into()));
        }
        tree.root = root.ok_or_else(|| XmlError::Malformed("没有根元素".into()))?;
        Ok(tree)
    }

    fn push_text(&mut self, index: usize, text: &str) {
        let e = &mut self.elements[index];
        if e.text == NONE {
            e.text = self.texts.len() as u32;
            self.texts.push(String::new());
        }
        self.texts[e.text as usize].push_str(text);
    }

    pub fn get(&self, index: usize) -> &Element {
        &self.elements[index]
    }

    /// The child elements of `index`, in order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.elements[index].first_child;
        std::iter::from_fn(move || {
            (next != NONE).then(|| {
                let current = next as usize;
                next = self.elements[current].next_sibling;
                current
            })
        })
    }

    /// The first child element of `index` with this WordprocessingML name.
    pub fn child_w(&self, index: usize, local: &str) -> Option<usize> {
        self.children(index).find(|&c| self.elements[c].is_w(local))
    }

    /// The text directly inside `index` (for elements that keep theirs).
    pub fn text(&self, index: usize) -> &str {
        match self.elements[index].text {
            NONE => "",
            t => &self.texts[t as usize],
        }
    }

    /// The attributes of `index`: namespace, local name, value.
    pub fn attrs(&self, index: usize) -> impl Iterator<Item = (Ns, &str, &str)> + '_ {
        let (from, to) = self.elements[index].attrs;
        self.attrs[from as usize..to as usize].iter().map(|a| {
            (
                a.ns,
                &*a.local,
                &self.values[a.value.0 as usize..a.value.1 as usize],
            )
        })
    }

    /// A WordprocessingML attribute (`w:val`), or an unprefixed one of the
    /// same name (some producers omit the prefix).
    pub fn w_attr(&self, index: usize, local: &str) -> Option<&str> {
        self.attrs(index)
            .find(|(ns, l, _)| *l == local && matches!(ns, Ns::W | Ns::None))
            .map(|(_, _, v)| v)
    }

    pub fn attr(&self, index: usize, ns: Ns, local: &str) -> Option<&str> {
        self.attrs(index)
            .find(|(n, l, _)| *l == local && *n == ns)
            .map(|(_, _, v)| v)
    }

    /// An on/off property (`<w:del/>`, `<w:b w:val="0"/>`): on unless its
    /// value says off.
    pub fn is_on(&self, index: usize) -> bool {
        !matches!(self.w_attr(index, "val"), Some("0" | "false" | "off"))
    }

    /// The qualified name of `index` as written (`w:t`).
    pub fn qname<'x>(&self, xml: &'x str, index: usize) -> &'x str {
        let e = &self.elements[index];
        &xml[e.start + 1..e.start + 1 + e.qname_len]
    }

    /// The attributes of `index` as written in its start tag (with a leading
    /// space when there are any).
    pub fn raw_attrs<'x>(&self, xml: &'x str, index: usize) -> &'x str {
        let e = &self.elements[index];
        let from = e.start + 1 + e.qname_len;
        let to = if e.empty {
            e.start_tag_end.saturating_sub(2)
        } else {
            e.start_tag_end.saturating_sub(1)
        };
        xml.get(from..to.max(from))
            .unwrap_or("")
            .trim_end_matches('/')
    }

    /// Every element below `index` (depth first, in document order).
    pub fn descendants(&self, index: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self.children(index).collect::<Vec<_>>();
        stack.reverse();
        while let Some(i) = stack.pop() {
            out.push(i);
            let mut kids: Vec<usize> = self.children(i).collect();
            kids.reverse();
            stack.extend(kids);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t xml:space="preserve">a &amp; &#20013;</x:t></x:r><x:r><x:t/></x:r></x:p></x:body></x:document>"#;

    #[test]
    fn resolves_namespaces_and_keeps_ranges() {
        let tree = Tree::parse(DOC, |ns, l| ns == Ns::W && l == "t").unwrap();
        let root = tree.get(tree.root);
        assert!(root.is_w("document"));
        let t: Vec<usize> = tree
            .descendants(tree.root)
            .into_iter()
            .filter(|&i| tree.get(i).is_w("t"))
            .collect();
        assert_eq!(t.len(), 2);
        assert_eq!(tree.text(t[0]), "a & 中");
        let e = tree.get(t[0]);
        assert_eq!(
            &DOC[e.start..e.end],
            r#"<x:t xml:space="preserve">a &amp; &#20013;</x:t>"#
        );
        assert_eq!(tree.qname(DOC, t[0]), "x:t");
        assert_eq!(tree.raw_attrs(DOC, t[0]), r#" xml:space="preserve""#);
        let empty = tree.get(t[1]);
        assert!(empty.empty);
        assert_eq!(&DOC[empty.start..empty.end], "<x:t/>");
    }

    #[test]
    fn refuses_doctypes_and_broken_xml() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>"#;
        assert!(matches!(
            Tree::parse(bomb, |_, _| true),
            Err(XmlError::Doctype)
        ));
        assert!(matches!(
            Tree::parse("<a><b></a>", |_, _| true),
            Err(XmlError::Malformed(_))
        ));
        assert!(matches!(
            Tree::parse("<a>", |_, _| true),
            Err(XmlError::Malformed(_))
        ));
        let deep = "<a>".repeat(1000) + &"</a>".repeat(1000);
        assert!(matches!(
            Tree::parse(&deep, |_, _| true),
            Err(XmlError::TooLarge)
        ));
    }
}
