//! Flow JSON: a typed model of Meta's WhatsApp Flow documents ([`model`]) and an offline
//! validator that reports problems with Meta's own error codes ([`validate`]).
//!
//! ```
//! use waflows::flow_json::{self, Options};
//! let doc = br#"{"version": "7.3", "screens": [{"id": "A", "title": "Hi", "terminal": true,
//!   "layout": {"type": "SingleColumnLayout", "children": [
//!     {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}"#;
//! let report = flow_json::validate(doc, &Options::default()).unwrap();
//! assert!(report.ok(), "{report}");
//! ```
//!
//! This module never performs I/O: documents arrive as bytes. A bad document is a [`Report`]
//! with issues, never an `Err`; `Err` means misuse or a limit (over 10 MiB).

pub(crate) mod binding;
pub mod issue;
pub(crate) mod limits;
pub mod model;
pub mod policy;
pub mod report;
mod rules;
mod span;
pub(crate) mod tree;
pub mod version;

use tree::Node;

pub use issue::{Issue, IssueCode, Location, PathSeg, Severity};
pub use model::{Flow, RoutingModel, Schema, SchemaType, Screen};
pub use policy::Policy;
pub use report::Report;
pub use version::{FlowVersion, VersionState};

use crate::{Error, ErrorCode, Result};

pub use limits::{MAX_DEPTH, MAX_DOCUMENT_BYTES};

/// How much to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Like Flow Builder: schema problems first; semantic checks are reported only when the
    /// schema phase found no error.
    #[default]
    Builder,
    /// Every check, always.
    Everything,
}

impl Mode {
    /// Parses `"builder"` / `"everything"`.
    #[must_use]
    pub fn from_name(s: &str) -> Option<Mode> {
        match s {
            "builder" => Some(Mode::Builder),
            "everything" => Some(Mode::Everything),
            _ => None,
        }
    }
}

/// Validation options: [`Options::default`] and the `with_*` methods (the struct may gain
/// fields, so it is not built literally outside the crate).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Builder-like or everything.
    pub mode: Mode,
    /// Validate for publishing: a frozen version is an error instead of a warning.
    pub for_publish: bool,
    /// Take the strict reading of every documented discrepancy (see [`policy`]).
    pub strict: bool,
    /// At most this many issues are reported (the report says when it was truncated).
    pub max_issues: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Builder,
            for_publish: false,
            strict: false,
            max_issues: 1000,
        }
    }
}

impl Options {
    /// Default options.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the mode.
    #[must_use]
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets publish mode.
    #[must_use]
    pub fn with_for_publish(mut self, yes: bool) -> Self {
        self.for_publish = yes;
        self
    }

    /// Sets strict mode.
    #[must_use]
    pub fn with_strict(mut self, yes: bool) -> Self {
        self.strict = yes;
        self
    }

    /// Sets the issue cap (at least 1).
    #[must_use]
    pub fn with_max_issues(mut self, n: usize) -> Self {
        self.max_issues = n.max(1);
        self
    }

    /// The discrepancy policy these options select.
    #[must_use]
    pub fn policy(&self) -> Policy {
        if self.strict {
            Policy::strict()
        } else {
            Policy::default()
        }
    }
}

/// Validates a Flow JSON document.
///
/// # Errors
/// [`ErrorCode::FlowJsonTooLarge`] when `text` is over [`MAX_DOCUMENT_BYTES`]. Every problem
/// of the document itself (including "not JSON") is an issue in the returned [`Report`].
pub fn validate(text: &[u8], opts: &Options) -> Result<Report> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::new(
            ErrorCode::FlowJsonTooLarge,
            format!(
                "flow json is {} bytes, {} bytes over the {MAX_DOCUMENT_BYTES}-byte limit",
                text.len(),
                text.len() - MAX_DOCUMENT_BYTES
            ),
        ));
    }
    let mut raw: Vec<(rules::Phase, Issue)> = Vec::new();
    let mut version_str = None;
    let early = |code: IssueCode, msg: String, at: Option<usize>| {
        let mut location = Location::new(Vec::new(), false);
        if let Some(off) = at {
            let idx = span::LineIndex::new(text);
            span::fill(&idx, &mut location, off, off + 1);
        }
        (
            rules::Phase::Schema,
            Issue {
                code,
                severity: Severity::Error,
                message: msg,
                location,
                also: Vec::new(),
            },
        )
    };
    let arena = tree::arena_for(text.len());
    let doc = match tree::Doc::parse(text, &arena) {
        Ok(v) => v,
        Err(e) => {
            let idx = span::LineIndex::new(text);
            let mut off = idx.offset_of_serde(e.line(), e.column());
            let detail = strip_position(&e.to_string());
            if detail.starts_with("trailing comma") {
                // serde_json reports the bracket after the comma; point at the comma itself.
                off = span::comma_before(text, off).unwrap_or(off);
            }
            let msg = if detail.contains("recursion limit") {
                format!("flow json is nested deeper than {MAX_DEPTH} levels")
            } else {
                format!("flow json is not valid json: {detail}")
            };
            raw.push(early(IssueCode::InvalidFlowJson, msg, Some(off)));
            return Ok(finish(text, raw, None, None, opts));
        }
    };
    let spans = doc.span.map(|sp| (&doc.root, sp, doc.table.as_slice()));
    // The scanner measured the nesting while parsing; a tree from serde_json is walked.
    let shallow = doc.depth.is_some_and(|d| d <= MAX_DEPTH);
    let doc = &doc.root;
    let deep = if shallow { None } else { too_deep(doc) };
    if let Some(path) = deep {
        let mut i = early(
            IssueCode::InvalidFlowJson,
            format!("flow json is nested deeper than {MAX_DEPTH} levels"),
            None,
        );
        i.1.location.path = path;
        raw.push(i);
        return Ok(finish(text, raw, None, spans, opts));
    }
    let Some(root) = doc.as_object() else {
        raw.push(early(
            IssueCode::InvalidFlowJson,
            "flow json must be a json object".into(),
            None,
        ));
        return Ok(finish(text, raw, None, spans, opts));
    };
    let ver = match root.get("version") {
        None => {
            raw.push(early(
                IssueCode::MissingFlowJsonVersion,
                "required property `version` is missing".into(),
                None,
            ));
            None
        }
        Some(Node::String(s)) => {
            version_str = Some(s.to_string());
            version_check(s, opts, &mut raw)
        }
        Some(v) => {
            let mut i = early(
                IssueCode::InvalidFlowJsonVersion,
                format!(
                    "`version` must be a string like \"7.3\", not {}",
                    v.type_name()
                ),
                None,
            );
            i.1.location.path = vec![PathSeg::Key("version".into())];
            raw.push(i);
            None
        }
    };
    if let Some(ver) = ver {
        let mut ctx = rules::Ctx::new(ver, opts, root);
        rules::run(&mut ctx);
        raw.append(&mut ctx.issues);
    }
    Ok(finish(text, raw, version_str, spans, opts))
}

fn version_check(
    s: &str,
    opts: &Options,
    raw: &mut Vec<(rules::Phase, Issue)>,
) -> Option<FlowVersion> {
    let mut push = |code: IssueCode, sev: Severity, msg: String| {
        raw.push((
            rules::Phase::Schema,
            Issue {
                code,
                severity: sev,
                message: msg,
                location: Location::new(vec![PathSeg::Key("version".into())], false),
                also: Vec::new(),
            },
        ));
    };
    let Some(v) = FlowVersion::parse(s) else {
        push(
            IssueCode::InvalidFlowJsonVersion,
            Severity::Error,
            format!(
                "invalid flow json version \"{s}\"; supported versions: {}",
                version::known_list()
            ),
        );
        return None;
    };
    let Some(row) = version::lookup(v) else {
        push(
            IssueCode::InvalidFlowJsonVersion,
            Severity::Error,
            format!(
                "flow json version {v} is not supported; supported versions: {}",
                version::known_list()
            ),
        );
        return None;
    };
    match row.state {
        VersionState::Active => {}
        VersionState::Frozen => push(
            IssueCode::WaflowsFrozenVersion,
            if opts.for_publish {
                Severity::Error
            } else {
                Severity::Warning
            },
            format!(
                "flow json version {v} is frozen: flows using it can be sent but not created, updated or published"
            ),
        ),
        VersionState::Expired => {
            push(
                IssueCode::InvalidFlowJsonVersion,
                Severity::Error,
                format!("flow json version {v} has expired: flows using it can no longer be sent"),
            );
            return None;
        }
    }
    Some(v)
}

/// serde_json appends " at line L column C"; the issue carries the position itself.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_owned(),
        None => msg.to_owned(),
    }
}

/// The path of the first container nested deeper than [`MAX_DEPTH`], if any. A first walk
/// without allocation answers the common "no"; the path is built only for a deep document.
fn too_deep(doc: &Node<'_>) -> Option<Vec<PathSeg>> {
    let mut stack: Vec<(&Node<'_>, usize)> = vec![(doc, 1)];
    let mut deep = false;
    while let Some((v, depth)) = stack.pop() {
        let children: &mut dyn Iterator<Item = &Node<'_>> = match v {
            Node::Array(a) => &mut a.iter(),
            Node::Object(o) => &mut o.values(),
            _ => continue,
        };
        if depth > MAX_DEPTH {
            deep = true;
            break;
        }
        stack.extend(
            children
                .filter(|x| x.is_array() || x.is_object())
                .map(|x| (x, depth + 1)),
        );
    }
    if deep { deep_path(doc) } else { None }
}

/// The path of the first container nested deeper than [`MAX_DEPTH`] (iterative: serde_json
/// already caps the depth at 128, so the stack stays small).
fn deep_path(doc: &Node<'_>) -> Option<Vec<PathSeg>> {
    let mut stack: Vec<(&Node<'_>, usize, Option<PathSeg>, usize)> = vec![(doc, 1, None, 0)];
    let mut path: Vec<PathSeg> = Vec::new();
    while let Some((v, depth, seg, parent_len)) = stack.pop() {
        path.truncate(parent_len);
        if let Some(s) = seg {
            path.push(s);
        }
        let here = path.len();
        match v {
            Node::Array(a) if !a.is_empty() || depth > MAX_DEPTH => {
                if depth > MAX_DEPTH {
                    return Some(path);
                }
                for (i, x) in a.iter().enumerate().rev() {
                    if x.is_array() || x.is_object() {
                        stack.push((x, depth + 1, Some(PathSeg::Index(i)), here));
                    }
                }
            }
            Node::Object(o) => {
                if depth > MAX_DEPTH {
                    return Some(path);
                }
                for (k, x) in o.iter().rev() {
                    if x.is_array() || x.is_object() {
                        stack.push((x, depth + 1, Some(PathSeg::Key(k.to_string())), here));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Filters by mode, positions, sorts, merges and caps the issues.
/// `spans`: the document tree and its root span when the parser recorded positions (else
/// the text is scanned again for them).
fn finish(
    text: &[u8],
    raw: Vec<(rules::Phase, Issue)>,
    version: Option<String>,
    spans: Option<(&Node<'_>, tree::Span, &[tree::Span])>,
    opts: &Options,
) -> Report {
    let schema_failed = raw
        .iter()
        .any(|(p, i)| *p == rules::Phase::Schema && i.severity == Severity::Error);
    let cap = opts.max_issues.saturating_mul(10).max(10_000);
    let skip_semantic = opts.mode == Mode::Builder && schema_failed;
    let semantic_skipped = if skip_semantic {
        raw.iter()
            .filter(|(p, _)| *p == rules::Phase::Semantic)
            .count()
    } else {
        0
    };
    let mut issues: Vec<Issue> = raw
        .into_iter()
        .filter(|(p, _)| !(skip_semantic && *p == rules::Phase::Semantic))
        .map(|(_, i)| i)
        .take(cap)
        .collect();
    {
        let mut locs: Vec<&mut Location> = issues.iter_mut().map(|i| &mut i.location).collect();
        match spans {
            Some((root, sp, table)) => span::resolve_tree(text, root, sp, table, &mut locs),
            None => span::resolve(text, &mut locs),
        }
    }
    issues.sort_by(|a, b| {
        (a.location.start, a.location.end, a.code, &a.message).cmp(&(
            b.location.start,
            b.location.end,
            b.code,
            &b.message,
        ))
    });
    issues.dedup_by(|b, a| a.code == b.code && a.message == b.message && a.location == b.location);
    let mut merged = merge_same(issues);
    let truncated = merged.len() > opts.max_issues;
    merged.truncate(opts.max_issues);
    Report {
        issues: merged,
        version,
        truncated,
        semantic_skipped,
    }
}

/// Merges identical (code, severity, message) issues, as Meta does: one issue, many
/// pointers (the first one's location, the others in `also`, in order).
fn merge_same(issues: Vec<Issue>) -> Vec<Issue> {
    /// Up to this many issues a scan of those kept is cheaper than hashing every message.
    const SCAN: usize = 32;
    let hashed = issues.len() > SCAN;
    merge_same_by(issues, hashed)
}

/// [`merge_same`], finding earlier equal issues through a hash map or by a scan.
fn merge_same_by(issues: Vec<Issue>, hashed: bool) -> Vec<Issue> {
    let mut merged: Vec<Issue> = Vec::with_capacity(issues.len());
    let mut index: std::collections::HashMap<(IssueCode, Severity, String), usize> =
        std::collections::HashMap::new();
    for i in issues {
        let at = if hashed {
            let key = (i.code, i.severity, i.message.clone());
            let at = index.get(&key).copied();
            if at.is_none() {
                index.insert(key, merged.len());
            }
            at
        } else {
            merged.iter().position(|m| {
                m.code == i.code && m.severity == i.severity && m.message == i.message
            })
        };
        match at.and_then(|at| merged.get_mut(at)) {
            Some(m) => m.also.push(i.location),
            None => merged.push(i),
        }
    }
    merged
}

/// The Rust examples of docs/flow_json.md run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/flow_json.md")]
struct DocsDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    fn run(doc: &str) -> Report {
        validate(
            doc.as_bytes(),
            &Options::default().with_mode(Mode::Everything),
        )
        .unwrap()
    }

    #[test]
    fn merging_by_scan_and_by_hash_agree() {
        let issue = |n: usize| Issue {
            code: if n % 3 == 0 {
                IssueCode::InvalidPropertyKey
            } else {
                IssueCode::MissingRequiredProperty
            },
            severity: if n % 5 == 0 {
                Severity::Warning
            } else {
                Severity::Error
            },
            message: format!("m{}", n % 7),
            location: Location::new(vec![PathSeg::Index(n)], false),
            also: Vec::new(),
        };
        let all: Vec<Issue> = (0..60).map(issue).collect();
        let scanned = merge_same_by(all.clone(), false);
        assert_eq!(scanned, merge_same_by(all.clone(), true));
        assert_eq!(scanned, merge_same(all));
        // 3 codes x severities x 7 messages collapse; every location is kept, in order.
        assert!(scanned.len() < 60 && scanned.len() > 7, "{}", scanned.len());
        assert_eq!(scanned.iter().map(|i| 1 + i.also.len()).sum::<usize>(), 60);
        let first = scanned.first().expect("issues");
        assert_eq!(first.location.path, [PathSeg::Index(0)]);
        assert!(first.also.windows(2).all(|w| match w {
            [a, b] => a.path < b.path,
            _ => true,
        }));
    }

    #[test]
    fn syntax_errors_are_issues_with_positions() {
        let r = run("{\n  \"version\": \"7.3\",\n  \"screens\": [\n}");
        let i = &r.issues()[0];
        assert_eq!(i.code, IssueCode::InvalidFlowJson);
        assert_eq!((i.line(), i.column()), (4, 1));
        assert!(!r.ok());
    }

    #[test]
    fn too_large_is_an_error_and_deep_nesting_an_issue() {
        let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(
            validate(&big, &Options::default()).unwrap_err().code(),
            ErrorCode::FlowJsonTooLarge
        );
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let r = run(&deep);
        assert_eq!(r.issues().len(), 1, "{r}");
        assert_eq!(r.issues()[0].code, IssueCode::InvalidFlowJson);
        assert_eq!(
            r.issues()[0].column(),
            u32::try_from(MAX_DEPTH + 1).unwrap()
        );
    }

    #[test]
    fn the_scanners_depth_count_agrees_with_the_walk() {
        // The scanner's depth count decides for documents it parses; a tree from serde_json
        // is walked instead. Both must put the limit at the same place.
        for n in [1, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2] {
            let text = format!("{}0{}", "[{\"a\":".repeat(n / 2), "}]".repeat(n / 2));
            let text = if n % 2 == 1 {
                format!("[{text}]")
            } else {
                text
            };
            let arena = tree::Arena::new();
            let doc = tree::Doc::parse(text.as_bytes(), &arena).unwrap();
            assert_eq!(doc.depth, Some(n), "{text}");
            let walked = tree::Node::parse_serde(text.as_bytes(), &arena).unwrap();
            assert_eq!(too_deep(&walked).is_some(), n > MAX_DEPTH, "{n}");
            let flagged = run(&text).issues().iter().any(|i| {
                i.code == IssueCode::InvalidFlowJson && i.message.contains("nested deeper")
            });
            assert_eq!(flagged, n > MAX_DEPTH, "{n}");
        }
    }

    #[test]
    fn binary_garbage_is_one_issue() {
        let r = validate(&[0xff, 0xfe, 0x00, 0x01], &Options::default()).unwrap();
        assert_eq!(r.issues().len(), 1);
        assert_eq!(r.issues()[0].code, IssueCode::InvalidFlowJson);
    }

    #[test]
    fn version_outcomes() {
        let missing = run(r#"{"screens": []}"#);
        assert_eq!(missing.issues()[0].code, IssueCode::MissingFlowJsonVersion);
        let number = run(r#"{"version": 7.3, "screens": []}"#);
        assert_eq!(number.issues()[0].code, IssueCode::InvalidFlowJsonVersion);
        assert_eq!(number.issues()[0].pointer(), "/version");
        let unknown = run(r#"{"version": "7.4", "screens": []}"#);
        assert_eq!(unknown.issues()[0].code, IssueCode::InvalidFlowJsonVersion);
    }

    #[test]
    fn builder_mode_hides_semantic_issues_when_the_schema_fails() {
        // Unknown key (schema) + duplicate screen id (semantic).
        let doc = r#"{"version":"7.3","bogus":1,"screens":[
          {"id":"A","title":"a","terminal":true,"layout":{"type":"SingleColumnLayout","children":[
            {"type":"Footer","label":"x","on-click-action":{"name":"complete","payload":{}}}]}},
          {"id":"A","title":"a","terminal":true,"layout":{"type":"SingleColumnLayout","children":[
            {"type":"Footer","label":"x","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;
        let b = validate(doc.as_bytes(), &Options::default()).unwrap();
        assert!(
            b.issues()
                .iter()
                .all(|i| i.code != IssueCode::DuplicateScreenIds),
            "{b}"
        );
        let e = run(doc);
        assert!(
            e.issues()
                .iter()
                .any(|i| i.code == IssueCode::DuplicateScreenIds),
            "{e}"
        );
        assert!(
            e.issues()
                .iter()
                .any(|i| i.code == IssueCode::InvalidPropertyKey)
        );
    }
}
