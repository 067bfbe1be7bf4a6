//! Python surface of the offline preview (`waflows.preview`).
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use super::convert::{from_py_config, from_py_named, json_bytes_named};
use crate::Error;
use crate::preview::{Options, render};

/// `preview(flow_json, screen=None, data=None, storyboard=None) -> str` (storyboard: None = True): the offline preview
/// page (one self-contained HTML document). `flow_json` is JSON text (str/bytes) or a dict;
/// `screen` renders one screen; `data` is `{"SCREEN": {"field": value}}` replacing the
/// `__example__` values; `storyboard` draws the routing arrows. Raises `PreviewError`
/// (unknown screen, bad data, caps), `FlowJsonMalformed` / `FlowJsonTooLarge`,
/// `InvalidArgument` for arguments of the wrong type.
#[pyfunction]
#[pyo3(signature = (flow_json, screen=None, data=None, storyboard=None))]
fn preview(
    py: Python<'_>,
    flow_json: &Bound<'_, PyAny>,
    screen: Option<&Bound<'_, PyAny>>,
    data: Option<&Bound<'_, PyAny>>,
    storyboard: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let flow = json_bytes_named(flow_json, "flow_json")?;
    let storyboard = match storyboard.filter(|s| !s.is_none()) {
        None => true,
        Some(s) => match s.downcast::<PyBool>() {
            Ok(b) => b.is_true(),
            Err(_) => {
                return Err(Error::invalid_argument("preview: storyboard must be a bool").into());
            }
        },
    };
    let d = PyDict::new(py);
    if let Some(s) = screen.filter(|s| !s.is_none()) {
        if s.downcast::<PyString>().is_err() {
            return Err(Error::invalid_argument("preview: screen must be a str or None").into());
        }
        d.set_item("screen", s)?;
    }
    d.set_item("storyboard", storyboard)?;
    let mut opts: Options = from_py_config("preview", d.as_any())?;
    if let Some(data) = data.filter(|d| !d.is_none()) {
        match from_py_named(data, "data", None)? {
            serde_json::Value::Object(m) => opts.data = Some(m),
            _ => {
                return Err(Error::invalid_argument(
                    "preview: data must be a dict {screen id: {field: value}}",
                )
                .into());
            }
        }
    }
    Ok(py.detach(|| render(&flow, &opts))?)
}

/// `preview_trace(flow_json, trace) -> str`: a simulator trace (the dict `simulate` returned,
/// or its JSON text) as one offline HTML page: the screens the user saw, in order, with their
/// inputs, then the `complete` payload and CleverTap records. Raises `PreviewError` (a screen
/// the flow does not have, caps), `FlowJsonMalformed` / `FlowJsonTooLarge`, `InvalidArgument`
/// for a trace of the wrong shape.
#[pyfunction]
fn preview_trace(
    py: Python<'_>,
    flow_json: &Bound<'_, PyAny>,
    trace: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let flow = json_bytes_named(flow_json, "flow_json")?;
    let text = json_bytes_named(trace, "trace")?;
    let trace: crate::simulator::Trace = serde_json::from_slice(&text)
        .map_err(|e| Error::invalid_argument(format!("preview_trace: trace: {e}")))?;
    Ok(py.detach(|| crate::preview::render_trace(&flow, &trace))?)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(preview, m)?)?;
    m.add_function(wrap_pyfunction!(preview_trace, m)?)?;
    Ok(())
}
