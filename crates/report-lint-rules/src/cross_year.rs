//! Checks across two reports of one agency for consecutive years. The front
//! end pairs them (`--previous`, or reports in one batch with the same agency
//! and consecutive years); these functions compare a pair.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::{declare_rule, Check, RuleContext};
use report_lint_core::template::{RequestRow, REQUEST_COLUMNS};
use report_lint_core::{Report, SectionKind};

declare_rule! {
    /// ## 检查内容
    /// 与同一机关上一年度的报告对照（使用 `--previous`，或两份报告在同一次 `check` 中检查）：
    /// 本年的 二、上年结转政府信息公开申请数量 必须逐列等于上年的 四、结转下年度继续办理。
    ///
    /// ## 原因
    /// 上一年末结转下年度的申请，就是下一年初的上年结转申请。
    /// 两者不一致，说明两份报告中有一份有误，或者存在应在报告中说明的机构调整。
    ///
    /// ## 示例
    /// 2022年：四、结转下年度继续办理 总计 3；2023年：二、上年结转 总计 0。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct CarryOverMismatch {
        code: "Y001",
        name: "carry-over-mismatch",
        family: "cross-year",
        summary: "本年“上年结转”与上年报告的“结转下年度继续办理”不一致",
        severity: Warning,
        fix: None,
    }
}

declare_rule! {
    /// ## 检查内容
    /// 与同一机关上一年度的报告对照：正文与上年几乎相同的部分
    /// （至少 85% 的四字片段相同，不计数字和年份）。少于 60 个字的部分不作比较。
    ///
    /// ## 原因
    /// 评估中会点出几乎逐字重复上年内容的年度报告（“内容雷同”）；
    /// 2021年版模板把这种情况列为追责情形。
    ///
    /// ## 示例
    /// 五、存在的主要问题及改进情况 原样照搬上一年的内容。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct CopiedSection {
        code: "Y002",
        name: "copied-section",
        family: "cross-year",
        summary: "某部分与上年报告几乎相同（内容雷同）",
        severity: Info,
        fix: None,
    }
}

impl Check for CarryOverMismatch {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Vec::new() // needs two reports: see `compare`
    }
}

impl Check for CopiedSection {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Vec::new() // needs two reports: see `compare`
    }
}

/// Whether `previous` is last year's report of the agency of `current`.
pub fn is_previous_year(previous: &Report, current: &Report) -> bool {
    let agency = |r: &Report| r.meta.agency.as_ref().map(|a| a.value.clone());
    let year = |r: &Report| r.meta.year.as_ref().map(|y| y.value);
    agency(previous).is_some()
        && agency(previous) == agency(current)
        && year(previous)
            .zip(year(current))
            .is_some_and(|(p, c)| p + 1 == c)
}

/// The cross-year findings on `current`, given last year's report.
pub fn compare(previous: &Report, current: &Report, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if config.is_enabled(&CarryOverMismatch::META) {
        out.extend(
            carry_over(previous, current)
                .into_iter()
                .map(|d| d.with_severity(config.severity_of(&CarryOverMismatch::META))),
        );
    }
    if config.is_enabled(&CopiedSection::META) {
        out.extend(
            copied(previous, current)
                .into_iter()
                .map(|d| d.with_severity(config.severity_of(&CopiedSection::META))),
        );
    }
    out
}

fn year_of(r: &Report) -> String {
    r.meta
        .year
        .as_ref()
        .map_or_else(|| "上年".to_string(), |y| format!("{}年", y.value))
}

fn carry_over(previous: &Report, current: &Report) -> Vec<Diagnostic> {
    let (Some(prev), Some(cur)) = (&previous.tables.requests, &current.tables.requests) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (column, name) in REQUEST_COLUMNS.iter().enumerate() {
        let (Some(carried), Some(forward)) = (
            cur.cell(RequestRow::CarriedOver, column),
            prev.cell(RequestRow::CarriedForward, column),
        ) else {
            continue;
        };
        let (Some(c), Some(f)) = (carried.value.as_count(), forward.value.as_count()) else {
            continue;
        };
        if c != f {
            out.push(Diagnostic::new(
                &CarryOverMismatch::META,
                carried.span,
                format!(
                    "“{name}”列上年结转为 {c}，而{}报告的结转下年度继续办理为 {f}（{}）",
                    year_of(previous),
                    previous.source.name
                ),
            ));
        }
    }
    out
}

/// Four-character runs of a text with digits removed, so that changed
/// figures and years do not hide a copied paragraph.
fn shingles(text: &str) -> Vec<u128> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect();
    // Four chars of 21 bits each pack into one u128 without loss.
    let mut set: Vec<u128> = chars
        .windows(4)
        .map(|w| {
            w.iter()
                .fold(0u128, |acc, c| acc << 21 | u128::from(u32::from(*c)))
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// How many values two sorted, deduplicated lists share.
fn shared(a: &[u128], b: &[u128]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

const MIN_CHARS: usize = 60;
const SAME_ENOUGH: f64 = 0.85;

fn copied(previous: &Report, current: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for kind in SectionKind::ALL {
        let (Some(section), Some(_)) = (current.section(kind), previous.section(kind)) else {
            continue;
        };
        let (now, then) = (current.section_prose(kind), previous.section_prose(kind));
        if now.chars().count() < MIN_CHARS || then.chars().count() < MIN_CHARS {
            continue;
        }
        let (a, b) = (shingles(&now), shingles(&then));
        let shared = shared(&a, &b) as f64;
        let similarity = shared / a.len().max(b.len()).max(1) as f64;
        if similarity >= SAME_ENOUGH {
            out.push(Diagnostic::new(
                &CopiedSection::META,
                section.heading,
                format!(
                    "“{}”与{}报告几乎相同（{:.0}% 相同），请确认是否沿用了上年内容",
                    kind.heading(),
                    year_of(previous),
                    similarity * 100.0
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::table3_report;
    use report_lint_core::parse_str;

    fn year(text: &str, y: u16) -> String {
        text.replace("2023年", &format!("{y}年"))
    }

    #[test]
    fn carry_over_must_match_last_years_carried_forward() {
        let last = parse_str(
            "2022.txt",
            &year(
                &table3_report(&[
                    ("一、本年新收", [5, 0, 0, 0, 0, 0, 5]),
                    ("（一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
                    ("（七）总计", [3, 0, 0, 0, 0, 0, 3]),
                    ("四、结转下年度", [2, 0, 0, 0, 0, 0, 2]),
                ]),
                2022,
            ),
        );
        let this = parse_str("2023.txt", &table3_report(&[]));
        assert!(is_previous_year(&last, &this));
        let found = compare(&last, &this, &Config::default());
        let codes: Vec<_> = found.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["Y001", "Y001"]);
        let consistent = parse_str("2022.txt", &year(&table3_report(&[]), 2022));
        assert!(!compare(&consistent, &this, &Config::default())
            .iter()
            .any(|d| d.code == "Y001"));
    }

    #[test]
    fn a_copied_part_is_reported_and_a_rewritten_one_is_not() {
        let long = "一是政策解读形式较为单一，图文解读多而视频、音频等形式少；二是依申请公开答复的规范性还需提高，答复文书格式不统一；三是基层政务公开标准化规范化建设有待深化。";
        let this = parse_str(
            "2023.txt",
            &table3_report(&[]).replace("一是公开深度不够。", long),
        );
        let last = parse_str(
            "2022.txt",
            &year(
                &table3_report(&[]).replace("一是公开深度不够。", long),
                2022,
            ),
        );
        assert!(compare(&last, &this, &Config::default())
            .iter()
            .any(|d| d.code == "Y002"));
        let rewritten = parse_str("2022.txt", &year(&table3_report(&[]).replace("一是公开深度不够。", "本年度主要问题在于网站栏目更新不及时，个别信息发布滞后，工作人员业务培训不足，今后将建立更新台账并按月通报，同时组织专题培训提高能力。"), 2022));
        assert!(!compare(&rewritten, &this, &Config::default())
            .iter()
            .any(|d| d.code == "Y002"));
        assert!(!is_previous_year(&this, &last));
    }
}
