//! What was checked, not only what failed: for each arithmetic identity of
//! the template, how many instances held, failed, or could not be checked
//! (a table missing or unreadable, a blank cell). The balance rules and
//! this summary are computed by the same functions.

use crate::checks::table3::Outcome;
use crate::checks::{
    balance_identity_mismatch, results_total_mismatch, review_total_mismatch, row_total_mismatch,
};
use report_lint_core::Report;
use serde::Serialize;

/// The verdict on one identity over a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityCheck {
    /// The rule that reports its failures (`B001`).
    pub rule: &'static str,
    /// What the identity says, in Chinese.
    pub name: &'static str,
    pub held: usize,
    pub failed: usize,
    pub unchecked: usize,
    /// Why nothing could be checked (the table is missing), if so.
    pub missing: Option<&'static str>,
}

impl IdentityCheck {
    /// "成立", "不成立" or "无法核对".
    pub fn verdict(&self) -> &'static str {
        if self.failed > 0 {
            "不成立"
        } else if self.held > 0 && self.unchecked == 0 {
            "成立"
        } else if self.held > 0 {
            "部分核对"
        } else {
            "无法核对"
        }
    }
}

fn tally(
    rule: &'static str,
    name: &'static str,
    outcomes: Vec<Outcome>,
    missing: Option<&'static str>,
) -> IdentityCheck {
    let mut check = IdentityCheck {
        rule,
        name,
        held: 0,
        failed: 0,
        unchecked: 0,
        missing,
    };
    for outcome in outcomes {
        match outcome {
            Outcome::Held => check.held += 1,
            Outcome::Failed(_) => check.failed += 1,
            Outcome::Unchecked => check.unchecked += 1,
        }
    }
    check
}

/// The identities of tables 三 and 四 and how each fared in `report`.
pub fn identity_checks(report: &Report) -> Vec<IdentityCheck> {
    let no_requests = report.tables.requests.is_none().then_some("未找到表三");
    let no_review = report.tables.review.is_none().then_some("未找到表四");
    vec![
        tally(
            "B001",
            "表三各行：总计 = 各类申请人之和",
            row_total_mismatch::evaluate(report),
            no_requests,
        ),
        tally(
            "B002",
            "表三各列：（七）总计 = 各办理结果之和",
            results_total_mismatch::evaluate(report),
            no_requests,
        ),
        tally(
            "B003",
            "表三各列：第一项加第二项之和 = 第三项加第四项之和",
            balance_identity_mismatch::evaluate(report),
            no_requests,
        ),
        tally(
            "B004",
            "表四各组：总计 = 各结果之和",
            review_total_mismatch::evaluate(report),
            no_review,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::table3_report;
    use report_lint_core::parse_str;

    #[test]
    fn counts_what_held_failed_and_could_not_be_checked() {
        let text = table3_report(&[("（一）予以公开", [3, 1, 0, 0, 0, 0, 3])]);
        let checks = identity_checks(&parse_str("r.txt", &text));
        let b001 = &checks[0];
        assert_eq!((b001.held, b001.failed, b001.unchecked), (24, 1, 0));
        assert_eq!(b001.verdict(), "不成立");
        assert_eq!(checks[3].verdict(), "成立");

        let no_tables = parse_str("r.txt", "示例局2023年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n");
        let checks = identity_checks(&no_tables);
        assert!(checks
            .iter()
            .all(|c| c.verdict() == "无法核对" && c.missing.is_some()));
    }
}
