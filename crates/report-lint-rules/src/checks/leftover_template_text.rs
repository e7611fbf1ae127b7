use crate::{declare_rule, Check, Diagnostic, RuleContext};
use memchr::memmem;
use regex::Regex;
use report_lint_core::{quote, Report, SectionKind, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 发布的报告中残留的模板原文或编写说明：`编写说明`、`填写说明`、
    /// 第三部分（表三）以外的勾稽关系说明 `（本列数据的勾稽关系为…）`——它是表三表头的一部分，
    /// 转换后单独成行出现在表三前后时不算残留——
    /// 以及 `XX`、`XXX`、`×××`、`某某` 之类的占位符。
    ///
    /// ## 原因
    /// 曾有2020年度报告发布时仍保留着“编写说明：可先适当综述…”；
    /// 占位符说明某个数字或名称始终没有填写。
    ///
    /// ## 示例
    /// `本年度承办人大代表建议XX件` → `本年度承办人大代表建议3件`。
    ///
    /// ## 修复安全性
    /// 不提供修复：缺失的内容需要补写。
    pub struct LeftoverTemplateText {
        code: "H001",
        name: "leftover-template-text",
        family: "hygiene",
        summary: "正文残留模板说明或占位符（编写说明、XX、×××）",
        severity: Warning,
        fix: None,
    }
}

/// The template's drafting notes, as one pattern: one scan per paragraph.
static NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("编写说明|勾稽关系为|填写说明").expect("valid pattern"));

/// The template notes of a paragraph. Every note has 说明 or 勾稽: two
/// vectorised byte searches spare most paragraphs a call of the pattern.
fn notes(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    static SEARCHERS: LazyLock<[memmem::Finder<'static>; 2]> =
        LazyLock::new(|| ["说明", "勾稽"].map(memmem::Finder::new));
    let b = text.as_bytes();
    let any = SEARCHERS.iter().any(|f| f.find(b).is_some());
    any.then(|| NOTE.find_iter(text)).into_iter().flatten()
}

/// Runs of X/× and 某某, found in one scan; runs of one X are dropped below.
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[XxＸ×]+|某某").expect("valid pattern"));

/// Placeholder runs: two or more X/×, or 某某, not part of a Latin word.
fn placeholders(text: &str) -> Vec<(usize, usize)> {
    // Nearly no paragraph has an X, a × or 某某: vectorised byte searches
    // rule them out before the pattern runs. (The view has folded Ｘ to X.)
    static SEARCHERS: LazyLock<[memmem::Finder<'static>; 2]> =
        LazyLock::new(|| ["×", "某某"].map(memmem::Finder::new));
    let b = text.as_bytes();
    if memchr::memchr2(b'X', b'x', b).is_none() && !SEARCHERS.iter().any(|f| f.find(b).is_some()) {
        return Vec::new();
    }
    PLACEHOLDER
        .find_iter(text)
        .filter(|m| {
            if m.as_str() == "某某" {
                return true;
            }
            let latin_before = text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let latin_after = text[m.end()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            m.as_str().chars().count() >= 2 && !latin_before && !latin_after
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

impl Check for LeftoverTemplateText {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for p in &report.paragraphs {
            let at = |a: usize, b: usize| {
                report
                    .view
                    .to_source(Span::new(p.view_start + a, p.view_start + b))
            };
            for note in notes(&p.text) {
                // The template's own identity note heads table 三; a
                // converter may put it on a line of its own before the
                // table or between its rows. Only elsewhere is it left over.
                if note.as_str() == "勾稽关系为" && p.section == Some(SectionKind::Requests) {
                    continue;
                }
                out.push(Diagnostic::new(
                    &Self::META,
                    at(note.start(), note.end()),
                    format!("正文残留模板说明“{}”", quote(note.as_str())),
                ));
            }
            for (a, b) in placeholders(&p.text) {
                out.push(Diagnostic::new(
                    &Self::META,
                    at(a, b),
                    format!("占位符“{}”未替换为实际内容", quote(&p.text[a..b])),
                ));
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report, with_overview};

    const NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

    #[test]
    fn the_identity_note_belongs_to_table_3_wherever_a_converter_put_it() {
        // After the table, where PDF and OCR conversions leave the text of
        // its top-left cell.
        let text = table3_report(&[]).replacen(
            "\n四、政府信息公开行政复议、行政诉讼情况",
            &format!("\n{NOTE}\n\n四、政府信息公开行政复议、行政诉讼情况"),
            1,
        );
        assert!(text.contains(&format!("\n{NOTE}\n")));
        assert!(lint("H001", &text).is_empty());
        // In the overview it is left over from the template.
        assert_eq!(codes(&lint("H001", &with_overview(NOTE))), ["H001"]);
    }

    #[test]
    fn fires_on_notes_and_placeholders() {
        assert_eq!(
            codes(&lint("H001", &with_overview("编写说明：可先适当综述。"))),
            ["H001"]
        );
        assert_eq!(
            codes(&lint(
                "H001",
                &with_overview("全年共收到申请XX件，×××同志负责。")
            )),
            ["H001", "H001"]
        );
    }

    #[test]
    fn silent_on_real_text() {
        for prose in [
            "网站 www.xxgk.gov.cn 与 Excel 表格。",
            "2023年，我局认真落实《条例》。",
        ] {
            assert!(lint("H001", &with_overview(prose)).is_empty(), "{prose}");
        }
    }
}
