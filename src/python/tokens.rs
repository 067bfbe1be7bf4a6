//! Python surface of signed flow tokens (`waflows.tokens`).
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use super::bytes_like;
use crate::tokens::{self, TokenSecret};

/// One secret (`bytes | str`) or a list/tuple of them → token secrets with derived key ids.
pub(crate) fn secrets_from(obj: &Bound<'_, PyAny>) -> PyResult<Vec<TokenSecret>> {
    raw_secrets(obj)?
        .iter()
        .map(|s| TokenSecret::new(s).map_err(PyErr::from))
        .collect()
}

/// One secret or a list/tuple of them, as bytes.
pub(crate) fn raw_secrets(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u8>>> {
    if obj.downcast::<PyList>().is_ok() || obj.downcast::<PyTuple>().is_ok() {
        obj.try_iter()?.map(|s| bytes_like(&s?)).collect()
    } else {
        Ok(vec![bytes_like(obj)?])
    }
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
            "<FlowTokenClaims flow_id={:?} expires_at={}>",
            self.0.flow_id, self.0.expires_at
        )
    }
}

/// `issue(secret, *, identity, flow_id, expires_at, campaign_id=None) -> str`: a compact,
/// URL-safe token (under 200 characters) signed with HMAC-SHA256. `secret` is bytes or str of
/// at least 16 bytes. Raises `InvalidArgument`.
#[pyfunction]
#[pyo3(name = "tokens_issue", signature = (secret, *, identity, flow_id, expires_at, campaign_id=None))]
fn issue(
    secret: &Bound<'_, PyAny>,
    identity: &str,
    flow_id: &str,
    expires_at: u64,
    campaign_id: Option<&str>,
) -> PyResult<String> {
    let s = TokenSecret::new(&bytes_like(secret)?)?;
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
fn verify(token: &str, secrets: &Bound<'_, PyAny>, now: u64) -> PyResult<FlowTokenClaims> {
    let secrets = secrets_from(secrets)?;
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
    now: u64,
) -> PyResult<()> {
    let secrets = raw_secrets(app_secrets)?;
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
    let v = super::convert::from_py(claims)?;
    Ok(tokens::sign_jwt_hs256(&v, &bytes_like(app_secret)?))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<FlowTokenClaims>()?;
    m.add_function(wrap_pyfunction!(issue, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(verify_flow_token_signature, m)?)?;
    m.add_function(wrap_pyfunction!(sign_flow_token_signature, m)?)?;
    Ok(())
}
