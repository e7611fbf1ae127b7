use crate::rule::parse_month_day;
use crate::{declare_rule, Check, Diagnostic, OptionKind, OptionSpec, RuleContext};
use report_lint_core::{Date, Report};

declare_rule! {
    /// ## 检查内容
    /// 报告所附的发布日期（`发布日期`、`发文日期`、`发布时间`）是否晚于《条例》第四十九条规定的期限：
    /// - 县级以上人民政府部门（局、委、办…）：次年1月31日前；
    /// - 县级以上地方人民政府本级的报告（标题中为 `…人民政府`）：次年3月31日前；
    /// - 乡、镇、街道：全国没有统一期限；如本省另有规定，可在配置中设置。
    ///
    /// 机关类型从标题中的机关名称推断，只在确定时才核对：开发区、综合实验区、新区等的
    /// 管理委员会，派出机构，学校、医院、中心等事业单位，以及名称不以常见的部门称谓
    /// （局、厅、委、委员会、办公室…）结尾的机关，类型不确定，不报告——除非在配置中指明。
    ///
    /// 机关类型和期限可以在配置中指明（见下面的“选项”）。
    ///
    /// ## 原因
    /// 《条例》第四十九条规定了发布期限，2021年版模板也把“不按时发布”列为追责情形。
    ///
    /// ## 示例
    /// 区发展和改革委员会的2023年度报告于2024-02-19发布（期限为2024-01-31）。
    ///
    /// 县市场监督管理局的2021年度报告：`发布日期：2022-02-19` → `发布日期：2022-01-31`。
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
        options: [
            OptionSpec {
                name: "agency-kind",
                kind: OptionKind::OneOf(&["department", "government", "township"]),
                help: "机关类型：县级以上人民政府部门、县级以上地方人民政府或乡镇街道，取代根据标题推断的类型",
            },
            OptionSpec {
                name: "deadline",
                kind: OptionKind::MonthDay,
                help: "报告年度次年的发布期限，取代《条例》规定的期限",
            },
        ],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgencyKind {
    Department,
    Government,
    Township,
    /// Not certain from the name: 管委会 of a development zone, a
    /// 派出机构, an institution, a name without a usual ending. Their
    /// deadline depends on who set them up; no finding without the option.
    Uncertain,
}

/// The kind of agency a report is by, as D003 judges it: the
/// `[rules.D003] agency-kind` option when the configuration sets it, else
/// what the title's agency name certainly is. Rules written in the
/// configuration (`agency-kinds`) ask the same question.
pub(crate) fn agency_kind(report: &Report, options: &crate::RuleOptions) -> AgencyKind {
    match options.str(LatePublication::META.code, "agency-kind") {
        Some("government") => AgencyKind::Government,
        Some("township") => AgencyKind::Township,
        Some("department") => AgencyKind::Department,
        _ => report
            .meta
            .agency
            .as_ref()
            .map_or(AgencyKind::Uncertain, |a| guess_kind(&a.value)),
    }
}

/// The kind of agency a name certainly is, or [`AgencyKind::Uncertain`].
fn guess_kind(agency: &str) -> AgencyKind {
    let agency = agency.trim();
    let ends = |endings: &[&str]| endings.iter().any(|s| agency.ends_with(s));
    // A development zone's or new area's 管委会 is a people's government's
    // 派出机构, neither a government nor one of its departments.
    if [
        "管委会",
        "管理委员会",
        "派出",
        "开发区",
        "实验区",
        "新区",
        "园区",
        "工委",
    ]
    .iter()
    .any(|s| agency.contains(s))
    {
        return AgencyKind::Uncertain;
    }
    if ends(&[
        "乡",
        "镇",
        "街道",
        "街道办事处",
        "乡人民政府",
        "镇人民政府",
        "苏木",
        "办事处",
    ]) {
        AgencyKind::Township
    } else if agency.ends_with("人民政府") || ends(&["省", "市", "县", "区", "州", "旗", "盟"])
    {
        // "北京市2023年政府信息公开工作年度报告": a place's own report is
        // its people's government's.
        AgencyKind::Government
    } else if ends(&["局", "厅", "委", "委员会", "办公室", "办", "署"])
        && !ends(&["村民委员会", "居民委员会"])
    {
        AgencyKind::Department
    } else {
        AgencyKind::Uncertain
    }
}

impl Check for LatePublication {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let (Some(year), Some(published)) = (&report.meta.year, &report.meta.publish_date) else {
            return Vec::new();
        };
        let code = Self::META.code;
        let kind = agency_kind(report, ctx.options);
        let next = year.value + 1;
        // Validated when the configuration was read (`OptionKind::MonthDay`).
        let configured = ctx.options.str(code, "deadline").and_then(parse_month_day);
        let (month, day, basis) = match (configured, kind) {
            (Some((m, d)), _) => (m, d, "配置的期限"),
            (None, AgencyKind::Department) => (1, 31, "《条例》第四十九条（县级以上人民政府部门）"),
            (None, AgencyKind::Government) => (3, 31, "《条例》第四十九条（县级以上地方人民政府）"),
            (None, AgencyKind::Township | AgencyKind::Uncertain) => return Vec::new(),
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

    #[test]
    fn silent_when_the_kind_of_agency_is_not_certain() {
        for agency in [
            "平潭综合实验区管理委员会",
            "某某经济技术开发区管委会",
            "某某新区管理委员会",
            "某某市第一人民医院",
            "某某市公共资源交易中心",
        ] {
            assert!(
                lint("D003", &report(agency, "2024-03-20")).is_empty(),
                "{agency}"
            );
        }
        // Told what it is, the rule checks it.
        let text = report("平潭综合实验区管理委员会", "2024-04-20");
        let found = crate::testing::lint_with_options(
            "D003",
            &text,
            &[("D003", "agency-kind", "government")],
        );
        assert_eq!(codes(&found), ["D003"]);
    }

    #[test]
    fn a_place_named_alone_is_its_government() {
        assert_eq!(
            codes(&lint("D003", &report("某某县", "2024-04-02"))),
            ["D003"]
        );
        assert!(lint("D003", &report("某某县", "2024-03-02")).is_empty());
    }

    #[test]
    fn a_government_office_is_a_department() {
        assert_eq!(
            codes(&lint("D003", &report("某某市人民政府办公室", "2024-02-19"))),
            ["D003"]
        );
    }
}
