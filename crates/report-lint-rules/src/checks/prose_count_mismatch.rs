use crate::checks::prose_refs;
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 正文所述的申请件数与其所指的表三数字核对：
    /// `予以公开3件` 对应（一）予以公开（或（一）+（二））；
    /// `不予公开`、`无法提供`、`不予处理`、`其他处理` 对应各自小项之和；
    /// `上年结转`、`结转下年度` 分别对应二、四两行；
    /// `共收到/受理/办理…申请13件` 对应本年新收、本年新收 + 上年结转或（七）总计
    /// （任一相符即可）。关于上一年的数字（`与上一年…9件相比`）不核对。
    /// 所指的表三数字中有未能读出的（该行无法读取）时不核对：正文可能恰恰指那一个。
    ///
    /// ## 原因
    /// 检查人员首先对照正文和表格；两者不一致（“数据失准”），说明其中之一没有更新。
    ///
    /// ## 示例
    /// `其中予以公开3件…无法提供6件`，而表三（四）无法提供各小项合计为 7。
    ///
    /// 表三四、结转下年度继续办理的总计为 3：`结转下年度继续办理5件` → `结转下年度继续办理3件`。
    ///
    /// ## 修复安全性
    /// 仅供参考（不会自动应用）：错的也可能是表格。只有一个对应数字时才给出建议值。
    pub struct ProseCountMismatch {
        code: "P003",
        name: "prose-count-mismatch",
        family: "prose",
        summary: "正文所述件数与表三不一致",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Check for ProseCountMismatch {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let mut out = ctx.findings();
        for number in &report.numbers {
            if number.value.scale != 0 || number.value.mantissa < 0 {
                continue;
            }
            // Information items counted by their disclosure attribute
            // (“制发政府信息437条，其中主动公开55条、依申请公开341条、不予公开41条”)
            // are not requests and their outcomes, which are counted in 件.
            let sentence = prose_refs::text_before(
                &report.paragraphs[number.paragraph].text,
                number.at.start,
                prose_refs::SENTENCE_ENDS,
            );
            if number.unit == "条" && sentence.contains("主动公开") {
                continue;
            }
            let Some((name, referents)) = prose_refs::referents(table, number) else {
                continue;
            };
            let Some(first) = referents.first() else {
                continue;
            };
            let stated = number.value.mantissa as u128;
            if referents.iter().any(|r| r.value == stated) {
                continue;
            }
            let mut d = Diagnostic::new(
                &Self::META,
                number.span,
                format!(
                    "正文称{name} {stated}{}，与表三不符：{}为 {}",
                    number.unit, first.what, first.value
                ),
            );
            if referents.len() == 1 {
                d = d.with_fix(Fix::replace(
                    format!("改为 {}", first.value),
                    number.span,
                    first.value.to_string(),
                    Applicability::DisplayOnly,
                ));
            }
            out.push(d);
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    fn report(sentence: &str) -> String {
        table3_report(&[
            ("一、本年新收", [13, 0, 0, 0, 0, 0, 13]),
            ("（一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
            ("（四）无法提供1.", [7, 0, 0, 0, 0, 0, 7]),
            ("（六）其他处理3.", [3, 0, 0, 0, 0, 0, 3]),
            ("（七）总计", [13, 0, 0, 0, 0, 0, 13]),
        ])
        .replace("2023年，我局认真落实《条例》。", sentence)
    }

    #[test]
    fn silent_on_one_unit_counting_for_the_agency() {
        let text = report("2023年，区政府办代表区政府受理政府信息公开申请17件。");
        assert!(!lint("P003", &report("2023年，区政府受理政府信息公开申请17件。")).is_empty());
        assert!(lint("P003", &text).is_empty());
    }

    #[test]
    fn silent_on_information_counted_by_disclosure_attribute() {
        let attribute =
            "全年共制发政府信息437条，其中，主动公开政府信息55条、依申请公开341条、不予公开41条。";
        assert!(lint("P003", &report(attribute)).is_empty());
        let outcome = "全年共收到政府信息公开申请13件，其中不予公开41件。";
        assert_eq!(codes(&lint("P003", &report(outcome))), ["P003"]);
    }

    #[test]
    fn fires_when_prose_and_table_disagree() {
        let found = lint(
            "P003",
            &report("共受理政府信息公开申请13件，其中予以公开3件，无法提供6件，其他处理3件。"),
        );
        assert_eq!(codes(&found), ["P003"]);
        assert_eq!(
            found[0].message,
            "正文称无法提供 6件，与表三不符：表三（四）无法提供合计为 7"
        );
        let found = lint("P003", &report("全年共收到政府信息公开申请12件。"));
        assert_eq!(codes(&found), ["P003"]);
    }

    #[test]
    fn silent_when_a_figure_the_prose_may_mean_is_unreadable() {
        // 13 new requests, 1 carried over, 12 handled: "收到…13件" is the
        // new requests. With that row unreadable (a cell not a number, as
        // when a PDF holds a glyph that maps to nothing) the prose may
        // still mean it, so it is not compared with the other two.
        let table = table3_report(&[
            ("一、本年新收", [13, 0, 0, 0, 0, 0, 13]),
            ("二、上年结转", [1, 0, 0, 0, 0, 0, 1]),
            ("（一）予以公开", [2, 0, 0, 0, 0, 0, 2]),
            ("（四）无法提供1.", [7, 0, 0, 0, 0, 0, 7]),
            ("（六）其他处理3.", [3, 0, 0, 0, 0, 0, 3]),
            ("（七）总计", [12, 0, 0, 0, 0, 0, 12]),
            ("四、结转下年度", [2, 0, 0, 0, 0, 0, 2]),
        ])
        .replace(
            "2023年，我局认真落实《条例》。",
            "全年共收到政府信息公开申请13件。",
        );
        assert!(lint("P003", &table).is_empty());
        let unreadable = table.replacen("| 13 |", "| (cid:0)13 |", 1);
        assert_ne!(unreadable, table);
        assert!(lint("P003", &unreadable).is_empty());
        // Read, 15 is none of the three; unread, it may be the new requests.
        assert_eq!(
            codes(&lint("P003", &table.replace("申请13件", "申请15件"))),
            ["P003"]
        );
        assert!(lint("P003", &unreadable.replace("申请13件", "申请15件")).is_empty());
    }

    #[test]
    fn silent_when_they_agree_or_talk_about_last_year() {
        for sentence in [
            "共受理政府信息公开申请13件，其中予以公开3件，无法提供的7件，作其他处理3件。",
            "与上一年受理政府信息公开申请9件相比，减少1件。",
            "无结转下年度的申请。",
        ] {
            assert!(lint("P003", &report(sentence)).is_empty(), "{sentence}");
        }
    }
}
