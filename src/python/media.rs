//! Python surface of media decryption and the `flows` webhook (`waflows.media`,
//! `waflows.flows_events`). Conversions go through `pythonize` (the serde derives are the
//! contract); every failure is a `WaflowsError` subclass.
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::Value;

use crate::media::{self, EncryptionMetadata, MediaUpload as CoreUpload};
use crate::webhooks::{self, FlowsEvent as CoreEvent, FlowsNotification};
use crate::{Error, ErrorCode};

/// Python value (dict/list/str/bytes-like JSON text) → `serde_json::Value`; anything else is
/// a `WaflowsError` with `code`.
fn json_value(obj: &Bound<'_, PyAny>, code: ErrorCode, what: &str) -> PyResult<Value> {
    if obj.downcast::<PyDict>().is_ok() || obj.downcast::<PyList>().is_ok() {
        // The strict converter, not depythonize: inf, NaN, sets or integers outside JSON's
        // range are an InvalidArgument naming the path, never silently turned into null.
        return super::convert::from_py_named(obj, what, None);
    }
    let bytes = text_bytes(obj, code, what)?;
    Ok(serde_json::from_slice(&bytes)
        .map_err(|e| Error::new(code, format!("{what} is not JSON: {e}")))?)
}

/// `bytes | bytearray | memoryview | str` → bytes, or a `WaflowsError` with `code`.
fn text_bytes(obj: &Bound<'_, PyAny>, code: ErrorCode, what: &str) -> Result<Vec<u8>, Error> {
    if let Ok(s) = obj.downcast::<PyString>() {
        return s
            .to_str()
            .map(|s| s.as_bytes().to_vec())
            .map_err(|_| Error::new(code, format!("{what} is not valid UTF-8 text")));
    }
    super::bytes_like(obj).map_err(|_| {
        let ty = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        Error::new(
            code,
            format!("{what} must be a dict, str or bytes-like object, got {ty}"),
        )
    })
}

fn to_py<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v)
        .map_err(|e| super::errors::internal_error(format!("conversion: {e}")))
}

fn metadata_of(obj: &Bound<'_, PyAny>) -> PyResult<EncryptionMetadata> {
    let what = "encryption_metadata";
    let v = json_value(obj, ErrorCode::MediaMetadataInvalid, what)?;
    Ok(EncryptionMetadata::from_value(&v)?)
}

/// `decrypt_media(cdn_file, encryption_metadata) -> bytes`.
#[pyfunction]
fn decrypt_media<'py>(
    py: Python<'py>,
    cdn_file: &Bound<'py, PyAny>,
    encryption_metadata: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let meta = metadata_of(encryption_metadata)?;
    let file = super::bytes_like(cdn_file)
        .map_err(|_| Error::invalid_argument("cdn_file must be bytes, bytearray or memoryview"))?;
    let plain = py.detach(|| media::decrypt_media(&file, &meta))?;
    Ok(PyBytes::new(py, &plain))
}

/// One PhotoPicker/DocumentPicker file listed in a request or completion. Immutable.
#[pyclass(frozen, module = "waflows._waflows")]
struct MediaUpload {
    inner: CoreUpload,
}

#[pymethods]
impl MediaUpload {
    /// RFC 6901 pointer of the media object in the document (`"/data/photos/0"`).
    #[getter]
    fn pointer(&self) -> &str {
        &self.inner.pointer
    }
    /// Meta's media id.
    #[getter]
    fn media_id(&self) -> &str {
        &self.inner.media_id
    }
    /// The URL of the encrypted file.
    #[getter]
    fn cdn_url(&self) -> &str {
        &self.inner.cdn_url
    }
    /// The picked file's name (None when Meta did not send one).
    #[getter]
    fn file_name(&self) -> Option<&str> {
        self.inner.file_name.as_deref()
    }
    /// The five base64 fields, as a dict.
    #[getter]
    fn encryption_metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.encryption_metadata)
    }
    /// Decrypts the downloaded CDN file (see `decrypt_media`).
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        cdn_file: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let file = super::bytes_like(cdn_file).map_err(|_| {
            Error::invalid_argument("cdn_file must be bytes, bytearray or memoryview")
        })?;
        let plain = py.detach(|| self.inner.decrypt(&file))?;
        Ok(PyBytes::new(py, &plain))
    }
    /// The JSON form (the same object the C API returns).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "MediaUpload(pointer={:?}, media_id={:?}, file_name={:?})",
            self.inner.pointer, self.inner.media_id, self.inner.file_name
        )
    }
}

/// `media_uploads(doc) -> list[MediaUpload]`.
#[pyfunction]
fn media_uploads(doc: &Bound<'_, PyAny>) -> PyResult<Vec<MediaUpload>> {
    let v = json_value(doc, ErrorCode::InvalidPayload, "document")?;
    if !v.is_object() {
        return Err(Error::new(ErrorCode::InvalidPayload, "document must be a JSON object").into());
    }
    Ok(media::media_uploads(&v)?
        .into_iter()
        .map(|inner| MediaUpload { inner })
        .collect())
}

/// One `flows` webhook event. Immutable. Fields a kind does not have are None.
#[pyclass(frozen, module = "waflows._waflows")]
struct FlowsEvent {
    inner: FlowsNotification,
    flat: serde_json::Map<String, Value>,
}

impl FlowsEvent {
    fn new(inner: FlowsNotification) -> PyResult<Self> {
        let flat = match serde_json::to_value(&inner) {
            Ok(Value::Object(m)) => m,
            _ => {
                return Err(super::errors::internal_error(
                    "event did not serialise to an object".to_owned(),
                ));
            }
        };
        Ok(FlowsEvent { inner, flat })
    }
    fn field<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        match self.flat.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => to_py(py, v).map(Some),
        }
    }
    fn unknown(&self) -> Option<&webhooks::UnknownFlowsEvent> {
        match &self.inner.event {
            CoreEvent::Unknown(u) => Some(u),
            _ => None,
        }
    }
}

/// The `#[pymethods]` block of `FlowsEvent`: one getter per listed JSON field (None when the
/// kind does not have it), then the hand-written methods.
macro_rules! flows_event_methods {
    ([$($name:ident),+ $(,)?] $($rest:tt)*) => {
        #[pymethods]
        impl FlowsEvent {
            $(
                #[getter]
                fn $name<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
                    self.field(py, stringify!($name))
                }
            )+
            $($rest)*
        }
    };
}

flows_event_methods!(
    [
        message,
        old_status,
        new_status,
        lifecycle_action,
        alert_state,
        threshold,
        error_rate,
        errors,
        p50_latency,
        p90_latency,
        requests_count,
        availability,
        warning,
        raw,
        reason,
    ]
    /// The event name (`"ENDPOINT_LATENCY"`), or `"UNKNOWN"` for a change that could not be
    /// typed (then see `.raw`, `.reason`, `.error_code`).
    #[getter]
    fn event(&self) -> &'static str {
        self.inner.event.kind().map_or("UNKNOWN", |k| k.as_str())
    }
    /// `True` when the change could not be typed.
    #[getter]
    fn is_unknown(&self) -> bool {
        self.unknown().is_some()
    }
    /// For an unknown change: the error code strict parsing raises (`"flows_webhook_..."`).
    #[getter]
    fn error_code(&self) -> Option<&'static str> {
        self.unknown().map(|u| u.code.as_str())
    }
    /// The flow id (for an unknown change: `raw["flow_id"]` when it is a string).
    #[getter]
    fn flow_id(&self) -> Option<&str> {
        self.inner.event.flow_id()
    }
    /// `entry[].id`, the WhatsApp Business Account id.
    #[getter]
    fn waba_id(&self) -> Option<&str> {
        self.inner.waba_id.as_deref()
    }
    /// `entry[].time`, epoch seconds.
    #[getter]
    fn time(&self) -> Option<crate::UnixTime> {
        self.inner.time
    }
    /// RFC 6901 pointer of the change's value in the body.
    #[getter]
    fn pointer(&self) -> &str {
        &self.inner.pointer
    }
    /// The JSON form (the same object the C API returns).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.flat)
    }
    fn __repr__(&self) -> String {
        let mut s = format!("FlowsEvent(event={:?}", self.event());
        if let Some(f) = self.flow_id() {
            s.push_str(&format!(", flow_id={f:?}"));
        }
        for k in ["alert_state", "new_status", "lifecycle_action"] {
            if let Some(Value::String(v)) = self.flat.get(k) {
                s.push_str(&format!(", {k}={v:?}"));
            }
        }
        if let Some(code) = self.error_code() {
            s.push_str(&format!(", error_code={code:?}"));
        }
        s.push(')');
        s
    }
);

/// `flows_events(body, *, strict=False) -> list[FlowsEvent]`.
#[pyfunction]
#[pyo3(signature = (body, *, strict = None))]
fn flows_events(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    strict: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<FlowsEvent>> {
    let strict = match strict {
        None => false,
        Some(s) if s.is_none() => false,
        Some(s) => s
            .downcast::<pyo3::types::PyBool>()
            .map_err(|_| Error::invalid_argument("strict must be a bool"))?
            .is_true(),
    };
    let events = if body.downcast::<PyDict>().is_ok() {
        let v = json_value(body, ErrorCode::FlowsWebhookMalformed, "webhook body")?;
        webhooks::flows_events_from_value(&v, strict)?
    } else {
        let bytes = text_bytes(body, ErrorCode::FlowsWebhookMalformed, "webhook body")?;
        py.detach(|| {
            if strict {
                webhooks::flows_events_strict(&bytes)
            } else {
                webhooks::flows_events(&bytes)
            }
        })?
    };
    events
        .into_iter()
        .map(FlowsEvent::new)
        .collect::<PyResult<Vec<_>>>()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MediaUpload>()?;
    m.add_class::<FlowsEvent>()?;
    m.add_function(wrap_pyfunction!(decrypt_media, m)?)?;
    m.add_function(wrap_pyfunction!(media_uploads, m)?)?;
    m.add_function(wrap_pyfunction!(flows_events, m)?)?;
    m.add("MEDIA_MAX_CDN_FILE_BYTES", media::MAX_CDN_FILE_BYTES)?;
    m.add(
        "FLOWS_EVENT_KINDS",
        webhooks::FlowsEventKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}
