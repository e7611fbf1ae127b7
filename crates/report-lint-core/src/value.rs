//! Cell values and exact numbers. Counts are integers, amounts are decimals;
//! nothing here is a float.

use serde::Serialize;
use std::borrow::Cow;

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

impl Decimal {
    /// Parses `123`, `-8`, `190.457379`; `None` for anything else or for a
    /// number too long to hold exactly.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, body) = match text.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || (body.contains('.') && frac.is_empty()) {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(b - b'0'))?;
        }
        Some(Decimal {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: frac.len() as u32,
        })
    }
}

/// What a table cell holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CellValue {
    /// A non-negative whole number.
    Count(u64),
    /// Any other number: negative, fractional, or with a unit such as 元.
    Number(Decimal),
    /// Nothing written (empty, spaces, `&nbsp;`).
    Blank,
    /// A marker meaning "not applicable": `/`, `-`, `—`, `无`.
    NotApplicable(String),
    /// A whole number with more digits than any count can have.
    TooLarge(String),
    /// Text where a number belongs.
    Invalid(String),
}

impl CellValue {
    /// Reads a cell's (normalised) text.
    pub fn parse(text: &str) -> CellValue {
        let compact = compact(text);
        match classify(&compact) {
            Class::Count(n) => CellValue::Count(n),
            Class::Number(d) => CellValue::Number(d),
            Class::Blank => CellValue::Blank,
            Class::NotApplicable => CellValue::NotApplicable(compact.into_owned()),
            Class::TooLarge => CellValue::TooLarge(compact.into_owned()),
            Class::Invalid => CellValue::Invalid(compact.into_owned()),
        }
    }

    /// Whether `text` reads as a value, `CellValue::parse(text).is_value_like()`
    /// without copying it: the table readers ask this of every label too.
    pub fn is_value_text(text: &str) -> bool {
        !matches!(classify(&compact(text)), Class::Invalid)
    }

    pub fn as_count(&self) -> Option<u64> {
        match self {
            CellValue::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// Whether the text looks like a value (as opposed to a label).
    pub fn is_value_like(&self) -> bool {
        !matches!(self, CellValue::Invalid(_))
    }
}

/// A cell's text without its whitespace. Cells are read by the thousand
/// and few have inner spaces: copy only those.
fn compact(text: &str) -> Cow<'_, str> {
    if text.contains(char::is_whitespace) {
        Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// What [`CellValue::parse`] makes of a compacted text, without its copies.
enum Class {
    Count(u64),
    Number(Decimal),
    Blank,
    NotApplicable,
    TooLarge,
    Invalid,
}

/// The units a cell may write after its figure ("79000.1元").
pub const UNITS: [&str; 3] = ["万元", "元", "件"];

/// The marks a table writes in a cell for "none" or "not applicable"
/// (with the word 无).
pub const PLACEHOLDERS: [&str; 7] = ["/", "-", "—", "–", "——", "--", "\\"];

fn classify(compact: &str) -> Class {
    if compact.is_empty() {
        return Class::Blank;
    }
    if compact == "无" || PLACEHOLDERS.contains(&compact) {
        return Class::NotApplicable;
    }
    let unitless = UNITS
        .iter()
        .find_map(|unit| compact.strip_suffix(unit))
        .unwrap_or(compact);
    let has_unit = unitless.len() != compact.len();
    let ungrouped = ungrouped(unitless);
    let number = ungrouped.as_deref().unwrap_or(unitless);
    if number.bytes().all(|b| b.is_ascii_digit()) {
        return match number.parse::<u64>() {
            Ok(n) if !has_unit => Class::Count(n),
            Ok(n) => Class::Number(Decimal {
                mantissa: i128::from(n),
                scale: 0,
            }),
            Err(_) => Class::TooLarge,
        };
    }
    match Decimal::parse(number) {
        Some(d) => Class::Number(d),
        None if looks_numeric(number) => Class::TooLarge,
        None => Class::Invalid,
    }
}

/// "1,038" or "12,345.6" (a cell's "1，038" reads so once folded): digits
/// grouped by thousands, the first group one to three digits not starting
/// with 0, each other three. The number without its commas; `None` for
/// anything else.
pub(crate) fn ungrouped(s: &str) -> Option<String> {
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut groups = int.split(',');
    let first = groups.next()?;
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let mut out = String::with_capacity(s.len());
    if !(1..=3).contains(&first.len()) || !digits(first) || first.starts_with('0') {
        return None;
    }
    out.push_str(first);
    let mut any = false;
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return None;
        }
        out.push_str(g);
        any = true;
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    any.then_some(out)
}

/// A number only too long to hold: at least 19 digits and nothing else but
/// one decimal point.
fn looks_numeric(s: &str) -> bool {
    let s = s.strip_prefix(['-', '−']).unwrap_or(s);
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let dots = s.bytes().filter(|b| *b == b'.').count();
    digits >= 19 && digits + dots == s.len() && dots <= 1 && !s.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cell_values() {
        let cases: [(&str, CellValue); 17] = [
            ("12", CellValue::Count(12)),
            (" 0 ", CellValue::Count(0)),
            ("", CellValue::Blank),
            ("/", CellValue::NotApplicable("/".into())),
            (
                "-8",
                CellValue::Number(Decimal {
                    mantissa: -8,
                    scale: 0,
                }),
            ),
            (
                "190.457379",
                CellValue::Number(Decimal {
                    mantissa: 190457379,
                    scale: 6,
                }),
            ),
            (
                "251000元",
                CellValue::Number(Decimal {
                    mantissa: 251000,
                    scale: 0,
                }),
            ),
            (
                "1234567890123456789012345678901234567890",
                CellValue::TooLarge("1234567890123456789012345678901234567890".into()),
            ),
            ("12a", CellValue::Invalid("12a".into())),
            ("1.", CellValue::Invalid("1.".into())),
            // Thousands separators.
            ("1,038", CellValue::Count(1038)),
            ("12,345,678", CellValue::Count(12_345_678)),
            (
                "7,730.28",
                CellValue::Number(Decimal {
                    mantissa: 773028,
                    scale: 2,
                }),
            ),
            ("1,03", CellValue::Invalid("1,03".into())),
            ("0,038", CellValue::Invalid("0,038".into())),
            ("1038,", CellValue::Invalid("1038,".into())),
            ("1,0385", CellValue::Invalid("1,0385".into())),
        ];
        for (text, expected) in cases {
            assert_eq!(CellValue::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn decimal_displays_exactly() {
        assert_eq!(Decimal::parse("0.05").unwrap().to_string(), "0.05");
        assert_eq!(Decimal::parse("-12.5").unwrap().to_string(), "-12.5");
        assert_eq!(Decimal::parse("23.07").unwrap().to_string(), "23.07");
    }
}
