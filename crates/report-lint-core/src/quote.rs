//! Report text quoted in a message, a label or a place name
//! (`标题“…”与模板不符`). What a rule quotes is usually a heading or a row label of a few
//! words, but it is whatever the text holds: a "heading" can be a whole
//! crawled page on one line, a "cell" a 10 MB run of digits. Quoted whole,
//! one finding would carry megabytes into every output format (and the
//! result cache); quoted through [`quote`], a finding's text is bounded
//! whatever the input.

use std::borrow::Cow;

/// How many characters of report text a message quotes: every heading,
/// row label and column header of the templates fits (the longest, a row
/// of table 三 written with its group, `（六）其他处理2.申请人逾期未按…`, has
/// 45), and a reader recognises a longer text by its start.
pub const QUOTE_CHARS: usize = 48;

/// `text` when it has at most [`QUOTE_CHARS`] characters, else its first
/// `QUOTE_CHARS - 1` and "…". Looks at no more than `QUOTE_CHARS + 1`
/// characters, so quoting costs the same for any length.
pub fn quote(text: &str) -> Cow<'_, str> {
    quote_at_most(text, QUOTE_CHARS)
}

/// [`quote`] with another bound (at least 1).
pub fn quote_at_most(text: &str, chars: usize) -> Cow<'_, str> {
    let chars = chars.max(1);
    match text.char_indices().nth(chars) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let cut = text
                .char_indices()
                .nth(chars - 1)
                .map_or(text.len(), |(i, _)| i);
            Cow::Owned(format!("{}…", &text[..cut]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_quoted_whole_and_long_ones_cut() {
        assert_eq!(quote("一、总体情况"), "一、总体情况");
        let exact = "字".repeat(QUOTE_CHARS);
        assert_eq!(quote(&exact), exact.as_str());
        let long = "字".repeat(10_000);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS);
        assert!(quoted.ends_with('…'));
        assert_eq!(quote_at_most("12345", 3), "12…");
        assert_eq!(quote_at_most("", 0), "");
    }

    #[test]
    fn every_wording_of_the_templates_is_quoted_whole() {
        use crate::template::*;
        let mut wordings: Vec<String> = Vec::new();
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            wordings.extend(
                RequestRow::all(version)
                    .into_iter()
                    .map(|r| r.label(version)),
            );
        }
        let proactive = PROACTIVE_2021.iter().chain(PROACTIVE_2019.iter());
        wordings.extend(proactive.flat_map(|b| b.rows.iter()).map(|r| r.to_string()));
        wordings.extend(
            SECTION_HEADINGS
                .iter()
                .flat_map(|h| h.iter())
                .map(|h| h.to_string()),
        );
        let headers = REQUEST_HEADER.iter().chain(REVIEW_HEADER.iter());
        wordings.extend(headers.map(|(h, _)| h.to_string()));
        for wording in wordings {
            assert_eq!(quote(&wording), wording.as_str());
        }
    }
}
