//! What was checked, not only what failed: for each arithmetic identity of
//! the template, how many instances held, failed, or could not be checked
//! (a table missing or unreadable, a blank cell). The balance rules and
//! this summary are computed by the same functions.

use crate::checks::{
    balance_identity_mismatch, results_total_mismatch, review_total_mismatch, row_total_mismatch,
};
use crate::facts::table3::Outcome;
use report_lint_core::Report;
use serde::{Deserialize, Serialize};

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

/// What was checked, not only what failed, in one line of Chinese (the
/// CLI's 核对 line, the HTML pages' as well):
/// `B001 表三行总计 不成立（1/25 处）；B004 表四总计 无法核对（未找到表四）；B002 表三（七）总计、B003 表三勾稽关系 成立`.
/// Failures first, then what could not be checked, then what held.
/// `None` when no identity rule ran.
pub fn summary(checks: &[IdentityCheck]) -> Option<String> {
    if checks.is_empty() {
        return None;
    }
    let name = |c: &IdentityCheck| format!("{} {}", c.rule, short_name(c));
    let mut parts = Vec::new();
    for c in checks.iter().filter(|c| c.failed > 0) {
        let total = c.held + c.failed + c.unchecked;
        parts.push(format!("{} 不成立（{}/{total} 处）", name(c), c.failed));
    }
    for c in checks
        .iter()
        .filter(|c| c.failed == 0 && c.held > 0 && c.unchecked > 0)
    {
        parts.push(format!(
            "{} 部分核对（{} 处无法核对）",
            name(c),
            c.unchecked
        ));
    }
    // Identities that could not be checked at all, grouped by the reason.
    let mut unchecked: Vec<(String, Vec<String>)> = Vec::new();
    for c in checks.iter().filter(|c| c.failed == 0 && c.held == 0) {
        let reason = match c.missing {
            Some(missing) => missing.to_string(),
            None if c.unchecked > 0 => format!("{} 处数据不全", c.unchecked),
            None => "没有可核对的数据".to_string(),
        };
        match unchecked.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, names)) => names.push(name(c)),
            None => unchecked.push((reason, vec![name(c)])),
        }
    }
    for (reason, names) in unchecked {
        parts.push(format!("{} 无法核对（{reason}）", names.join("、")));
    }
    let held: Vec<String> = checks
        .iter()
        .filter(|c| c.failed == 0 && c.held > 0 && c.unchecked == 0)
        .map(name)
        .collect();
    if !held.is_empty() {
        parts.push(format!("{} 成立", held.join("、")));
    }
    Some(parts.join("；"))
}

/// The identity in a few characters; the full wording is in `json-report`
/// and in `report-lint rule CODE`.
pub fn short_name(check: &IdentityCheck) -> &'static str {
    match check.rule {
        "B001" => "表三行总计",
        "B002" => "表三（七）总计",
        "B003" => "表三勾稽关系",
        "B004" => "表四总计",
        _ => check.name,
    }
}

/// One identity: the rule that reports its failures, what it says, and
/// why it cannot be checked when its table is missing.
struct Identity {
    rule: &'static str,
    name: &'static str,
    missing: &'static str,
}

const IDENTITIES: [Identity; 4] = [
    Identity {
        rule: "B001",
        name: "表三各行：总计 = 各类申请人之和",
        missing: "未找到表三",
    },
    Identity {
        rule: "B002",
        name: "表三各列：（七）总计 = 各办理结果之和",
        missing: "未找到表三",
    },
    Identity {
        rule: "B003",
        name: "表三各列：第一项加第二项之和 = 第三项加第四项之和",
        missing: "未找到表三",
    },
    Identity {
        rule: "B004",
        name: "表四各组：总计 = 各结果之和",
        missing: "未找到表四",
    },
];

/// A check read back (the CLI's result cache); its texts are the table's.
#[derive(Deserialize)]
struct StoredCheck {
    rule: String,
    held: usize,
    failed: usize,
    unchecked: usize,
    missing: Option<String>,
}

impl<'de> Deserialize<'de> for IdentityCheck {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<IdentityCheck, D::Error> {
        use serde::de::Error;
        let stored = StoredCheck::deserialize(deserializer)?;
        let identity = IDENTITIES
            .iter()
            .find(|i| i.rule == stored.rule)
            .ok_or_else(|| D::Error::custom(format!("no identity of {}", stored.rule)))?;
        let missing = match stored.missing {
            None => None,
            Some(text) if text == identity.missing => Some(identity.missing),
            Some(text) => return Err(D::Error::custom(format!("unknown reason {text}"))),
        };
        Ok(IdentityCheck {
            rule: identity.rule,
            name: identity.name,
            held: stored.held,
            failed: stored.failed,
            unchecked: stored.unchecked,
            missing,
        })
    }
}

fn tally(identity: &Identity, outcomes: Vec<Outcome>, table_found: bool) -> IdentityCheck {
    let mut check = IdentityCheck {
        rule: identity.rule,
        name: identity.name,
        held: 0,
        failed: 0,
        unchecked: 0,
        missing: (!table_found).then_some(identity.missing),
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
    let requests = report.tables.requests.is_some();
    let review = report.tables.review.is_some();
    let [b001, b002, b003, b004] = &IDENTITIES;
    vec![
        tally(b001, row_total_mismatch::evaluate(report), requests),
        tally(b002, results_total_mismatch::evaluate(report), requests),
        tally(b003, balance_identity_mismatch::evaluate(report), requests),
        tally(b004, review_total_mismatch::evaluate(report), review),
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

    #[test]
    fn checks_read_back_are_the_checks_written() {
        let text = table3_report(&[("（一）予以公开", [3, 1, 0, 0, 0, 0, 3])]);
        let mut checks = identity_checks(&parse_str("r.txt", &text));
        checks[3].missing = Some("未找到表四");
        let json = serde_json::to_string(&checks).expect("serialises");
        let back: Vec<IdentityCheck> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, checks);

        let unknown = json.replace("B004", "B999");
        assert!(serde_json::from_str::<Vec<IdentityCheck>>(&unknown).is_err());
    }
}
