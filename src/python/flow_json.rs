//! Python surface of the Flow JSON validator: `validate_flow_json`, `Report`, `Issue`,
//! `issue_codes`.
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::convert::to_py;
use crate::flow_json::{self, IssueCode, Options, PathSeg, Severity};

/// One problem found in a Flow JSON document.
#[pyclass(frozen, module = "waflows._waflows")]
struct Issue(flow_json::Issue);

#[pymethods]
impl Issue {
    /// Meta's code (`"INVALID_PROPERTY_KEY"`), or a waflows code (`"WAFLOWS_…"`).
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }
    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }
    /// The message.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }
    /// The RFC 6901 JSON Pointer (`"/screens/1/layout"`).
    #[getter]
    fn pointer(&self) -> String {
        self.0.pointer()
    }
    /// The path as a tuple of keys (str) and indexes (int).
    #[getter]
    fn path<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items: Vec<Bound<'py, PyAny>> = self
            .0
            .path()
            .iter()
            .map(|s| -> PyResult<Bound<'py, PyAny>> {
                Ok(match s {
                    PathSeg::Key(k) => k.into_pyobject(py)?.into_any(),
                    PathSeg::Index(i) => i.into_pyobject(py)?.into_any(),
                })
            })
            .collect::<PyResult<_>>()?;
        PyTuple::new(py, items)
    }
    /// Meta's dotted path (`"screens[1].layout"`).
    #[getter]
    fn meta_path(&self) -> String {
        self.0.meta_path()
    }
    /// 1-based start line in the submitted text.
    #[getter]
    fn line(&self) -> u32 {
        self.0.line()
    }
    /// 1-based start column (characters).
    #[getter]
    fn column(&self) -> u32 {
        self.0.column()
    }
    /// 1-based end line (inclusive).
    #[getter]
    fn end_line(&self) -> u32 {
        self.0.end_line()
    }
    /// 1-based end column (inclusive).
    #[getter]
    fn end_column(&self) -> u32 {
        self.0.end_column()
    }
    /// Further pointers of the same (code, message) issue, merged as Meta merges them.
    #[getter]
    fn also(&self) -> Vec<String> {
        self.0
            .also
            .iter()
            .map(flow_json::Location::pointer)
            .collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Issue {} {} at {:?} {}:{}>",
            self.0.severity.as_str(),
            self.0.code,
            self.0.pointer(),
            self.0.line(),
            self.0.column()
        )
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// The result of validating a Flow JSON document. A bad document is a report with issues,
/// never an exception.
#[pyclass(frozen, module = "waflows._waflows")]
struct Report(flow_json::Report);

impl Report {
    fn pick(&self, sev: Option<Severity>) -> Vec<Issue> {
        self.0
            .issues()
            .iter()
            .filter(|i| sev.is_none_or(|s| i.severity == s))
            .cloned()
            .map(Issue)
            .collect()
    }
}

#[pymethods]
impl Report {
    /// True when there is no error (warnings allowed).
    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }
    /// Every issue, in document order.
    #[getter]
    fn issues(&self) -> Vec<Issue> {
        self.pick(None)
    }
    /// The errors.
    #[getter]
    fn errors(&self) -> Vec<Issue> {
        self.pick(Some(Severity::Error))
    }
    /// The warnings.
    #[getter]
    fn warnings(&self) -> Vec<Issue> {
        self.pick(Some(Severity::Warning))
    }
    /// The document's `version`, or None.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.0.version()
    }
    /// Whether issues were dropped because of the issue cap.
    #[getter]
    fn truncated(&self) -> bool {
        self.0.truncated()
    }
    /// The report as a JSON string with stable field names.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
    /// The errors in the shape of the Graph API's `validation_errors` (a list of dicts).
    fn to_meta_validation_errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.to_meta_validation_errors())
    }
    /// Raises `waflows.errors.FlowJsonInvalid` (with `.report`) when the report has errors;
    /// returns None otherwise (warnings do not raise).
    fn raise_for_issues(slf: &Bound<'_, Self>) -> PyResult<()> {
        let me = slf.get();
        let Some(first) = me.0.errors().next() else {
            return Ok(());
        };
        let n = me.0.errors().count();
        let msg = format!(
            "flow json has {n} error{}; first: {}:{}: [{}] {}",
            if n == 1 { "" } else { "s" },
            first.line(),
            first.column(),
            first.code,
            first.message
        );
        let py = slf.py();
        let cls = py.import("waflows.errors")?.getattr("FlowJsonInvalid")?;
        let exc = cls.call1((msg,))?;
        exc.setattr("report", slf)?;
        Err(PyErr::from_value(exc))
    }
    fn __len__(&self) -> usize {
        self.0.issues().len()
    }
    fn __bool__(&self) -> bool {
        self.0.ok()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Report ok={} errors={} warnings={}>",
            if self.0.ok() { "True" } else { "False" },
            self.0.errors().count(),
            self.0.warnings().count()
        )
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// Validates a Flow JSON document (`bytes | bytearray | memoryview | str`, or a dict, which is
/// serialised first: lines and columns then refer to that compact text) offline. The
/// keywords are the keys of the core's validation options (the C `options_json`; None = the
/// default): `mode` is `"builder"` (default; like Flow Builder: schema problems first,
/// semantic checks only when the schema passes) or `"everything"`; `for_publish=True` makes a
/// frozen version an error; `strict=True` takes the strict reading of every documented
/// discrepancy; `max_issues` caps the report (default 1000). Raises `LimitExceeded` over 10
/// MiB and `InvalidArgument` for a bad option; never for a bad document.
#[pyfunction]
#[pyo3(signature = (text, *, mode = None, for_publish = None, strict = None, max_issues = None))]
fn validate_flow_json(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    mode: Option<&Bound<'_, PyAny>>,
    for_publish: Option<&Bound<'_, PyAny>>,
    strict: Option<&Bound<'_, PyAny>>,
    max_issues: Option<&Bound<'_, PyAny>>,
) -> PyResult<Report> {
    let d = super::convert::config_dict(
        py,
        "validate_flow_json",
        &[
            ("mode", mode),
            ("for_publish", for_publish),
            ("strict", strict),
            ("max_issues", max_issues),
        ],
    )?;
    let opts: Options = super::from_py_config("validate_flow_json", d.as_any())?;
    let text = super::json_bytes_named(text, "text")?;
    let report = py.detach(|| flow_json::validate(&text, &opts))?;
    Ok(Report(report))
}

/// `issue_codes() -> list[dict]`: every issue code the validator can emit, as
/// `{"code", "severity" (under the default options), "description", "since", "until"}`
/// (`since`/`until` are Flow JSON versions, or None when the code is not version-bound).
#[pyfunction]
fn issue_codes<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    let rows: Vec<Bound<'py, PyDict>> = IssueCode::ALL
        .iter()
        .map(|c| -> PyResult<Bound<'py, PyDict>> {
            let (a, b) = c.versions();
            let d = PyDict::new(py);
            d.set_item("code", c.as_str())?;
            d.set_item("severity", c.default_severity().as_str())?;
            d.set_item("description", c.description())?;
            d.set_item("since", a.map(|v| v.to_string()))?;
            d.set_item("until", b.map(|v| v.to_string()))?;
            Ok(d)
        })
        .collect::<PyResult<_>>()?;
    PyList::new(py, rows)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Issue>()?;
    m.add_class::<Report>()?;
    m.add_function(wrap_pyfunction!(validate_flow_json, m)?)?;
    m.add_function(wrap_pyfunction!(issue_codes, m)?)?;
    Ok(())
}
