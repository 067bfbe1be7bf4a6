//! Python surface of ingestion (`waflows.ingest`).
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::convert::{
    config_dict, from_py_config, from_py_named, json_bytes_named, map_to_py, to_py,
};
use super::{py_repr_str, unix_time};
use crate::ingest::{self, WebhookOptions};

/// One ingestion problem: `.code`, `.key`, `.pointer`, `.message`, `.outcome`
/// (`"record_dropped"`, `"field_dropped"`, `"kept"`) and `.value` (the dropped data, or None).
#[pyclass(frozen, module = "waflows._waflows")]
pub(crate) struct Problem(pub(crate) ingest::Problem);

#[pymethods]
impl Problem {
    /// Stable snake_case code, e.g. `"invalid_phone"`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }
    /// CleverTap's per-record error code for the same fault, or None.
    #[getter]
    fn clevertap_code(&self) -> Option<u16> {
        self.0.code.clevertap_code()
    }
    /// The offending key as written in the payload.
    #[getter]
    fn key(&self) -> &str {
        &self.0.key
    }
    /// RFC 6901 pointer to the offending place.
    #[getter]
    fn pointer(&self) -> &str {
        &self.0.pointer
    }
    /// Human-readable explanation.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }
    /// What was done with the data.
    #[getter]
    fn outcome(&self) -> &'static str {
        self.0.outcome.as_str()
    }
    /// The data that did not reach a record, or None when it was kept.
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.value.as_ref().map(|v| to_py(py, v)).transpose()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Problem code={} pointer={} outcome={}>",
            py_repr_str(self.0.code.as_str()),
            py_repr_str(&self.0.pointer),
            py_repr_str(self.0.outcome.as_str())
        )
    }
}

pub(crate) fn problems_to_py<'py>(
    py: Python<'py>,
    ps: &[ingest::Problem],
) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, ps.iter().map(|p| Problem(p.clone())))
}

pub(crate) fn records_to_py<'py>(
    py: Python<'py>,
    rs: &[ingest::Record],
) -> PyResult<Bound<'py, PyList>> {
    let items = rs
        .iter()
        .map(|r| to_py(py, &r.to_json()))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// What `extract` found: `.event` (`{"evtName", "evtData"}` or None), `.profile` (dict or
/// None), `.problems`, `.rest` (the payload without `ct-evt` / `ct-up`).
#[pyclass(frozen, module = "waflows._waflows")]
struct Extraction(ingest::Extraction);

#[pymethods]
impl Extraction {
    /// `{"evtName": ..., "evtData": {...}}`, or None.
    #[getter]
    fn event<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .event
            .as_ref()
            .map(|e| to_py(py, &e.to_json()))
            .transpose()
    }
    /// Profile properties, or None.
    #[getter]
    fn profile<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.0
            .profile
            .as_ref()
            .map(|p| map_to_py(py, p))
            .transpose()
    }
    /// Every problem found.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        problems_to_py(py, &self.0.problems)
    }
    /// The payload without the ingestion keys.
    #[getter]
    fn rest<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.0.rest)
    }
    /// `records(identity, ts=None) -> (list[dict], list[Problem])`: the upload records for
    /// this user; without an identity each block becomes a `missing_identity` problem.
    #[pyo3(signature = (identity, ts=None))]
    fn records<'py>(
        &self,
        py: Python<'py>,
        identity: Option<&str>,
        ts: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
        let ts = match ts {
            Some(t) if !t.is_none() => Some(unix_time(t, "ts")?),
            _ => None,
        };
        let (r, p) = self.0.records(identity, ts);
        Ok((records_to_py(py, &r)?, problems_to_py(py, &p)?))
    }
    fn __repr__(&self) -> String {
        format!(
            "<Extraction event={} profile={} problems={}>",
            self.0.event.is_some(),
            self.0.profile.is_some(),
            self.0.problems.len()
        )
    }
}

/// `extract(payload, *, policy=None, coerce_subscription_booleans=None) -> Extraction`.
/// `payload` is a dict or JSON text; the keywords are the keys of the core's extraction
/// options (None = default: `"drop_field"`, True). Raises `PayloadError` when the payload is
/// not a JSON object.
#[pyfunction]
#[pyo3(signature = (payload, *, policy=None, coerce_subscription_booleans=None))]
fn extract(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    coerce_subscription_booleans: Option<&Bound<'_, PyAny>>,
) -> PyResult<Extraction> {
    let d = config_dict(
        py,
        "extract",
        &[
            ("policy", policy),
            ("coerce_subscription_booleans", coerce_subscription_booleans),
        ],
    )?;
    let options: ingest::Options = from_py_config("extract", d.as_any())?;
    let x = if payload.downcast::<PyDict>().is_ok() {
        ingest::extract_with(&from_py_named(payload, "payload", None)?, &options)?
    } else {
        ingest::extract_json(&json_bytes_named(payload, "payload")?, &options)?
    };
    Ok(Extraction(x))
}

/// Everything taken from one webhook: `.records` (list[dict]), `.problems`, `.completions`
/// (list of dicts, the core's serialised completions: `message_id`, `identity`, `wa_id`,
/// `user_id`, `flow_token`, `ts`, `pointer`, `response` = the parsed `response_json` without
/// the ingestion keys).
#[pyclass(frozen, module = "waflows._waflows")]
struct WebhookIngest(ingest::WebhookIngest);

#[pymethods]
impl WebhookIngest {
    /// Upload records.
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records_to_py(py, &self.0.records)
    }
    /// Problems (pointers into the webhook body).
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        problems_to_py(py, &self.0.problems)
    }
    /// One dict per flow completion.
    #[getter]
    fn completions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        Ok(to_py(py, &self.0.completions)?.downcast_into::<PyList>()?)
    }
    fn __repr__(&self) -> String {
        format!(
            "<WebhookIngest completions={} records={} problems={}>",
            self.0.completions.len(),
            self.0.records.len(),
            self.0.problems.len()
        )
    }
}

/// `ingest_webhook(body, *, policy=None, coerce_subscription_booleans=None,
/// identity_style=None, fallback_event=None) -> WebhookIngest`. The keywords are the keys of
/// the core's webhook options (None = default: `"drop_field"`, True, `"as_sent"`, none).
/// Raises `PayloadError` (`invalid_webhook`) or `LimitExceeded`.
#[pyfunction]
#[pyo3(signature = (body, *, policy=None, coerce_subscription_booleans=None, identity_style=None, fallback_event=None))]
fn ingest_webhook(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    coerce_subscription_booleans: Option<&Bound<'_, PyAny>>,
    identity_style: Option<&Bound<'_, PyAny>>,
    fallback_event: Option<&Bound<'_, PyAny>>,
) -> PyResult<WebhookIngest> {
    let d = config_dict(
        py,
        "ingest_webhook",
        &[
            ("policy", policy),
            ("coerce_subscription_booleans", coerce_subscription_booleans),
            ("identity_style", identity_style),
            ("fallback_event", fallback_event),
        ],
    )?;
    let opts: WebhookOptions = from_py_config("ingest_webhook", d.as_any())?;
    let body = json_bytes_named(body, "body")?;
    Ok(WebhookIngest(
        py.detach(|| ingest::ingest_webhook_with(&body, &opts))?,
    ))
}

/// `records_from_webhook(body) -> list[dict]`: the upload records of every flow completion in a
/// messages-webhook body (bytes, str or the parsed dict).
#[pyfunction]
fn records_from_webhook<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let body = json_bytes_named(body, "body")?;
    let records = py.detach(|| ingest::records_from_webhook(&body))?;
    records_to_py(py, &records)
}

/// `upload_bodies(records) -> list[str]`: `{"d": [...]}` bodies of at most 1000 records each.
/// `records` is a list of record dicts (or JSON text of such a list). Raises `PayloadError`
/// (`invalid_record`) naming the first bad record.
#[pyfunction]
fn upload_bodies(py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let json = json_bytes_named(records, "records")?;
    Ok(py.detach(|| ingest::upload_bodies_from_json(&json))?)
}

/// `problem_codes() -> list[tuple[str, int | None]]`: every ingestion problem code with its
/// CleverTap error code.
#[pyfunction]
fn problem_codes() -> Vec<(&'static str, Option<u16>)> {
    ingest::ProblemCode::ALL
        .iter()
        .map(|c| (c.as_str(), c.clevertap_code()))
        .collect()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Problem>()?;
    m.add_class::<Extraction>()?;
    m.add_class::<WebhookIngest>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(ingest_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(records_from_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(upload_bodies, m)?)?;
    m.add_function(wrap_pyfunction!(problem_codes, m)?)?;
    Ok(())
}
