//! Python surface of the flow lifecycle (`waflows.lifecycle`).
use pyo3::prelude::*;

use crate::lifecycle::{self, Action, Context, EndpointKind, FlowListing, FlowStatus};

/// The outcome of `apply`: the new status (Meta's upper-case name) and the effects the host
/// must carry out, in order. Immutable.
#[pyclass(frozen, eq, module = "waflows._waflows")]
#[derive(PartialEq)]
struct Transition {
    status: &'static str,
    effects: Vec<&'static str>,
}

#[pymethods]
impl Transition {
    /// The status after the action (`"PUBLISHED"`).
    #[getter]
    fn status(&self) -> &'static str {
        self.status
    }
    /// The effects (`"deprecate_flow"`, `"remove_from_templates"`, …), in execution order.
    #[getter]
    fn effects(&self) -> Vec<&'static str> {
        self.effects.clone()
    }
    fn __repr__(&self) -> String {
        let effects: Vec<String> = self.effects.iter().map(|e| format!("'{e}'")).collect();
        format!(
            "Transition(status='{}', effects=[{}])",
            self.status,
            effects.join(", ")
        )
    }
}

/// `lifecycle_apply(status, action, *, endpoint="platform", has_validation_errors=False,
/// uses_endpoint=False, endpoint_configured=False, published_edits=False) -> Transition`.
/// Raises `LifecycleError` (`.code` says why).
#[pyfunction]
#[pyo3(signature = (status, action, *, endpoint="platform", has_validation_errors=false, uses_endpoint=false, endpoint_configured=false, published_edits=false))]
fn lifecycle_apply(
    status: &str,
    action: &str,
    endpoint: &str,
    has_validation_errors: bool,
    uses_endpoint: bool,
    endpoint_configured: bool,
    published_edits: bool,
) -> PyResult<Transition> {
    let ctx = Context {
        endpoint: endpoint.parse::<EndpointKind>()?,
        has_validation_errors,
        uses_endpoint,
        endpoint_configured,
        published_edits,
    };
    let t = lifecycle::apply(status.parse()?, action.parse()?, &ctx)?;
    Ok(Transition {
        status: t.status.as_str(),
        effects: t.effects.iter().map(|e| e.as_str()).collect(),
    })
}

/// `lifecycle_allowed_actions(status, *, endpoint="platform") -> set[str]`: the business
/// actions the status allows.
#[pyfunction]
#[pyo3(signature = (status, *, endpoint="platform"))]
fn lifecycle_allowed_actions(
    status: &str,
    endpoint: &str,
) -> PyResult<std::collections::BTreeSet<&'static str>> {
    let set = lifecycle::allowed_actions(status.parse()?, endpoint.parse()?);
    Ok(set.iter().map(|a| a.as_str()).collect())
}

/// `lifecycle_action_for_status_change(old, new) -> str | None`: the Meta action
/// (`"throttle"`, `"block"`, `"recover"`) a `FLOW_STATUS_CHANGE` webhook stands for.
#[pyfunction]
fn lifecycle_action_for_status_change(old: &str, new: &str) -> PyResult<Option<&'static str>> {
    Ok(lifecycle::action_for_status_change(old.parse()?, new.parse()?).map(Action::as_str))
}

/// `lifecycle_parse_listing_row(data) -> dict`: checks one listing row (dict or JSON text) and
/// returns it normalised (status as Meta's upper-case name). Raises `InvalidArgument`.
#[pyfunction]
fn lifecycle_parse_listing_row<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let bytes = super::json_bytes(data)?;
    let row = FlowListing::from_json(&bytes)?;
    super::to_py(py, &row)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Transition>()?;
    m.add_function(wrap_pyfunction!(lifecycle_apply, m)?)?;
    m.add_function(wrap_pyfunction!(lifecycle_allowed_actions, m)?)?;
    m.add_function(wrap_pyfunction!(lifecycle_action_for_status_change, m)?)?;
    m.add_function(wrap_pyfunction!(lifecycle_parse_listing_row, m)?)?;
    m.add(
        "LIFECYCLE_STATUSES",
        FlowStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
    )?;
    m.add(
        "LIFECYCLE_ACTIONS",
        Action::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
    )?;
    m.add(
        "LIFECYCLE_EFFECTS",
        lifecycle::Effect::ALL
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}
