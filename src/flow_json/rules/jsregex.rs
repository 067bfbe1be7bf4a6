//! A conservative syntax check for TextInput `pattern`, which WhatsApp clients compile as a
//! JavaScript regular expression (no flags, so the lenient "Annex B" grammar applies).
//!
//! Only what no JavaScript engine accepts is reported: an unclosed or unmatched parenthesis, an
//! unterminated character class, a trailing backslash, and a quantifier with nothing to repeat
//! (at the start, after `(` or `|` or an anchor, or after another quantifier). Everything else
//! passes — lookarounds, named groups, backreferences, escapes, a literal `{` or `]` — so a
//! valid pattern is never rejected. A crate such as `regex-syntax` was not used: it parses
//! Rust's dialect, which rejects valid JavaScript (lookarounds, backreferences).

/// What came just before the current character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Nothing a quantifier could apply to (start, `(`, `|`, `^`, `$`).
    Nothing,
    /// An atom.
    Atom,
    /// A quantifier (a lazy `?` may still follow).
    Quantifier,
    /// A quantifier made lazy by `?`.
    Lazy,
}

/// The first sure syntax error of a JavaScript pattern, or `None`.
pub(crate) fn problem(pattern: &str) -> Option<String> {
    check(pattern).err()
}

fn check(pattern: &str) -> Result<(), String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut depth = 0usize;
    let mut prev = Prev::Nothing;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => {
                if chars.get(i + 1).is_none() {
                    return Err("the pattern ends with a lone backslash".into());
                }
                i += 1;
                prev = Prev::Atom;
            }
            '[' => {
                i = class_end(&chars, i + 1)?;
                prev = Prev::Atom;
            }
            '(' => {
                depth += 1;
                prev = Prev::Nothing;
                if chars.get(i + 1) == Some(&'?') {
                    (i, prev) = group_head(&chars, i + 1);
                }
            }
            ')' => {
                if depth == 0 {
                    return Err(format!("unmatched `)` at character {}", i + 1));
                }
                depth -= 1;
                prev = Prev::Atom;
            }
            '|' | '^' | '$' => prev = Prev::Nothing,
            '*' | '+' | '?' => prev = quantify(prev, c == '?', i, c)?,
            '{' => match braced(&chars, i) {
                Some(Ok(end)) => {
                    prev = quantify(prev, false, i, '{')?;
                    i = end;
                }
                Some(Err(m)) => return Err(m),
                None => prev = Prev::Atom,
            },
            _ => prev = Prev::Atom,
        }
        i += 1;
    }
    if depth > 0 {
        return Err(format!("{depth} unclosed `(`"));
    }
    Ok(())
}

/// Skips the `?…` head of a group whose `?` is at `q`: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`,
/// `(?<name>`. Anything else (flag modifiers, …) is skipped leniently: only its `?` is
/// consumed and what follows counts as an atom, so it can never be reported.
fn group_head(chars: &[char], q: usize) -> (usize, Prev) {
    match chars.get(q + 1) {
        Some(':' | '=' | '!') => (q + 1, Prev::Nothing),
        Some('<') => match chars.get(q + 2) {
            Some('=' | '!') => (q + 2, Prev::Nothing),
            _ => match chars.iter().skip(q + 2).position(|&c| c == '>') {
                Some(k) => (q + 2 + k, Prev::Nothing),
                None => (q, Prev::Atom),
            },
        },
        _ => (q, Prev::Atom),
    }
}

/// The state after a quantifier, or the error when there is nothing to repeat.
fn quantify(prev: Prev, is_question: bool, at: usize, c: char) -> Result<Prev, String> {
    match prev {
        Prev::Atom => Ok(Prev::Quantifier),
        Prev::Quantifier if is_question => Ok(Prev::Lazy),
        _ => Err(format!(
            "`{c}` at character {} has nothing to repeat",
            at + 1
        )),
    }
}

/// The index of the `]` closing a class whose body starts at `from`, or the error.
fn class_end(chars: &[char], from: usize) -> Result<usize, String> {
    let mut j = from;
    while let Some(&c) = chars.get(j) {
        match c {
            '\\' => j += 1,
            ']' => return Ok(j),
            _ => {}
        }
        j += 1;
    }
    Err("a character class `[` is not closed".into())
}

/// Reads a braced quantifier `{n}`, `{n,}` or `{n,m}` at `at`: `None` when the brace is a
/// literal (Annex B), `Ok(index of })`, or an error when the bounds are out of order.
fn braced(chars: &[char], at: usize) -> Option<Result<usize, String>> {
    let mut j = at + 1;
    let num = |j: &mut usize| -> Option<u64> {
        let start = *j;
        let mut n: u64 = 0;
        while let Some(d) = chars.get(*j).and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(u64::from(d));
            *j += 1;
        }
        (*j > start).then_some(n)
    };
    let lo = num(&mut j)?;
    let mut hi = Some(lo);
    if chars.get(j) == Some(&',') {
        j += 1;
        hi = num(&mut j);
    }
    if chars.get(j) != Some(&'}') {
        return None;
    }
    Some(match hi {
        Some(h) if h < lo => Err(format!(
            "the quantifier bounds {{{lo},{h}}} are out of order"
        )),
        _ => Ok(j),
    })
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn valid_javascript_patterns_pass() {
        for p in [
            "",
            "^(19|20)\\d\\d-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$",
            "007",
            "^(?=.*[A-Z])(?=.*\\d).{8,}$",
            "(?!abc)x",
            "(?<=a)b",
            "(?<!a)b",
            "(?<year>\\d{4})-\\k<year>",
            "(a)\\1",
            "a*?b+?c??d{2,3}?",
            "[]",
            "[^]",
            "[\\]]",
            "[(]",
            "a{",
            "a{x}",
            "{",
            "x{2,}",
            "]",
            "}",
            "\\(",
            "a|b|",
            "\\/",
            "[a-z]+@[a-z]+\\.[a-z]{2,}",
            "(?:x)*",
            "(?i:x)",
            "(?i)x",
            "(?=a)*",
            "é+",
        ] {
            assert_eq!(problem(p), None, "{p}");
        }
    }

    #[test]
    fn sure_errors_are_reported() {
        for p in [
            "(abc", "abc)", "((a)", "[abc", "[a\\]", "abc\\", "*a", "+", "?", "a**", "a++", "a?+",
            "a*?+", "(*a)", "(?:*a)", "(?=+)", "a|*b", "^*", "{2}", "a{2}{3}", "x{3,1}",
        ] {
            assert!(problem(p).is_some(), "{p}");
        }
    }
}
