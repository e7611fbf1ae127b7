use crate::checks::subheading_numbered_as_part::part_numbered_subheading;
use crate::{declare_rule, Applicability, Check, Diagnostic, Findings, Fix, RuleContext};
use memchr::memmem;
use report_lint_core::labels::chinese_numeral;
use report_lint_core::{Paragraph, Report, SectionKind, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 正文中跳号或重号的列举：
    /// - `一是…二是…三是…`：同一小标题下连续计数（可跨段落，到下一个小标题为止）；
    /// - 同一部分内段首的小标题 `（一）（二）（三）…`；
    /// - 同一小标题下的编号段落 `1、 2、 3、`（或 `1.`）；
    /// - 同一部分内的 `第一，…第二，…`（“第”与序数在分句开头，后接逗号或顿号，
    ///   因此“位列全省第一”不算列举）。
    ///
    /// 列举可以从 一/1 重新开始，但不能从 二/2 开始，不能从 一 跳到 三，
    /// 不能出现两个 三，也不能倒序。
    ///
    /// ## 原因
    /// 跳号或重号说明编辑时删掉了某一项或粘贴了两次，文字也显得不严谨。
    ///
    /// ## 示例
    /// `一是加强领导。三是完善制度。三是强化监督。` → 第二个 `三是` 应为 `四是`
    /// （且缺少 `二是`）。
    ///
    /// `一是…；二是…；四是定期清理过期失效信息` 跳过了三：`四是定期清理` → `三是定期清理`。
    ///
    /// ## 修复安全性
    /// 不安全修复（需 `--unsafe-fixes`，请人工确认）：编号改为顺接上一项的序号，
    /// 只有在确实没有漏项时才正确。列举从 二/2 开始时不提供修复。
    pub struct EnumerationSequence {
        code: "E001",
        name: "enumeration-sequence",
        family: "enumeration",
        summary: "正文列举（一是/二是、（一）（二）、1、2、、第一/第二）跳号或重复",
        severity: Warning,
        fix: Sometimes,
    }
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn numeral(n: u32) -> String {
    NUMERALS
        .get(n as usize - 1)
        .map_or(n.to_string(), |s| s.to_string())
}

/// One running list: the last number seen and how numbers are written.
struct Sequence {
    last: u32,
    style: Style,
    /// The finding on a number that skipped one ("一是…三是"), by index in
    /// the findings, and the number it should have been: if the next
    /// number repeats it ("…三是"), that number is the one misnumbered.
    skipped: Option<(Option<usize>, u32)>,
}

#[derive(Clone, Copy)]
enum Style {
    /// 一是、二是
    Shi,
    /// （一）（二）
    Paren,
    /// 1、 2、
    Arabic,
    /// 第一，第二，
    Ordinal,
}

impl Style {
    fn show(self, n: u32) -> String {
        match self {
            Style::Shi => format!("{}是", numeral(n)),
            Style::Paren => format!("（{}）", numeral(n)),
            Style::Arabic => format!("{n}、"),
            Style::Ordinal => format!("第{}", numeral(n)),
        }
    }

    fn replacement(self, n: u32) -> String {
        match self {
            Style::Arabic => n.to_string(),
            _ => numeral(n),
        }
    }
}

impl Sequence {
    fn new(style: Style) -> Self {
        Sequence {
            last: 0,
            style,
            skipped: None,
        }
    }

    /// Checks the next number; `digits` is where it is written.
    fn next(&mut self, n: u32, digits: impl FnOnce() -> Span, out: &mut Findings) {
        let style = self.style;
        let expected = self.last + 1;
        let skipped = self.skipped.take();
        if n == 1 || n == expected {
            self.last = n;
            return;
        }
        // "一是…三是…三是": one number is wrong, the first 三; the list
        // goes on from it. One finding, on that number.
        if let Some((index, should)) = skipped.filter(|_| n == self.last) {
            // Not listed (beyond the cap, or suppressed): nothing to amend.
            let Some(earlier) = index.and_then(|i| out.get_mut(i)) else {
                return;
            };
            let at = earlier.span;
            earlier.message = format!(
                "“{}”之后又是“{}”：前一个应为“{}”",
                style.show(n),
                style.show(n),
                style.show(should)
            );
            earlier.fixes = vec![Fix::replace(
                format!("改为“{}”", style.show(should)),
                at,
                style.replacement(should),
                Applicability::Unsafe,
            )];
            return;
        }
        let digits = digits();
        let message = if self.last == 0 {
            format!("列举从“{}”开始，缺少“{}”", style.show(n), style.show(1))
        } else if n == self.last {
            format!("“{}”重复，应为“{}”", style.show(n), style.show(expected))
        } else if n > expected {
            format!(
                "“{}”之后是“{}”，缺少“{}”",
                style.show(self.last),
                style.show(n),
                style.show(expected)
            )
        } else {
            format!(
                "“{}”之后是“{}”，顺序颠倒",
                style.show(self.last),
                style.show(n)
            )
        };
        let mut d = Diagnostic::new(&EnumerationSequence::META, digits, message);
        // Renumbering fits a repeat or a gap; for a list out of order the
        // right number is anyone's guess.
        if self.last > 0 && n >= self.last {
            d = d.with_fix(Fix::replace(
                format!("改为“{}”", style.show(expected)),
                digits,
                style.replacement(expected),
                Applicability::Unsafe,
            ));
        }
        let index = out.push(d);
        if self.last > 0 && n > expected {
            self.skipped = Some((index, expected));
        }
        self.last = n;
    }
}

/// A Chinese numeral of 1–10 at the start of `s`, with its byte length.
fn leading_numeral(s: &str) -> Option<(u32, usize)> {
    let c = s.chars().next()?;
    chinese_numeral(c).map(|n| (n, c.len_utf8()))
}

fn source(report: &Report, p: &Paragraph, start: usize, len: usize) -> Span {
    report
        .view
        .to_source(Span::new(p.view_start + start, p.view_start + start + len))
}

/// Searchers for the characters that mark enumerations, built once.
static SHI: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("是"));
static DI: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("第"));

impl Check for EnumerationSequence {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        let mut section = None;
        let mut shi = Sequence::new(Style::Shi);
        let mut paren = Sequence::new(Style::Paren);
        let mut arabic = Sequence::new(Style::Arabic);
        let mut ordinal = Sequence::new(Style::Ordinal);
        for p in &report.paragraphs {
            if p.section != section {
                section = p.section;
                paren = Sequence::new(Style::Paren);
                shi = Sequence::new(Style::Shi);
                arabic = Sequence::new(Style::Arabic);
                ordinal = Sequence::new(Style::Ordinal);
            }
            let text = p.text.trim_start();
            let indent = p.text.len() - text.len();
            // A sub-heading "（二）…" starts a new passage.
            if let Some(inner) = text.strip_prefix('(') {
                if let Some((n, len)) =
                    leading_numeral(inner).filter(|(_, len)| inner[*len..].starts_with(')'))
                {
                    paren.next(n, || source(report, p, indent + 1, len), &mut out);
                    shi = Sequence::new(Style::Shi);
                    arabic = Sequence::new(Style::Arabic);
                }
            }
            // "二、依申请公开" under 一、总体情况 stands for "（二）" (S007
            // reports the numbering): it continues the sub-headings.
            if p.section == Some(SectionKind::Overview) {
                if let Some((n, _)) = part_numbered_subheading(text.trim_end()) {
                    paren.last = n;
                    shi = Sequence::new(Style::Shi);
                    arabic = Sequence::new(Style::Arabic);
                }
            }
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=2).contains(&digits) && text[digits..].starts_with(['、', '.']) {
                if let Ok(n) = text[..digits].parse() {
                    arabic.next(n, || source(report, p, indent, digits), &mut out);
                    shi = Sequence::new(Style::Shi);
                }
            }
            // memmem looks for all three bytes of the character at once; a
            // search by its last byte alone stops at most CJK characters.
            for i in SHI.find_iter(p.text.as_bytes()) {
                let before = &p.text[..i];
                let Some(c) = before.chars().next_back() else {
                    continue;
                };
                let Some(n) = chinese_numeral(c) else {
                    continue;
                };
                let start = i - c.len_utf8();
                // "统一是" is a word, not a marker: a marker follows punctuation.
                // "一是" glued to a sub-heading ("5.加强平台建设一是上线…", as
                // text that lost its line breaks has it) still starts a list:
                // taking a word for it could only restart the count, unless
                // the word is one of those that end in 一.
                let prev = p.text[..start].chars().next_back();
                let after_punctuation = |ch: char| ch.is_whitespace() || "。;,:、)!?”".contains(ch);
                let glued_first =
                    n == 1 && prev.is_some_and(|ch| !"统唯之第同单万逐划不专其".contains(ch));
                if prev.is_some_and(|ch| !after_punctuation(ch)) && !glued_first {
                    continue;
                }
                shi.next(n, || source(report, p, start, c.len_utf8()), &mut out);
            }
            // "第一，…第二，…": 第 and a numeral at a clause start, then a comma.
            for i in DI.find_iter(p.text.as_bytes()) {
                let after = &p.text[i + '第'.len_utf8()..];
                let Some((n, len)) = leading_numeral(after) else {
                    continue;
                };
                if !after[len..].starts_with([',', '、']) {
                    continue;
                }
                let prev = p.text[..i].chars().next_back();
                if prev.is_some_and(|ch| !(ch.is_whitespace() || "。;:、)!?”".contains(ch))) {
                    continue;
                }
                let at = i + '第'.len_utf8();
                ordinal.next(n, || source(report, p, at, len), &mut out);
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    fn report(prose: &str) -> String {
        table3_report(&[]).replace("一是公开深度不够。", prose)
    }

    #[test]
    fn fires_on_gaps_repeats_and_a_late_start() {
        let found = lint(
            "E001",
            &report("一是加强领导。三是完善制度。四是强化监督。"),
        );
        assert_eq!(codes(&found), ["E001"]);
        assert_eq!(found[0].message, "“一是”之后是“三是”，缺少“二是”");
        let ordinal = lint("E001", &report("第一，加强领导。第三，完善制度。"));
        assert_eq!(codes(&ordinal), ["E001"]);
        assert_eq!(ordinal[0].message, "“第一”之后是“第三”，缺少“第二”");
        let found = lint(
            "E001",
            &report("一是加强领导。二是完善制度。二是强化监督。"),
        );
        assert_eq!(codes(&found), ["E001"]);
        assert_eq!(found[0].message, "“二是”重复，应为“三是”");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "三");
        let reversed = lint("E001", &report("一是加强。三是完善。二是监督。"));
        assert_eq!(codes(&reversed), ["E001", "E001"]);
        assert!(reversed[1].fixes.is_empty());
        let found = lint(
            "E001",
            &report("（一）存在问题\n\n二是制度不全。\n\n（三）改进情况\n\n1、加强。\n\n3、完善。"),
        );
        assert_eq!(codes(&found), ["E001", "E001", "E001"]);
    }

    #[test]
    fn a_first_item_glued_to_its_sub_heading_starts_a_list() {
        // The line break after the sub-heading "加强平台建设" was lost.
        let text = report("一是加强。二是完善。\n\n加强平台建设一是上线新系统。二是推动入驻。");
        assert!(lint("E001", &text).is_empty());
        // A word that ends in 一 is no marker.
        let text = report("一是加强。二是完善。这是唯一是非题。三是推动。");
        assert!(lint("E001", &text).is_empty());
    }

    #[test]
    fn a_skip_then_a_repeat_is_one_misnumbered_item() {
        let found = lint(
            "E001",
            &report("一是加强领导。三是完善制度。三是强化监督。四是做好宣传。"),
        );
        assert_eq!(codes(&found), ["E001"]);
        assert_eq!(found[0].message, "“三是”之后又是“三是”：前一个应为“二是”");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "二");
    }

    #[test]
    fn a_subheading_numbered_like_a_part_continues_the_subheadings() {
        // S007 reports "二、"; the "（三）" after it is in order.
        let text = crate::testing::with_overview(
            "一、主动公开\n\n公开信息100条。\n\n二、依申请公开\n\n收到申请5件。\n\n（三）平台建设\n\n网站运行平稳。",
        );
        assert!(lint("E001", &text).is_empty());
        let text = crate::testing::with_overview(
            "二、依申请公开\n\n收到申请5件。\n\n（四）平台建设\n\n网站运行平稳。",
        );
        assert_eq!(
            lint("E001", &text)[0].message,
            "“（二）”之后是“（四）”，缺少“（三）”"
        );
    }

    #[test]
    fn silent_on_ordered_lists_and_words_that_end_in_a_numeral() {
        for prose in [
            "一是加强领导。二是完善制度。\n\n三是强化监督。",
            "（一）存在问题\n\n一是制度不全。\n\n（二）改进情况\n\n一是加强。二是完善。",
            "坚持统一是基础，一是加强。",
            "1、加强。\n\n2、完善。",
            "第一，加强领导。第二，完善制度。",
            "位列全省第一，成效明显。",
        ] {
            assert!(lint("E001", &report(prose)).is_empty(), "{prose}");
        }
    }
}
