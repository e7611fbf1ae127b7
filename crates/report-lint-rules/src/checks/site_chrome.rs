use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use regex::Regex;
use report_lint_core::{quote, Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 从网页复制报告时带进正文的网站页面元素（页面装饰）：
    /// 导航路径（`您的位置:首页 > …`、`当前位置 : 首页`）、
    /// 字号切换（`字体大小:【大 中 小】`）、访问计数（`浏览次数:`）、
    /// 按钮（`【打印】【关闭】`）和页脚栏目（`相关词条`、`热门词条`、`联系我们`、`上一篇`）。
    /// 只看不超过 80 个字的短行；整行都是页面元素时才提供修复。
    ///
    /// ## 原因
    /// 这些文字不属于报告。留在报告文本里，说明文本是从网页整页复制的，
    /// 发布或存档前应当清理；夹在第六部分之后的页脚栏目还会被误读为正文。
    ///
    /// ## 示例
    /// 报告第一行 `您的位置:首页 > 相山区发展和改革委员会信息公开年报`；
    /// 第六部分之后的 `相關詞條`、`熱門詞條`、`聯絡我們`。
    ///
    /// ## 修复安全性
    /// 不安全修复（需 `--unsafe-fixes`）：删除整行的文字。
    /// 与发布日期等信息写在同一行的访问计数只报告、不提供修复。
    pub struct SiteChrome {
        code: "H005",
        name: "site-chrome",
        family: "hygiene",
        summary: "正文夹带网站页面元素（导航路径、字号切换、访问计数、页脚栏目）",
        severity: Info,
        fix: Sometimes,
    }
}

/// A breadcrumb: the whole line is navigation, whatever follows.
static BREADCRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(您的位置|您现在的位置|当前位置|所在位置)\s*[:：]").expect("valid pattern")
});

/// A visit counter; on a line with the publication date it is reported alone.
static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(浏览次数|访问次数|阅读次数|点击次数|浏览量)\s*[:：]\s*\d*")
        .expect("valid pattern")
});

/// Page elements that make up a line on their own, with nothing else on it.
const ELEMENTS: [&str; 23] = [
    "字体大小",
    "字号",
    "大",
    "中",
    "小",
    "打印本页",
    "打印",
    "关闭窗口",
    "关闭",
    "返回顶部",
    "相关词条",
    "热门词条",
    "相关链接",
    "相关文章",
    "联系我们",
    "联络我们",
    "网站地图",
    "分享到",
    "扫一扫在手机打开当前页",
    "上一篇",
    "下一篇",
    "浏览次数",
    "访问次数",
];

/// A line made only of page elements and separators, as one pattern: the
/// automaton gives up at the first character no page element has, which is
/// where almost every line of a report ends the test.
static ELEMENTS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    let words = ELEMENTS.map(regex::escape).join("|");
    let separators = r"[\s【】\[\]:：|/>＞·\-]*";
    Regex::new(&format!("^{separators}(?:(?:{words}){separators})+$")).expect("valid pattern")
});

/// The separators of [`ELEMENTS_ONLY`].
fn is_separator(c: char) -> bool {
    c.is_whitespace() || "【】[]:：|/>＞·-".contains(c)
}

/// Whether the line is nothing but page elements and their punctuation.
fn only_elements(line: &str) -> bool {
    // Most lines fail at their first word: test that before the pattern
    // (whose every call costs more than these comparisons).
    let first = line.trim_start_matches(is_separator);
    if !ELEMENTS.iter().any(|w| first.starts_with(w)) {
        return false;
    }
    // A line of single characters ("大 中 小") needs a page word beside it.
    ELEMENTS_ONLY.is_match(line)
        && ELEMENTS[..2]
            .iter()
            .chain(&ELEMENTS[5..])
            .any(|w| line.contains(w))
}

const MAX_CHARS: usize = 80;

impl Check for SiteChrome {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for p in &report.paragraphs {
            let text = p.text.trim();
            if text.is_empty() || text.chars().count() > MAX_CHARS {
                continue;
            }
            // Single-character searches (memchr) before the patterns: every
            // breadcrumb word has 位, every counter word 次 or 浏.
            if (text.contains('位') && BREADCRUMB.is_match(text)) || only_elements(text) {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        p.span,
                        format!("网站页面元素“{}”不属于报告正文", quote(text)),
                    )
                    .with_fix(Fix::replace(
                        "删除这一行文字",
                        p.span,
                        "",
                        Applicability::Unsafe,
                    )),
                );
                continue;
            }
            if !(text.contains('次') || text.contains('浏')) {
                continue;
            }
            for m in COUNTER.find_iter(&p.text) {
                let span = report
                    .view
                    .to_source(Span::new(p.view_start + m.start(), p.view_start + m.end()));
                out.push(Diagnostic::new(
                    &Self::META,
                    span,
                    format!("网站页面元素“{}”不属于报告正文", quote(m.as_str().trim())),
                ));
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};
    use crate::Applicability;

    fn with_chrome(top: &str, bottom: &str) -> String {
        format!("{top}\n{}{bottom}\n", table3_report(&[]))
    }

    #[test]
    fn fires_on_navigation_buttons_and_footers_with_a_fix() {
        let text = with_chrome(
            "您的位置:首页 > 示例市数据局信息公开年报\n字体大小:【大 中 小】",
            "相关词条\n【打印】【关闭】",
        );
        let found = lint("H005", &text);
        assert_eq!(codes(&found), ["H005"; 4]);
        let fix = &found[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(
            &text[fix.edits[0].span.start..fix.edits[0].span.end],
            "您的位置:首页 > 示例市数据局信息公开年报"
        );
    }

    #[test]
    fn reports_a_counter_beside_the_publication_date_without_a_fix() {
        let text = with_chrome(
            "浏览次数:信息来源: 示例市数据局发布时间:2024-01-28 10:13",
            "",
        );
        let found = lint("H005", &text);
        assert_eq!(codes(&found), ["H005"]);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "浏览次数:");
        assert!(found[0].fixes.is_empty());
    }

    #[test]
    fn silent_on_report_text_that_mentions_the_same_words() {
        let text = with_chrome(
            "我局网站首页设置“政府信息公开”专栏，全年网站浏览量大幅增加。",
            "如有疑问，请联系我们：0576-88830316。\n大",
        );
        assert!(lint("H005", &text).is_empty(), "{:?}", lint("H005", &text));
        assert!(lint("H005", &table3_report(&[])).is_empty());
    }
}
