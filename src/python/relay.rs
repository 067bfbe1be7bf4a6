//! Python surface of the relay (`waflows.Relay`, `waflows.Decision`).
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::bytes_like;
use super::ingest::{parse_policy, problems_to_py, records_to_py};
use super::tokens::{raw_secrets, secrets_from};
use crate::codec::PrivateKey;
use crate::ingest::{Problem, Record};
use crate::relay::{self, Continuation, CustomerAnswer, Inbound, RelayConfig, Reply, Setup};
use crate::{Error, ErrorCode};

/// The relay for one flow. Immutable and thread-safe: build it once, share it.
///
/// `Relay(flow_json, *, setup, private_key, password=None, app_secrets=(), token_secrets=(),
/// flow_id=None, policy="drop_field", error_message=None, token_error_message=None)`.
/// `setup` is `"static"`, `"platform"`, `"platform+customer"` or `"customer"`;
/// `private_key` is a loaded `waflows.PrivateKey` (shared, not copied) or the PEM (bytes or
/// str) of the flow's RSA key (then `password` applies).
#[pyclass(frozen, module = "waflows._waflows")]
struct Relay(relay::Relay);

#[pymethods]
impl Relay {
    #[new]
    #[pyo3(signature = (flow_json, *, setup, private_key, password=None, app_secrets=None,
                        token_secrets=None, flow_id=None, policy="drop_field", error_message=None,
                        token_error_message=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        flow_json: &Bound<'_, PyAny>,
        setup: &str,
        private_key: &Bound<'_, PyAny>,
        password: Option<&Bound<'_, PyAny>>,
        app_secrets: Option<&Bound<'_, PyAny>>,
        token_secrets: Option<&Bound<'_, PyAny>>,
        flow_id: Option<String>,
        policy: &str,
        error_message: Option<String>,
        token_error_message: Option<String>,
    ) -> PyResult<Self> {
        let flow = super::convert::json_bytes(flow_json)?;
        // A loaded `waflows.PrivateKey` is shared (no copy, no re-parse); PEM text is loaded.
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
        let pw = match password {
            Some(p) if !p.is_none() => Some(bytes_like(p)?),
            _ => None,
        };
        let mut cfg = RelayConfig::new(Setup::parse(setup)?);
        if let Some(s) = app_secrets {
            cfg.app_secrets = raw_secrets(s)?;
        }
        if let Some(s) = token_secrets {
            cfg.token_secrets = secrets_from(s)?;
        }
        cfg.flow_id = flow_id;
        cfg.ingest.policy = parse_policy(policy)?;
        if let Some(m) = error_message {
            cfg.error_message = m;
        }
        if let Some(m) = token_error_message {
            cfg.token_error_message = m;
        }
        let r = py.detach(|| -> crate::Result<_> {
            let key = match shared {
                Some(k) => k,
                None => std::sync::Arc::new(PrivateKey::from_pem(&pem, pw.as_deref())?),
            };
            relay::Relay::new(&flow, key, cfg)
        })?;
        Ok(Relay(r))
    }

    /// `handle(body, signature_header=None, *, now, identity=None) -> Decision`: runs one
    /// request. Never raises for bad input: every outcome is a `Decision`.
    #[pyo3(signature = (body, signature_header=None, *, now, identity=None))]
    fn handle(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        signature_header: Option<&Bound<'_, PyAny>>,
        now: u64,
        identity: Option<String>,
    ) -> PyResult<Decision> {
        let body = bytes_like(body)?;
        let sig = match signature_header {
            Some(h) if !h.is_none() => Some(String::from_utf8_lossy(&bytes_like(h)?).into_owned()),
            _ => None,
        };
        let d = py.detach(|| {
            self.0.handle(Inbound {
                body: &body,
                signature: sig.as_deref(),
                now,
                identity: identity.as_deref(),
            })
        });
        Ok(Decision::from(d))
    }

    /// The setup name.
    #[getter]
    fn setup(&self) -> &'static str {
        self.0.config().setup.as_str()
    }

    fn __repr__(&self) -> String {
        format!("<Relay setup={}>", self.0.config().setup.as_str())
    }
}

enum Data {
    Reply(Reply),
    Forward {
        json: String,
        records: Vec<Record>,
        problems: Vec<Problem>,
        identity: Option<String>,
    },
}

/// A relay decision. `.kind` is `"reply"` (answer now with `.status` and `.body`) or `"forward"`
/// (POST `.forward_json` to the customer endpoint, then call `.resume(status, body)` or
/// `.timeout()`). `.records` are the CleverTap upload records (given once, with the first
/// decision); `.reply_kind` says what the reply is (`"health"`, `"screen"`, `"fallback"`, …);
/// `.error_code` / `.error_message` say why something was rejected.
#[pyclass(frozen, module = "waflows._waflows")]
struct Decision {
    data: Data,
    continuation: Mutex<Option<Continuation>>,
}

impl From<relay::Decision> for Decision {
    fn from(d: relay::Decision) -> Self {
        match d {
            relay::Decision::Reply(r) => Decision {
                data: Data::Reply(r),
                continuation: Mutex::new(None),
            },
            relay::Decision::Forward(f) => {
                let json = f.json().to_owned();
                Decision {
                    data: Data::Forward {
                        json,
                        records: f.records,
                        problems: f.problems,
                        identity: f.identity,
                    },
                    continuation: Mutex::new(Some(f.continuation)),
                }
            }
        }
    }
}

impl Decision {
    fn reply(&self) -> Option<&Reply> {
        match &self.data {
            Data::Reply(r) => Some(r),
            Data::Forward { .. } => None,
        }
    }

    fn take(&self) -> PyResult<Continuation> {
        if self.reply().is_some() {
            return Err(
                Error::invalid_argument("only a \"forward\" decision can be resumed").into(),
            );
        }
        let mut guard = match self.continuation.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        guard.take().ok_or_else(|| {
            Error::new(
                ErrorCode::RelayContinuationUsed,
                "this decision was already resumed",
            )
            .into()
        })
    }
}

#[pymethods]
impl Decision {
    /// `"reply"` or `"forward"`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.data {
            Data::Reply(_) => "reply",
            Data::Forward { .. } => "forward",
        }
    }
    /// HTTP status of a reply; None for a forward.
    #[getter]
    fn status(&self) -> Option<u16> {
        self.reply().map(|r| r.status)
    }
    /// HTTP body of a reply (encrypted base64 text, or ""); "" for a forward.
    #[getter]
    fn body(&self) -> &str {
        self.reply().map_or("", |r| r.body.as_str())
    }
    /// What the reply is (`"signature_rejected"`, `"undecryptable"`, `"health"`,
    /// `"error_acknowledged"`, `"no_endpoint"`, `"token_rejected"`, `"screen"`, `"close"`,
    /// `"customer_screen"`, `"customer_close"`, `"customer_token_rejected"`, `"fallback"`);
    /// None for a forward.
    #[getter]
    fn reply_kind(&self) -> Option<&'static str> {
        self.reply().map(|r| r.kind.as_str())
    }
    /// The screen answered, when there is one.
    #[getter]
    fn screen(&self) -> Option<&str> {
        self.reply().and_then(|r| r.screen.as_deref())
    }
    /// The JSON to POST to the customer endpoint (user plaintext: do not log); None for a reply.
    #[getter]
    fn forward_json(&self) -> Option<&str> {
        match &self.data {
            Data::Forward { json, .. } => Some(json),
            Data::Reply(_) => None,
        }
    }
    /// CleverTap upload records (list of dicts).
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        match &self.data {
            Data::Reply(r) => records_to_py(py, &r.records),
            Data::Forward { records, .. } => records_to_py(py, records),
        }
    }
    /// Ingestion problems.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        match &self.data {
            Data::Reply(r) => problems_to_py(py, &r.problems),
            Data::Forward { problems, .. } => problems_to_py(py, problems),
        }
    }
    /// The identity the request was attributed to.
    #[getter]
    fn identity(&self) -> Option<&str> {
        match &self.data {
            Data::Reply(r) => r.identity.as_deref(),
            Data::Forward { identity, .. } => identity.as_deref(),
        }
    }
    /// Error code (str) when something was rejected, else None.
    #[getter]
    fn error_code(&self) -> Option<&'static str> {
        self.reply()
            .and_then(|r| r.error.as_ref())
            .map(|e| e.code().as_str())
    }
    /// Error message when something was rejected, else None.
    #[getter]
    fn error_message(&self) -> Option<&str> {
        self.reply()
            .and_then(|r| r.error.as_ref())
            .map(Error::message)
    }
    /// The error notification (`{"error_key", "error_message", "screen"}`) of an
    /// `"error_acknowledged"` reply, else None.
    #[getter]
    fn notification<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(n) = self.reply().and_then(|r| r.notification.as_ref()) else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("error_key", &n.error_key)?;
        d.set_item("error_message", &n.error_message)?;
        d.set_item("screen", &n.screen)?;
        Ok(Some(d))
    }
    /// Data keys left out of the answer because the screen does not declare them.
    #[getter]
    fn dropped_keys(&self) -> Vec<String> {
        self.reply()
            .map(|r| r.dropped_keys.clone())
            .unwrap_or_default()
    }

    /// `resume(customer_status, customer_body) -> Decision`: the customer endpoint's answer
    /// (`customer_status=None` means it timed out). Only for a `"forward"`, only once
    /// (`RelayError` with code `relay_continuation_used` otherwise).
    #[pyo3(signature = (customer_status, customer_body=None))]
    fn resume(
        &self,
        py: Python<'_>,
        customer_status: Option<u16>,
        customer_body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Decision> {
        let body = match customer_body {
            Some(b) if !b.is_none() => bytes_like(b)?,
            _ => Vec::new(),
        };
        let c = self.take()?;
        let reply = py.detach(|| match customer_status {
            Some(status) => c.resume(CustomerAnswer::Http {
                status,
                body: &body,
            }),
            None => c.resume(CustomerAnswer::Timeout),
        });
        Ok(Decision::from(relay::Decision::Reply(reply)))
    }

    /// `timeout() -> Decision`: the customer endpoint did not answer in time.
    fn timeout(&self) -> PyResult<Decision> {
        let c = self.take()?;
        Ok(Decision::from(relay::Decision::Reply(
            c.resume(CustomerAnswer::Timeout),
        )))
    }

    fn __repr__(&self) -> String {
        match &self.data {
            Data::Reply(r) => format!("<Decision reply {} {}>", r.status, r.kind.as_str()),
            Data::Forward { json, .. } => format!("<Decision forward json_len={}>", json.len()),
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Relay>()?;
    m.add_class::<Decision>()?;
    Ok(())
}
