//! The Python extension module `waflows._waflows` (feature `python`). Thin: it converts types
//! and maps errors; every decision is made by the Rust core.
#![allow(unsafe_code)] // pyo3's macros expand to unsafe code.

mod codec;
mod convert;
mod errors;
mod flow_json;
mod ingest;
mod lifecycle;
mod messages;
mod relay;
mod simulator;
mod templates;
mod tokens;
// endpoint
mod endpoint;
// media and the flows webhook
mod media;

mod preview;

use pyo3::prelude::*;

#[allow(unused_imports)]
pub(crate) use convert::{from_py_config, from_py_named, json_bytes_named};
#[allow(unused_imports)]
pub(crate) use convert::{json_bytes, map_to_py, to_py};
#[allow(unused_imports)]
pub(crate) use errors::to_py_err;

/// The native module. The public API is the `waflows` package that re-exports it.
#[pymodule(gil_used = false)]
fn _waflows(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", crate::VERSION)?;
    errors::register(m)?;
    codec::register(m)?;
    flow_json::register(m)?;
    ingest::register(m)?;
    tokens::register(m)?;
    relay::register(m)?;
    lifecycle::register(m)?;
    templates::register(m)?;
    messages::register(m)?;
    endpoint::register(m)?;
    // shells-py: the keys each configuration type reads (parity tests).
    m.add_function(wrap_pyfunction!(_config_fields, m)?)?;
    // media and the flows webhook
    media::register(m)?;
    // preview
    preview::register(m)?;
    simulator::register(m)?;
    Ok(())
}

/// `_config_fields(name) -> list[str]`: the keys the core's configuration type `name`
/// (`"relay"`, `"extract"`, `"ingest_webhook"`, `"validate"`) reads, from its serde `Deserialize`, so a test
/// can check that every option reaches every surface.
#[pyfunction]
fn _config_fields(name: &str) -> PyResult<Vec<&'static str>> {
    use crate::config::field_names;
    Ok(match name {
        "relay" => field_names::<crate::relay::RelayConfig>(),
        "extract" => field_names::<crate::ingest::Options>(),
        "ingest_webhook" => field_names::<crate::ingest::WebhookOptions>(),
        // endpoint
        "endpoint" => field_names::<crate::endpoint::EndpointConfig>(),
        "validate" => field_names::<crate::flow_json::Options>(),
        _ => {
            return Err(crate::Error::invalid_argument(format!(
                "unknown configuration type {name:?}"
            ))
            .into());
        }
    }
    .to_vec())
}

/// Accepts `bytes | bytearray | memoryview | str` and copies it into an owned buffer (so that
/// the GIL can be released while the core works on it).
pub(crate) fn bytes_like(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    bytes_like_named(obj, "value")
}

/// [`bytes_like`], naming the argument in the `InvalidArgument` it raises.
pub(crate) fn bytes_like_named(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    use pyo3::types::{PyByteArray, PyBytes, PyString};
    if let Ok(b) = obj.downcast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(s
            .to_str()
            .map_err(|_| {
                crate::Error::invalid_argument(format!(
                    "{what}: str is not valid Unicode (lone surrogate)"
                ))
            })?
            .as_bytes()
            .to_vec());
    }
    if let Ok(b) = obj.downcast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if obj.downcast::<pyo3::types::PyMemoryView>().is_ok() {
        let b = obj.call_method0("tobytes")?;
        return Ok(b.downcast::<PyBytes>()?.as_bytes().to_vec());
    }
    let got = obj
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string());
    Err(crate::Error::invalid_argument(format!(
        "{what} must be bytes, bytearray, memoryview or str, not {got}"
    ))
    .into())
}

/// As [`bytes_like`] for an optional argument: absent or `None` gives `None`.
pub(crate) fn opt_bytes_like(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<u8>>> {
    match obj {
        Some(o) if !o.is_none() => bytes_like(o).map(Some),
        _ => Ok(None),
    }
}

/// A UNIX time argument (`now`, `expires_at`): an `int` or a finite `float` (as
/// `time.time()` returns; the fraction is dropped), at least 0. Anything else is
/// `InvalidArgument` naming the argument, never `OverflowError`/`TypeError`.
pub(crate) fn unix_time(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<crate::UnixTime> {
    use pyo3::types::{PyBool, PyFloat, PyInt};
    let bad = |detail: String| -> PyErr {
        crate::Error::invalid_argument(format!(
            "{what} must be UNIX seconds (int or float, >= 0), {detail}"
        ))
        .into()
    };
    if obj.downcast::<PyBool>().is_ok() {
        return Err(bad("not a bool".to_owned()));
    }
    if obj.downcast::<PyInt>().is_ok() {
        return obj
            .extract::<u64>()
            .map_err(|_| bad(format!("got {}", short_repr(obj))));
    }
    if let Ok(f) = obj.downcast::<PyFloat>() {
        let x = f.value();
        // u64::MAX as f64 rounds up to 2^64, so compare with `<`.
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        if x.is_finite() && x >= 0.0 && x < u64::MAX as f64 {
            return Ok(x as u64);
        }
        return Err(bad(format!("got {}", short_repr(obj))));
    }
    let got = obj
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string());
    Err(bad(format!("not {got}")))
}

/// An integer argument in `lo..=hi`; anything else is `InvalidArgument` naming it.
pub(crate) fn int_in(obj: &Bound<'_, PyAny>, what: &str, lo: i64, hi: i64) -> PyResult<i64> {
    use pyo3::types::{PyBool, PyInt};
    if obj.downcast::<PyInt>().is_ok() && obj.downcast::<PyBool>().is_err() {
        if let Ok(v) = obj.extract::<i64>() {
            if (lo..=hi).contains(&v) {
                return Ok(v);
            }
        }
    }
    Err(crate::Error::invalid_argument(format!(
        "{what} must be an int from {lo} to {hi}, got {}",
        short_repr(obj)
    ))
    .into())
}

/// `repr(obj)`, at most 40 characters (messages never carry a huge value).
pub(crate) fn short_repr(obj: &Bound<'_, PyAny>) -> String {
    let r = obj
        .repr()
        .map_or_else(|_| "<unprintable>".to_owned(), |r| r.to_string());
    if r.chars().count() > 40 {
        let mut s: String = r.chars().take(40).collect();
        s.push('…');
        s
    } else {
        r
    }
}

/// Python's `repr` of an optional str (`'A'` or `None`), for `__repr__`s.
pub(crate) fn py_repr_opt(s: Option<&str>) -> String {
    match s {
        None => "None".to_owned(),
        Some(s) => py_repr_str(s),
    }
}

/// Python's `repr` of a str (single quotes unless the text holds one), shortened to 60
/// characters.
pub(crate) fn py_repr_str(s: &str) -> String {
    let short: String = s.chars().take(60).collect();
    let dots = if short.len() < s.len() { "…" } else { "" };
    let q = if short.contains('\'') && !short.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(short.len() + 2);
    out.push(q);
    for c in short.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str(dots);
    out.push(q);
    out
}
