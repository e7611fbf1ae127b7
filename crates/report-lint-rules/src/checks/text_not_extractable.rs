use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, Span};

declare_rule! {
    /// ## 检查内容
    /// 文档中的文字无法提取：PDF 是扫描件（每页只有图片），或所用字体没有提供到文字的映射，
    /// 提取出来的只是乱码或编号。
    ///
    /// ## 原因
    /// 读不出文字，就无法核对任何内容。只报告这一个问题，不报告勾稽关系或缺少章节等——
    /// 那些都不是报告本身的问题，而是没有读到。
    ///
    /// ## 示例
    /// 把纸质报告扫描成 PDF 后发布：请检查原始的 Word 文档，或用文字版 PDF。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct TextNotExtractable {
        code: "C005",
        name: "text-not-extractable",
        family: "cells",
        summary: "文档为扫描件或字体无法转换为文字，无法提取文字，未检查",
        severity: Warning,
        fix: None,
    }
}

impl Check for TextNotExtractable {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(reason) = report
            .source
            .document
            .as_deref()
            .and_then(|d| d.unreadable.as_deref())
        else {
            return Vec::new();
        };
        vec![Diagnostic::new(
            &Self::META,
            Span::new(0, 0),
            format!("{reason}，无法提取文字，未检查"),
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint_all};
    use crate::{Config, Linter};
    use report_lint_core::{parse, DocumentMap, Form, SourceFile};

    #[test]
    fn fires_once_for_a_document_without_text_and_nothing_else() {
        let map = DocumentMap {
            form: Form::Pdf,
            blocks: Vec::new(),
            unreadable: Some("PDF 是扫描件（只有图片）".into()),
        };
        let report = parse(SourceFile::of_document("扫描.pdf", String::new(), map));
        let linter = Linter::new(Config::default()).unwrap();
        let found = linter.lint(&report);
        assert_eq!(codes(&found), ["C005"]);
        assert!(found[0].message.starts_with("PDF 是扫描件"));
    }

    #[test]
    fn silent_on_text() {
        assert!(!codes(&lint_all(
            "某局2023年政府信息公开工作年度报告\n一、总体情况\n"
        ))
        .contains(&"C005"));
    }
}
