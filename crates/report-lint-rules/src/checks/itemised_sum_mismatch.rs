use crate::checks::prose_refs::same_unit;
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{ProseNumber, Report};

declare_rule! {
    /// ## 检查内容
    /// 正文中一个总数后面，在同一句内列出其分项：
    /// `分别为`/`分别是` 之后的分项之和必须恰好等于总数；
    /// `其中` 之后的分项之和不得超过总数。
    ///
    /// ## 原因
    /// 分项加起来不等于总数，明显是错的，读者也会发现。
    ///
    /// ## 示例
    /// `共771条，分别为：第一季度140条，第二季度378条，第三季度137条，第四季度116条`
    /// 加起来是 771；如果写成 `第四季度106条` 就不对了。
    ///
    /// `其中` 的分项超过了总数（12+41+218+65 = 336）：`其他类65条` → `其他类55条`，
    /// 原句为 `主动公开政府信息共326条，其中机构职能类12条、政策文件类41条、行政许可和行政处罚结果类218条、其他类55条`。
    ///
    /// 单位不同的数字以及占比、增减（`占…`、`增长…`）不算分项；分项少于两个时不核对。
    /// 只核对一层、互不重叠的分项：括号里对某一分项的再细分（`（其中…）`）不计入；
    /// 出现第二个“其中”“包括”或“另有”“涉及”等转换了分类角度的词时，其后的数字不再计入；
    /// 写作估计数的总数或分项（`约`、`近`、`超过`、`左右`）不核对。
    ///
    /// ## 修复安全性
    /// 不提供修复：其中任何一个数字都可能是错的。
    pub struct ItemisedSumMismatch {
        code: "P004",
        name: "itemised-sum-mismatch",
        family: "prose",
        summary: "正文中“共…，分别为/其中…”的分项与总数不符",
        severity: Error,
        fix: None,
    }
}

const TOTAL_WORDS: [&str; 5] = ["共", "合计", "总计", "累计", "总数"];
const NOT_A_PART: [&str; 8] = ["占", "增", "减", "较", "同比", "比例", "率", "共"];

/// The smallest value an approximate figure excludes: "8300余" is below
/// 8400, "230余" below 240 (a unit of the last nonzero digit more).
fn exclusive_upper_bound(n: &ProseNumber) -> i128 {
    let value = n.value.mantissa;
    if !n.approximate {
        return value + 1;
    }
    let mut step = 1;
    let mut rest = value;
    while rest > 0 && rest % 10 == 0 {
        rest /= 10;
        step *= 10;
    }
    value + step
}

/// A figure written as an estimate ("约300件", "近百件", "超过200件"):
/// neither a total nor a part that can be summed.
fn hedged(text: &str, n: &ProseNumber) -> bool {
    let before = &text[..n.at.start];
    ["约", "近", "逾", "超过", "多达", "上千", "左右"]
        .iter()
        .any(|w| before.ends_with(w))
        || text[n.at.end..].starts_with("左右")
}

/// Parentheses opened (or, below 0, closed) between `from` and `at`: a
/// part inside "（其中…）" details the part before it and is not summed
/// with the others. Counted from the total, within its sentence: a
/// paragraph can be a whole report on one line.
fn depth(text: &str, from: usize, at: usize) -> i32 {
    text[from..at].chars().fold(0, |d, c| match c {
        '（' | '(' => d + 1,
        '）' | ')' => d - 1,
        _ => d,
    })
}

/// The parts of one flat list (all at one depth of parentheses),
/// up to a second breakdown ("其中", "包括") or a change of subject
/// ("另有", "此外", "同时", "涉及"), after which figures overlap the ones
/// before them ("网上申请60件、当面申请30件，涉及企业的20件").
fn one_list<'a>(
    text: &str,
    from: usize,
    level: i32,
    candidates: &[&'a ProseNumber],
) -> Vec<&'a ProseNumber> {
    let Some(first) = candidates.first() else {
        return Vec::new();
    };
    let mut parts = vec![*first];
    for n in &candidates[1..] {
        let end = parts[parts.len() - 1].at.end;
        // A word inside parentheses belongs to the detail there.
        let turns = ["其中", "包括", "另有", "此外", "同时", "涉及", "含"]
            .iter()
            .any(|w| {
                text[end..n.at.start]
                    .match_indices(w)
                    .any(|(i, _)| depth(text, from, end + i) == level)
            });
        if turns {
            break;
        }
        parts.push(*n);
    }
    parts
}

/// A figure as written, with its 余 when it is approximate.
fn written(n: &ProseNumber) -> String {
    if n.approximate {
        format!("{}余", n.value)
    } else {
        n.value.to_string()
    }
}

impl Check for ItemisedSumMismatch {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for (index, paragraph) in report.paragraphs.iter().enumerate() {
            // Exact and approximate ("8300余条") figures, in text order: an
            // approximate figure is a lower bound, enough to see that the
            // parts of "其中" exceed the whole.
            let mut numbers: Vec<&ProseNumber> = report.numbers_in(index).iter().collect();
            let approximate = report.approximate_numbers_in(index);
            if !approximate.is_empty() {
                numbers.extend(approximate);
                numbers.sort_by_key(|n| n.at.start);
            }
            for (i, total) in numbers.iter().enumerate() {
                let is_total = TOTAL_WORDS.iter().any(|w| total.subject.contains(w));
                if !is_total || total.value.scale != 0 {
                    continue;
                }
                let text = &paragraph.text;
                // Parts follow within the sentence; a list longer than this
                // is not an itemised total.
                let limit = text.ceil_char_boundary((total.at.end + 2000).min(text.len()));
                let sentence_end = text[total.at.end..limit]
                    .find('。')
                    .map_or(limit, |j| total.at.end + j);
                if hedged(text, total) {
                    continue;
                }
                let candidates: Vec<&ProseNumber> = numbers[i + 1..]
                    .iter()
                    .copied()
                    .take_while(|n| n.at.start < sentence_end)
                    .filter(|n| same_unit(n, total) && n.value.scale == 0)
                    .filter(|n| !NOT_A_PART.iter().any(|w| n.subject.contains(w)))
                    .collect();
                let Some(first) = candidates.first() else {
                    continue;
                };
                let lead = &text[total.at.end..first.at.start];
                let exact = lead.contains("分别为") || lead.contains("分别是");
                if !exact && !lead.contains("其中") {
                    continue;
                }
                // The list is at the depth of its first part: "2602条(其中
                // 82条…)" lists inside the parentheses; a deeper pair in it
                // details one part.
                let level = depth(text, total.at.end, first.at.start);
                if level < 0 {
                    continue;
                }
                let candidates: Vec<&ProseNumber> = candidates
                    .into_iter()
                    .filter(|n| depth(text, total.at.end, n.at.start) == level)
                    .collect();
                let parts = one_list(text, total.at.end, level, &candidates);
                if parts.len() < 2 || parts.iter().any(|n| hedged(text, n)) {
                    continue;
                }
                let any_approximate = total.approximate || parts.iter().any(|n| n.approximate);
                // An exact breakdown of approximate figures cannot be checked.
                if exact && any_approximate {
                    continue;
                }
                let sum: i128 = parts.iter().map(|n| n.value.mantissa).sum();
                let whole = total.value.mantissa;
                let wrong = if exact {
                    sum != whole
                } else {
                    sum >= exclusive_upper_bound(total)
                };
                if !wrong {
                    continue;
                }
                let list = parts
                    .iter()
                    .map(|n| written(n))
                    .collect::<Vec<_>>()
                    .join("+");
                let more = if parts.iter().any(|n| n.approximate) {
                    "以上"
                } else {
                    ""
                };
                let message = if exact {
                    format!("分项之和 {list} = {sum}，与总数 {whole}{} 不符", total.unit)
                } else {
                    format!(
                        "“其中”各项之和 {list} = {sum}{more}，超过总数 {}{}",
                        written(total),
                        total.unit
                    )
                };
                let mut d = Diagnostic::new(&Self::META, total.span, message);
                for part in &parts {
                    d = d.with_label(part.span, "分项");
                }
                out.push(d);
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_when_parts_do_not_add_up() {
        let found = lint("P004", &with_overview("我委主动公开基本信息共771条，分别为：第一季度140条，第二季度378条，第三季度137条，第四季度106条。"));
        assert_eq!(codes(&found), ["P004"]);
        assert_eq!(
            found[0].message,
            "分项之和 140+378+137+106 = 761，与总数 771条 不符"
        );
        let found = lint(
            "P004",
            &with_overview("共收到申请10件，其中信函申请8件，网络申请5件。"),
        );
        assert_eq!(codes(&found), ["P004"]);
    }

    #[test]
    fn a_list_in_parentheses_after_its_total_is_summed() {
        let found = lint(
            "P004",
            &with_overview("共公布政府信息2602条(其中机构职能82条、政策文件80条、其他2441条)。"),
        );
        assert_eq!(codes(&found), ["P004"]);
        assert_eq!(
            found[0].message,
            "“其中”各项之和 82+80+2441 = 2603，超过总数 2602条"
        );
    }

    #[test]
    fn a_detail_in_parentheses_is_not_summed_but_the_list_still_is() {
        let found = lint(
            "P004",
            &with_overview("共收到申请10件，其中网上申请6件（其中通过小程序4件），信函申请5件。"),
        );
        assert_eq!(codes(&found), ["P004"]);
        assert_eq!(found[0].message, "“其中”各项之和 6+5 = 11，超过总数 10件");
    }

    #[test]
    fn approximate_figures_are_lower_bounds() {
        // Seed 004: the parts of "其中" exceed the whole even at their least.
        let found = lint("P004", &with_overview("全年共主动公开政府信息8300余条，其中门户网站8300余条、政府公报152条、政务微博6000余条。"));
        assert_eq!(codes(&found), ["P004"]);
        assert_eq!(
            found[0].message,
            "“其中”各项之和 8300余+152+6000余 = 14452以上，超过总数 8300余条"
        );
        for sentence in [
            // 8300余 may be up to 8399: 8000 + 300 fits.
            "全年共主动公开政府信息8300余条，其中网站8000条、公报300条。",
            // An exact breakdown of approximate figures cannot be checked.
            "全年共主动公开信息800余条，分别为：网站500余条、公报200条。",
        ] {
            assert!(
                lint("P004", &with_overview(sentence)).is_empty(),
                "{sentence}"
            );
        }
    }

    #[test]
    fn silent_when_parts_add_up_or_are_not_parts() {
        for sentence in [
            "我委主动公开基本信息共771条，分别为：第一季度140条，第二季度378条，第三季度137条，第四季度116条。",
            "共收到申请10件，其中信函申请8件。网络申请5件。",
            "共收到申请10件，其中予以公开3件，占比30%，较上年增加5件。",
            // A part's own breakdown in parentheses.
            "共收到申请10件，其中网上申请6件（其中通过小程序4件），信函申请4件。",
            "共收到申请10件（其中网上申请9件），其中予以公开6件，不予公开4件。",
            // A second dimension: channels, then applicants.
            "共收到申请10件，其中网上申请6件、信函申请4件，涉及企业的申请5件。",
            // Estimates.
            "共收到申请约10件，其中网上申请6件、信函申请5件。",
            "共收到申请10件，其中网上申请约6件、信函申请5件。",
        ] {
            assert!(lint("P004", &with_overview(sentence)).is_empty(), "{sentence}");
        }
    }
}
