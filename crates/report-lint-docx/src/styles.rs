//! Paragraph styles: the automatic numbering and the outline level a style
//! gives the paragraphs that use it (through `w:basedOn`).
//!
//! A styles part is often several times the size of the document (the
//! templates of python-docx and WPS define every built-in style, 350 KB),
//! and a report uses a handful of styles. So the part is indexed, not
//! parsed: a quick search finds each `w:style` element and its id, and a
//! style is parsed when a paragraph first asks for it.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
}

/// How far `w:basedOn` is followed: real chains are a few styles long,
/// and a cycle must end.
const MAX_STYLE_DEPTH: usize = 16;

#[derive(Default)]
pub struct Styles<'x> {
    xml: &'x str,
    /// The byte range of each paragraph style's element, by id.
    index: HashMap<String, Range<usize>>,
    /// The style of paragraphs that name none.
    default: Option<String>,
    parsed: RefCell<HashMap<String, Option<Style>>>,
}

impl<'x> Styles<'x> {
    /// Finds the `w:style` elements of a styles part. Element names are
    /// matched under the part's own prefix for the root's namespace.
    pub fn index(xml: &'x str) -> Styles<'x> {
        let mut styles = Styles {
            xml,
            ..Styles::default()
        };
        let Some(prefix) = root_prefix(xml) else {
            return styles;
        };
        let open = format!("<{prefix}style");
        let close = format!("</{prefix}style>");
        let finder = memchr::memmem::Finder::new(open.as_bytes());
        let bytes = xml.as_bytes();
        let mut from = 0;
        while let Some(at) = finder.find(&bytes[from..]).map(|i| from + i) {
            from = at + open.len();
            // `<w:styles` and `<w:styleLink` share the prefix.
            if !bytes
                .get(from)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            {
                continue;
            }
            let Some(tag_end) = xml[at..].find('>').map(|i| at + i + 1) else {
                break;
            };
            let end = if xml[..tag_end].ends_with("/>") {
                tag_end
            } else {
                match xml[tag_end..].find(&close) {
                    Some(i) => tag_end + i + close.len(),
                    None => break,
                }
            };
            let (id, kind, default) = start_tag(&xml[at..tag_end]);
            if let Some(id) = id.filter(|_| kind.as_deref().is_none_or(|k| k == "paragraph")) {
                if default && styles.default.is_none() {
                    styles.default = Some(id.clone());
                }
                styles.index.entry(id).or_insert(at..end);
            }
            from = end;
        }
        styles
    }

    fn style(&self, id: &str) -> Option<Style> {
        if let Some(found) = self.parsed.borrow().get(id) {
            return found.clone();
        }
        let style = self
            .index
            .get(id)
            .map(|range| parse_style(&self.xml[range.clone()]));
        self.parsed
            .borrow_mut()
            .insert(id.to_string(), style.clone());
        style
    }

    /// The styles a paragraph of style `id` inherits from, nearest first
    /// (a paragraph naming no style has the default one).
    fn chain(&self, id: Option<&str>) -> Vec<Style> {
        let mut out = Vec::new();
        let mut next = id.map(str::to_string).or_else(|| self.default.clone());
        while let Some(current) = next.take() {
            if out.len() >= MAX_STYLE_DEPTH {
                break;
            }
            let Some(style) = self.style(&current) else {
                break;
            };
            next = style.based_on.clone();
            out.push(style);
        }
        out
    }

    /// The list and level a style numbers its paragraphs with.
    pub fn numbering(&self, id: Option<&str>) -> (Option<String>, Option<u8>) {
        let chain = self.chain(id);
        (
            chain.iter().find_map(|s| s.num_id.clone()),
            chain.iter().find_map(|s| s.ilvl),
        )
    }

    pub fn outline(&self, id: Option<&str>) -> Option<u8> {
        self.chain(id).iter().find_map(|s| s.outline)
    }
}

/// The prefix the root element is written with (`w:` in `<w:styles …>`),
/// or `""` for a default namespace; `None` without a root.
fn root_prefix(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                let name = name.as_ref();
                return Some(
                    name.rsplit_once(':')
                        .map_or(String::new(), |(p, _)| format!("{p}:")),
                );
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn attribute(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.to_string()))
}

/// A style's id, type and whether it is the default one, from its start tag.
fn start_tag(tag: &str) -> (Option<String>, Option<String>, bool) {
    let mut reader = Reader::from_str(tag);
    match reader.read_event() {
        Ok(Event::Start(e) | Event::Empty(e)) => (
            attribute(&e, "styleId"),
            attribute(&e, "type"),
            matches!(
                attribute(&e, "default").as_deref(),
                Some("1" | "true" | "on")
            ),
        ),
        _ => (None, None, false),
    }
}

/// One `w:style` element. Names are matched by their local part: nothing
/// else in a style element shares them.
fn parse_style(xml: &str) -> Style {
    let mut style = Style::default();
    let mut reader = Reader::from_str(xml);
    let (mut in_ppr, mut in_numpr) = (false, false);
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let opens = matches!(event, Event::Start(_));
                let name = e.local_name();
                let val = || attribute(e, "val");
                match name.as_ref() {
                    "pPr" => in_ppr = opens,
                    "numPr" if in_ppr => in_numpr = opens,
                    "name" if !in_ppr => {
                        style.outline = val().and_then(|n| heading_level(&n.to_lowercase()))
                    }
                    "basedOn" if !in_ppr => style.based_on = val(),
                    "numId" if in_numpr => style.num_id = val(),
                    "ilvl" if in_numpr => style.ilvl = val().and_then(|v| v.parse().ok()),
                    "outlineLvl" if in_ppr && !in_numpr => {
                        style.outline = val().and_then(|v| v.parse().ok())
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "pPr" => in_ppr = false,
                "numPr" => in_numpr = false,
                _ => {}
            },
            _ => {}
        }
    }
    style
}

/// "heading 1" (Word), "标题 1" (WPS) → 0: the outline level a built-in
/// heading style stands for.
fn heading_level(name: &str) -> Option<u8> {
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?
        .trim();
    rest.parse::<u8>()
        .ok()
        .filter(|l| (1..=9).contains(l))
        .map(|l| l - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_give_numbering_and_headings() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:latentStyles><w:lsdException w:name="heading 1"/></w:latentStyles>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Mine"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Mine"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
<w:style w:type="paragraph" w:styleId="Body"><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
</w:styles>"#;
        let styles = Styles::index(xml);
        assert_eq!(styles.outline(Some("Mine")), Some(0));
        assert_eq!(styles.numbering(Some("Mine")).0.as_deref(), Some("1"));
        assert_eq!(styles.outline(Some("Loop")), None);
        assert_eq!(styles.outline(None), None);
        assert_eq!(styles.outline(Some("Body")), Some(9));
        assert_eq!(styles.outline(Some("Unknown")), None);
        // A default namespace has no prefix.
        let plain = xml.replace("w:", "").replace("xmlns:w", "xmlns");
        assert_eq!(Styles::index(&plain).outline(Some("Mine")), Some(0));
    }
}
