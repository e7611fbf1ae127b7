use crate::{declare_rule, Check, Diagnostic, RuleContext};
use regex::Regex;
use report_lint_core::{Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 逐段检查成对的标点：中文引号 “ ”、书名号 《 》 和括号 （ ）/( )。
    /// 有结尾符号而没有开头符号、有开头符号而没有结尾符号，或被不对应的符号结尾，都会报告。
    /// `1)`、`a)` 这类列表序号不报告。
    ///
    /// ## 原因
    /// 漏掉一个引号会改变引用的内容：`以群众听得懂”“好明白”“能理解为原则`
    /// 只引用了 `“好明白”`，其余部分无所归属。
    ///
    /// ## 示例
    /// `以群众听得懂”“好明白”“能理解为原则` → `以“群众听得懂”“好明白”“能理解”为原则`。
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

impl Check for UnbalancedQuotes {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for p in &report.paragraphs {
            let mut stack: Vec<(char, usize)> = Vec::new();
            let mut problem: Option<(usize, char, String)> = None;
            for m in PAIRED.find_iter(&p.text) {
                let (i, Some(c)) = (m.start(), m.as_str().chars().next()) else {
                    continue;
                };
                if closing_for(c).is_some() {
                    stack.push((c, i));
                } else if is_closing(c) {
                    match stack.pop() {
                        Some((open, _)) if closing_for(open) == Some(c) => {}
                        Some((open, at)) => {
                            problem = Some((at, open, format!("“{open}”与“{c}”不配对")));
                            break;
                        }
                        None => {
                            problem = Some((i, c, format!("“{c}”前缺少对应的开头符号")));
                            break;
                        }
                    }
                }
            }
            let problem = problem.or_else(|| {
                stack
                    .pop()
                    .map(|(open, at)| (at, open, format!("“{open}”没有对应的结尾符号")))
            });
            // "1)" and "a)" start list items and need no opening parenthesis.
            if let Some((at, c, message)) = problem {
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
        out
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
    fn silent_on_balanced_text_and_list_markers() {
        for prose in [
            "以“群众听得懂”“好明白”为原则（见《条例》）。",
            "1)加强领导。",
        ] {
            assert!(lint("H003", &with_overview(prose)).is_empty(), "{prose}");
        }
    }
}
