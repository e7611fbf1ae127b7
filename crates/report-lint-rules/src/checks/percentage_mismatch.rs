use crate::checks::percent;
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 正文中写在件数之后的百分比（`予以公开3件，占比23.08%`），
    /// 用以下任何一个可能的分母都算不出来：同一段前文所述的总数（`共受理…13件`）、
    /// 表三的本年新收、本年新收加上年结转，或（七）总计。
    /// 采用精确计算；与所写最后一位相差不超过半个单位即视为相符。
    /// 表三的本年新收、上年结转或（七）总计未能读出时（例如表格无法读取），
    /// 百分比可能是其中某个总数的占比，所以只有任何整数总数都算不出时才报告
    /// （9 件占 19.75%：9 ÷ 45 = 20%，9 ÷ 46 = 19.57%）。
    /// 百分比被截断而非四舍五入的情况由 P002 报告，不属于本规则。
    ///
    /// ## 原因
    /// 重新算不出来的占比就是公开文本中的错误数字，
    /// 通常是草稿中的件数改了，百分比却没有跟着改。
    ///
    /// ## 示例
    /// 共办结 49 件：`无法提供13件，占36.53%` → `无法提供13件，占26.53%`（13 ÷ 49 = 26.53%）。
    ///
    /// ## 修复安全性
    /// 仅供参考（不会自动应用）：建议值按第一个分母计算，未必是作者所用的分母。
    pub struct PercentageMismatch {
        code: "P001",
        name: "percentage-mismatch",
        family: "prose",
        summary: "文中百分比无法由相应数字重新算出",
        severity: Error,
        fix: Sometimes,
    }
}

impl Check for PercentageMismatch {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for claim in &report.percents {
            let Some(verdict) = percent::share_verdict(report, claim) else {
                continue;
            };
            if !verdict.mismatch() {
                continue;
            }
            let (first, _, expected) = &verdict.candidates[0];
            let count = verdict.count;
            let mut d = Diagnostic::new(
                &Self::META,
                claim.span,
                format!(
                    "百分比应为 {expected}%（{count} ÷ {}，{}），实为 {}%",
                    first.value, first.source, claim.value
                ),
            )
            .with_fix(Fix::replace(
                format!("改为 {expected}"),
                claim.span,
                expected.to_string(),
                Applicability::DisplayOnly,
            ));
            if let Some(c) = &claim.count {
                d = d.with_label(c.span, "对应的数字");
            }
            out.push(d);
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report, with_overview};

    #[test]
    fn with_table_totals_unread_only_an_impossible_share_is_wrong() {
        // The real base of these shares is the handled total, 805 (a
        // table figure); the sentence states only the 859 received.
        let prose = "共受理政府信息公开申请859件。予以公开258件，占33.9%；无法提供265件，占32.9%；\
                     不予公开9件，占19.75%。";
        let table = table3_report(&[
            ("一、本年新收", [859, 0, 0, 0, 0, 0, 859]),
            ("二、上年结转", [18, 0, 0, 0, 0, 0, 18]),
            ("（一）予以公开", [258, 0, 0, 0, 0, 0, 258]),
            ("（三）不予公开1.", [9, 0, 0, 0, 0, 0, 9]),
            ("（四）无法提供1.", [265, 0, 0, 0, 0, 0, 265]),
            ("（五）不予处理1.", [273, 0, 0, 0, 0, 0, 273]),
            ("（七）总计", [805, 0, 0, 0, 0, 0, 805]),
            ("四、结转下年度", [72, 0, 0, 0, 0, 0, 72]),
        ])
        .replace(crate::testing::OVERVIEW_SENTENCE, prose);
        // Read, 805 gives 32.9% but not 33.9% (32.05%), and no
        // denominator gives 19.75%.
        let read = lint("P001", &table);
        assert_eq!(codes(&read), ["P001", "P001"], "{read:#?}");
        // The handled total unread (a cell not a number): 33.9% may be of
        // it, 19.75% of nothing.
        let unread = table.replacen("| 805 |\n", "| 8O5 |\n", 1);
        assert_ne!(unread, table);
        let found = lint("P001", &unread);
        assert_eq!(codes(&found), ["P001"]);
        assert!(found[0].message.contains("19.75%"), "{}", found[0].message);
    }

    #[test]
    fn silent_on_a_share_of_what_the_paragraph_before_counted() {
        // A footnote at the end of a web page: 2 of the 4 online requests.
        let text = with_overview(
            "2023年，我局认真落实《条例》。\n\n其中微信公众号转来申请2件，占50.00%。",
        );
        assert!(lint("P001", &text).is_empty());
        // In the paragraph of its total, the share is checked.
        let text =
            with_overview("共受理政府信息公开申请13件。其中微信公众号转来申请2件，占50.00%。");
        assert_eq!(codes(&lint("P001", &text)), ["P001"]);
    }

    #[test]
    fn fires_when_no_denominator_reproduces_it() {
        let found = lint(
            "P001",
            &with_overview("共受理政府信息公开申请13件，其中无法提供6件，占比53.85%。"),
        );
        assert_eq!(codes(&found), ["P001"]);
        assert_eq!(
            found[0].message,
            "百分比应为 46.15%（6 ÷ 13，文中所述总数 13），实为 53.85%"
        );
    }

    #[test]
    fn a_rate_and_a_total_of_another_matter_are_not_shares() {
        for prose in [
            // How many were handled, not a share of anything.
            "共收到咨询投诉15564件，已办结15042件。同时，共收到网友留言11条，已100%及时整改。",
            // The total two sentences back is another matter's.
            "共收到咨询投诉3404件。办结及时。全区主动公开政府信息2069条，其中区直部门1592条，占76.9%。",
        ] {
            assert!(lint("P001", &with_overview(prose)).is_empty(), "{prose}");
        }
        // In the sentence before, it is the total.
        let found = lint(
            "P001",
            &with_overview("共收到咨询投诉3404件。其中网上投诉1592件，占76.9%。"),
        );
        assert_eq!(codes(&found), ["P001"]);
    }

    #[test]
    fn silent_when_any_denominator_reproduces_it() {
        let cases = [
            "共受理政府信息公开申请13件，其中予以公开3件，占比23.08%。",
            "共收到1499件。其中，通过网络申请1303件，占86.92%。",
            "满意率93.75%。",
            "共发布政策解读12篇，其中图文解读8篇、视频解读3篇，解读率100%。",
            "全年共办理人大代表建议5件、政协提案3件，办结率100%。",
            "较上年增长26.49%，共计5件。",
            "本年共受理申请191件，上年151件，较上年增长26.49%。",
            "上年5件，同比增长40%。",
            "共受理政府信息公开申请13件，其中予以公开3件，占比23.07%。",
        ];
        for sentence in cases {
            assert!(
                lint("P001", &with_overview(sentence)).is_empty(),
                "{sentence}"
            );
        }
    }
}
