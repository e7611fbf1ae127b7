//! The arithmetic behind the findings, as a public surface: the rules, the
//! language server's hover and the 核对 line (`identities`) all ask these
//! functions, so a hover never says ✓ where a rule reports an error, nor
//! the other way round.
//!
//! - [`table3`]: the identities of tables 三 and 四 — a row's 总计, the
//!   results column sums, the balance 一 + 二 = （七） + 四 — over exact
//!   integers, and nothing summed over a cell that is not a count.
//! - [`percent`]: a percentage of the prose recomputed against the
//!   denominators it may be a share of (P001, P002), shares of one whole
//!   (P007), rates of change (P008).

pub mod percent;
pub mod table3;
