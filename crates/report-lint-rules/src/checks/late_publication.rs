use crate::{declare_rule, Check, Diagnostic, OptionValue, RuleContext};
use report_lint_core::{Date, Report};

declare_rule! {
    /// ## 检查内容
    /// 报告所附的发布日期（`发布日期`、`发文日期`、`发布时间`）是否晚于《条例》第四十九条规定的期限：
    /// - 县级以上人民政府部门（局、委、办…）：次年1月31日前；
    /// - 县级以上地方人民政府本级的报告（标题中为 `…人民政府`）：次年3月31日前；
    /// - 乡、镇、街道：全国没有统一期限；如本省另有规定，可在配置中设置。
    ///
    /// 选项（report-lint.toml 中的 `[rules.D003]`）：`agency-kind` =
    /// `"department"`、`"government"` 或 `"township"`，用于取代根据标题推断的机关类型；
    /// `deadline` = `"MM-DD"`（报告年度的次年），用于取代默认的期限日期。
    ///
    /// ## 原因
    /// 《条例》第四十九条规定了发布期限，2021年版模板也把“不按时发布”列为追责情形。
    ///
    /// ## 示例
    /// 区发展和改革委员会的2023年度报告于2024-02-19发布（期限为2024-01-31）。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct LatePublication {
        code: "D003",
        name: "late-publication",
        family: "dates",
        summary: "发布日期晚于《条例》第四十九条规定的期限",
        severity: Warning,
        fix: None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AgencyKind {
    Department,
    Government,
    Township,
}

fn guess_kind(agency: &str) -> AgencyKind {
    let agency = agency.trim();
    if ["乡", "镇", "街道", "街道办事处", "乡人民政府", "镇人民政府"]
        .iter()
        .any(|s| agency.ends_with(s))
    {
        AgencyKind::Township
    } else if agency.ends_with("人民政府") || agency.ends_with("政府") {
        AgencyKind::Government
    } else {
        AgencyKind::Department
    }
}

impl Check for LatePublication {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let (Some(year), Some(published)) = (&report.meta.year, &report.meta.publish_date) else {
            return Vec::new();
        };
        let code = Self::META.code;
        let kind = match ctx.options.str(code, "agency-kind") {
            Some("government") => AgencyKind::Government,
            Some("township") => AgencyKind::Township,
            Some("department") => AgencyKind::Department,
            _ => report
                .meta
                .agency
                .as_ref()
                .map_or(AgencyKind::Department, |a| guess_kind(&a.value)),
        };
        let next = year.value + 1;
        let configured = match ctx.options.get(code, "deadline") {
            Some(OptionValue::Str(s)) => s
                .split_once('-')
                .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?))),
            _ => None,
        };
        let (month, day, basis) = match (configured, kind) {
            (Some((m, d)), _) => (m, d, "配置的期限"),
            (None, AgencyKind::Department) => (1, 31, "《条例》第四十九条（县级以上人民政府部门）"),
            (None, AgencyKind::Government) => (3, 31, "《条例》第四十九条（县级以上地方人民政府）"),
            (None, AgencyKind::Township) => return Vec::new(),
        };
        let deadline = Date {
            year: next,
            month,
            day,
        };
        if published.value <= deadline {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            published.span,
            format!("发布日期{}晚于{basis}规定的{deadline}", published.value),
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    fn report(agency: &str, date: &str) -> String {
        table3_report(&[])
            .replace("示例市数据局2023年", &format!("{agency}2023年"))
            .replacen("\n", &format!("\n发布日期：{date}\n"), 1)
    }

    #[test]
    fn fires_after_the_deadline_for_the_agency_kind() {
        assert_eq!(
            codes(&lint(
                "D003",
                &report("某某区发展和改革委员会", "2024-02-19")
            )),
            ["D003"]
        );
        assert_eq!(
            codes(&lint("D003", &report("某某区人民政府", "2024-04-01"))),
            ["D003"]
        );
    }

    #[test]
    fn silent_within_the_deadline_or_without_one() {
        assert!(lint("D003", &report("某某区发展和改革委员会", "2024-01-31")).is_empty());
        assert!(lint("D003", &report("某某区人民政府", "2024-02-19")).is_empty());
        assert!(lint("D003", &report("某某区太平街道办事处", "2024-05-01")).is_empty());
    }
}
