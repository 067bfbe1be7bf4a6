//! What the phone checks on its own: text input types, lengths, dates.
//!
//! Meta documents which checks exist, not their exact rules or messages; the rules here are the
//! plain reading of the component reference (UNVERIFIED in detail): `email` needs
//! `local@domain.tld`, `phone` 5–15 digits with an optional leading `+` and spaces, dashes or
//! parentheses between them, `number` a decimal number, `passcode` digits only; `text` and
//! `password` accept anything.

use serde_json::Value;

/// Why a TextInput value does not fit its `input-type`, if it does not.
#[must_use]
pub fn input_type_problem(input_type: &str, value: &str) -> Option<&'static str> {
    let ok = match input_type {
        "email" => is_email(value),
        "phone" => is_phone(value),
        "number" => value.trim().parse::<f64>().is_ok_and(f64::is_finite),
        "passcode" => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match input_type {
        "email" => "Enter a valid email address",
        "phone" => "Enter a valid phone number",
        "number" => "Enter a number",
        _ => "Enter digits only",
    })
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && domain.contains('.')
        && domain.split('.').all(label_ok)
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.chars().count() >= 2)
}

fn is_phone(s: &str) -> bool {
    let t = s.trim();
    let body = t.strip_prefix('+').unwrap_or(t);
    let digits = body.bytes().filter(u8::is_ascii_digit).count();
    (5..=15).contains(&digits)
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')'))
}

/// A count-like property (`min-chars`, `max-selected-items`, …): a number or a numeric string.
#[must_use]
pub fn count(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, or of a UNIX timestamp in milliseconds
/// (Flow JSON before 5.0 gave DatePicker bounds that way).
#[must_use]
pub fn day_number(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() >= 9 && s.bytes().all(|b| b.is_ascii_digit()) {
        let ms: i64 = s.parse().ok()?;
        return Some(ms.div_euclid(86_400_000));
    }
    let mut it = s.splitn(3, '-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let y: i64 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The weekday of a day number, as CalendarPicker's `include-days` spells it.
#[must_use]
pub fn weekday(day: i64) -> &'static str {
    // 1970-01-01 was a Thursday.
    ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][day.rem_euclid(7) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_types() {
        assert_eq!(input_type_problem("email", "ana@example.com"), None);
        for bad in [
            "ana",
            "ana@",
            "@x.com",
            "ana@x",
            "a b@x.com",
            "ana@x.c",
            "a..b@x.com",
        ] {
            assert!(input_type_problem("email", bad).is_some(), "{bad}");
        }
        assert_eq!(input_type_problem("phone", "+91 98765-43210"), None);
        assert!(input_type_problem("phone", "call me").is_some());
        assert!(input_type_problem("phone", "12").is_some());
        assert_eq!(input_type_problem("number", "12.5"), None);
        assert!(input_type_problem("number", "12a").is_some());
        assert_eq!(input_type_problem("passcode", "0042"), None);
        assert!(input_type_problem("passcode", "00-42").is_some());
        assert_eq!(input_type_problem("password", "anything at all"), None);
        assert_eq!(input_type_problem("text", ""), None);
    }

    #[test]
    fn dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2024-02-29"), Some(19782));
        assert_eq!(day_number("2023-02-29"), None);
        assert_eq!(day_number("2024-13-01"), None);
        assert_eq!(
            day_number("86400000"),
            None,
            "too short to be a ms timestamp"
        );
        assert_eq!(day_number("1709164800000"), Some(19782));
        assert_eq!(weekday(day_number("2026-11-29").unwrap()), "Sun");
        assert_eq!(count(Some(&serde_json::json!("3"))), Some(3));
    }
}
