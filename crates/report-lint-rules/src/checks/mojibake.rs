use crate::{declare_rule, Check, Diagnostic, RuleContext};
use memchr::memmem;
use report_lint_core::{Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 表明文本用错误编码解码过的字符：替换字符 `�`、紧跟在汉字后面的框线字符（`峁┰撔`），
    /// 或汉字文本中紧贴拉丁字母的 `?`（`請?zhí)峁`）。用于提问的问号不报告。
    ///
    /// ## 原因
    /// 解码错误的文本已经丢失了字符——可能包括数字。
    /// 这种副本中的数字不可信，请与原文核对。
    ///
    /// ## 示例
    /// `如对本报告有疑问，請?zhí)峁┰撔畔與` → `如对本报告有疑问，请与`。
    ///
    /// ## 修复安全性
    /// 不提供修复：丢失的字符无法恢复。
    pub struct Mojibake {
        code: "H004",
        name: "mojibake",
        family: "hygiene",
        summary: "文本有乱码（编码错误导致字符丢失）",
        severity: Warning,
        fix: None,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// Whether the text has a character mojibake shows as: `?`, U+FFFD (EF BF
/// BD in UTF-8) or box drawing, U+2500–U+257F (E2 94 xx, E2 95 xx). Nearly
/// no paragraph has one: vectorised byte searches rule them out without
/// decoding a character.
fn has_suspect(text: &str) -> bool {
    static SEARCHERS: LazyLock<[memmem::Finder<'static>; 3]> = LazyLock::new(|| {
        ["\u{FFFD}".as_bytes(), &[0xE2, 0x94], &[0xE2, 0x95]].map(memmem::Finder::new)
    });
    let b = text.as_bytes();
    memchr::memchr(b'?', b).is_some() || SEARCHERS.iter().any(|f| f.find(b).is_some())
}

impl Check for Mojibake {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for p in &report.paragraphs {
            // Mojibake shows as U+FFFD, box drawing (U+25xx) or a `?`: a
            // paragraph with none of them needs no closer look.
            if !has_suspect(&p.text) {
                continue;
            }
            let chars: Vec<(usize, char)> = p.text.char_indices().collect();
            let cjk_at = |k: usize| chars.get(k).is_some_and(|(_, c)| is_cjk(*c));
            let found = chars.iter().enumerate().find(|(k, (_, c))| {
                let box_drawing = ('\u{2500}'..='\u{257F}').contains(c) && *k > 0 && cjk_at(k - 1);
                // "?zhí" : a lost character followed by pinyin-like Latin debris.
                let lost = *c == '?'
                    && *k > 0
                    && cjk_at(k - 1)
                    && chars
                        .get(k + 1)
                        .is_some_and(|(_, a)| a.is_ascii_lowercase());
                *c == '\u{FFFD}' || box_drawing || lost
            });
            if let Some((_, (i, c))) = found {
                let span = report
                    .view
                    .to_source(Span::new(p.view_start + i, p.view_start + i + c.len_utf8()));
                out.push(Diagnostic::new(
                    &Self::META,
                    span,
                    "此段有乱码，可能丢失了文字或数字，请与原文核对",
                ));
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_on_mis_decoded_text() {
        assert_eq!(
            codes(&lint("H004", &with_overview("請?zhí)峁┰撔畔。"))),
            ["H004"]
        );
        assert_eq!(
            codes(&lint("H004", &with_overview("申请\u{FFFD}件。"))),
            ["H004"]
        );
    }

    #[test]
    fn silent_on_questions() {
        assert!(lint("H004", &with_overview("如对本报告有疑问?请联系我们。")).is_empty());
        assert!(lint("H004", &with_overview("如有疑问？请与办公室联系。")).is_empty());
    }
}
