use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::labels;
use report_lint_core::template::{RequestRow, TemplateVersion};
use report_lint_core::{Report, Script, Span};

declare_rule! {
    /// ## What it checks
    /// Row labels of table 三 that were recognised but differ from the
    /// template's wording, such as `2.其他法律行政止公开` for
    /// `2.其他法律行政法规禁止公开`. Spaces, punctuation width, quote marks and
    /// traditional characters are not differences.
    ///
    /// ## Why
    /// The labels define what each row counts; a misprinted label looks
    /// careless and makes the row hard to find for readers and tools.
    ///
    /// ## Example
    /// `2.其他法律行政止公开` → `2.其他法律行政法规禁止公开`.
    ///
    /// ## Fix safety
    /// Safe in a simplified-character report: the words after the row number
    /// are replaced by the template's. Unsafe in a traditional-character one
    /// (the replacement is simplified).
    pub struct RowLabelMisprint {
        code: "L001",
        name: "row-label-misprint",
        family: "labels",
        summary: "表三行标签与模板措辞不符（错字、漏字）",
        severity: Warning,
        fix: Always,
    }
}

/// The template's words for a row, without its ordinals.
fn canonical_words(key: RequestRow) -> String {
    if let Some((group, k)) = key.group().zip(key.sub_index()) {
        return group.sub_rows(TemplateVersion::V2021)[k as usize - 1].to_string();
    }
    let label = key.label(TemplateVersion::V2021);
    label[labels::split(&label).words_start..].to_string()
}

impl Check for RowLabelMisprint {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let applicability = match report.script {
            Script::Simplified => Applicability::Safe,
            Script::Traditional => Applicability::Unsafe,
        };
        let mut out = Vec::new();
        for row in table.rows.iter().filter(|r| !r.exact_label) {
            let words = canonical_words(row.key);
            let written = report.text(row.label.span);
            // Replace only the words after the row's own ordinals ("（一）", "1.").
            let span = Span::new(
                row.label.span.start + labels::split(written).words_start,
                row.label.span.end,
            );
            out.push(
                Diagnostic::new(
                    &Self::META,
                    span,
                    format!("行标签“{}”与模板不符，应为“{words}”", report.text(span)),
                )
                .with_fix(Fix::replace(
                    format!("改为“{words}”"),
                    span,
                    words.clone(),
                    applicability,
                )),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_a_misprinted_sub_row_with_a_fix() {
        let text = table3_report(&[]).replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开");
        let found = lint("L001", &text);
        assert_eq!(codes(&found), ["L001"]);
        let edit = &found[0].fixes[0].edits[0];
        assert_eq!(&text[edit.span.start..edit.span.end], "其他法律行政止公开");
        assert_eq!(edit.replacement, "其他法律行政法规禁止公开");
    }

    #[test]
    fn silent_on_template_wording_in_any_width_or_quotes() {
        assert!(lint("L001", &table3_report(&[])).is_empty());
        let text = table3_report(&[])
            .replace("危及“三安全一稳定”", "危及\"三安全一稳定\"")
            .replace("（一）予以公开", "(一)予以公开");
        assert!(lint("L001", &text).is_empty());
    }
}
