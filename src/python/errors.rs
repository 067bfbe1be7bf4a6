//! The one mapping point from [`crate::Error`] to a Python exception. The exception classes are
//! defined in Python (`waflows/errors.py`, so they can inherit from both `WaflowsError` and
//! `ValueError`); Rust asks `waflows.errors._from_code` for the instance.
use pyo3::prelude::*;

use crate::{Error, ErrorCode};

/// Converts a core error into the matching `waflows.errors` exception.
pub(crate) fn to_py_err(e: Error) -> PyErr {
    Python::attach(|py| match make(py, &e) {
        Ok(err) => err,
        Err(import_failure) => import_failure,
    })
}

fn make(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let module = py.import("waflows.errors")?;
    let exc = module
        .getattr("_from_code")?
        .call1((e.code().as_str(), e.message()))?;
    Ok(PyErr::from_value(exc))
}

/// The exception for a bug in the Python layer itself (a core value that could not be
/// converted to Python): `waflows.InternalError`. Not an [`ErrorCode`]: no Rust call fails
/// this way; the exception's `code` is `"panic"`, the name C gives a caught bug.
pub(crate) fn internal_error(message: String) -> PyErr {
    Python::attach(|py| {
        let exc = py
            .import("waflows.errors")
            .and_then(|m| m.getattr("_from_code"))
            .and_then(|f| f.call1(("panic", message)));
        match exc {
            Ok(exc) => PyErr::from_value(exc),
            Err(import_failure) => import_failure,
        }
    })
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        to_py_err(e)
    }
}

impl From<crate::catalogue::UnknownName> for PyErr {
    fn from(e: crate::catalogue::UnknownName) -> PyErr {
        to_py_err(e.into())
    }
}

/// `error_codes() -> list[tuple[str, int, int | None, str]]`: the whole error catalogue
/// (name, number, HTTP status, description).
#[pyfunction]
fn error_codes() -> Vec<(&'static str, u32, Option<u16>, &'static str)> {
    ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str(), *c as u32, c.http_status(), c.description()))
        .collect()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    Ok(())
}
