//! Python surface of the endpoint codec.
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use super::convert::{from_py_named, json_bytes_named, map_to_py, to_py};
use super::{bytes_like, bytes_like_named, opt_bytes_like, py_repr_opt};
use crate::Error;
use crate::codec::{self, PublicKey, response};

/// An optional dict argument as a JSON object (None → `{}`); anything else is
/// `InvalidArgument` naming `what`.
fn opt_map(
    what: &str,
    d: Option<&Bound<'_, PyAny>>,
    default: Option<&Bound<'_, PyAny>>,
) -> PyResult<serde_json::Map<String, serde_json::Value>> {
    match d {
        None => Ok(serde_json::Map::new()),
        Some(d) if d.is_none() => Ok(serde_json::Map::new()),
        Some(d) if d.downcast::<PyDict>().is_ok() => match from_py_named(d, what, default)? {
            serde_json::Value::Object(m) => Ok(m),
            _ => Err(Error::invalid_argument(format!("{what} must be a dict")).into()),
        },
        Some(d) => Err(Error::invalid_argument(format!(
            "{what} must be a dict or None, not {}",
            d.get_type()
                .name()
                .map_or_else(|_| "object".to_owned(), |n| n.to_string())
        ))
        .into()),
    }
}

/// An RSA private key. Immutable and thread-safe: load it once and share it between every
/// request thread. `decrypt_request` releases the GIL during the RSA work.
#[pyclass(frozen, module = "waflows._waflows")]
pub(crate) struct PrivateKey(pub(crate) std::sync::Arc<codec::PrivateKey>);

#[pymethods]
impl PrivateKey {
    /// Loads a PEM private key (PKCS#1, legacy-encrypted PKCS#1, PKCS#8, encrypted PKCS#8).
    /// `password` (bytes or str) is required for encrypted keys. Raises `InvalidKey`.
    #[staticmethod]
    #[pyo3(signature = (pem, password=None))]
    fn from_pem(
        py: Python<'_>,
        pem: &Bound<'_, PyAny>,
        password: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let pem = bytes_like(pem)?;
        let pw = opt_bytes_like(password)?;
        let key = py.detach(|| codec::PrivateKey::from_pem(&pem, pw.as_deref()))?;
        Ok(PrivateKey(key.into()))
    }

    /// Loads an unencrypted DER private key (PKCS#8 or PKCS#1). Raises `InvalidKey`.
    #[staticmethod]
    fn from_der(der: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PrivateKey(
            codec::PrivateKey::from_der(&bytes_like(der)?)?.into(),
        ))
    }

    /// The public key as SubjectPublicKeyInfo PEM (the form uploaded to Meta).
    fn public_key_pem(&self) -> String {
        self.0.public_key_pem()
    }

    /// The modulus size in bits.
    #[getter]
    fn bits(&self) -> usize {
        self.0.bits()
    }

    /// Decrypts the body Meta POSTs (bytes or str). Raises `MalformedRequest` (HTTP 400) or
    /// `DecryptionError` (HTTP 421).
    fn decrypt_request(&self, py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<FlowRequest> {
        let body = bytes_like(body)?;
        let req = py.detach(|| self.0.decrypt_request(&body))?;
        Ok(FlowRequest(req))
    }

    fn __repr__(&self) -> String {
        format!("<PrivateKey RSA-{}>", self.0.bits())
    }
}

/// A decrypted request. Holds the AES key and IV, so its `encrypt_response` and `respond_*`
/// methods always use the right ones.
#[pyclass(frozen, module = "waflows._waflows")]
struct FlowRequest(codec::FlowRequest);

#[pymethods]
impl FlowRequest {
    /// `action` (`"ping"`, `"INIT"`, `"BACK"`, `"data_exchange"`, or the unknown value).
    #[getter]
    fn action(&self) -> &str {
        self.0.action().as_str()
    }
    /// `screen`, or None.
    #[getter]
    fn screen(&self) -> Option<&str> {
        self.0.screen()
    }
    /// `version` (Data API version), or None.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.0.version()
    }
    /// `flow_token`, or None (some iOS clients omit it).
    #[getter]
    fn flow_token(&self) -> Option<&str> {
        self.0.flow_token()
    }
    /// `flow_token_signature` (Data API 4.0), or None.
    #[getter]
    fn flow_token_signature(&self) -> Option<&str> {
        self.0.flow_token_signature()
    }
    /// `data` as a dict, or None when absent or not an object.
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.0.data().map(|m| map_to_py(py, m)).transpose()
    }
    /// The whole decrypted JSON object as a dict (unknown fields kept).
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, self.0.payload())
    }
    /// The decrypted plaintext bytes, exactly as received.
    #[getter]
    fn raw<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.raw())
    }
    /// True for WhatsApp's health check.
    #[getter]
    fn is_ping(&self) -> bool {
        self.0.is_ping()
    }
    /// True when the client reports that the previous answer was invalid.
    #[getter]
    fn is_error_notification(&self) -> bool {
        self.0.is_error_notification()
    }
    /// The error key of an error notification (`data.error` or `data.error_key`), or None.
    #[getter]
    fn error_key(&self) -> Option<&str> {
        self.0.error_key()
    }
    /// The message of an error notification (`data.error_message`), or None.
    #[getter]
    fn error_message(&self) -> Option<&str> {
        if !self.0.is_error_notification() {
            return None;
        }
        self.0
            .data()
            .and_then(|d| d.get("error_message"))
            .and_then(serde_json::Value::as_str)
    }

    /// `encrypt_response(response, *, default=None) -> str`: encrypts a response (a dict, or
    /// JSON text as bytes/str) with this request's key and the flipped IV. Returns the exact
    /// HTTP body (base64 `str`). A value that is not JSON raises `InvalidArgument` naming its
    /// path, unless `default` (called with it, as by `json.dumps`) returns a replacement.
    #[pyo3(signature = (response, *, default=None))]
    fn encrypt_response(
        &self,
        response: &Bound<'_, PyAny>,
        default: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        // A dict is converted once and encrypted as is; only JSON text needs checking.
        if response.downcast::<PyDict>().is_ok() {
            let v = from_py_named(response, "response", default)?;
            return Ok(self.0.encrypt_response(&v)?);
        }
        if response.downcast::<PyList>().is_ok() || response.downcast::<PyTuple>().is_ok() {
            return Err(Error::invalid_argument("response must be a dict (a JSON object)").into());
        }
        Ok(self
            .0
            .encrypt_response_json(&json_bytes_named(response, "response")?)?)
    }
    /// The encrypted health-check answer.
    fn respond_health(&self) -> String {
        self.0.respond_health()
    }
    /// The encrypted acknowledgement of an error notification.
    fn respond_error_ack(&self) -> String {
        self.0.respond_error_ack()
    }
    /// `respond_next_screen(screen, data=None, error_message=None, *, default=None) -> str`:
    /// the encrypted next-screen answer. `screen` must not be `"SUCCESS"` (use
    /// `respond_close`).
    #[pyo3(signature = (screen, data=None, error_message=None, *, default=None))]
    fn respond_next_screen(
        &self,
        screen: &Bound<'_, PyAny>,
        data: Option<&Bound<'_, PyAny>>,
        error_message: Option<&Bound<'_, PyAny>>,
        default: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let screen = text_arg(screen, "screen")?;
        if screen == response::SUCCESS_SCREEN {
            return Err(Error::invalid_argument(
                "respond_next_screen: SUCCESS is reserved; close the flow with respond_close(params)",
            )
            .into());
        }
        if screen.is_empty() {
            return Err(
                Error::invalid_argument("respond_next_screen: screen must not be empty").into(),
            );
        }
        let error_message = match error_message {
            Some(m) if !m.is_none() => Some(text_arg(m, "error_message")?),
            _ => None,
        };
        let data = opt_map("data", data, default)?;
        Ok(self
            .0
            .respond_next_screen(&screen, data, error_message.as_deref())?)
    }
    /// `respond_close(params=None, *, default=None) -> str`: the encrypted answer that closes
    /// the flow (`SUCCESS`), carrying this request's `flow_token` and the extra `params`.
    /// When the request has no `flow_token` (some iOS clients omit it), `params["flow_token"]`
    /// is used; with neither, `InvalidArgument`.
    #[pyo3(signature = (params=None, *, default=None))]
    fn respond_close(
        &self,
        params: Option<&Bound<'_, PyAny>>,
        default: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let params = opt_map("params", params, default)?;
        let token = match self.0.flow_token() {
            Some(t) => t.to_owned(),
            None => match params.get("flow_token") {
                Some(serde_json::Value::String(t)) if !t.is_empty() => t.clone(),
                Some(_) => {
                    return Err(Error::invalid_argument(
                        "respond_close: params['flow_token'] must be a non-empty str",
                    )
                    .into());
                }
                None => {
                    return Err(Error::invalid_argument(
                        "respond_close: the request has no flow_token; pass params={'flow_token': ...}",
                    )
                    .into());
                }
            },
        };
        Ok(self.0.encrypt_response(&response::close(&token, params))?)
    }
    /// The encrypted body of an HTTP 427 answer (`{"error_msg": message}`).
    fn respond_token_error(&self, message: &Bound<'_, PyAny>) -> PyResult<String> {
        Ok(self.0.respond_token_error(&text_arg(message, "message")?))
    }

    fn __repr__(&self) -> String {
        format!(
            "<FlowRequest action={} screen={}>",
            super::py_repr_str(self.0.action().as_str()),
            py_repr_opt(self.0.screen())
        )
    }
}

/// `generate_key_pair(bits=2048, password=None) -> (private_pem, public_pem)`.
#[pyfunction]
#[pyo3(signature = (bits=None, password=None))]
fn generate_key_pair(
    py: Python<'_>,
    bits: Option<&Bound<'_, PyAny>>,
    password: Option<&Bound<'_, PyAny>>,
) -> PyResult<(String, String)> {
    let bits = match bits {
        Some(b) if !b.is_none() => {
            usize::try_from(super::int_in(b, "bits", 0, 1 << 20)?).unwrap_or(0)
        }
        _ => 2048,
    };
    let pw = opt_bytes_like(password)?;
    let pair = py.detach(|| codec::generate_key_pair(bits, pw.as_deref()))?;
    Ok((pair.private_pem.to_string(), pair.public_pem))
}

/// `verify_signature(body, header, app_secret)`: checks `X-Hub-Signature-256` over the raw
/// body. `app_secret` is one secret (str/bytes) or a list/tuple of them (rotation). Returns
/// None; raises `InvalidSignature` (HTTP 432).
#[pyfunction]
fn verify_signature(
    body: &Bound<'_, PyAny>,
    header: &Bound<'_, PyAny>,
    app_secret: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let body = bytes_like_named(body, "body")?;
    let header = if header.is_none() {
        String::new()
    } else {
        String::from_utf8_lossy(&bytes_like_named(header, "header")?).into_owned()
    };
    let mut secrets = super::tokens::raw_secrets(app_secret, "app_secret")?;
    // A rotation list may hold an unset slot (an empty environment variable): it is skipped,
    // as long as one real secret remains (no secret at all is still `InvalidArgument`).
    secrets.retain(|s| !s.is_empty());
    Ok(codec::verify_signature(&body, &header, &secrets)?)
}

/// `sign(body, app_secret) -> str`: the `X-Hub-Signature-256` header value (tests).
#[pyfunction]
fn sign(body: &Bound<'_, PyAny>, app_secret: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(codec::sign(&bytes_like(body)?, &bytes_like(app_secret)?))
}

/// A request encrypted as WhatsApp would send it (`waflows.testing.encrypt_request`).
#[pyclass(frozen, module = "waflows._waflows")]
struct EncryptedRequest(codec::testing::EncryptedRequest);

#[pymethods]
impl EncryptedRequest {
    /// The JSON body to POST.
    #[getter]
    fn body(&self) -> &str {
        &self.0.body
    }
    /// Decrypts the endpoint's answer (base64 text as str/bytes) and returns it parsed
    /// (usually a dict). Raises `InvalidResponse`.
    fn decrypt_response<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let pt = self.0.decrypt_response(&bytes_like(text)?)?;
        let v: serde_json::Value = serde_json::from_slice(&pt).map_err(|_| {
            crate::Error::new(
                crate::ErrorCode::InvalidResponse,
                "the decrypted response is not JSON",
            )
        })?;
        to_py(py, &v)
    }
    fn __repr__(&self) -> String {
        "<EncryptedRequest>".to_string()
    }
}

/// `encrypt_request(public_key_pem, payload) -> EncryptedRequest`: the phone's side, for
/// testing an endpoint. `payload` is a dict or JSON text.
#[pyfunction]
fn encrypt_request(
    py: Python<'_>,
    public_key_pem: &Bound<'_, PyAny>,
    payload: &Bound<'_, PyAny>,
) -> PyResult<EncryptedRequest> {
    let pem = bytes_like(public_key_pem)?;
    let payload = json_bytes_named(payload, "payload")?;
    let r = py.detach(|| -> crate::Result<_> {
        let pk = PublicKey::from_pem(&pem)?;
        codec::testing::encrypt_request(&pk, &payload)
    })?;
    Ok(EncryptedRequest(r))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PrivateKey>()?;
    m.add_class::<FlowRequest>()?;
    m.add_class::<EncryptedRequest>()?;
    m.add_function(wrap_pyfunction!(generate_key_pair, m)?)?;
    m.add_function(wrap_pyfunction!(verify_signature, m)?)?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(encrypt_request, m)?)?;
    m.add("RSA_BACKEND", codec::BACKEND)?;
    Ok(())
}

/// A text argument: `str` (or UTF-8 bytes); anything else is `InvalidArgument` naming it.
fn text_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let b = bytes_like_named(obj, what)?;
    String::from_utf8(b)
        .map_err(|_| Error::invalid_argument(format!("{what} must be UTF-8 text")).into())
}
