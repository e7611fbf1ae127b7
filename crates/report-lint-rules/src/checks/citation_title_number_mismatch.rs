use crate::{declare_rule, Check, Diagnostic, RuleContext};
use regex::Regex;
use report_lint_core::{Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 引用格式依据时，通知的标题与文号不是同一份文件：
    /// `《…关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2021〕30号）`。
    /// 这个标题是2019年的通知（国办公开办函〔2019〕60号）；
    /// 〔2021〕30号的标题是《…关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》。
    ///
    /// ## 原因
    /// 标题和文号对不上，读者无法确定报告依据的是哪一版格式；
    /// 这通常是把上年报告的开头改了文号却没有改标题。
    ///
    /// ## 示例
    /// `依据…《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》(国办公开办函〔2021〕30号)要求…编制`。
    ///
    /// `关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2021〕30号）` →
    /// `关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）`。
    ///
    /// ## 修复安全性
    /// 不提供修复：应改标题还是改文号，要看报告实际采用的格式。
    pub struct CitationTitleNumberMismatch {
        code: "V004",
        name: "citation-title-number-mismatch",
        family: "template",
        summary: "所引通知的标题与文号不符（2019年通知的标题配2021年的文号）",
        severity: Warning,
        fix: None,
    }
}

/// The 2019 notice's title, then — within a short distance, past the closing
/// 》 and an opening bracket — the 2021 notice's number.
static TITLE_2019_NUMBER_2021: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"关于政府信息公开工作年度报告有关事项的通知.{0,12}?国办公开办函\s*[〔\[(【]2021[〕\])】]\s*30\s*号")
        .expect("valid pattern")
});

impl Check for CitationTitleNumberMismatch {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let text = &report.view.text;
        let mut out = ctx.findings();
        for m in TITLE_2019_NUMBER_2021.find_iter(text) {
            let span = report.view.to_source(Span::new(m.start(), m.end()));
            out.push_with(span, || {
                Diagnostic::new(
                    &Self::META,
                    span,
                    "《关于政府信息公开工作年度报告有关事项的通知》是国办公开办函〔2019〕60号；\
                     国办公开办函〔2021〕30号是《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》",
                )
            });
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_on_the_2019_title_with_the_2021_number() {
        let text = with_overview(
            "本报告依据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》(国办公开办函〔2021〕30号)要求编制。",
        );
        let found = lint("V004", &text);
        assert_eq!(codes(&found), ["V004"]);
        assert!(text[found[0].span.start..found[0].span.end].starts_with("关于政府信息公开"));
    }

    #[test]
    fn silent_when_title_and_number_belong_together() {
        for sentence in [
            "本报告依据《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。",
            "本报告依据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求编制。",
        ] {
            assert!(lint("V004", &with_overview(sentence)).is_empty(), "{sentence}");
        }
    }
}
