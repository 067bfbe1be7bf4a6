//! `{{user.name}}`-style personalization variables: listing, syntax check, rendering.
//!
//! Syntax: `{{`, optional spaces, a dotted path of one or more segments, optional spaces, `}}`.
//! A segment starts with an ASCII letter or `_` and continues with ASCII letters, digits or `_`
//! (`{{user.first_name}}`, `{{ Profile.city }}`). Anything else between `{{` and `}}` is a
//! syntax error, and so are an unclosed `{{` and a `}}` that closes nothing. Meta's positional
//! `{{1}}` is not a personalization variable (the builders produce those).
//!
//! Missing values: [`render`] looks each variable up by its full path (`"user.name"`) in the
//! profile. A path that is **absent** from the profile follows [`MissingValue`]: `Error`
//! (the default: fail with `template_variable_missing` naming the variable), `Empty` (render
//! nothing) or `Keep` (leave the `{{…}}` text as written). A path present with an empty string
//! renders as empty. Values are inserted verbatim and never re-scanned for variables.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::lifecycle::truncate_for_message;
use crate::{Error, ErrorCode, Result};

/// Longest accepted variable path, in bytes.
///
/// cbindgen:ignore
pub const MAX_VARIABLE_LEN: usize = 128;

/// One variable occurrence in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The dotted path, without braces or spaces (`"user.name"`).
    pub name: String,
    /// Byte offset of the opening `{{`.
    pub start: usize,
    /// Byte offset just after the closing `}}`.
    pub end: usize,
}

crate::catalogue! {
    /// What [`render`] does with a variable the profile has no value for.
    #[non_exhaustive]
    pub enum MissingValue as "missing-value rule", unknown = InvalidArgument {
        /// Fail with `template_variable_missing`, naming the variable.
        Error = 0 => "error",
        /// Render the variable as the empty string.
        Empty = 1 => "empty",
        /// Leave the variable's text (`{{user.name}}`) in place.
        Keep = 2 => "keep",
    }
}

impl Default for MissingValue {
    /// [`MissingValue::Error`].
    fn default() -> Self {
        MissingValue::Error
    }
}

fn syntax(msg: String) -> Error {
    Error::new(ErrorCode::TemplateVariableSyntax, msg)
}

fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('.').all(|seg| {
            let mut chars = seg.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Lists the variables of `text` in order of appearance (repeats included).
///
/// # Errors
/// [`ErrorCode::TemplateVariableSyntax`] for the first malformed variable, an unclosed `{{`
/// or a stray `}}`; the message gives the byte offset.
pub fn variables(text: &str) -> Result<Vec<Variable>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0usize;
    loop {
        let open = rest.find("{{");
        let close = rest.find("}}");
        match (open, close) {
            (None, None) => return Ok(out),
            (None, Some(c)) => {
                return Err(syntax(format!(
                    "\"}}}}\" at byte {} closes no \"{{{{\"",
                    base + c
                )));
            }
            (Some(o), Some(c)) if c < o => {
                return Err(syntax(format!(
                    "\"}}}}\" at byte {} closes no \"{{{{\"",
                    base + c
                )));
            }
            (Some(o), _) => {
                let after_open = rest.get(o + 2..).unwrap_or("");
                let Some(len) = after_open.find("}}") else {
                    return Err(syntax(format!(
                        "\"{{{{\" at byte {} is never closed",
                        base + o
                    )));
                };
                let inner = after_open.get(..len).unwrap_or("");
                let name = inner.trim_matches(' ');
                if inner.contains("{{") || !valid_path(name) || name.len() > MAX_VARIABLE_LEN {
                    return Err(syntax(format!(
                        "malformed variable {{{{{}}}}} at byte {}: expected a dotted name like {{{{user.name}}}}",
                        truncate_for_message(inner),
                        base + o
                    )));
                }
                let end = o + 2 + len + 2;
                out.push(Variable {
                    name: name.to_owned(),
                    start: base + o,
                    end: base + end,
                });
                rest = rest.get(end..).unwrap_or("");
                base += end;
            }
        }
    }
}

/// The distinct variable names of `text`, in order of first appearance.
///
/// # Errors
/// As [`variables`].
pub fn variable_names(text: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for v in variables(text)? {
        if !names.contains(&v.name) {
            names.push(v.name);
        }
    }
    Ok(names)
}

/// Renders `text`, replacing each variable with its profile value (see the module docs for the
/// missing-value rule).
///
/// # Errors
/// [`ErrorCode::TemplateVariableSyntax`] for malformed text;
/// [`ErrorCode::TemplateVariableMissing`] when a variable is absent and `missing` is `Error`.
pub fn render(
    text: &str,
    profile: &BTreeMap<String, String>,
    missing: MissingValue,
) -> Result<String> {
    let vars = variables(text)?;
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for v in vars {
        out.push_str(text.get(pos..v.start).unwrap_or(""));
        match (profile.get(&v.name), missing) {
            (Some(value), _) => out.push_str(value),
            (None, MissingValue::Empty) => {}
            (None, MissingValue::Keep) => out.push_str(text.get(v.start..v.end).unwrap_or("")),
            (None, MissingValue::Error) => {
                return Err(Error::new(
                    ErrorCode::TemplateVariableMissing,
                    format!("the profile has no value for {{{{{}}}}}", v.name),
                ));
            }
        }
        pos = v.end;
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    Ok(out)
}

/// Rewrites `text` with Meta's positional placeholders: the variable named `names[i]` becomes
/// `{{i+1}}`. Used by the template creation body.
pub(crate) fn to_positional(text: &str, names: &[String]) -> Result<String> {
    let vars = variables(text)?;
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for v in vars {
        out.push_str(text.get(pos..v.start).unwrap_or(""));
        let n = names.iter().position(|x| *x == v.name).map_or(0, |i| i + 1);
        // Writing into a String cannot fail.
        let _ = write!(out, "{{{{{n}}}}}");
        pos = v.end;
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    Ok(out)
}

/// Looks each name up in `profile` (in order) with the same missing-value rule as [`render`]
/// (`Keep` keeps `{{name}}`). Gives the body parameters of a template send.
///
/// # Errors
/// [`ErrorCode::TemplateVariableMissing`] when a name is absent and `missing` is `Error`.
pub fn values_for(
    names: &[String],
    profile: &BTreeMap<String, String>,
    missing: MissingValue,
) -> Result<Vec<String>> {
    names
        .iter()
        .map(|n| match (profile.get(n), missing) {
            (Some(v), _) => Ok(v.clone()),
            (None, MissingValue::Empty) => Ok(String::new()),
            (None, MissingValue::Keep) => Ok(format!("{{{{{n}}}}}")),
            (None, MissingValue::Error) => Err(Error::new(
                ErrorCode::TemplateVariableMissing,
                format!("the profile has no value for {{{{{n}}}}}"),
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> BTreeMap<String, String> {
        [
            ("user.name", "Ana"),
            ("user.city", "Lisbon"),
            ("user.empty", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn lists_variables_with_offsets() {
        let text = "Hi {{user.name}}, see you in {{ user.city }}! {{user.name}}";
        let vars = variables(text).unwrap();
        let names: Vec<_> = vars.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["user.name", "user.city", "user.name"]);
        assert_eq!(&text[vars[1].start..vars[1].end], "{{ user.city }}");
        assert_eq!(variable_names(text).unwrap(), ["user.name", "user.city"]);
        assert!(variables("no variables { here }").unwrap().is_empty());
        assert_eq!(variables("{{_a.b_2}}").unwrap()[0].name, "_a.b_2");
        assert_eq!(variables("é{{x}}").unwrap()[0].start, 2);
    }

    #[test]
    fn rejects_malformed_variables() {
        for bad in [
            "{{}}",
            "{{ }}",
            "{{user.}}",
            "{{.name}}",
            "{{user..name}}",
            "{{1}}",
            "{{user.1st}}",
            "{{user name}}",
            "{{user-name}}",
            "{{{user.name}}}",
            "{{user.name",
            "user.name}}",
            "}} {{a}}",
            "{{a {{b}}",
            "{{ü}}",
        ] {
            let e = variables(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::TemplateVariableSyntax, "{bad:?}");
        }
        let long = format!("{{{{{}}}}}", "a".repeat(MAX_VARIABLE_LEN));
        assert!(variables(&long).is_ok());
        let too_long = format!("{{{{{}}}}}", "a".repeat(MAX_VARIABLE_LEN + 1));
        assert!(variables(&too_long).is_err());
    }

    #[test]
    fn renders_with_each_missing_value_rule() {
        let p = profile();
        let text = "Hi {{user.name}} from {{user.city}}{{user.empty}}, {{user.age}}.";
        let e = render(text, &p, MissingValue::Error).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TemplateVariableMissing);
        assert!(e.message().contains("user.age"), "{e}");
        assert_eq!(
            render(text, &p, MissingValue::Empty).unwrap(),
            "Hi Ana from Lisbon, ."
        );
        assert_eq!(
            render(text, &p, MissingValue::Keep).unwrap(),
            "Hi Ana from Lisbon, {{user.age}}."
        );
        assert_eq!(render("plain", &p, MissingValue::Error).unwrap(), "plain");
    }

    #[test]
    fn values_are_not_rescanned() {
        let mut p = profile();
        p.insert("user.name".into(), "{{user.city}}".into());
        assert_eq!(
            render("{{user.name}}", &p, MissingValue::Error).unwrap(),
            "{{user.city}}"
        );
    }

    #[test]
    fn positional_rewrite_reuses_numbers() {
        let names = vec!["user.name".to_owned(), "user.city".to_owned()];
        let t = to_positional("{{user.name}} {{ user.city }} {{user.name}}", &names).unwrap();
        assert_eq!(t, "{{1}} {{2}} {{1}}");
        let vals = values_for(&names, &profile(), MissingValue::Error).unwrap();
        assert_eq!(vals, ["Ana", "Lisbon"]);
        let missing = vec!["user.zip".to_owned()];
        assert!(values_for(&missing, &profile(), MissingValue::Error).is_err());
        assert_eq!(
            values_for(&missing, &profile(), MissingValue::Keep).unwrap(),
            ["{{user.zip}}"]
        );
    }

    #[test]
    fn missing_rule_parses() {
        assert_eq!(
            "keep".parse::<MissingValue>().ok(),
            Some(MissingValue::Keep)
        );
        // One parsing convention for every catalogue: ASCII case-insensitive names.
        assert_eq!(
            "Keep".parse::<MissingValue>().ok(),
            Some(MissingValue::Keep)
        );
        assert_eq!(
            crate::Error::from("kept".parse::<MissingValue>().unwrap_err()).code(),
            ErrorCode::InvalidArgument
        );
    }
}
