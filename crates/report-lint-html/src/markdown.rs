//! A rule's documentation (Markdown) as HTML, for the batch page and the
//! web page: headings, lists, code, tables and emphasis become markup,
//! nothing else does. HTML written in the documentation is shown as text,
//! links keep only their text and images their description: the pages
//! make no request and must not navigate away, and no documentation (a
//! `[[rule]]`'s `help` comes from a configuration file) can inject markup.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// `markdown` as HTML; its headings start at `<h3>` (`#` and `##` alike
/// sit under the rule's own title), at most `<h6>`.
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter_map(|event| match event {
        // Raw HTML is text: escaped by push_html like any other.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Link | TagEnd::Image) => None,
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(lower(level)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn structure_becomes_markup() {
        let html = to_html(
            "## 为什么\n\n一段 `代码`。\n\n- 甲\n- 乙\n\n```text\n表三 | 1\n```\n\n| 列 | 值 |\n|---|---|\n| a | 1 |\n",
        );
        assert!(html.contains("<h3>为什么</h3>"), "{html}");
        assert!(html.contains("<code>代码</code>"), "{html}");
        assert!(html.contains("<ul>\n<li>甲</li>"), "{html}");
        assert!(
            html.contains("<pre><code class=\"language-text\">表三 | 1\n</code></pre>"),
            "{html}"
        );
        assert!(
            html.contains("<table>") && html.contains("<td>a</td>"),
            "{html}"
        );
    }

    #[test]
    fn html_links_and_images_are_not_markup() {
        let html = to_html(
            "<script>alert(1)</script>\n\n文字 <b onclick=\"x\">粗</b> [链接](https://example.invalid/) ![图](http://x/y.png)\n",
        );
        assert!(!html.contains("<script") && !html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;b onclick=\"x\"&gt;"), "{html}");
        assert!(!html.contains("href") && !html.contains("<img"), "{html}");
        assert!(html.contains("链接") && html.contains("图"), "{html}");
    }

    #[test]
    fn every_rules_documentation_renders() {
        for rule in report_lint_rules::registry().unwrap() {
            let html = to_html(&rule.meta.documentation());
            assert!(!html.contains("<script"), "{}", rule.meta.code);
            assert!(
                !html.contains("<h1") && !html.contains("<h2"),
                "{}",
                rule.meta.code
            );
        }
    }
}
