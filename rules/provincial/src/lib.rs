//! A rule pack: a check a provincial 政务公开办 adds on top of the national
//! template, written in Rust because it needs the parsed tables and some
//! arithmetic.
//!
//! Most provincial requirements need no code. This province's three
//! requirements for part 六 (the 信息处理费 collected, the year's 工作要点,
//! the 人大代表建议 and 政协提案 of government reports) are rules written
//! in configuration, `rules/provincial.toml`, which the official binary runs
//! from `include = ["rules/provincial.toml"]` in a `report-lint.toml`. A
//! pack is for what a `[[rule]]` cannot say: here a share computed from
//! three cells of table 三.
//!
//! A pack depends only on `report-lint-rules` and declares its rules with
//! `declare_rule!`, exactly like the built-in checks. A binary that should
//! run them links the pack with `use report_lint_pack_provincial as _;`.
//! Codes of this pack start with `G`.

mod rules;
