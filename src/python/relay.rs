//! Python surface of the relay (`waflows.Relay`, `waflows.Decision` = `Reply | Forward`).
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyList;

use super::ingest::{problems_to_py, records_to_py};
use super::{bytes_like, bytes_like_named, opt_bytes_like, py_repr_opt, py_repr_str, unix_time};
use crate::Error;
use crate::codec::PrivateKey;
use crate::relay::{self, CustomerAnswer, HeldDecision, Inbound, RelayConfig, Reply};

/// The relay for one flow. Immutable and thread-safe: build it once, share it.
///
/// `Relay(flow_json, *, setup, private_key, password=None, app_secrets=None,
/// token_secrets=None, flow_id=None, policy=None, coerce_subscription_booleans=None,
/// error_message=None, token_error_message=None)`. Every keyword after `password` is a key of
/// the core's relay configuration, read by the same reader as the C JSON (None = the
/// documented default). `setup` is `"static"`, `"platform"`, `"platform+customer"` or
/// `"customer"`; `token_secrets` items are bytes/str or `{"id": ..., "secret": ...}`;
/// `private_key` is a loaded `waflows.PrivateKey` (shared, not copied) or the PEM (bytes or
/// str) of the flow's RSA key (then `password` applies).
#[pyclass(frozen, module = "waflows._waflows")]
struct Relay(relay::Relay);

#[pymethods]
impl Relay {
    #[new]
    #[pyo3(signature = (flow_json, *, setup, private_key, password=None, app_secrets=None,
                        token_secrets=None, flow_id=None, policy=None,
                        coerce_subscription_booleans=None, error_message=None,
                        token_error_message=None))]
    #[allow(clippy::too_many_arguments)] // one keyword per configuration key (parity test)
    fn new(
        py: Python<'_>,
        flow_json: &Bound<'_, PyAny>,
        setup: &Bound<'_, PyAny>,
        private_key: &Bound<'_, PyAny>,
        password: Option<&Bound<'_, PyAny>>,
        app_secrets: Option<&Bound<'_, PyAny>>,
        token_secrets: Option<&Bound<'_, PyAny>>,
        flow_id: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        coerce_subscription_booleans: Option<&Bound<'_, PyAny>>,
        error_message: Option<&Bound<'_, PyAny>>,
        token_error_message: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let flow = super::json_bytes_named(flow_json, "flow_json")?;
        // The keyword arguments become the configuration dict the core reads (None = absent).
        let cfg = super::convert::config_dict(
            py,
            "Relay",
            &[
                ("setup", Some(setup)),
                ("app_secrets", app_secrets),
                ("token_secrets", token_secrets),
                ("flow_id", flow_id),
                ("policy", policy),
                ("coerce_subscription_booleans", coerce_subscription_booleans),
                ("error_message", error_message),
                ("token_error_message", token_error_message),
            ],
        )?;
        let cfg: RelayConfig = super::from_py_config("Relay", cfg.as_any())?;
        let key = KeyArg::from_py(private_key, password)?;
        let r = py.detach(|| relay::Relay::new(&flow, key.load()?, cfg))?;
        Ok(Relay(r))
    }

    /// `handle(body, signature_header=None, *, now, identity=None) -> Reply | Forward`: runs
    /// one request. `now` is UNIX seconds (int or float). Never raises for a bad request:
    /// every outcome is a decision (bad *arguments* raise `InvalidArgument`).
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
        let d = py.detach(|| self.0.handle(args.inbound()));
        decision(py, d.into())
    }

    /// The setup name.
    #[getter]
    fn setup(&self) -> &'static str {
        self.0.config().setup.as_str()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Relay setup={}>",
            py_repr_str(self.0.config().setup.as_str())
        )
    }
}

/// A `private_key` argument (a loaded `waflows.PrivateKey`, shared without a copy, or the PEM
/// of the key with its `password`), read with the GIL held and loaded without it. The relay and
/// the endpoint take their key this one way.
pub(super) struct KeyArg {
    shared: Option<Arc<PrivateKey>>,
    pem: Vec<u8>,
    password: Option<Vec<u8>>,
}

impl KeyArg {
    pub(super) fn from_py(
        private_key: &Bound<'_, PyAny>,
        password: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<KeyArg> {
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
        let password = opt_bytes_like(password)?;
        Ok(KeyArg {
            shared,
            pem,
            password,
        })
    }

    /// The key (parses the PEM: call it with the GIL released).
    pub(super) fn load(self) -> crate::Result<Arc<PrivateKey>> {
        match self.shared {
            Some(k) => Ok(k),
            None => Ok(Arc::new(PrivateKey::from_pem(
                &self.pem,
                self.password.as_deref(),
            )?)),
        }
    }
}

/// The arguments of `handle(body, signature_header=None, *, now, identity=None)`, shared by
/// the relay and the endpoint.
pub(super) struct InboundArgs {
    body: Vec<u8>,
    signature: Option<String>,
    now: crate::UnixTime,
    identity: Option<String>,
}

impl InboundArgs {
    pub(super) fn from_py(
        body: &Bound<'_, PyAny>,
        signature_header: Option<&Bound<'_, PyAny>>,
        now: &Bound<'_, PyAny>,
        identity: Option<String>,
    ) -> PyResult<InboundArgs> {
        Ok(InboundArgs {
            now: unix_time(now, "now")?,
            body: bytes_like_named(body, "body")?,
            signature: opt_bytes_like(signature_header)?
                .map(|h| String::from_utf8_lossy(&h).into_owned()),
            identity,
        })
    }

    pub(super) fn inbound(&self) -> Inbound<'_> {
        Inbound {
            body: &self.body,
            signature: self.signature.as_deref(),
            now: self.now,
            identity: self.identity.as_deref(),
        }
    }
}

/// A relay decision: a `Reply` (answer now with `.status` and `.body`) or a `Forward` (POST
/// `.forward_json` to the customer endpoint, then call `.resume(status, body)` or
/// `.timeout()`, which return a `Reply`). `.records` are the CleverTap upload records (given
/// once, with the first decision); `.reply_kind` says what the reply is (`"health"`,
/// `"screen"`, `"fallback"`, …); `.error_code` / `.error_message` say why something was
/// rejected.
#[pyclass(frozen, subclass, module = "waflows._waflows")]
struct Decision(HeldDecision);

/// A decision to answer now: `.status` is always an int.
#[pyclass(frozen, extends = Decision, name = "Reply", module = "waflows._waflows")]
struct ReplyDecision;

/// A decision to ask the customer endpoint: `.forward_json` is always a str.
#[pyclass(frozen, extends = Decision, name = "Forward", module = "waflows._waflows")]
struct ForwardDecision;

/// Wraps a held decision in its Python class (`Reply` or `Forward`).
fn decision(py: Python<'_>, d: HeldDecision) -> PyResult<Py<PyAny>> {
    let is_reply = d.reply().is_some();
    let base = pyo3::PyClassInitializer::from(Decision(d));
    Ok(if is_reply {
        Py::new(py, base.add_subclass(ReplyDecision))?.into_any()
    } else {
        Py::new(py, base.add_subclass(ForwardDecision))?.into_any()
    })
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
    fn notification<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.reply()
            .and_then(|r| r.notification.as_ref())
            .map(|n| super::to_py(py, n))
            .transpose()
    }
    /// Data keys left out of the answer because the screen does not declare them.
    #[getter]
    fn dropped_keys(&self) -> Vec<String> {
        self.reply()
            .map(|r| r.dropped_keys.clone())
            .unwrap_or_default()
    }

    /// `to_dict() -> dict`: the core's serialisation of the decision, for logs and ingestion
    /// (no key, no ciphertext, no forwarded plaintext): `kind`, `status`, `reply_kind`,
    /// `screen`, `records`, `problems` (as dicts), `identity`, `error` (`{"code", "message"}`
    /// or None), `notification`, `dropped_keys`. The C `waflows_decision_to_json` gives the same.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        super::to_py(py, &self.0)
    }

    /// `resume(customer_status, customer_body=None) -> Reply`: the customer endpoint's answer
    /// (`customer_status=None` means it timed out). `customer_status` is an HTTP status
    /// (100-999); `customer_body` is bytes/str or a dict (sent as JSON). Only for a `Forward`,
    /// only once (`RelayError` with code `relay_continuation_used` otherwise).
    #[pyo3(signature = (customer_status, customer_body=None))]
    fn resume(
        &self,
        py: Python<'_>,
        customer_status: Option<&Bound<'_, PyAny>>,
        customer_body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let status = match customer_status {
            Some(s) if !s.is_none() => {
                Some(u16::try_from(super::int_in(s, "customer_status", 100, 999)?).unwrap_or(0))
            }
            _ => None,
        };
        let body = match customer_body {
            Some(b) if !b.is_none() => super::json_bytes_named(b, "customer_body")?,
            _ => Vec::new(),
        };
        let c = self.0.take_continuation()?;
        let reply = py.detach(|| match status {
            Some(status) => c.resume(CustomerAnswer::Http {
                status,
                body: &body,
            }),
            None => c.resume(CustomerAnswer::Timeout),
        });
        decision(py, reply.into())
    }

    /// `timeout() -> Reply`: the customer endpoint did not answer in time.
    fn timeout(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let c = self.0.take_continuation()?;
        decision(py, c.resume(CustomerAnswer::Timeout).into())
    }

    /// `unreachable() -> Reply`: the customer endpoint could not be reached (connection
    /// refused or reset, name resolution, TLS); the reply's `error_code` is
    /// `relay_customer_unreachable` (a timeout's is `relay_customer_timeout`).
    fn unreachable(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let c = self.0.take_continuation()?;
        decision(py, c.resume(CustomerAnswer::Unreachable).into())
    }

    fn __repr__(&self) -> String {
        match (self.reply(), self.0.forward_json()) {
            (Some(r), _) => format!(
                "<Reply status={} reply_kind={} screen={} error_code={}>",
                r.status,
                py_repr_str(r.kind.as_str()),
                py_repr_opt(r.screen.as_deref()),
                py_repr_opt(r.error.as_ref().map(|e| e.code().as_str()))
            ),
            (None, json) => format!(
                "<Forward forward_json=<{} bytes> records={}>",
                json.map_or(0, str::len),
                self.0.records().len()
            ),
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Relay>()?;
    m.add_class::<Decision>()?;
    m.add_class::<ReplyDecision>()?;
    m.add_class::<ForwardDecision>()?;
    Ok(())
}
