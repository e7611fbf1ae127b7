//! A rule pack: checks a provincial 政务公开办 adds on top of the national
//! template. Many provinces ask part 六 (其他需要报告的事项) of every report
//! to cover the 信息处理费 actually collected and how the year's
//! 政务公开工作要点 were carried out, and government-level reports to cover
//! the handling of 人大代表建议 and 政协提案.
//!
//! A pack depends only on `report-lint-rules` and declares its rules with
//! `declare_rule!`, exactly like the built-in checks. A binary that should
//! run them links the pack with `use report_lint_pack_provincial as _;`.
//! Codes of this pack start with `G`.

mod rules;
