//! Python surface of signed flow tokens (`waflows.tokens`).
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyTuple};

use super::{bytes_like, bytes_like_named, py_repr_opt, py_repr_str, unix_time};
use crate::config::TokenSecretList;
use crate::tokens::{self, TokenSecret};

/// One token secret or a list/tuple of them, read by the core's serde reader: each is
/// `bytes | str` (key id derived from the secret) or `{"id": ..., "secret": ...}` (explicit
/// key id, for rotation).
pub(crate) fn secrets_from(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<TokenSecret>> {
    let obj = plain_bytes(obj)?;
    Ok(super::from_py_config::<TokenSecretList>(what, &obj)?.0)
}

/// One secret or a list/tuple of them, as bytes.
pub(crate) fn raw_secrets(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Vec<u8>>> {
    if obj.downcast::<PyList>().is_ok() || obj.downcast::<PyTuple>().is_ok() {
        obj.try_iter()?
            .map(|s| bytes_like_named(&s?, what))
            .collect()
    } else {
        Ok(vec![bytes_like_named(obj, what)?])
    }
}

/// `bytearray` and `memoryview` (inside lists, tuples and `{"secret": ...}` dicts too) as
/// `bytes`, the one bytes type `depythonize` reads.
pub(crate) fn plain_bytes<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    if obj.downcast::<PyByteArray>().is_ok() || obj.downcast::<PyMemoryView>().is_ok() {
        return Ok(PyBytes::new(py, &bytes_like(obj)?).into_any());
    }
    if obj.downcast::<PyList>().is_ok() || obj.downcast::<PyTuple>().is_ok() {
        let items = obj
            .try_iter()?
            .map(|x| plain_bytes(&x?))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(PyList::new(py, items)?.into_any());
    }
    if let Ok(d) = obj.downcast::<PyDict>() {
        let out = PyDict::new(py);
        for (k, v) in d.iter() {
            out.set_item(k, plain_bytes(&v)?)?;
        }
        return Ok(out.into_any());
    }
    Ok(obj.clone())
}

/// What a verified token says.
#[pyclass(frozen, module = "waflows._waflows")]
struct FlowTokenClaims(tokens::Claims);

#[pymethods]
impl FlowTokenClaims {
    /// The user identity.
    #[getter]
    fn identity(&self) -> &str {
        &self.0.identity
    }
    /// The flow id.
    #[getter]
    fn flow_id(&self) -> &str {
        &self.0.flow_id
    }
    /// The campaign id, or None.
    #[getter]
    fn campaign_id(&self) -> Option<&str> {
        self.0.campaign_id.as_deref()
    }
    /// Expiry, UNIX seconds.
    #[getter]
    fn expires_at(&self) -> u64 {
        self.0.expires_at
    }
    /// Id of the secret that signed the token.
    #[getter]
    fn key_id(&self) -> &str {
        &self.0.key_id
    }
    fn __repr__(&self) -> String {
        format!(
            "<FlowTokenClaims flow_id={} campaign_id={} expires_at={} key_id={}>",
            py_repr_str(&self.0.flow_id),
            py_repr_opt(self.0.campaign_id.as_deref()),
            self.0.expires_at,
            py_repr_str(&self.0.key_id)
        )
    }
}

/// `issue(secret, *, identity, flow_id, expires_at, campaign_id=None) -> str`: a compact,
/// URL-safe token (under 200 characters) signed with HMAC-SHA256. `secret` is bytes or str of
/// at least 16 bytes (key id derived from it), or `{"id": ..., "secret": ...}` (explicit key
/// id, for rotation). `expires_at` is UNIX seconds (int or float). Raises `InvalidArgument`.
#[pyfunction]
#[pyo3(name = "tokens_issue", signature = (secret, *, identity, flow_id, expires_at, campaign_id=None))]
fn issue(
    secret: &Bound<'_, PyAny>,
    identity: &str,
    flow_id: &str,
    expires_at: &Bound<'_, PyAny>,
    campaign_id: Option<&str>,
) -> PyResult<String> {
    let expires_at = unix_time(expires_at, "expires_at")?;
    let mut list = secrets_from(secret, "secret")?;
    let s: TokenSecret = match (list.pop(), list.is_empty()) {
        (Some(s), true) => s,
        _ => {
            return Err(crate::Error::invalid_argument(
                "secret must be one secret (bytes, str or {'id', 'secret'}), not a list",
            )
            .into());
        }
    };
    Ok(tokens::issue(
        &s,
        identity,
        flow_id,
        campaign_id,
        expires_at,
    )?)
}

/// `verify(token, secrets, *, now) -> FlowTokenClaims`: `secrets` is one secret or a list
/// (rotation); `now` is UNIX seconds. Raises `InvalidFlowToken` (HTTP 427; the subclass
/// `FlowTokenExpired` when it expired).
#[pyfunction]
#[pyo3(name = "tokens_verify", signature = (token, secrets, *, now))]
fn verify(
    token: &str,
    secrets: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
) -> PyResult<FlowTokenClaims> {
    let now = unix_time(now, "now")?;
    let secrets = secrets_from(secrets, "secrets")?;
    Ok(FlowTokenClaims(tokens::verify(token, &secrets, now)?))
}

/// `verify_flow_token_signature(jwt, flow_token, app_secrets, *, now)`: checks Data API 4.0's
/// `flow_token_signature`. Returns None; raises `FlowTokenSignatureInvalid` (HTTP 427).
#[pyfunction]
#[pyo3(signature = (jwt, flow_token, app_secrets, *, now))]
fn verify_flow_token_signature(
    jwt: &str,
    flow_token: &str,
    app_secrets: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let now = unix_time(now, "now")?;
    let mut secrets = raw_secrets(app_secrets, "app_secrets")?;
    secrets.retain(|s| !s.is_empty());
    Ok(tokens::verify_flow_token_signature(
        jwt, flow_token, &secrets, now,
    )?)
}

/// `sign_flow_token_signature(claims, app_secret) -> str`: an HS256 JWT like Meta's (tests).
#[pyfunction]
fn sign_flow_token_signature(
    claims: &Bound<'_, PyAny>,
    app_secret: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let v = super::from_py_named(claims, "claims", None)?;
    Ok(tokens::sign_jwt_hs256(
        &v,
        &bytes_like_named(app_secret, "app_secret")?,
    ))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<FlowTokenClaims>()?;
    m.add_function(wrap_pyfunction!(issue, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(verify_flow_token_signature, m)?)?;
    m.add_function(wrap_pyfunction!(sign_flow_token_signature, m)?)?;
    Ok(())
}
