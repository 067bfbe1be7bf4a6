//! Python surface of template checks and personalization (`waflows.templates`).
use std::collections::BTreeMap;

use pyo3::prelude::*;

use crate::lifecycle::FlowStatus;
use crate::templates::variables::{self, MissingValue};
use crate::templates::{self, Template};

/// One problem of a template: `code`, `severity` (`"error"` / `"warning"`), `field` (dotted
/// path) and `message`. Immutable.
#[pyclass(frozen, module = "waflows._waflows")]
struct TemplateProblem(templates::Problem);

#[pymethods]
impl TemplateProblem {
    /// Stable code (`"button_text_too_long"`).
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }
    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        match self.0.severity {
            templates::Severity::Error => "error",
            templates::Severity::Warning => "warning",
        }
    }
    /// The field (`"button.text"`).
    #[getter]
    fn field(&self) -> &'static str {
        self.0.field
    }
    /// Human-readable explanation.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }
    fn __repr__(&self) -> String {
        format!(
            "TemplateProblem(code={:?}, field={:?}, message={:?})",
            self.code(),
            self.0.field,
            self.0.message
        )
    }
}

/// The report of `validate_template`. `ok` is True when no problem is an error. Immutable.
#[pyclass(frozen, module = "waflows._waflows")]
struct TemplateReport(templates::TemplateReport);

#[pymethods]
impl TemplateReport {
    /// True when no problem is an error (warnings allowed).
    #[getter]
    fn ok(&self) -> bool {
        self.0.ok()
    }
    /// Every problem, in field order.
    #[getter]
    fn problems(&self) -> Vec<TemplateProblem> {
        self.0
            .problems
            .iter()
            .cloned()
            .map(TemplateProblem)
            .collect()
    }
    /// The codes of every problem, in order.
    #[getter]
    fn codes(&self) -> Vec<&'static str> {
        self.0.problems.iter().map(|p| p.code.as_str()).collect()
    }
    /// The JSON form: `{"ok": bool, "problems": [{"code", "severity", "field", "message"}]}`.
    fn to_json(&self) -> PyResult<String> {
        Ok(self.0.to_json()?)
    }
    /// Raises `TemplateError` (`template_invalid`, listing the error-level problems) unless
    /// `ok`; returns None otherwise.
    fn raise_for_problems(&self) -> PyResult<()> {
        if self.0.ok() {
            return Ok(());
        }
        let list: Vec<String> = self
            .0
            .errors()
            .map(|p| format!("{}: {} [{}]", p.field, p.message, p.code))
            .collect();
        Err(crate::Error::new(
            crate::ErrorCode::TemplateInvalid,
            format!("the template has problems: {}", list.join("; ")),
        )
        .into())
    }
    fn __len__(&self) -> usize {
        self.0.problems.len()
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    fn __repr__(&self) -> String {
        format!(
            "<TemplateReport ok={} problems={}>",
            self.0.ok(),
            self.0.problems.len()
        )
    }
}

fn status(s: &str) -> PyResult<FlowStatus> {
    Ok(s.parse::<FlowStatus>()?)
}

/// `template_validate(template, *, flow_status, flow_json=None) -> TemplateReport`. `template`
/// is a dict or JSON text; `flow_json` a dict, JSON text or None. Raises `InvalidArgument` when
/// `template` does not have a template's shape, `LifecycleError` for an unknown status.
#[pyfunction]
#[pyo3(signature = (template, *, flow_status, flow_json=None))]
fn template_validate(
    py: Python<'_>,
    template: &Bound<'_, PyAny>,
    flow_status: &str,
    flow_json: Option<&Bound<'_, PyAny>>,
) -> PyResult<TemplateReport> {
    let t = Template::from_json(&super::json_bytes(template)?)?;
    let st = status(flow_status)?;
    let flow = match flow_json {
        Some(f) if !f.is_none() => Some(super::json_bytes(f)?),
        _ => None,
    };
    let report = py.detach(|| templates::validate_template(&t, st, flow.as_deref()));
    Ok(TemplateReport(report))
}

/// `template_variables(text) -> list[str]`: distinct variable names in order of first
/// appearance. Raises `TemplateError` (`template_variable_syntax`).
#[pyfunction]
fn template_variables(text: &str) -> PyResult<Vec<String>> {
    Ok(variables::variable_names(text)?)
}

/// `template_render(text, profile, *, missing="error") -> str`. `profile` maps variable names
/// (`"user.name"`) to strings; `missing` is `"error"`, `"empty"` or `"keep"`.
#[pyfunction]
#[pyo3(signature = (text, profile, *, missing="error"))]
fn template_render(
    text: &str,
    profile: BTreeMap<String, String>,
    missing: &str,
) -> PyResult<String> {
    let rule: MissingValue = missing.parse()?;
    Ok(variables::render(text, &profile, rule)?)
}

/// `template_check_sendable(flow_status) -> None`: raises `TemplateError`
/// (`template_flow_not_published`) unless the template's flow is Published.
#[pyfunction]
fn template_check_sendable(flow_status: &str) -> PyResult<()> {
    Ok(templates::check_sendable(status(flow_status)?)?)
}

/// `template_require_published_flow(statuses) -> None`: raises `TemplateError`
/// (`template_no_published_flow`) when none of the statuses is Published.
#[pyfunction]
fn template_require_published_flow(statuses: Vec<String>) -> PyResult<()> {
    let parsed = statuses
        .iter()
        .map(|s| status(s))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(templates::require_published_flow(parsed)?)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TemplateProblem>()?;
    m.add_class::<TemplateReport>()?;
    m.add_function(wrap_pyfunction!(template_validate, m)?)?;
    m.add_function(wrap_pyfunction!(template_variables, m)?)?;
    m.add_function(wrap_pyfunction!(template_render, m)?)?;
    m.add_function(wrap_pyfunction!(template_check_sendable, m)?)?;
    m.add_function(wrap_pyfunction!(template_require_published_flow, m)?)?;
    Ok(())
}
