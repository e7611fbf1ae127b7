//! Checks across two reports of one agency for consecutive years. The front
//! end pairs them (`--previous`, or reports in one batch with the same agency
//! and consecutive years); these functions compare a pair.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::{declare_rule, Check, RuleContext};
use report_lint_core::template::{RequestRow, REQUEST_COLUMNS};
use report_lint_core::{Report, SectionKind};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hash, Hasher};

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
/// Suppression comments in `current` (`<!-- report-lint-disable Y002 -->`)
/// apply to them as to every other finding.
pub fn compare(previous: &Report, current: &Report, config: &Config) -> Vec<Diagnostic> {
    let copies = config.is_enabled(&CopiedSection::META);
    let prepare = |r| {
        if copies {
            Prepared::of(r)
        } else {
            Prepared::default()
        }
    };
    compare_prepared(
        previous,
        &prepare(previous),
        current,
        &prepare(current),
        config,
    )
}

/// [`compare`] with each report's [`Prepared`] computed beforehand: a
/// batch compares each report twice (with last year's and next year's),
/// and can prepare reports in parallel.
pub fn compare_prepared(
    previous: &Report,
    previous_prepared: &Prepared,
    current: &Report,
    current_prepared: &Prepared,
    config: &Config,
) -> Vec<Diagnostic> {
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
            copied(previous, previous_prepared, current, current_prepared)
                .into_iter()
                .map(|d| d.with_severity(config.severity_of(&CopiedSection::META))),
        );
    }
    crate::suppression::apply_cross_year(current, &mut out);
    crate::cap::cap(&mut out);
    crate::engine::locate(current, &mut out);
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

/// What Y002 compares of a report, computed once per report: the
/// shingle sets of each part long enough to compare. The default (nothing)
/// is enough when Y002 is disabled.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    sections: Vec<(SectionKind, Shingles)>,
}

impl Prepared {
    pub fn of(report: &Report) -> Prepared {
        let sections = SectionKind::ALL
            .into_iter()
            .filter(|kind| report.section(*kind).is_some())
            .filter_map(|kind| {
                let prose: Vec<&str> = report
                    .paragraphs_in(kind)
                    .map(|p| p.text.as_str())
                    .collect();
                // At least MIN_CHARS characters, as `section_prose` would
                // join them with line breaks (counting stops there).
                let chars = prose.iter().flat_map(|p| p.chars()).take(MIN_CHARS).count()
                    + prose.len().saturating_sub(1);
                (chars >= MIN_CHARS).then(|| (kind, shingles(&prose)))
            })
            .collect();
        Prepared { sections }
    }

    fn section(&self, kind: SectionKind) -> Option<&Shingles> {
        self.sections
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, s)| s)
    }
}

/// The distinct four-character runs of a text with digits and whitespace
/// removed, so that changed figures and years do not hide a copied
/// paragraph. Each run is a number that keeps all four characters: 16 bits
/// each when all are in the Basic Multilingual Plane (nearly every run),
/// and otherwise also their high 5 bits above those 64. The two kinds never
/// describe the same run, so
/// sizes and shared counts simply add up. Hash sets rather than sorted
/// lists: building them was most of Y002's cost as a sort.
#[derive(Debug, Clone, Default)]
struct Shingles {
    bmp: HashSet<u64, BuildHasherDefault<RunHasher>>,
    wide: HashSet<u128, BuildHasherDefault<RunHasher>>,
}

impl Shingles {
    fn len(&self) -> usize {
        self.bmp.len() + self.wide.len()
    }

    fn shared(&self, other: &Shingles) -> usize {
        shared(&self.bmp, &other.bmp) + shared(&self.wide, &other.wide)
    }
}

/// How many values two sets share: the smaller one is looked up in the other.
fn shared<T: Eq + Hash>(
    a: &HashSet<T, BuildHasherDefault<RunHasher>>,
    b: &HashSet<T, BuildHasherDefault<RunHasher>>,
) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().filter(|x| large.contains(x)).count()
}

/// A hash for runs, which are already well-spread numbers: one
/// multiplication, folded so that the low bits the table indexes by depend
/// on every bit. (The default SipHash guards against crafted keys, which a
/// report's own text cannot exploit, at several times the cost.)
#[derive(Default)]
struct RunHasher(u64);

impl Hasher for RunHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            // write_u64 mixes each byte into the state.
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        let h = (self.0 ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }

    fn write_u128(&mut self, x: u128) {
        self.write_u64(x as u64);
        self.write_u64((x >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The runs of paragraphs read as one text: line breaks between them are
/// whitespace, which runs skip, so a run may span two paragraphs.
fn shingles(paragraphs: &[&str]) -> Shingles {
    // One run per character (CJK characters take three bytes), but
    // phrases repeat, so fewer are distinct: room for half of them, since
    // clearing an oversized table costs more than growing a small one
    // (measured on the generated corpus).
    let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    let mut runs = Runs::default();
    runs.out.bmp.reserve(bytes / 6);
    for paragraph in paragraphs {
        runs.feed(paragraph);
    }
    runs.out
}

/// The last four characters, shifted in one at a time: their low 16 bits
/// in `bmp`, their high 5 bits in `high` (zero but for characters beyond
/// the Basic Multilingual Plane). Together they are the run.
struct Runs {
    bmp: u64,
    high: u32,
    filled: u8,
    /// Runs inserted lately, by a hash of each: a run found here is in
    /// the set already, and phrases repeat, so many runs need no lookup in
    /// the set. (Zero, which is not a run of four characters but for four
    /// NULs, only ever costs a lookup.)
    recent: Box<[u64; RECENT_RUNS]>,
    out: Shingles,
}

/// How many recent runs are remembered (a power of two; 8 KB, which stays
/// in the processor's fastest cache).
const RECENT_RUNS: usize = 1024;

impl Default for Runs {
    fn default() -> Self {
        Runs {
            bmp: 0,
            high: 0,
            filled: 0,
            recent: Box::new([0; RECENT_RUNS]),
            out: Shingles::default(),
        }
    }
}

impl Runs {
    /// Shifts in the characters of `text` that are not ASCII digits or
    /// whitespace. Reads bytes: the three-byte characters from U+3000 to
    /// U+EFFF (CJK text) are decoded directly, and none but U+3000 is
    /// whitespace.
    fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&lead) = bytes.get(i) {
            if lead.is_ascii() {
                i += 1;
                if !lead.is_ascii_digit() && !char::from(lead).is_whitespace() {
                    self.push(u32::from(lead));
                }
            } else if (0xE3..=0xEE).contains(&lead) {
                // `text` is valid UTF-8: two continuation bytes follow.
                let Some(&[_, b1, b2]) = bytes.get(i..i + 3) else {
                    break;
                };
                let cp =
                    u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
                i += 3;
                if cp != 0x3000 {
                    self.push(cp);
                }
            } else {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                i += c.len_utf8();
                if !c.is_whitespace() {
                    self.push(u32::from(c));
                }
            }
        }
    }

    fn push(&mut self, c: u32) {
        self.bmp = self.bmp << 16 | u64::from(c & 0xFFFF);
        self.high = (self.high << 5 | c >> 16) & 0xF_FFFF;
        if self.filled < 3 {
            self.filled += 1;
            return;
        }
        if self.high == 0 {
            let h = self.bmp.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let slot = &mut self.recent[(h >> (64 - RECENT_RUNS.trailing_zeros())) as usize];
            if *slot != self.bmp || self.bmp == 0 {
                *slot = self.bmp;
                self.out.bmp.insert(self.bmp);
            }
        } else {
            self.out
                .wide
                .insert(u128::from(self.high) << 64 | u128::from(self.bmp));
        }
    }
}

const MIN_CHARS: usize = 60;
const SAME_ENOUGH: f64 = 0.85;

fn copied(
    previous: &Report,
    previous_prepared: &Prepared,
    current: &Report,
    current_prepared: &Prepared,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for kind in SectionKind::ALL {
        let Some(section) = current.section(kind) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            current_prepared.section(kind),
            previous_prepared.section(kind),
        ) else {
            continue;
        };
        let shared = a.shared(b) as f64;
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

    /// The shingles as first written: every run as 21-bit units in a u128.
    fn reference(text: &str) -> Vec<u128> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect();
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

    #[test]
    fn packed_shingles_count_what_the_plain_ones_count() {
        let texts = [
            "一是𠀀政策解读形式𠀁较为单一，图文解读多而视频、音频等形式少；2023年𠀀政策解读形式𠀁",
            "一是𠀀政策解读形式𠀁较为单一，图文解读少；二是规范性还需提高。𠀀𠀁𠀂𠀃𠀀𠀁𠀂",
            "一是\u{3000}政策 解读\u{a0}形式\u{2028}较为单一\n二是 １２ 规范性",
            // Phrases repeated many times (the recent-runs table) and runs
            // of NULs (the run whose number is zero).
            "政府信息公开工作年度报告依申请公开政府信息公开\0\0\0\0\0依申请公开政府信息公开工作",
            "abc",
            "",
        ];
        for a in texts {
            for b in texts {
                // Fed in two parts, as two paragraphs are.
                let half = |t: &'static str| {
                    let at = t
                        .char_indices()
                        .nth(t.chars().count() / 2)
                        .map_or(0, |(i, _)| i);
                    shingles(&[&t[..at], "\n", &t[at..]])
                };
                let (pa, pb) = (half(a), half(b));
                let (ra, rb) = (reference(a), reference(b));
                assert_eq!(pa.len(), ra.len(), "{a}");
                let plain_shared = ra.iter().filter(|x| rb.binary_search(x).is_ok()).count();
                assert_eq!(pa.shared(&pb), plain_shared, "{a} / {b}");
            }
        }
    }

    #[test]
    fn suppression_comments_apply_to_cross_year_findings() {
        let long = "一是政策解读形式较为单一，图文解读多而视频、音频等形式少；二是依申请公开答复的规范性还需提高，答复文书格式不统一；三是基层政务公开标准化规范化建设有待深化。";
        let text = table3_report(&[]).replace("一是公开深度不够。", long);
        let last = parse_str("2022.md", &year(&text, 2022));
        let found = |name: &str, text: &str| {
            let codes: Vec<_> = compare(&last, &parse_str(name, text), &Config::default())
                .iter()
                .map(|d| d.code)
                .collect();
            codes
        };
        assert_eq!(found("2023.md", &text), ["Y002"]);
        let disabled = format!("<!-- report-lint-disable Y002 -->\n{text}");
        assert!(found("2023.md", &disabled).is_empty());
        let other_rule = format!("<!-- report-lint-disable B001 -->\n{text}");
        assert_eq!(found("2023.md", &other_rule), ["Y002"]);
        // Plain text has no comments.
        assert_eq!(found("2023.txt", &disabled), ["Y002"]);
        // Linting the report alone cannot tell whether the comment is used.
        let linter = crate::Linter::new(Config::default()).expect("unique codes");
        let alone = linter.lint(&parse_str("2023.md", &disabled));
        assert!(!alone.iter().any(|d| d.code == "X002"), "{alone:?}");
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
