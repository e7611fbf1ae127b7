use crate::{declare_rule, Check, Diagnostic, RuleContext};
use regex::Regex;
use report_lint_core::{Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 正文中既不是报告年度、也不是其下一年的年份（`2021年，我局…`）——
    /// 说明该段可能是从其他年度的报告中复制来的。
    /// 以下位置的年份不检查：《》内的标题和文号（〔2019〕）中、第一部分之前
    /// （开头段落会引用通知），以及含有比较或时间说明的句子
    /// （`较2022年`、`2019年修订`、`自2020年以来`）。
    ///
    /// ## 原因
    /// 评估中发现有的报告几乎逐字重复上年的内容（“内容雷同”）；
    /// 过时的年份是最明显的痕迹。
    ///
    /// ## 示例
    /// 2021年度报告第一部分沿用了往年的开头：`2019年，青溪县市场监督管理局` → `2021年，青溪县市场监督管理局`。
    ///
    /// ## 修复安全性
    /// 不提供修复：需要重写整段，而不只是改年份。
    pub struct StrayYear {
        code: "D004",
        name: "stray-year",
        family: "dates",
        summary: "正文出现非报告年度的年份（可能沿用了往年内容）",
        severity: Info,
        fix: None,
    }
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d\d)\s*年").expect("valid regex"));

/// How far either side of a year its sentence is looked for.
const SENTENCE_BYTES: usize = 600;

/// Words that make a past or other year legitimate in its sentence.
const CONTEXT: [&str; 14] = [
    "较",
    "比",
    "同比",
    "相比",
    "以来",
    "自",
    "截至",
    "至今",
    "修订",
    "印发",
    "发布",
    "施行",
    "起",
    "上一年",
];

/// Whether the end of `before` is inside an open bracket pair.
fn inside_brackets(before: &str) -> bool {
    [
        ('《', '》'),
        ('〔', '〕'),
        ('[', ']'),
        ('【', '】'),
        ('(', ')'),
    ]
    .iter()
    .any(|(open, close)| {
        before
            .rfind(*open)
            .is_some_and(|o| before.rfind(*close).is_none_or(|c| c < o))
    })
}

impl Check for StrayYear {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let Some(year) = &report.meta.year else {
            return Vec::new();
        };
        // A year every seven bytes is possible: see `Findings`.
        let mut out = ctx.findings();
        for p in report.paragraphs.iter().filter(|p| p.section.is_some()) {
            // The year is the match without its `\s*年`: no capture engine
            // needed (most paragraphs name the report's own year).
            for whole in YEAR.find_iter(&p.text) {
                let digits = whole.as_str().trim_end_matches('年').trim_end();
                let m = whole.start()..whole.start() + digits.len();
                let Ok(y) = digits.parse::<u16>() else {
                    continue;
                };
                if y == year.value || y == year.value + 1 {
                    continue;
                }
                // The sentence around the year, bounded so that a huge line
                // without full stops stays linear.
                let from = p
                    .text
                    .floor_char_boundary(m.start.saturating_sub(SENTENCE_BYTES));
                let to = p
                    .text
                    .ceil_char_boundary((m.end + SENTENCE_BYTES).min(p.text.len()));
                let sentence_start = p.text[from..m.start]
                    .rfind('。')
                    .map_or(from, |i| from + i + '。'.len_utf8());
                let sentence_end = p.text[m.end..to].find('。').map_or(to, |i| m.end + i);
                if inside_brackets(&p.text[sentence_start..m.start]) {
                    continue;
                }
                if CONTEXT
                    .iter()
                    .any(|w| p.text[sentence_start..sentence_end].contains(w))
                {
                    continue;
                }
                let span = report
                    .view
                    .to_source(Span::new(p.view_start + m.start, p.view_start + m.end));
                out.push_with(span, || {
                    Diagnostic::new(
                        &Self::META,
                        span,
                        format!(
                            "{}年度报告的正文出现“{y}年”，请确认不是沿用往年的内容",
                            year.value
                        ),
                    )
                    .with_label(year.span, "报告年度")
                });
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_on_another_years_paragraph() {
        assert_eq!(
            codes(&lint("D004", &with_overview("2021年，我局共收到申请5件。"))),
            ["D004"]
        );
    }

    #[test]
    fn silent_on_report_year_next_year_citations_and_comparisons() {
        for prose in [
            "2023年，我局认真落实《条例》。2024年将继续推进。",
            "依据《2019年政务公开工作要点》和国办公开办函〔2019〕60号。",
            "较2022年增加3件。",
            "自2020年以来持续推进。",
        ] {
            assert!(lint("D004", &with_overview(prose)).is_empty(), "{prose}");
        }
    }
}
