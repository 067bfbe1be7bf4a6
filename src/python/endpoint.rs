//! Python surface of the endpoint core (`waflows._waflows.Endpoint`, `PendingRequest`).
//! The routing layer (`waflows.FlowEndpoint`) and the ASGI/WSGI apps are Python
//! (python/waflows/endpoint.py) on top of these two classes.
use std::sync::Mutex;

use pyo3::prelude::*;

use super::{bytes_like, opt_bytes_like, unix_time};
use crate::codec::PrivateKey;
use crate::endpoint::{self, Answer, EndpointConfig, Pending, Response, Step};
use crate::relay::Inbound;
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
/// `EndpointConfig` (`app_secrets`, `token_secrets`, `flow_id`, `ingest_policy`,
/// `error_message`, `token_error_message`, `max_body_bytes`; unknown keys rejected).
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
        let shared = private_key
            .downcast::<super::codec::PrivateKey>()
            .ok()
            .map(|k| k.get().0.clone());
        let pem = match shared {
            Some(_) => Vec::new(),
            None => bytes_like(private_key).map_err(|_| {
                Error::invalid_argument(
                    "private_key must be a waflows.PrivateKey or the PEM text of the key",
                )
            })?,
        };
        let pw = opt_bytes_like(password)?;
        let cfg = match config {
            None => EndpointConfig::default(),
            Some(c) if c.is_none() => EndpointConfig::default(),
            Some(c) => {
                let v = super::from_py_named(c, "config", None)?;
                EndpointConfig::from_json(v.to_string().as_bytes())?
            }
        };
        let e = py.detach(|| -> crate::Result<_> {
            let key = match shared {
                Some(k) => k,
                None => std::sync::Arc::new(PrivateKey::from_pem(&pem, pw.as_deref())?),
            };
            endpoint::Endpoint::new(flow.as_deref(), key, cfg)
        })?;
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
        let now = unix_time(now, "now")?;
        let body = bytes_like(body)?;
        let sig =
            opt_bytes_like(signature_header)?.map(|h| String::from_utf8_lossy(&h).into_owned());
        let step = py.detach(|| {
            self.0.handle(
                Inbound::new(&body, now)
                    .with_signature(sig.as_deref())
                    .with_identity(identity.as_deref()),
            )
        });
        match step {
            Step::Reply(r) => response_to_py(py, &r),
            Step::Ask(p) => {
                let request = out(py, p.request())?;
                let records = out(
                    py,
                    &p.records
                        .iter()
                        .map(crate::ingest::Record::to_json)
                        .collect::<Vec<_>>(),
                )?;
                let problems = out(py, &p.problems)?;
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

fn copy<'py>(py: Python<'py>, v: &Py<PyAny>) -> PyResult<Bound<'py, PyAny>> {
    Ok(v.bind(py).clone())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Endpoint>()?;
    m.add_class::<PendingRequest>()?;
    Ok(())
}
