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

use pyo3::prelude::*;

#[allow(unused_imports)]
pub(crate) use convert::{from_py, json_bytes, map_to_py, to_py};
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
    simulator::register(m)?;
    Ok(())
}

/// Accepts `bytes | bytearray | memoryview | str` and copies it into an owned buffer (so that
/// the GIL can be released while the core works on it).
pub(crate) fn bytes_like(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    use pyo3::types::{PyByteArray, PyBytes, PyString};
    if let Ok(b) = obj.downcast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(s.to_str()?.as_bytes().to_vec());
    }
    if let Ok(b) = obj.downcast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if obj.downcast::<pyo3::types::PyMemoryView>().is_ok() {
        let b = obj.call_method0("tobytes")?;
        return Ok(b.downcast::<PyBytes>()?.as_bytes().to_vec());
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "expected bytes, bytearray, memoryview or str, got {}",
        obj.get_type().name()?
    )))
}

/// As [`bytes_like`] for an optional argument: absent or `None` gives `None`.
pub(crate) fn opt_bytes_like(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<u8>>> {
    match obj {
        Some(o) if !o.is_none() => bytes_like(o).map(Some),
        _ => Ok(None),
    }
}
