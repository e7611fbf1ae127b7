use crate::{declare_rule, Check, Diagnostic, RuleContext};
use regex::Regex;
use report_lint_core::{Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 逐段检查成对的标点：中文引号 “ ”、书名号 《 》 和括号 （ ）/( )。
    /// 一行没有以句末标点结束、下一行紧接着它时（PDF 或转换工具的硬换行），两行算作同一段。
    /// 有结尾符号而没有开头符号、有开头符号而没有结尾符号，或被不对应的符号结尾，都会报告。
    /// `1)`、`a)` 这类列表序号不报告。
    ///
    /// ## 原因
    /// 漏掉一个引号会改变引用的内容：`以群众听得懂”“好明白”“能理解为原则`
    /// 只引用了 `“好明白”`，其余部分无所归属。
    ///
    /// ## 示例
    /// `坚持“先审查、后公开；` → `坚持“先审查、后公开”；`。
    /// 又如 `以群众听得懂”“好明白”“能理解为原则`，应为 `以“群众听得懂”“好明白”“能理解”为原则`。
    ///
    /// ## 修复安全性
    /// 不提供修复：缺少的符号应放在哪里，取决于语义。
    pub struct UnbalancedQuotes {
        code: "H003",
        name: "unbalanced-quotes",
        family: "hygiene",
        summary: "引号、书名号或括号不成对",
        severity: Warning,
        fix: None,
    }
}

fn closing_for(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '《' => Some('》'),
        '(' => Some(')'),
        _ => None,
    }
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '》' | ')')
}

/// The characters checked here, as literals: the search jumps from one to
/// the next (SIMD) instead of decoding every character of the paragraph.
static PAIRED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(|\)|“|”|《|》").expect("valid pattern"));

/// Paragraphs as a reader sees them: a line that does not end a sentence
/// and is followed directly by the next line (a hard wrap, as text from a
/// PDF or a converter has them) continues on it. Items of `report.paragraphs`,
/// by index.
fn joined_paragraphs(report: &Report) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let paragraphs = &report.paragraphs;
    for i in 0..paragraphs.len() {
        let p = &paragraphs[i];
        let wraps = paragraphs.get(i + 1).is_some_and(|next| {
            let end = p.view_start + p.text.len();
            let gap = &report.view.text[end..next.view_start];
            next.section == p.section
                && matches!(gap, "\n" | "\r\n")
                && !p
                    .text
                    .trim_end()
                    .ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':'])
        });
        if !wraps {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out
}

impl Check for UnbalancedQuotes {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for range in joined_paragraphs(report) {
            let lines = &report.paragraphs[range];
            let mut stack: Vec<(char, usize, usize)> = Vec::new();
            let mut problem: Option<(usize, usize, char, String)> = None;
            'lines: for (l, p) in lines.iter().enumerate() {
                for m in PAIRED.find_iter(&p.text) {
                    let (i, Some(c)) = (m.start(), m.as_str().chars().next()) else {
                        continue;
                    };
                    if closing_for(c).is_some() {
                        stack.push((c, l, i));
                    } else if is_closing(c) {
                        match stack.pop() {
                            Some((open, _, _)) if closing_for(open) == Some(c) => {}
                            Some((open, line, at)) => {
                                problem = Some((line, at, open, format!("“{open}”与“{c}”不配对")));
                                break 'lines;
                            }
                            None => {
                                problem = Some((l, i, c, format!("“{c}”前缺少对应的开头符号")));
                                break 'lines;
                            }
                        }
                    }
                }
            }
            let problem = problem.or_else(|| {
                stack
                    .pop()
                    .map(|(open, line, at)| (line, at, open, format!("“{open}”没有对应的结尾符号")))
            });
            // "1)" and "a)" start list items and need no opening parenthesis.
            if let Some((line, at, c, message)) = problem {
                let p = &lines[line];
                let list_marker = c == ')'
                    && p.text[..at]
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch.is_whitespace());
                if list_marker {
                    continue;
                }
                let span = report.view.to_source(Span::new(
                    p.view_start + at,
                    p.view_start + at + c.len_utf8(),
                ));
                out.push(Diagnostic::new(&Self::META, span, message));
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_on_a_dangling_or_mismatched_mark() {
        for prose in [
            "以群众听得懂”“好明白”“能理解为原则。",
            "依据《条例》第五十条（“各级人民政府…）。",
            "落实《条例要求。",
        ] {
            assert_eq!(
                codes(&lint("H003", &with_overview(prose))),
                ["H003"],
                "{prose}"
            );
        }
    }

    #[test]
    fn a_line_that_ends_a_sentence_is_not_joined_to_the_next() {
        let found = lint("H003", &with_overview("落实《条例要求。\n见附件》。"));
        assert_eq!(codes(&found), ["H003", "H003"]);
    }

    #[test]
    fn silent_on_balanced_text_and_list_markers() {
        for prose in [
            "以“群众听得懂”“好明白”为原则（见《条例》）。",
            "1)加强领导。",
            // A hard wrap inside the quotation.
            "以“群众听得懂\n好明白”为原则。",
            "印发《某某市政务公开工作\n要点》。",
        ] {
            assert!(lint("H003", &with_overview(prose)).is_empty(), "{prose}");
        }
    }
}
