use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::{Report, Span};

declare_rule! {
    /// ## 检查内容
    /// 表三（三）不予公开（1–8）、（四）无法提供（1–3）、（五）不予处理（1–5）
    /// 以及自2021年版模板起的（六）其他处理（1–3）下各小项的编号：
    /// 每组按 1、2、3…连续编号，不得跳号或重号。
    /// `1.`、`1、`、`1．` 和 `（1）` 都是认可的写法。
    ///
    /// ## 原因
    /// 编号重复或跳号，通常说明某一行是从错误的位置粘贴来的，或者模板被手工改过；
    /// 读者按编号引用各行（“（六）2”）。
    ///
    /// ## 示例
    /// ```text
    /// （六）其他处理 | 1.申请人无正当理由逾期不补正…
    ///                | 1.申请人逾期未按收费通知要求缴纳费用…   ← 应为 2.
    ///                | 3.其他
    /// ```
    ///
    /// `1.申请人逾期未按收费通知要求缴纳费用` → `2.申请人逾期未按收费通知要求缴纳费用`。
    ///
    /// ## 修复安全性
    /// 该行文字与模板中该位置的行一致时（此时编号是确定的），
    /// 为安全修复（`report-lint fix` 自动应用）；有行缺失或错位时，
    /// 为不安全修复（需 `--unsafe-fixes`，请人工确认），因为正确的编号取决于哪一行有误。
    pub struct SubRowNumbering {
        code: "N001",
        name: "sub-row-numbering",
        family: "numbering",
        summary: "表三（三）至（六）下的小项编号重复、跳号或错位",
        severity: Error,
        fix: Always,
    }
}

impl Check for SubRowNumbering {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let mut out = ctx.findings();
        let mut position = 0u32;
        let mut group = None;
        for row in &table.rows {
            let Some(template_index) = row.key.sub_index() else {
                group = None;
                continue;
            };
            if group != row.key.group() {
                group = row.key.group();
                position = 0;
            }
            position += 1;
            let Some(number) = &row.label.number else {
                continue;
            };
            if number.value == position {
                continue;
            }
            let applicability = if u32::from(template_index) == position {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            let group_label = row.key.group().map_or("", |g| g.label());
            // Underline the number with its mark ("1.") so it is visible;
            // the fix replaces the digits only.
            let mark = report
                .text(Span::new(number.digits.end, row.label.span.end))
                .chars()
                .next();
            let marked = Span::new(
                number.digits.start,
                number.digits.end
                    + mark
                        .filter(|c| matches!(c, '.' | '、' | '．' | ')' | '）'))
                        .map_or(0, char::len_utf8),
            );
            out.push(
                Diagnostic::new(
                    &Self::META,
                    marked,
                    format!(
                        "{group_label}下第{position}项的编号应为“{position}”，实为“{}”",
                        number.value
                    ),
                )
                .with_fix(Fix::replace(
                    format!("将编号改为 {position}"),
                    number.digits,
                    position.to_string(),
                    applicability,
                )),
            );
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};
    use crate::Applicability;

    #[test]
    fn fires_on_a_repeated_number_with_a_safe_fix() {
        let text =
            table3_report(&[]).replace("2.申请人逾期未按收费通知", "1.申请人逾期未按收费通知");
        let found = lint("N001", &text);
        assert_eq!(codes(&found), ["N001"]);
        assert_eq!(
            found[0].message,
            "（六）其他处理下第2项的编号应为“2”，实为“1”"
        );
        assert_eq!(&text[found[0].span.start..found[0].span.end], "1.");
        let fix = &found[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(&text[fix.edits[0].span.start..fix.edits[0].span.end], "1");
        assert!(text[fix.edits[0].span.start..].starts_with("1.申请人逾期未按收费通知"));
    }

    #[test]
    fn silent_on_consecutive_numbers_in_any_accepted_form() {
        let text = table3_report(&[])
            .replace("2.没有现成信息", "2、没有现成信息")
            .replace("3.补正后", "（3）补正后");
        assert!(lint("N001", &text).is_empty());
    }
}
