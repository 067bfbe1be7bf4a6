//! Python surface of the relay (`waflows.Relay`, `waflows.Decision`).
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::ingest::{parse_policy, problems_to_py, records_to_py};
use super::tokens::{raw_secrets, secrets_from};
use super::{bytes_like, opt_bytes_like};
use crate::Error;
use crate::codec::PrivateKey;
use crate::relay::{self, CustomerAnswer, HeldDecision, Inbound, RelayConfig, Reply, Setup};

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
        let pw = opt_bytes_like(password)?;
        let mut cfg = RelayConfig::new(setup.parse::<Setup>()?);
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
        let sig =
            opt_bytes_like(signature_header)?.map(|h| String::from_utf8_lossy(&h).into_owned());
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

/// A relay decision. `.kind` is `"reply"` (answer now with `.status` and `.body`) or `"forward"`
/// (POST `.forward_json` to the customer endpoint, then call `.resume(status, body)` or
/// `.timeout()`). `.records` are the CleverTap upload records (given once, with the first
/// decision); `.reply_kind` says what the reply is (`"health"`, `"screen"`, `"fallback"`, …);
/// `.error_code` / `.error_message` say why something was rejected.
#[pyclass(frozen, module = "waflows._waflows")]
struct Decision(HeldDecision);

impl<T: Into<HeldDecision>> From<T> for Decision {
    fn from(d: T) -> Self {
        Decision(d.into())
    }
}

impl Decision {
    fn reply(&self) -> Option<&Reply> {
        self.0.reply()
    }
}

#[pymethods]
impl Decision {
    /// `"reply"` or `"forward"`.
    #[getter]
    fn kind(&self) -> &'static str {
        if self.reply().is_some() {
            "reply"
        } else {
            "forward"
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
        self.0.forward_json()
    }
    /// CleverTap upload records (list of dicts).
    #[getter]
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        records_to_py(py, self.0.records())
    }
    /// Ingestion problems.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        problems_to_py(py, self.0.problems())
    }
    /// The identity the request was attributed to.
    #[getter]
    fn identity(&self) -> Option<&str> {
        self.0.identity()
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
        let body = opt_bytes_like(customer_body)?.unwrap_or_default();
        let c = self.0.take_continuation()?;
        let reply = py.detach(|| match customer_status {
            Some(status) => c.resume(CustomerAnswer::Http {
                status,
                body: &body,
            }),
            None => c.resume(CustomerAnswer::Timeout),
        });
        Ok(Decision::from(reply))
    }

    /// `timeout() -> Decision`: the customer endpoint did not answer in time.
    fn timeout(&self) -> PyResult<Decision> {
        let c = self.0.take_continuation()?;
        Ok(Decision::from(c.resume(CustomerAnswer::Timeout)))
    }

    fn __repr__(&self) -> String {
        match (self.reply(), self.0.forward_json()) {
            (Some(r), _) => format!("<Decision reply {} {}>", r.status, r.kind.as_str()),
            (None, json) => format!("<Decision forward json_len={}>", json.map_or(0, str::len)),
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Relay>()?;
    m.add_class::<Decision>()?;
    Ok(())
}
