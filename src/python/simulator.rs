//! Python surface of the flow simulator: `simulate(flow_json, script, answers=None,
//! relay_setup=None) -> dict`.
use std::cell::RefCell;

use pyo3::prelude::*;
use serde_json::Value;

use crate::relay::Setup;
use crate::simulator::{Endpoint, RelayEndpoint, Script, simulate as core_simulate};
use crate::{Error, ErrorCode};

fn script_err(e: impl std::fmt::Display) -> PyErr {
    Error::new(
        ErrorCode::SimulatorScriptInvalid,
        format!("the script is not valid: {e}"),
    )
    .into()
}

fn answer_err(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::SimulatorAnswerInvalid, e.to_string())
}

/// Text or bytes as bytes, or a dict/list as its JSON text (the strict converter: sets, NaN,
/// non-str keys are `InvalidArgument` with their path).
fn json_input(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    super::convert::json_bytes_named(obj, what)
}

/// A Python value as JSON through the strict converter.
fn strict(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    super::convert::from_py_named(obj, what, None)
}

/// `simulate(flow_json, script, answers=None, relay_setup=None) -> dict`
///
/// Runs a flow from a script. `answers`: `None`, a list of answers, a callable
/// `(request: dict) -> dict`, or `{"relay": {"setup": …, "customer": [...]}}`. With
/// `relay_setup` (`"platform"` / `"platform+customer"`) and a list or callable, requests go
/// through this library's relay in-process and `answers` plays the customer endpoint.
#[pyfunction]
#[pyo3(signature = (flow_json, script, answers=None, relay_setup=None))]
fn simulate<'py>(
    py: Python<'py>,
    flow_json: &Bound<'py, PyAny>,
    script: &Bound<'py, PyAny>,
    answers: Option<&Bound<'py, PyAny>>,
    relay_setup: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let relay_setup: Option<String> = match relay_setup.filter(|r| !r.is_none()) {
        None => None,
        Some(r) => Some(r.extract::<String>().map_err(|_| {
            PyErr::from(Error::invalid_argument(
                "relay_setup must be \"platform\", \"platform+customer\" or None",
            ))
        })?),
    };
    let flow = json_input(flow_json, "flow_json")?;
    let script: Script = if let Ok(text) = super::bytes_like(script) {
        serde_json::from_slice(&text).map_err(script_err)?
    } else {
        serde_json::from_value(strict(script, "script")?).map_err(script_err)?
    };
    let raised: RefCell<Option<PyErr>> = RefCell::new(None);
    let inner = match answers {
        None => Endpoint::None,
        Some(a) if a.is_none() => Endpoint::None,
        Some(a) if a.is_callable() => {
            let raised = &raised;
            let cb = a.clone();
            Endpoint::Callback(Box::new(move |req: &Value| {
                let arg = pythonize::pythonize(py, req).map_err(answer_err)?;
                match cb.call1((arg,)) {
                    Ok(ret) => strict(&ret, "answer").map_err(|e| {
                        answer_err(format!(
                            "the answer callback returned something else than JSON: {e}"
                        ))
                    }),
                    Err(e) => {
                        let msg = format!("the answer callback raised {e}");
                        *raised.borrow_mut() = Some(e);
                        Err(answer_err(msg))
                    }
                }
            }))
        }
        Some(a) => {
            let v: Value = strict(a, "answers")?;
            if relay_setup.is_some() && !v.is_array() {
                return Err(
                    answer_err("with relay_setup, answers must be a list or a callable").into(),
                );
            }
            Endpoint::from_json(&flow, v)?
        }
    };
    let endpoint = match relay_setup.as_deref() {
        None => inner,
        Some(s) => Endpoint::Relay(Box::new(RelayEndpoint::generated(
            &flow,
            s.parse::<Setup>().map_err(crate::Error::from)?,
            inner,
        )?)),
    };
    let result = core_simulate(&flow, &script, endpoint);
    if let Some(e) = raised.into_inner() {
        return Err(e);
    }
    let trace = result?;
    pythonize::pythonize(py, &trace)
        .map_err(|e| Error::new(ErrorCode::SimulatorLimitExceeded, e.to_string()).into())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    Ok(())
}
