use crate::checks::table3::{self, Outcome};
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::template::REQUEST_COLUMNS;
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 表三表头印明的勾稽关系，逐列核对：
    /// 一、本年新收 + 二、上年结转 = 三、本年度办理结果（（七）总计）+ 四、结转下年度继续办理。
    ///
    /// ## 原因
    /// “本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”——
    /// 本年新收和上年结转的每一件申请，要么在本年办理完毕，要么结转下年度。
    /// 两边不相等，说明有申请被漏计或重复计算。
    ///
    /// ## 示例
    /// 总计列：13 + 0 ≠ 12 + 0。问题标在“四、结转下年度继续办理”单元格上，
    /// 另外三个单元格加有标注。
    ///
    /// 新收 48 + 结转 4 = 52，（七）总计 49，结转下年度应为 3：
    /// `四、结转下年度继续办理 | 3 | 1 | 0 | 0 | 0 | 0 | 4` → `四、结转下年度继续办理 | 2 | 1 | 0 | 0 | 0 | 0 | 3`。
    ///
    /// ## 修复安全性
    /// 不提供修复：四个数字中任何一个都可能是错的。
    pub struct BalanceIdentityMismatch {
        code: "B003",
        name: "balance-identity-mismatch",
        family: "balance",
        summary: "表三“第一项加第二项之和等于第三项加第四项之和”不成立",
        severity: Error,
        fix: None,
    }
}

impl Check for BalanceIdentityMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Outcome::failures(evaluate(report))
    }
}

/// One outcome per column of table 三.
pub(crate) fn evaluate(report: &Report) -> Vec<Outcome> {
    let Some(table) = &report.tables.requests else {
        return Vec::new();
    };
    REQUEST_COLUMNS
        .iter()
        .enumerate()
        .map(|(column, name)| {
            let Some(balance) = table3::balance(table, column) else {
                return Outcome::Unchecked;
            };
            let table3::Balance { new: n, carried: c, results: t, forward: f } = balance;
            let [nv, cv, tv, fv] = balance.counts();
            let (lhs, rhs) = balance.sides();
            if lhs == rhs {
                return Outcome::Held;
            }
            Outcome::Failed(Box::new(
                Diagnostic::new(
                    &BalanceIdentityMismatch::META,
                    f.span,
                    format!("“{name}”列：一+二 = {nv}+{cv} = {lhs}，（七）总计+四 = {tv}+{fv} = {rhs}，两者应相等"),
                )
                .with_label(n.span, "一、本年新收")
                .with_label(c.span, "二、上年结转")
                .with_label(t.span, "（七）总计"),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_when_requests_are_lost() {
        let text = table3_report(&[
            ("一、本年新收", [13, 0, 0, 0, 0, 0, 13]),
            ("（一）予以公开", [12, 0, 0, 0, 0, 0, 12]),
            ("（七）总计", [12, 0, 0, 0, 0, 0, 12]),
        ]);
        let found = lint("B003", &text);
        assert_eq!(codes(&found), ["B003", "B003"]);
        assert_eq!(
            found[1].message,
            "“总计”列：一+二 = 13+0 = 13，（七）总计+四 = 12+0 = 12，两者应相等"
        );
    }

    #[test]
    fn silent_when_carried_forward_balances() {
        let text = table3_report(&[
            ("一、本年新收", [13, 0, 0, 0, 0, 0, 13]),
            ("二、上年结转", [2, 0, 0, 0, 0, 0, 2]),
            ("（一）予以公开", [12, 0, 0, 0, 0, 0, 12]),
            ("（七）总计", [12, 0, 0, 0, 0, 0, 12]),
            ("四、结转下年度", [3, 0, 0, 0, 0, 0, 3]),
        ]);
        assert!(lint("B003", &text).is_empty());
    }
}
