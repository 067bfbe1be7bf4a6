//! The validation report: issues in a fixed order, with JSON and Meta-shaped exports.

use std::fmt;

use serde_json::{Value, json};

use super::issue::{Issue, Location, PathSeg, Severity};

/// The result of validating one document. Never an error: a bad document is a report with
/// issues.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub(crate) issues: Vec<Issue>,
    pub(crate) version: Option<String>,
    pub(crate) truncated: bool,
    pub(crate) semantic_skipped: usize,
}

impl Report {
    /// `true` when there is no error (warnings allowed).
    #[must_use]
    pub fn ok(&self) -> bool {
        !self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    /// Every issue, in document order (then by code).
    #[must_use]
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    /// The document's `version` string, when it had one.
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Whether issues were dropped because of `max_issues`.
    #[must_use]
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// How many semantic issues `builder` mode left out because the schema pass failed (as
    /// Flow Builder does); `0` in `everything` mode. Run with `Mode::Everything` to see them.
    #[must_use]
    pub fn semantic_skipped(&self) -> usize {
        self.semantic_skipped
    }

    /// The report as a JSON value with stable field names:
    /// `{ok, version, error_count, warning_count, truncated, semantic_skipped, issues: [{code, severity, message,
    /// pointer, path, meta_path, line, column, end_line, end_column, also: [...]}]}`.
    #[must_use]
    pub fn to_json_value(&self) -> Value {
        let issues: Vec<Value> = self
            .issues
            .iter()
            .map(|i| {
                let mut v = loc_json(&i.location);
                if let Some(o) = v.as_object_mut() {
                    o.insert("code".into(), json!(i.code.as_str()));
                    o.insert("severity".into(), json!(i.severity.as_str()));
                    o.insert("message".into(), json!(i.message));
                    o.insert(
                        "also".into(),
                        Value::Array(i.also.iter().map(loc_json).collect()),
                    );
                }
                v
            })
            .collect();
        json!({
            "ok": self.ok(),
            "version": self.version,
            "error_count": self.errors().count(),
            "warning_count": self.warnings().count(),
            "truncated": self.truncated,
            "semantic_skipped": self.semantic_skipped,
            "issues": issues,
        })
    }

    /// [`Report::to_json_value`] serialised (keys in the documented order with the
    /// `preserve-order` feature, sorted without it).
    #[must_use]
    pub fn to_json(&self) -> String {
        self.to_json_value().to_string()
    }

    /// The errors (not the warnings) in the shape of the Graph API's `validation_errors`:
    /// `[{error, error_type: "FLOW_JSON_ERROR", message, line_start, line_end, column_start,
    /// column_end, pointers: [{line_start, line_end, column_start, column_end, path}]}]`.
    #[must_use]
    pub fn to_meta_validation_errors(&self) -> Value {
        let out: Vec<Value> = self
            .errors()
            .map(|i| {
                let l = &i.location;
                let pointers: Vec<Value> = std::iter::once(l)
                    .chain(i.also.iter())
                    .map(|p| {
                        json!({
                            "line_start": p.line, "line_end": p.end_line,
                            "column_start": p.column, "column_end": p.end_column,
                            "path": p.meta_path(),
                        })
                    })
                    .collect();
                json!({
                    "error": i.code.as_str(),
                    "error_type": "FLOW_JSON_ERROR",
                    "message": i.message,
                    "line_start": l.line, "line_end": l.end_line,
                    "column_start": l.column, "column_end": l.end_column,
                    "pointers": pointers,
                })
            })
            .collect();
        Value::Array(out)
    }
}

fn loc_json(l: &Location) -> Value {
    let path: Vec<Value> = l
        .path
        .iter()
        .map(|s| match s {
            PathSeg::Key(k) => json!(k),
            PathSeg::Index(i) => json!(i),
        })
        .collect();
    json!({
        "pointer": l.pointer(),
        "path": path,
        "meta_path": l.meta_path(),
        "line": l.line,
        "column": l.column,
        "end_line": l.end_line,
        "end_column": l.end_column,
    })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in &self.issues {
            writeln!(f, "{i}")?;
        }
        Ok(())
    }
}
