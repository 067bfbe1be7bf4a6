//! Python surface of the payload builders (`waflows.messages`).
use pyo3::prelude::*;
use serde_json::{Map, Value};

use crate::messages::{self, FlowMessage, TemplateSend};
use crate::templates::Template;
use crate::{Error, ErrorCode};

fn object(field: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Map<String, Value>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match super::from_py_named(o, field, None)? {
            Value::Object(m) => Ok(Some(m)),
            _ => Err(Error::new(
                ErrorCode::MessageInvalidField,
                format!("{field} must be a dict"),
            )
            .into()),
        },
    }
}

fn enum_value<T: serde::de::DeserializeOwned>(field: &str, s: &str) -> PyResult<T> {
    serde_json::from_value(Value::String(s.to_owned())).map_err(|_| {
        Error::new(
            ErrorCode::MessageInvalidField,
            format!("{field} {s:?} is not accepted"),
        )
        .into()
    })
}

/// `messages_template_creation_body(template) -> dict`: the body of `POST
/// /{WABA_ID}/message_templates`. Raises `TemplateError` / `MessageError`.
#[pyfunction]
fn messages_template_creation_body<'py>(
    py: Python<'py>,
    template: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let t = Template::from_json(&super::json_bytes(template)?)?;
    let c = messages::template_creation_body(&t)?;
    super::to_py(py, &c.body)
}

/// `messages_template_send_body(*, to, template_name, language, button_index=0,
/// flow_token=None, flow_action_data=None, body_parameters=None) -> dict`.
#[pyfunction]
#[pyo3(signature = (*, to, template_name, language, button_index=None, flow_token=None, flow_action_data=None, body_parameters=None))]
#[allow(clippy::too_many_arguments)] // one keyword argument per field of the core type (the Python keyword API)
fn messages_template_send_body<'py>(
    py: Python<'py>,
    to: String,
    template_name: String,
    language: String,
    button_index: Option<&Bound<'py, PyAny>>,
    flow_token: Option<String>,
    flow_action_data: Option<&Bound<'py, PyAny>>,
    body_parameters: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    let button_index = match button_index {
        Some(b) if !b.is_none() => {
            if b.downcast::<pyo3::types::PyInt>().is_err()
                || b.downcast::<pyo3::types::PyBool>().is_ok()
            {
                return Err(Error::invalid_argument(format!(
                    "button_index must be an int, got {}",
                    super::short_repr(b)
                ))
                .into());
            }
            b.extract::<u8>().map_err(|_| {
                Error::new(
                    ErrorCode::MessageLimitExceeded,
                    format!(
                        "button_index {} is out of range (0-9)",
                        super::short_repr(b)
                    ),
                )
            })?
        }
        _ => 0,
    };
    let send = TemplateSend {
        to,
        template_name,
        language,
        button_index,
        flow_token,
        flow_action_data: object("flow_action_data", flow_action_data)?,
        body_parameters: body_parameters.unwrap_or_default(),
    };
    super::to_py(py, &messages::template_send_body(&send)?)
}

/// `messages_flow_message(*, to, body, flow_cta, flow_id=None, flow_name=None, header=None,
/// footer=None, flow_token=None, mode="published", flow_action="navigate", screen=None,
/// data=None, data_encoding="object") -> dict`.
#[pyfunction]
#[pyo3(signature = (*, to, body, flow_cta, flow_id=None, flow_name=None, header=None, footer=None, flow_token=None, mode="published", flow_action="navigate", screen=None, data=None, data_encoding="object"))]
#[allow(clippy::too_many_arguments)] // one keyword argument per field of the core type (the Python keyword API)
fn messages_flow_message<'py>(
    py: Python<'py>,
    to: String,
    body: String,
    flow_cta: String,
    flow_id: Option<String>,
    flow_name: Option<String>,
    header: Option<String>,
    footer: Option<String>,
    flow_token: Option<String>,
    mode: &str,
    flow_action: &str,
    screen: Option<String>,
    data: Option<&Bound<'py, PyAny>>,
    data_encoding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let m = FlowMessage {
        to,
        header,
        body,
        footer,
        flow_id,
        flow_name,
        flow_cta,
        flow_token,
        mode: enum_value("mode", mode)?,
        flow_action: enum_value("flow_action", flow_action)?,
        screen,
        data: object("data", data)?,
        data_encoding: enum_value("data_encoding", data_encoding)?,
    };
    super::to_py(py, &messages::flow_message(&m)?)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(messages_template_creation_body, m)?)?;
    m.add_function(wrap_pyfunction!(messages_template_send_body, m)?)?;
    m.add_function(wrap_pyfunction!(messages_flow_message, m)?)?;
    Ok(())
}
