//! The value formats several rules share, once: dates (and the version gate of their
//! format), base64 image data, URIs and item colours.

use super::table::{Gate, v};
use crate::flow_json::version::FlowVersion;

/// `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// A UTC timestamp in milliseconds written as a string (the DatePicker date format before 5.0):
/// an optional `-` and 1 to 15 digits.
pub(crate) fn is_ms_timestamp(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    (1..=15).contains(&d.len()) && d.bytes().all(|c| c.is_ascii_digit())
}

/// How a static date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFormat {
    /// A UTC timestamp in milliseconds, as a string.
    Millis,
    /// `YYYY-MM-DD`.
    Iso,
}

impl DateFormat {
    /// Whether `s` is written in this format.
    pub(crate) fn accepts(self, s: &str) -> bool {
        match self {
            DateFormat::Millis => is_ms_timestamp(s),
            DateFormat::Iso => is_date(s),
        }
    }

    /// The format, for messages.
    pub(crate) const fn describe(self) -> &'static str {
        match self {
            DateFormat::Millis => "a UTC timestamp in milliseconds (before Flow JSON 5.0)",
            DateFormat::Iso => "format YYYY-MM-DD",
        }
    }
}

/// The date format of static dates (`min-date`, `max-date`, `unavailable-dates`, a
/// DatePicker's `init-value`): milliseconds, then `YYYY-MM-DD` from 5.0. The date-range rules
/// of the semantic phase apply where the format is `YYYY-MM-DD`.
pub(crate) const DATE_FORMAT: Gate<DateFormat> =
    Gate::new(DateFormat::Millis, &[(v(5, 0), DateFormat::Iso)]);

/// Whether a static date has the format of version `ver`.
pub(crate) fn date_format_ok(s: &str, ver: FlowVersion) -> bool {
    DATE_FORMAT.at(ver).accepts(s)
}

/// The expected date format of version `ver`, for messages.
pub(crate) fn date_format_name(ver: FlowVersion) -> &'static str {
    DATE_FORMAT.at(ver).describe()
}

/// Base64 as browsers' `atob` reads it: padding optional, trailing bits allowed.
const LENIENT_BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

pub(crate) fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() {
        return false;
    }
    // Images are large. Every whole group of four symbols before the last eight bytes decodes
    // when it is made of alphabet symbols only (checked by a loop the compiler vectorises), so
    // the verdict is then that of the short tail, where padding and length are decided.
    let cut = b.len().saturating_sub(8) / 4 * 4;
    let (head, tail) = b.split_at(cut);
    if all_symbols(head) && decodes(tail) {
        return true;
    }
    // Otherwise decode the whole text (without whitespace: line-wrapped base64 is accepted).
    if b.iter().any(u8::is_ascii_whitespace) {
        let t: Vec<u8> = b
            .iter()
            .copied()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        !t.is_empty() && decodes(&t)
    } else {
        decodes(b)
    }
}

/// Whether every byte is one of the 64 symbols of the standard alphabet (no padding).
fn all_symbols(b: &[u8]) -> bool {
    b.chunks(64).all(|c| {
        c.iter().fold(true, |ok, x| {
            ok & (x.is_ascii_alphanumeric() | (*x == b'+') | (*x == b'/'))
        })
    })
}

/// Whether `b` decodes, read in blocks of 4096 symbols into one stack buffer (no allocation
/// the size of the image). Padding may only end the last block, as it may only end the text.
fn decodes(b: &[u8]) -> bool {
    use base64::Engine as _;
    const BLOCK: usize = 4096;
    let mut buf = [0u8; BLOCK / 4 * 3];
    let mut rest = b;
    while rest.len() > BLOCK {
        let (head, tail) = rest.split_at(BLOCK);
        if head.contains(&b'=') || LENIENT_BASE64.decode_slice(head, &mut buf).is_err() {
            return false;
        }
        rest = tail;
    }
    LENIENT_BASE64.decode_slice(rest, &mut buf).is_ok()
}

/// A loose URI check (`scheme:rest`).
pub(crate) fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
                && !rest.is_empty()
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An item `color`: `#` and six hex digits.
pub(crate) fn is_hex_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for (s, ok) in [
            ("2025-01-31", true),
            ("2025-12-01", true),
            ("2025-13-01", false),
            ("2025-00-10", false),
            ("2025-1-01", false),
            ("20250101", false),
            ("1700000000000", false),
            ("2025-01-3a", false),
        ] {
            assert_eq!(is_date(s), ok, "{s}");
        }
        for (s, ok) in [
            ("1700000000000", true),
            ("0", true),
            ("-86400000", true),
            ("", false),
            ("-", false),
            ("2025-01-31", false),
            ("1700000000000.5", false),
            (" 1700000000000", false),
            ("1234567890123456", false),
        ] {
            assert_eq!(is_ms_timestamp(s), ok, "{s}");
        }
        assert!(DATE_FORMAT.is_ordered());
        let (v4, v5) = (FlowVersion::new(4, 0), FlowVersion::new(5, 0));
        assert!(date_format_ok("1700000000000", v4) && !date_format_ok("1700000000000", v5));
        assert!(date_format_ok("2025-01-31", v5) && !date_format_ok("2025-01-31", v4));
    }

    #[test]
    fn uris() {
        for (s, ok) in [
            ("https://example.com/x?y=1", true),
            ("mailto:a@b.c", true),
            ("example.com", false),
            ("not a url", false),
            ("https://exa mple.com", false),
            ("1http://x", false),
            ("https:", false),
        ] {
            assert_eq!(is_uri(s), ok, "{s}");
        }
    }

    #[test]
    fn base64_is_read_like_atob() {
        for (s, ok) in [
            ("iVBORw0KGgo=", true),
            ("iVBORw0KGgo", true),
            ("aGVsbG8", true),
            ("a GVs\nbG8=", true),
            ("****", false),
            ("", false),
            ("a", false),
        ] {
            assert_eq!(is_base64(s), ok, "{s:?}");
        }
        // Longer than one decoding block: the verdict is the whole text's, wherever the block
        // boundaries fall (padding inside the text is refused, as by a one-piece decode).
        use base64::Engine as _;
        let whole = |s: &str| LENIENT_BASE64.decode(s).is_ok();
        for n in [4093usize, 4095, 4096, 4097, 8191, 8192, 12_290] {
            let good = "QUJD".repeat(n / 4 + 1)[..n].to_owned();
            let ok = !matches!(n % 4, 1);
            assert_eq!(is_base64(&good), ok, "{n}");
            assert_eq!(whole(&good), ok, "{n}");
            let mut padded_inside = "QUJD".repeat(1024);
            padded_inside.replace_range(4094..4096, "==");
            padded_inside.push_str("QUJD");
            assert!(!is_base64(&padded_inside));
            let mut bad = good.clone();
            bad.replace_range(n - 2..n - 1, "*");
            assert!(!is_base64(&bad), "{n}");
            for at in [0, 5, n / 2, n - 9] {
                for odd in ["=", "*", "-", "\u{e9}"] {
                    let mut bad = good.clone();
                    bad.replace_range(at..at + 1, odd);
                    assert!(!is_base64(&bad), "{n} {at} {odd}");
                    assert!(!whole(&bad), "{n} {at} {odd}");
                }
            }
            let wrapped: String = good
                .as_bytes()
                .chunks(76)
                .map(|c| std::str::from_utf8(c).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(is_base64(&wrapped), ok, "{n} wrapped");
        }
    }

    #[test]
    fn colors() {
        for (s, ok) in [
            ("#A1b2C3", true),
            ("#000000", true),
            ("A1B2C3", false),
            ("#A1B2C", false),
            ("#A1B2C3D", false),
            ("#G1B2C3", false),
        ] {
            assert_eq!(is_hex_color(s), ok, "{s}");
        }
    }
}
