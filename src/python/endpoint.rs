//! Python surface of the endpoint core (`waflows._waflows.Endpoint`, `PendingRequest`).
//! The routing layer (`waflows.FlowEndpoint`) and the ASGI/WSGI apps are Python
//! (python/waflows/endpoint.py) on top of these two classes.
use std::sync::Mutex;

use pyo3::prelude::*;

use pyo3::types::PyDict;

use super::relay::{InboundArgs, KeyArg};
use crate::endpoint::{self, Answer, EndpointConfig, Pending, Response, Step};
use crate::{Error, ErrorCode};

fn out<T: serde::Serialize>(py: Python<'_>, v: &T) -> PyResult<Py<PyAny>> {
    Ok(pythonize::pythonize(py, v)
        .map_err(|e| super::errors::internal_error(format!("cannot convert to Python: {e}")))?
        .unbind())
}

fn response_to_py(py: Python<'_>, r: &Response) -> PyResult<Py<PyAny>> {
    out(py, r)
}

/// The endpoint core for one flow (or one key). Immutable and thread-safe.
///
/// `Endpoint(private_key, *, flow_json=None, password=None, config=None)`: `private_key` is a
/// `waflows.PrivateKey` (shared) or its PEM; `config` a dict with the keys of the Rust
/// `EndpointConfig` — the relay's configuration keys without `setup` (`app_secrets`,
/// `token_secrets`, `flow_id`, `policy`, `coerce_subscription_booleans`, `error_message`,
/// `token_error_message`), plus `max_body_bytes`; None values are the defaults, unknown keys
/// are rejected (`endpoint_config_invalid`).
#[pyclass(frozen, module = "waflows._waflows")]
struct Endpoint(endpoint::Endpoint);

#[pymethods]
impl Endpoint {
    #[new]
    #[pyo3(signature = (private_key, *, flow_json=None, password=None, config=None))]
    fn new(
        py: Python<'_>,
        private_key: &Bound<'_, PyAny>,
        flow_json: Option<&Bound<'_, PyAny>>,
        password: Option<&Bound<'_, PyAny>>,
        config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let flow = flow_json.map(super::convert::json_bytes).transpose()?;
        let cfg = match config {
            Some(c) if !c.is_none() => config_of(py, c)?,
            _ => EndpointConfig::default(),
        };
        let key = KeyArg::from_py(private_key, password)?;
        let e = py.detach(|| endpoint::Endpoint::new(flow.as_deref(), key.load()?, cfg))?;
        Ok(Endpoint(e))
    }

    /// `handle(body, signature_header=None, *, now, identity=None) -> dict | PendingRequest`:
    /// the response to send now (a dict), or the request the host must answer. Never raises
    /// for bad input. The RSA work runs with the GIL released.
    #[pyo3(signature = (body, signature_header=None, *, now, identity=None))]
    fn handle(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        signature_header: Option<&Bound<'_, PyAny>>,
        now: &Bound<'_, PyAny>,
        identity: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let args = InboundArgs::from_py(body, signature_header, now, identity)?;
        let step = py.detach(|| self.0.handle(args.inbound()));
        match step {
            Step::Reply(r) => response_to_py(py, &r),
            Step::Ask(p) => {
                // The core's one JSON form of a pending request, taken apart into attributes.
                let view = out(py, &p)?;
                let view = view.bind(py);
                let part = |k: &str| view.get_item(k).map(Bound::unbind);
                let (request, records, problems) =
                    (part("request")?, part("records")?, part("problems")?);
                Ok(Py::new(
                    py,
                    PendingRequest {
                        pending: Mutex::new(Some(p)),
                        request,
                        records,
                        problems,
                    },
                )?
                .into_any())
            }
        }
    }

    fn __repr__(&self) -> String {
        "<Endpoint>".to_owned()
    }
}

/// A request waiting for the host's answer. `.request` is the dict the handler sees
/// (`action`, `screen`, `data`, `flow_token`, `version`, `identity`); `.records` /
/// `.problems` the ingestion results (also repeated in the final response).
#[pyclass(frozen, module = "waflows._waflows")]
struct PendingRequest {
    pending: Mutex<Option<Pending>>,
    request: Py<PyAny>,
    records: Py<PyAny>,
    problems: Py<PyAny>,
}

#[pymethods]
impl PendingRequest {
    /// The request (the same dict each time).
    #[getter]
    fn request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        copy(py, &self.request)
    }
    /// CleverTap upload records (list of dicts).
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        copy(py, &self.records)
    }
    /// Ingestion problems (list of dicts).
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        copy(py, &self.problems)
    }

    /// `answer(answer) -> dict`: checks and encrypts the host's answer, a dict of the JSON form
    /// (`{"type": "next_screen", "screen": ..., "data": {...}}`, `{"type": "close", "params":
    /// {...}}`, `{"type": "error_message", "message": ...}`, `{"type":
    /// "token_no_longer_valid", "message": ...}`, `{"type": "failed", "reason": ...}`).
    /// A bad answer is replaced (never raises for it); raises `EndpointError`
    /// (`endpoint_answer_invalid`) when `answer` is not of that form and
    /// (`endpoint_already_answered`) the second time.
    fn answer(&self, py: Python<'_>, answer: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let v = super::from_py_named(answer, "answer", None).map_err(|_| {
            Error::new(
                ErrorCode::EndpointAnswerInvalid,
                "the answer must be a dict of JSON values",
            )
        })?;
        let a = Answer::from_json(v.to_string().as_bytes())?;
        let p = self.take()?;
        let r = py.detach(|| p.answer(a));
        response_to_py(py, &r)
    }

    /// `fail(reason=None) -> dict`: the handler failed; HTTP 500 (records kept).
    #[pyo3(signature = (reason=None))]
    fn fail(&self, py: Python<'_>, reason: Option<String>) -> PyResult<Py<PyAny>> {
        let p = self.take()?;
        let r = p.answer(Answer::Failed { reason });
        response_to_py(py, &r)
    }

    /// Whether it was answered already.
    #[getter]
    fn answered(&self) -> bool {
        self.pending.lock().map_or(true, |g| g.is_none())
    }

    fn __repr__(&self) -> String {
        "<PendingRequest>".to_owned()
    }
}

impl PendingRequest {
    fn take(&self) -> PyResult<Pending> {
        let mut g = match self.pending.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        g.take().ok_or_else(|| {
            Error::new(
                ErrorCode::EndpointAlreadyAnswered,
                "this request was already answered",
            )
            .into()
        })
    }
}

/// The `config` dict, read as the relay reads its keywords (bytes secrets allowed, bools
/// checked to be bools), then by the core's reader.
fn config_of(py: Python<'_>, c: &Bound<'_, PyAny>) -> PyResult<EndpointConfig> {
    let bad = |m: String| Error::new(ErrorCode::EndpointConfigInvalid, m);
    let d = c.downcast::<PyDict>().map_err(|_| {
        bad(format!(
            "config must be a dict, not {}",
            super::short_repr(c)
        ))
    })?;
    let mut keys = Vec::with_capacity(d.len());
    for (k, v) in d.iter() {
        let k: String = k
            .extract()
            .map_err(|_| bad("config keys must be strings".to_owned()))?;
        // None is "the default" for a known key only: an unknown key is refused whatever its
        // value, with the core's message (which names the new key of a renamed one).
        if !crate::config::field_names::<EndpointConfig>().contains(&k.as_str()) {
            let one = PyDict::new(py);
            one.set_item(&k, 0)?;
            let e = pythonize::depythonize::<EndpointConfig>(one.as_any())
                .err()
                .map_or_else(|| format!("unknown key {k:?}"), |e| e.to_string());
            return Err(bad(format!("endpoint configuration: {e}")).into());
        }
        keys.push((k, v));
    }
    let pairs: Vec<(&str, Option<&Bound<'_, PyAny>>)> =
        keys.iter().map(|(k, v)| (k.as_str(), Some(v))).collect();
    let d = super::convert::config_dict(py, "endpoint configuration", &pairs)
        .map_err(|e| bad(e.value(py).to_string()))?;
    pythonize::depythonize::<EndpointConfig>(d.as_any()).map_err(|e| {
        // serde's message does not always say which key: find it by reading each one alone.
        let culprit = d.iter().find_map(|(k, v)| {
            let one = PyDict::new(py);
            one.set_item(&k, v).ok()?;
            pythonize::depythonize::<EndpointConfig>(one.as_any())
                .err()
                .map(|e| format!("endpoint configuration: {k}: {e}"))
        });
        bad(culprit.unwrap_or_else(|| format!("endpoint configuration: {e}"))).into()
    })
}

fn copy<'py>(py: Python<'py>, v: &Py<PyAny>) -> PyResult<Bound<'py, PyAny>> {
    Ok(v.bind(py).clone())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Endpoint>()?;
    m.add_class::<PendingRequest>()?;
    Ok(())
}
