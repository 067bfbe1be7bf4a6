//! Python surface of ingestion (`waflows.ingest`).
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::convert::{from_py, json_bytes, map_to_py, to_py};
use crate::ingest::{self, IdentityStyle, Policy, WebhookOptions};

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
            "<Problem {} at {} ({})>",
            self.0.code,
            self.0.pointer,
            self.0.outcome.as_str()
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

pub(crate) fn parse_policy(policy: &str) -> PyResult<Policy> {
    Ok(Policy::parse(policy)?)
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
        ts: Option<i64>,
    ) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
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

/// `extract(payload, *, policy="drop_field", coerce_subscription_booleans=True) -> Extraction`.
/// `payload` is a dict or JSON text. Raises `PayloadError` when it is not a JSON object.
#[pyfunction]
#[pyo3(signature = (payload, *, policy="drop_field", coerce_subscription_booleans=true))]
fn extract(
    payload: &Bound<'_, PyAny>,
    policy: &str,
    coerce_subscription_booleans: bool,
) -> PyResult<Extraction> {
    let options = ingest::Options {
        policy: parse_policy(policy)?,
        coerce_subscription_booleans,
    };
    let x = if payload.downcast::<PyDict>().is_ok() {
        ingest::extract_with(&from_py(payload)?, &options)?
    } else {
        ingest::extract_json(&json_bytes(payload)?, &options)?
    };
    Ok(Extraction(x))
}

fn webhook_options(
    policy: &str,
    identity_style: &str,
    fallback_event: Option<String>,
) -> PyResult<WebhookOptions> {
    let identity = match identity_style {
        "as_sent" => IdentityStyle::AsSent,
        "plus_prefixed" => IdentityStyle::PlusPrefixed,
        other => {
            return Err(crate::Error::invalid_argument(format!(
                "identity_style must be \"as_sent\" or \"plus_prefixed\", got {other:?}"
            ))
            .into());
        }
    };
    Ok(WebhookOptions {
        extract: ingest::Options {
            policy: parse_policy(policy)?,
            ..ingest::Options::default()
        },
        identity,
        fallback_event,
    })
}

/// Everything taken from one webhook: `.records` (list[dict]), `.problems`, `.completions`
/// (list of dicts: `message_id`, `identity`, `wa_id`, `user_id`, `flow_token`, `ts`,
/// `pointer`, `response` = the parsed `response_json` without the ingestion keys).
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
        let items = self
            .0
            .completions
            .iter()
            .map(|c| {
                let d = PyDict::new(py);
                d.set_item("message_id", &c.message_id)?;
                d.set_item("identity", &c.identity)?;
                d.set_item("wa_id", &c.wa_id)?;
                d.set_item("user_id", &c.user_id)?;
                d.set_item("flow_token", &c.flow_token)?;
                d.set_item("ts", c.ts)?;
                d.set_item("pointer", &c.pointer)?;
                d.set_item("response", map_to_py(py, &c.extraction.rest)?)?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }
}

/// `ingest_webhook(body, *, policy="drop_field", identity_style="as_sent", fallback_event=None)
/// -> WebhookIngest`. Raises `PayloadError` (`invalid_webhook`) or `LimitExceeded`.
#[pyfunction]
#[pyo3(signature = (body, *, policy="drop_field", identity_style="as_sent", fallback_event=None))]
fn ingest_webhook(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    policy: &str,
    identity_style: &str,
    fallback_event: Option<String>,
) -> PyResult<WebhookIngest> {
    let opts = webhook_options(policy, identity_style, fallback_event)?;
    let body = json_bytes(body)?;
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
    let body = json_bytes(body)?;
    let records = py.detach(|| ingest::records_from_webhook(&body))?;
    records_to_py(py, &records)
}

/// `upload_bodies(records) -> list[str]`: `{"d": [...]}` bodies of at most 1000 records each.
/// `records` is a list of record dicts (or JSON text of such a list). Raises `PayloadError`
/// (`invalid_record`) naming the first bad record.
#[pyfunction]
fn upload_bodies(py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let json = if records.downcast::<PyTuple>().is_ok() {
        serde_json::to_vec(&from_py(records)?)
            .map_err(|e| crate::Error::invalid_argument(e.to_string()))?
    } else {
        json_bytes(records)?
    };
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
